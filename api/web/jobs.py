"""Public pages: search verified jobs, check an agency's licence and rating, check a job
offer's verification code."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from api.web.common import MaybeSignedIn, mark_page, render

router = APIRouter(dependencies=[Depends(mark_page)], include_in_schema=False)


@router.get("/jobs", response_class=HTMLResponse)
async def jobs(request: Request, principal: MaybeSignedIn) -> Response:
    return render(request, "public/jobs.html")


@router.get("/check", response_class=HTMLResponse)
async def check(request: Request, principal: MaybeSignedIn) -> Response:
    return render(request, "public/check.html")
