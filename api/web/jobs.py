"""Public pages: search verified jobs, check an agency's licence and rating, check a job
offer's verification code."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import Uow, rate_limited
from api.web.common import MaybeSignedIn, mark_page, render, request_language
from api.web.finding import options, run_search, search_values

router = APIRouter(dependencies=[Depends(mark_page)], include_in_schema=False)


@router.get("/jobs", response_class=HTMLResponse,
            dependencies=[Depends(rate_limited("search", "search_rate_limit"))])
async def jobs(request: Request, uow: Uow, principal: MaybeSignedIn) -> Response:
    """Verified, open jobs of licensed agencies, each with why it was found."""
    form, results = await run_search(request, uow, search_values(request))
    return render(request, "public/jobs.html", {
        "form": form, "results": results, "opts": options(request_language(request)),
    }, status_code=422 if form.errors else 200)


@router.get("/check", response_class=HTMLResponse)
async def check(request: Request, principal: MaybeSignedIn) -> Response:
    return render(request, "public/check.html")
