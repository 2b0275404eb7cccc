"""The audit log: verifying its chain, and the chain against its checkpoints."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from api.deps import RegulatorOrAdmin, Uow
from core import audit_checkpoints

router = APIRouter(prefix="/audit", tags=["audit"])


class ChainCheckOut(BaseModel):
    ok: bool
    entries_checked: int
    first_broken_id: int | None = Field(
        description="the first entry that does not hold; null when the log holds, or when "
        "entries were cut from its end (see problem)")
    problem: str | None
    checkpoints_checked: int = Field(
        description="checkpoints (kept out of the database) the chain was compared with")
    last_checkpoint_at: datetime | None
    last_checkpoint_entries: int | None
    findings: list[str] = Field(
        description="every problem found: the chain's, and against the checkpoints and "
        "their file; `problem` is the first")


@router.get("/verify", response_model=ChainCheckOut)
async def verify(request: Request, uow: Uow, _: RegulatorOrAdmin) -> ChainCheckOut:
    """Recompute the hash chain and compare it with the signed checkpoints kept out of the
    database; names the first entry that was changed or removed, entries cut from the end,
    and checkpoints that were forged."""
    settings = request.app.state.settings
    check = await audit_checkpoints.verify(
        uow.conn, path=settings.resolved_audit_checkpoint_file(),
        key=settings.resolved_audit_checkpoint_key())
    last = check.last_checkpoint
    return ChainCheckOut(ok=check.ok, entries_checked=check.entries_checked,
                         first_broken_id=check.first_broken_id, problem=check.problem,
                         checkpoints_checked=check.checkpoints_checked,
                         last_checkpoint_at=last.at if last else None,
                         last_checkpoint_entries=last.entries if last else None,
                         findings=list(check.findings))
