"""The migrant's own disputes: each case with its stage, deadline and who handles it; one
case's page, where the migrant adds evidence files and writes to the attaché; and filing a
new dispute themself (against an agency in the register, whatever its licence status, or a
recruiter who is not in it), under the same rules and limits as a centre's filing."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError

from api.deps import TooManyFilings, Uow, filing_limit
from api.web.centre_common import existing_id, record_id
from api.web.centre_forms import work_countries
from api.web.common import (
    FormState,
    format_wait,
    gettext_for,
    mark_page,
    render,
    request_language,
    signed_in,
)
from api.web.dispute_common import (
    CLAIM_CURRENCIES,
    COMPLAINT_ERROR_WORDS,
    DISPUTE_FIELDS,
    EVIDENCE_FIELDS,
    MESSAGE_FIELDS,
    agencies_found,
    agencies_named,
    agency_options,
    dispute_data,
    file_size,
    handlers,
    limits,
    referral_mismatches,
    searched_form,
    searched_name,
    term_words,
    uploads,
)
from api.web.forms import Done, Refusal, refused_together, submit
from api.web.jobs import case_hold
from api.web.labels import (
    AGENCY_STANDING,
    CONTRACT_TERM,
    DISPUTE_HISTORY_MIGRANT,
    DISPUTE_KIND_MIGRANT,
    DISPUTE_STAGE_MIGRANT,
    DISPUTE_STATUS_MIGRANT,
    FOUND_VIA,
    LICENCE_HOLD,
    PROVISION,
    REFERRAL_STATUS_MIGRANT,
    ROLE_MIGRANT,
    WAGE_PERIOD,
    labels,
)
from core.auth import Principal, Role
from core.clock import utc_today
from core.db import UnitOfWork
from core.errors import NotFound
from disputes import service as disputes
from disputes.exceptions import InvalidInput
from disputes.rules import OPEN_STATES, DisputeStatus
from disputes.schemas import DisputeIn, MessageIn, MessageOut
from matching import migrants, referrals
from matching.schemas import MigrantOut

router = APIRouter(prefix="/me", dependencies=[Depends(mark_page)],
                   include_in_schema=False)
User = Annotated[Principal, Depends(signed_in(Role.MIGRANT))]


def _now() -> datetime:
    return datetime.now(UTC)


async def own_record(uow: UnitOfWork, user: Principal) -> MigrantOut | None:
    """The signed-in migrant's record; None while the sign-in is linked to none."""
    try:
        return await migrants.get_own_migrant(uow, actor=user)
    except NotFound:
        return None


def _names(request: Request) -> dict[str, dict[str, str]]:
    _ = gettext_for(request)
    return {"states": labels(_, DISPUTE_STATUS_MIGRANT),
            "kinds": labels(_, DISPUTE_KIND_MIGRANT),
            "stages": labels(_, DISPUTE_STAGE_MIGRANT),
            "events": labels(_, DISPUTE_HISTORY_MIGRANT), "hold_words": labels(_, LICENCE_HOLD),
            "roles": labels(_, ROLE_MIGRANT), "found_via": labels(_, FOUND_VIA),
            "term_names": labels(_, CONTRACT_TERM)}


# --- the migrant's cases ----------------------------------------------------------------


@router.get("/disputes", response_class=HTMLResponse)
async def my_disputes(request: Request, uow: Uow, user: User) -> Response:
    """The migrant's disputes: their stage, the next deadline, who handles each, and any
    outcome."""
    now, today = _now(), utc_today()
    migrant = await own_record(uow, user)
    summaries = await disputes.list_disputes(uow, actor=user, limit=100, offset=0, now=now)
    # The whole case adds what a list leaves out: the agency's name and the outcome.
    cases = [await disputes.get_dispute(uow, dispute_id=s.id, actor=user, now=now, today=today)
             for s in summaries]
    holds = {c.id: await case_hold(uow, agency_id=c.agency_id, today=today,
                                   open_case=c.status in OPEN_STATES) for c in cases}
    return render(request, "me/disputes.html", {
        "migrant": migrant, "cases": cases, "holds": holds,
        "handling": {c.id: await handlers(uow, c) for c in cases}, **_names(request),
    })


def _takes_more(status: DisputeStatus) -> bool:
    return status not in (DisputeStatus.CLOSED, DisputeStatus.WITHDRAWN)


async def _case_page(request: Request, uow: UnitOfWork, user: Principal, dispute_id: int, *,
                     evidence_form: FormState | None = None,
                     message_form: FormState | None = None, status: int = 200) -> Response:
    case = await disputes.get_dispute(uow, dispute_id=dispute_id, actor=user, now=_now(),
                                      today=utc_today())
    history = await disputes.get_history(uow, dispute_id=dispute_id, actor=user)
    messages: list[MessageOut] = await disputes.list_messages(uow, dispute_id=dispute_id,
                                                              actor=user)
    return render(request, "me/dispute.html", {
        "case": case, "history": history, "messages": messages,
        **await handlers(uow, case), **_names(request), **limits(),
        "hold": await case_hold(uow, agency_id=case.agency_id, today=utc_today(),
                                open_case=case.status in OPEN_STATES),
        "sizes": {f.id: file_size(request, f.size_bytes) for f in case.evidence},
        "term_text": term_words(request), "takes_more": _takes_more(case.status),
        "evidence_form": evidence_form or FormState(),
        "message_form": message_form or FormState(),
    }, status_code=status)


