"""Evidence on a case: who may add and read it, and its files checked and kept on disk."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from core import notifications
from core.auth import Principal
from core.config import get_settings
from core.db import UnitOfWork
from disputes import evidence_files as evidence_store
from disputes import repository as repo
from disputes.cases import (
    _EVIDENCE_READERS,
    _EVIDENCE_WRITERS,
    _evidence_out,
    _visible_row,
    parties_of,
    reference,
)
from disputes.exceptions import CaseOver, EvidenceRejected, NotAllowed, NotFound
from disputes.rows import DisputeRow
from disputes.rules import DisputeStatus
from disputes.schemas import EvidenceOut
from disputes.steps import _record_step


async def _evidence_writer(uow: UnitOfWork, dispute_id: int, actor: Principal, *,
                           for_update: bool = False) -> DisputeRow:
    row, _ = await _visible_row(uow, dispute_id, actor, for_update=for_update)
    if not parties_of(actor, row) & _EVIDENCE_WRITERS:
        raise NotAllowed("evidence.not_yours_to_add")
    if row["status"] in (DisputeStatus.CLOSED, DisputeStatus.WITHDRAWN):
        raise CaseOver(status=row["status"], what="evidence")
    return row


async def check_evidence_writer(uow: UnitOfWork, *, dispute_id: int, actor: Principal
                                ) -> None:
    """Refuse, before any file is read, an actor who may not add evidence to the case, or a
    case that takes no more (add_evidence checks again, under the case's lock)."""
    await _evidence_writer(uow, dispute_id, actor)


async def add_evidence(uow: UnitOfWork, *, dispute_id: int,
                       uploads: Sequence[evidence_store.Upload], actor: Principal
                       ) -> list[EvidenceOut]:
    """Attach evidence files: PDF, JPEG or PNG by content, within the size and count
    limits, each stored with its SHA-256."""
    row = await _evidence_writer(uow, dispute_id, actor, for_update=True)
    if not uploads:
        raise EvidenceRejected("files", "evidence.none")
    settings = get_settings()
    existing = len(await repo.list_evidence(uow.conn, dispute_id))
    if existing + len(uploads) > settings.evidence_max_files:
        raise EvidenceRejected("files", "evidence.too_many", max=settings.evidence_max_files,
                               count=existing)
    # Every file is checked before any is kept, so a bad one leaves nothing behind.
    checked = [evidence_store.check(u, field=f"files[{i}]",
                                    max_bytes=settings.evidence_max_bytes,
                                    accepted=settings.evidence_types)
               for i, u in enumerate(uploads)]
    folder = settings.resolved_evidence_dir()
    rows = []
    for item in checked:
        await asyncio.to_thread(evidence_store.store, folder, item)
        rows.append(await repo.insert_evidence(
            uow.conn, dispute_id=dispute_id, filename=item.filename,
            content_type=item.content_type, size_bytes=item.size_bytes, sha256=item.sha256,
            uploaded_by_user_id=actor.user_id, uploaded_by_role=actor.role,
        ))
    await _record_step(uow, row, action="add_evidence", actor=actor,
                       from_status=row["status"], to_status=row["status"], data={
                           "files": [{"id": r["id"], "sha256": r["sha256"],
                                      "size_bytes": r["size_bytes"],
                                      "content_type": r["content_type"]} for r in rows]})
    attache_id = row["assigned_attache_id"]
    if attache_id is not None and attache_id != actor.user_id:
        await notifications.notify(
            uow.conn, audience="user", user_id=attache_id, kind="dispute.evidence",
            subject=f"Dispute {reference(row)}: new evidence",
            body=f"{len(rows)} file(s) were added to the case.",
            params={"case": reference(row), "files": len(rows)},
        )
    return [_evidence_out(r) for r in rows]


async def _evidence_reader(uow: UnitOfWork, dispute_id: int, actor: Principal
                           ) -> DisputeRow:
    row, _ = await _visible_row(uow, dispute_id, actor)
    if not parties_of(actor, row) & _EVIDENCE_READERS:
        raise NotAllowed("evidence.hidden_from_agency")
    return row


async def list_evidence(uow: UnitOfWork, *, dispute_id: int, actor: Principal
                        ) -> list[EvidenceOut]:
    """A case's evidence files (never for the agency concerned)."""
    await _evidence_reader(uow, dispute_id, actor)
    return [_evidence_out(r) for r in await repo.list_evidence(uow.conn, dispute_id)]


async def read_evidence(uow: UnitOfWork, *, dispute_id: int, evidence_id: int,
                        actor: Principal) -> tuple[EvidenceOut, bytes]:
    """One evidence file's bytes, served only if they still match their checksum."""
    await _evidence_reader(uow, dispute_id, actor)
    row = await repo.get_evidence(uow.conn, dispute_id, evidence_id)
    if row is None:
        raise NotFound("evidence file", evidence_id)
    content = await asyncio.to_thread(evidence_store.read_verified,
                                      get_settings().resolved_evidence_dir(), row["sha256"])
    return _evidence_out(row), content
