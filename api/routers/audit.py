"""The audit log: verifying its chain."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from api.deps import RegulatorOrAdmin, Uow
from core import audit

router = APIRouter(prefix="/audit", tags=["audit"])


class ChainCheckOut(BaseModel):
    ok: bool
    entries_checked: int
    first_broken_id: int | None
    problem: str | None


@router.get("/verify", response_model=ChainCheckOut)
async def verify(uow: Uow, _: RegulatorOrAdmin) -> ChainCheckOut:
    """Recompute the hash chain; names the first entry that was changed or removed."""
    check = await audit.verify_chain(uow.conn)
    return ChainCheckOut(ok=check.ok, entries_checked=check.entries_checked,
                         first_broken_id=check.first_broken_id, problem=check.problem)
