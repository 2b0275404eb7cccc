"""Notices to the centre's migrants that did not reach them outside the app, so staff can
tell them in person."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import Uow
from api.web.centre_common import User
from api.web.common import render, request_language
from api.web.notice_texts import listed
from core.auth import Role
from matching import notices as matching_notices

router = APIRouter()


@router.get("/notices", response_class=HTMLResponse)
async def undelivered(request: Request, uow: Uow, user: User) -> Response:
    assert user.centre_id is not None
    rows = await matching_notices.undelivered_notices(uow, centre_id=user.centre_id)
    # Each notice reads as its migrant was to read it, in the staff's language.
    return render(request, "centre/notices.html", {
        "rows": listed(rows, role=Role.MIGRANT, language=request_language(request))})
