"""Notices and their delivery outside the app, for regulators and administrators: which
reached whom, and which failed and why."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import Uow
from api.web.common import render, request_language
from api.web.ministry_common import User
from api.web.notice_texts import listed
from core import notice_delivery
from core.auth import Role

router = APIRouter()
STATES = ("failed", "pending", "delivered", "skipped")


@router.get("/notices", response_class=HTMLResponse)
async def notices(request: Request, uow: Uow, _user: User, state: str = "") -> Response:
    chosen = state if state in STATES else None
    rows = await notice_delivery.notices_with_deliveries(uow.conn, state=chosen, limit=200)
    return render(request, "ministry/notices.html", {
        "notices": listed(rows, role=Role.REGULATOR, language=request_language(request)),
        "state": chosen, "states": STATES})
