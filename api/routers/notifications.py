"""The in-app inbox."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.deps import CurrentPrincipal, Uow
from core import notifications

router = APIRouter(prefix="/notifications", tags=["notifications"])


@router.get("")
async def inbox(uow: Uow, principal: CurrentPrincipal) -> list[dict[str, Any]]:
    """Notices for the signed-in user, its agency, or the regulator, newest first."""
    return await notifications.inbox(uow.conn, principal)
