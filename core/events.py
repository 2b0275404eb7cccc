"""Events one domain publishes for others to act on, through the transactional outbox.

The publisher names the event; the process's wiring (api.worker) names who handles it.
Each subscriber gets a row of its own under its own topic, claimed by its own relay task,
so one subscriber's failure neither holds up nor repeats another's work. Handlers are
given the entity's id and re-read the state they act on, so a row handled twice, or late,
changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from core import outbox
from core.db import UnitOfWork

# Who hears each event: the outbox topics of its subscribers. The publisher is below its
# subscribers, so neither it nor core names them; the process's wiring (api.worker) does.
_subscribers: dict[str, tuple[str, ...]] = {}


def subscribe(event: str, topics: Iterable[str]) -> None:
    """Deliver `event` to each of `topics` (each claimed by its subscriber's relay)."""
    _subscribers[event] = tuple(dict.fromkeys((*_subscribers.get(event, ()), *topics)))


async def publish(uow: UnitOfWork, *, event: str, entity_id: int,
                  payload: dict[str, Any] | None = None) -> list[int]:
    """Record `event` for each of its subscribers in the caller's transaction; each relay
    is signalled once this commits. Returns the outbox rows written."""
    topics = _subscribers.get(event)
    if not topics:
        raise LookupError(f"nobody subscribes to the event {event!r}: the process must wire "
                          "its tasks first (api.worker.wire)")
    return [
        await outbox.enqueue(uow, topic=topic, entity_id=entity_id,
                             payload={"event": event, **(payload or {})})
        for topic in topics
    ]
