"""The papers people carry, each as a printable page and a PDF: a verified job's card (public),
the migrant's referral slip and the receipt of a dispute (for the migrant and for the centre
that referred or filed, in the language the migrant reads: `?lang=`)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import Uow, rate_limited
from api.web.common import (
    PUBLIC_LANGUAGES,
    error_page,
    gettext_for,
    mark_page,
    render,
    request_language,
    signed_in,
)
from api.web.paper_cases import (
    dispute_handlers,
    dispute_receipt,
    referral_facts,
    referral_slip,
)
from api.web.paper_facts import job_card, job_facts
from api.web.paper_pdf import FontMissing, Paper, render_pdf
from core.auth import Principal, Role
from core.clock import utc_today
from core.errors import NotFound
from disputes import service as dispute_service
from matching import referrals, vacancies

router = APIRouter(dependencies=[Depends(mark_page)], include_in_schema=False)
# The migrant's own papers, and those the centre prints for its migrants; anyone else's
# referral or case reads as absent (404), as it does everywhere.
Reader = Annotated[Principal, Depends(signed_in(Role.MIGRANT, Role.CENTRE_STAFF))]

MAX_ID = 2**63 - 1


def _id(text: str, what: str) -> int:
    if text.isascii() and text.isdigit() and len(text) <= 19 and 1 <= int(text) <= MAX_ID:
        return int(text)
    raise NotFound(what, text)


def _language(request: Request, lang: str | None) -> str:
    """The language asked for (the centre prints in the migrant's), else the reader's."""
    return lang if lang in PUBLIC_LANGUAGES else request_language(request)


def _base_url(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def _pdf(request: Request, paper: Paper, *, public: bool) -> Response:
    try:
        content = render_pdf(paper)
    except FontMissing:
        _ = gettext_for(request)
        return error_page(request, 503, _("Service unavailable"), _(
            "The PDF cannot be made on this server for now; print the page instead."))
    return Response(content, media_type="application/pdf", headers={
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(paper.filename)}",
        "Cache-Control": "public, max-age=300" if public else "private, no-store",
        "X-Content-Type-Options": "nosniff",
    })


def _page(request: Request, paper: Paper, pdf_url: str, back: str) -> Response:
    # The paper is worded in the language it is printed in (a centre prints in the
    # migrant's); the page around it, header and buttons, stays in its reader's.
    return render(request, "papers/paper.html", {"paper": paper, "pdf_url": pdf_url,
                                                 "back": back})


# --- a job's card --------------------------------------------------------------------------


@router.get("/jobs/{vacancy_id}/card.pdf",
            dependencies=[Depends(rate_limited("paper", "search_rate_limit"))])
async def job_card_pdf(request: Request, uow: Uow, vacancy_id: str,
                       lang: str | None = None) -> Response:
    """A verified, open job's card as a PDF: the terms, the code and its QR, the agency's
    licence and the mission's hotline."""
    today = utc_today()
    number = _id(vacancy_id, "vacancy")
    vacancy = await vacancies.get_vacancy(uow, vacancy_id=number, actor=None, today=today)
    checks = await vacancies.public_checks(uow, vacancy_id=number, today=today)
    if checks.verdict != "verified":
        # The page says why in words; a card would be carried as if the job were safe.
        _ = gettext_for(request)
        return error_page(request, 409, _("Conflict"), _(
            "This job breaks a rule that protects workers today, so no job card is made for "
            "it. Ask a migrant resource centre before you go any further."))
    facts = await job_facts(uow, vacancy, None, today, verified_by=checks.verified_by.mission_id
                            if checks.verified_by else None)
    paper = job_card(_language(request, lang), vacancy, facts, _base_url(request), today,
                     checks)
    return _pdf(request, paper, public=True)


# --- the referral slip ---------------------------------------------------------------------


async def _slip(request: Request, uow: Uow, user: Principal, referral_id: str,
                lang: str | None) -> Paper:
    today = utc_today()
    referral = await referrals.get_referral(uow, referral_id=_id(referral_id, "referral"),
                                            actor=user, today=today)
    facts, centre, job = await referral_facts(uow, referral, today)
    return referral_slip(_language(request, lang), referral, facts, centre, job,
                         _base_url(request), today)


def _back(user: Principal, mine: str, centre: str) -> str:
    return centre if user.role == Role.CENTRE_STAFF else mine


@router.get("/papers/referrals/{referral_id}", response_class=HTMLResponse)
async def slip_page(request: Request, uow: Uow, user: Reader, referral_id: str,
                    lang: str | None = None) -> Response:
    """The referral slip to print: migrant, job, agency and licence, centre, date,
    reference, and what a migrant must never pay."""
    paper = await _slip(request, uow, user, referral_id, lang)
    query = f"?lang={paper.language}"
    return _page(request, paper, f"/papers/referrals/{referral_id}/pdf{query}",
                 _back(user, "/me/referrals", f"/centre/referrals/{referral_id}"))


@router.get("/papers/referrals/{referral_id}/pdf")
async def slip_pdf(request: Request, uow: Uow, user: Reader, referral_id: str,
                   lang: str | None = None) -> Response:
    """The referral slip as a PDF."""
    return _pdf(request, await _slip(request, uow, user, referral_id, lang), public=False)


# --- the dispute receipt -------------------------------------------------------------------


async def _receipt(request: Request, uow: Uow, user: Principal, dispute_id: str,
                   lang: str | None) -> Paper:
    today = utc_today()
    case = await dispute_service.get_dispute(uow, dispute_id=_id(dispute_id, "dispute"),
                                             actor=user, now=datetime.now(UTC), today=today)
    mission, body = await dispute_handlers(uow, case)
    return dispute_receipt(_language(request, lang), case, mission, body, today)


@router.get("/papers/disputes/{dispute_id}", response_class=HTMLResponse)
async def receipt_page(request: Request, uow: Uow, user: Reader, dispute_id: str,
                       lang: str | None = None) -> Response:
    """The dispute receipt to print: case number, stage, deadlines and who handles it."""
    paper = await _receipt(request, uow, user, dispute_id, lang)
    return _page(request, paper, f"/papers/disputes/{dispute_id}/pdf?lang={paper.language}",
                 _back(user, "/me/disputes", f"/centre/disputes/{dispute_id}"))


@router.get("/papers/disputes/{dispute_id}/pdf")
async def receipt_pdf(request: Request, uow: Uow, user: Reader, dispute_id: str,
                      lang: str | None = None) -> Response:
    """The dispute receipt as a PDF."""
    return _pdf(request, await _receipt(request, uow, user, dispute_id, lang), public=False)
