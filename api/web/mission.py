"""Pages for: Labour attaché."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from api.web.common import mark_page, render, signed_in
from core.auth import Principal

router = APIRouter(prefix="/mission", dependencies=[Depends(mark_page)],
                   include_in_schema=False)
User = Annotated[Principal, Depends(signed_in("attache", "settlement_body"))]


@router.get("", response_class=HTMLResponse)
async def home(request: Request, user: User) -> Response:
    return render(request, "mission/home.html")