@router.get("/disputes/new", response_class=HTMLResponse)
async def dispute_page(request: Request, uow: Uow, user: User,
                       referral: int | None = Query(None, ge=1, le=2**63 - 1),
                       agency_q: str | None = Query(None, max_length=200)) -> Response:
    """File a dispute: what happened, against which agency (found by name if need be) or
    which recruiter not in the register, where, and the evidence files."""
    migrant = await own_record(uow, user)
    if migrant is None:
        return render(request, "me/dispute_new.html", {"migrant": None})
    values: dict[str, Any] = {}
    if referral is not None:
        for r in await _referrals(uow, user):
            if r.id == referral:
                values |= {"referral_id": str(r.id), "country": r.vacancy.country,
                           "employer_name": r.vacancy.employer_name}
    return await _with_agencies(request, uow, user, migrant, FormState(values=values),
                                agency_q or "")


@router.post("/disputes/new/find", response_class=HTMLResponse)
async def find_agency(request: Request, uow: Uow, user: User) -> Response:
    """The filing form again with the agencies found by name and all that was typed kept:
    the search is a button of the filing form itself, so that a migrant who looks for the
    agency after writing what happened loses none of it."""
    migrant = await own_record(uow, user)
    if migrant is None:
        return render(request, "me/dispute_new.html", {"migrant": None}, status_code=409)
    form, query = await searched_form(request)
    return await _with_agencies(request, uow, user, migrant, form, query)


async def _with_agencies(request: Request, uow: UnitOfWork, user: Principal,
                         migrant: MigrantOut, form: FormState, query: str) -> Response:
    """The filing form with the agencies whose name matches `query`."""
    query = query.strip()
    return await _dispute_form(request, uow, user, migrant, form, agency_q=query,
                               found=await agencies_found(uow, form, query),
                               referral=record_id(form.values.get("referral_id")))


async def _referrals(uow: UnitOfWork, user: Principal) -> list[Any]:
    return await referrals.list_referrals(
        uow, actor=user, statuses=None, vacancy_id=None, migrant_id=None, limit=100,
        offset=0, today=utc_today())


async def _dispute_form(request: Request, uow: UnitOfWork, user: Principal,
                        migrant: MigrantOut, form: FormState, *, status: int = 200,
                        agency_q: str = "", found: list[Any] | None = None,
                        referral: int | None = None) -> Response:
    _ = gettext_for(request)
    states = labels(_, REFERRAL_STATUS_MIGRANT)
    standing = labels(_, AGENCY_STANDING)
    mine = await _referrals(uow, user)
    return render(request, "me/dispute_new.html", {
        "migrant": migrant, "form": form, "agency_q": agency_q, "referral": referral,
        "found": [(a.id, a.legal_name, a.status, standing.get(a.status, a.status))
                  for a in found or []],
        "opts": {
            "kinds": list(labels(_, DISPUTE_KIND_MIGRANT).items()),
            "referrals": [(str(r.id), f"{r.vacancy.title} — {r.agency_name} "
                                      f"({states.get(r.status.value, r.status.value)})")
                          for r in mine],
            "agencies": await agency_options(request, uow, known={r.agency_id for r in mine},
                                             found=found or [],
                                             chosen=form.values.get("agency_id")),
            "found_via": list(labels(_, FOUND_VIA).items()),
            "countries": work_countries(request_language(request)),
            "currencies": [(c, c) for c in CLAIM_CURRENCIES],
            "periods": list(labels(_, WAGE_PERIOD).items()),
            "provisions": list(labels(_, PROVISION).items()),
        },
        **limits(),
    }, status_code=status)


