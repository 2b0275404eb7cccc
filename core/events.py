"""Events one domain publishes for others to act on, through the transactional outbox.

The publisher names the event; this table names who handles it. Each subscriber gets a
row of its own under its own topic, claimed by its own relay task, so one subscriber's
failure neither holds up nor repeats another's work. Handlers are given the entity's id
and re-read the state they act on, so a row handled twice, or late, changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core import outbox
from core.db import UnitOfWork


@dataclass(frozen=True)
class Subscriber:
    topic: str  # the outbox rows this subscriber's relay claims
    relay_task: str  # the Celery task that relays them


# An agency's licence came into force or went out of it (granted, suspended, reinstated,
# revoked, expired); the entity is the agency.
LICENCE_STANDING = "licence.standing"
LICENCE_STANDING_REFERRALS = Subscriber("licence.standing>referrals",
                                        "matching.relay_licence_standing")
LICENCE_STANDING_DISPUTES = Subscriber("licence.standing>disputes",
                                       "disputes.relay_licence_standing")

SUBSCRIBERS: dict[str, tuple[Subscriber, ...]] = {
    LICENCE_STANDING: (LICENCE_STANDING_REFERRALS, LICENCE_STANDING_DISPUTES),
}


async def publish(uow: UnitOfWork, *, event: str, entity_id: int,
                  payload: dict[str, Any] | None = None) -> list[int]:
    """Record `event` for each of its subscribers in the caller's transaction; each relay
    is signalled once this commits. Returns the outbox rows written."""
    return [
        await outbox.enqueue(uow, topic=s.topic, entity_id=entity_id,
                             payload={"event": event, **(payload or {})},
                             relay_task=s.relay_task)
        for s in SUBSCRIBERS[event]
    ]
