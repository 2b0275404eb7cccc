"""Messages between the parties to a case."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core import notifications
from core.auth import Principal
from core.db import UnitOfWork
from disputes import repository as repo
from disputes.cases import _EVIDENCE_WRITERS, _FULL_VIEW, _visible_row, parties_of, reference
from disputes.exceptions import CaseOver, InvalidInput, NotAllowed
from disputes.rows import MessageAuthorRow
from disputes.rules import DisputeStatus
from disputes.schemas import MessageOut
from disputes.steps import _record_step


async def add_message(uow: UnitOfWork, *, dispute_id: int, body: str, actor: Principal
                      ) -> MessageOut:
    """Write on the case to those who handle it (the migrant, the centre that filed, the
    assigned attaché or an official); the text stays on the case, out of the audit log."""
    row, _ = await _visible_row(uow, dispute_id, actor, for_update=True)
    if not parties_of(actor, row) & _EVIDENCE_WRITERS:
        raise NotAllowed("message.not_yours_to_write")
    if row["status"] in (DisputeStatus.CLOSED, DisputeStatus.WITHDRAWN):
        raise CaseOver(status=row["status"], what="messages")
    text = body.strip()
    if not text:
        raise InvalidInput("body", "message.empty")
    message = await repo.insert_message(uow.conn, dispute_id=dispute_id, body=text,
                                        author_user_id=actor.user_id,
                                        author_role=actor.role)
    await _record_step(uow, row, action="add_message", actor=actor,
                       from_status=row["status"], to_status=row["status"],
                       data={"message_id": message["id"]})
    for user_id in {row["assigned_attache_id"], row["migrant_user_id"]} - {None, actor.user_id}:
        await notifications.notify(
            uow.conn, audience="user", user_id=user_id, kind="dispute.message",
            params={"case": reference(row)},
            subject=f"Dispute {reference(row)}: a new message",
            body="A new message was written on the case; open the case to read it.")
    found = next(m for m in await repo.list_messages(uow.conn, dispute_id)
                 if m["id"] == message["id"])
    return _message_out(found)


def _message_out(row: MessageAuthorRow) -> MessageOut:
    found: Mapping[str, Any] = row
    return MessageOut(**{k: found[k] for k in MessageOut.model_fields})


async def list_messages(uow: UnitOfWork, *, dispute_id: int, actor: Principal
                        ) -> list[MessageOut]:
    """A case's messages, oldest first (never for the agency concerned or the body)."""
    row, _ = await _visible_row(uow, dispute_id, actor)
    if not parties_of(actor, row) & _FULL_VIEW:
        raise NotAllowed("message.not_yours_to_read")
    return [_message_out(m) for m in await repo.list_messages(uow.conn, dispute_id)]