@router.post("/disputes/new", response_class=HTMLResponse)
async def file_dispute(request: Request, uow: Uow, user: User) -> Response:
    """File the dispute and attach its evidence together: a refused file files nothing."""
    _ = gettext_for(request)
    migrant = await own_record(uow, user)
    if migrant is None:
        return render(request, "me/dispute_new.html", {"migrant": None}, status_code=409)
    files = await uploads(request)
    retry_after: list[int] = []

    async def work(values: dict[str, Any]) -> Done:
        # A migrant files for themself only: the record is the sign-in's, never a typed one.
        values.pop("migrant_id", None)
        mismatched = referral_mismatches(values, await _referrals(uow, user), record_id)
        try:
            data = DisputeIn.model_validate(dispute_data(values))
        except ValidationError as exc:
            raise refused_together(request, exc, *mismatched,
                                   words=COMPLAINT_ERROR_WORDS) from exc
        if mismatched:
            raise refused_together(request, None, *mismatched)
        try:
            case = await disputes.file_dispute(uow, data=data, actor=user, now=_now(),
                                               today=utc_today(), admit=filing_limit(request, uow))
        except TooManyFilings as exc:
            retry_after.append(exc.retry_after)
            wait = format_wait(exc.retry_after, request_language(request))
            raise Refusal({"__all__": _(
                "You have filed as many disputes as may be filed in a day. Nothing was "
                "filed; please try again in %(wait)s.") % {"wait": wait}}, 429) from exc
        if files:
            await disputes.add_evidence(uow, dispute_id=case.id, uploads=files, actor=user)
        url = f"/me/disputes/{case.id}"
        if case.joined:
            return Done(url, _(
                "You already have an open case of this kind against the same party: "
                "%(reference)s. No new case was opened; what you sent was added to it.")
                % {"reference": case.reference})
        return Done(url, _("Your case %(reference)s is filed and sent to the labour "
                           "attaché.") % {"reference": case.reference})

    async def again(form: FormState, status: int) -> Response:
        # The agency searched for stays typed, with what it found.
        query = searched_name(form.values)
        page = await _dispute_form(request, uow, user, migrant, form, status=status,
                                   agency_q=query, found=await agencies_named(uow, query),
                                   referral=record_id(form.values.get("referral_id")))
        if retry_after:
            page.headers["Retry-After"] = str(retry_after[0])
        return page

    return await submit(request, uow, work, again=again, fields=DISPUTE_FIELDS.values(),
                        rename=DISPUTE_FIELDS, words=COMPLAINT_ERROR_WORDS, drop=("migrant_id",))


@router.get("/disputes/{dispute_id}", response_class=HTMLResponse)
async def case_page(request: Request, uow: Uow, user: User, dispute_id: int) -> Response:
    """One of the migrant's cases: its state, deadline, who handles it, the terms, the
    history, the evidence and the messages."""
    return await _case_page(request, uow, user, existing_id(dispute_id, "dispute"))


@router.post("/disputes/{dispute_id}/evidence", response_class=HTMLResponse)
async def add_evidence(request: Request, uow: Uow, user: User, dispute_id: int) -> Response:
    """Add evidence files to the case (the files are read only once the case is known to be
    the migrant's)."""
    _ = gettext_for(request)
    dispute_id = existing_id(dispute_id, "dispute")
    await disputes.check_evidence_writer(uow, dispute_id=dispute_id, actor=user)
    files = await uploads(request)

    async def work(values: dict[str, Any]) -> Done:
        added = await disputes.add_evidence(uow, dispute_id=dispute_id, uploads=files,
                                            actor=user)
        return Done(f"/me/disputes/{dispute_id}#evidence",
                    _("%(count)s evidence files added.") % {"count": len(added)})

    async def again(form: FormState, status: int) -> Response:
        return await _case_page(request, uow, user, dispute_id,
                                evidence_form=FormState({}, form.errors, form.token),
                                status=status)

    return await submit(request, uow, work, again=again, fields=EVIDENCE_FIELDS.values(),
                        rename=EVIDENCE_FIELDS, words=COMPLAINT_ERROR_WORDS)


@router.post("/disputes/{dispute_id}/messages", response_class=HTMLResponse)
async def add_message(request: Request, uow: Uow, user: User, dispute_id: int) -> Response:
    """Write to the labour attaché on the case."""
    _ = gettext_for(request)
    dispute_id = existing_id(dispute_id, "dispute")

    async def work(values: dict[str, Any]) -> Done:
        if not values.get("body"):
            # Asked for plainly, in the domain's words, rather than as a text "too short".
            raise InvalidInput("body", "message.empty")
        data = MessageIn.model_validate({"body": values["body"]})
        await disputes.add_message(uow, dispute_id=dispute_id, body=data.body, actor=user)
        return Done(f"/me/disputes/{dispute_id}#messages", _("Your message is on the case."))

    async def again(form: FormState, status: int) -> Response:
        return await _case_page(request, uow, user, dispute_id, message_form=form,
                                status=status)

    return await submit(request, uow, work, again=again, fields=MESSAGE_FIELDS.values(),
                        rename=MESSAGE_FIELDS, words=COMPLAINT_ERROR_WORDS)


@router.get("/disputes/{dispute_id}/evidence/{evidence_id}")
async def evidence_file(request: Request, uow: Uow, user: User, dispute_id: int,
                        evidence_id: int) -> Response:
    """One evidence file of the case, served only if it still matches its checksum."""
    meta, content = await disputes.read_evidence(
        uow, dispute_id=existing_id(dispute_id, "dispute"),
        evidence_id=existing_id(evidence_id, "evidence file"), actor=user)
    return Response(content, media_type=meta.content_type, headers={
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(meta.filename)}",
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store",
    })
