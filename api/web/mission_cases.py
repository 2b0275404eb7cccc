"""Dispute cases for the attaché (the queue by nearest deadline) and for the settlement body
(cases referred to it): the lists, one case's page and its evidence files. The forms that
work a case through its lifecycle are mission_case_forms."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import Uow
from api.web.common import (
    FormState,
    gettext_for,
    render,
)
from api.web.dispute_common import file_size
from api.web.jobs import case_hold
from api.web.labels import FOUND_VIA, labels
from api.web.mission_routing import routing_words
from api.web.mission_shared import (
    Member,
    helpers,
    now,
)
from core.auth import Principal, Role
from core.clock import utc_today
from disputes import service as dispute_service
from disputes.exceptions import NotAllowed
from disputes.rules import OPEN_STATES, DisputeStatus
from disputes.schemas import (
    DisputeOut,
    DisputeSummaryOut,
)
from labour_attache import queues as attache_queues
from missions import service as attache_service
from registry import service as registry_service

router = APIRouter()

Id = Annotated[int, Path(ge=1, le=2**63 - 1)]
PAGE = 50
# A new outcome offers two findings; a correction shows every finding in force and one more,
# up to the twenty a decision may state.
NEW_FINDINGS = 2
FINDING_SLOTS = tuple(range(1, 21))
# The steps the case page offers as buttons of one form.
STEP_BUTTONS = ("acknowledge", "start_mediation", "close")


# --- the lists ------------------------------------------------------------------------


async def agency_names(uow: Uow, cases: list[DisputeSummaryOut]) -> dict[int, str]:
    """The agencies' names, which a case summary leaves out."""
    names: dict[int, str] = {}
    for case in cases:
        if case.agency_id is not None and case.agency_id not in names:
            standing = await registry_service.licence_standing(
                uow, agency_id=case.agency_id, country=None, today=utc_today())
            names[case.agency_id] = standing.agency_name
    return names


@router.get("/cases", response_class=HTMLResponse)
async def case_list(
    request: Request, uow: Uow, user: Member,
    view: Literal["open", "all"] = "open",
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Response:
    """The attaché's open cases by nearest deadline, or the cases referred to the
    settlement body; either with all the closed ones too."""
    moment = now()
    if view == "all":
        cases = await dispute_service.list_disputes(uow, actor=user, limit=PAGE,
                                                    offset=offset, now=moment)
    elif user.role == Role.ATTACHE:
        cases = await attache_queues.attache_queue(uow, actor=user, limit=PAGE,
                                                    offset=offset, now=moment)
    else:
        cases = await dispute_service.list_disputes(
            uow, actor=user, statuses=[DisputeStatus.REFERRED], by_deadline=True,
            limit=PAGE, offset=offset, now=moment)
    body = None
    if user.role == Role.SETTLEMENT_BODY and user.settlement_body_id is not None:
        body = await attache_service.get_settlement_body(
            uow, settlement_body_id=user.settlement_body_id)
    return render(request, "mission/cases.html", {
        "cases": cases, "agencies": await agency_names(uow, cases), "view": view,
        "offset": offset, "limit": PAGE, "body": body, **helpers(request)})


# --- one case -------------------------------------------------------------------------


def _correction_values(case: DisputeOut) -> dict[str, Any]:
    """The correction form filled with the decision in force, to be changed where wrong."""
    outcome = case.outcome
    if outcome is None:
        return {}
    values: dict[str, Any] = {"summary": outcome.summary,
                              "expected_outcome_version": outcome.version}
    if outcome.awarded is not None:
        values |= {"awarded_amount": str(outcome.awarded.amount),
                   "awarded_currency": outcome.awarded.currency,
                   "payable_by": outcome.payable_by,
                   "payment_due": outcome.payment_due.isoformat()
                   if outcome.payment_due else None}
    for i, finding in enumerate(outcome.findings, start=1):
        values |= {f"finding_{i}_against": finding.against,
                   f"finding_{i}_summary": finding.summary,
                   f"finding_{i}_watchlist": "true" if finding.watchlisted_employer_id
                   else None}
    return values


def _slots(values: dict[str, Any], least: int) -> tuple[int, ...]:
    """The finding slots a form shows: every one filled in, one more, and at least `least`."""
    filled = [i for i in FINDING_SLOTS if any(
        values.get(f"finding_{i}_{part}") for part in ("against", "summary", "watchlist"))]
    return FINDING_SLOTS[:min(len(FINDING_SLOTS), max(least, max(filled, default=0) + 1))]


def _blank_forms(case: DisputeOut) -> dict[str, FormState]:
    version = {"expected_version": case.version}
    award = case.outcome.awarded if case.outcome else None
    return {
        "correction": FormState(values=_correction_values(case)),
        "step": FormState(values=dict(version)),
        "refer": FormState(values=version | {
            "settlement_body_id": str(case.settlement_body_id or "")}),
        "outcome": FormState(values=version | {
            "awarded_currency": case.claimed.currency if case.claimed else ""}),
        "withdraw": FormState(values=dict(version)),
        "recovery": FormState(values={"currency": award.currency if award else ""}),
        "evidence": FormState(),
    }


async def render_case(request: Request, uow: Uow, user: Principal, dispute_id: int, *,
                      forms: dict[str, FormState] | None = None, status_code: int = 200
                      ) -> Response:
    """The case page, with any of its forms as sent (refused, or back from a preview)."""
    _ = gettext_for(request)
    case = await dispute_service.get_dispute(uow, dispute_id=dispute_id, actor=user,
                                             now=now(), today=utc_today())
    history = await dispute_service.get_history(uow, dispute_id=dispute_id, actor=user)
    decisions = await dispute_service.list_routing(uow, dispute_id=dispute_id, actor=user)
    bodies = await attache_service.list_settlement_bodies(uow, country=case.country)
    mission = (await attache_service.get_mission(uow, mission_id=case.mission_id)
               if case.mission_id is not None else None)
    attaches = ({a["id"]: a["full_name"] for a in await attache_service.mission_attaches(
        uow, mission_id=case.mission_id)} if case.mission_id is not None else {})
    states = _blank_forms(case) | {f"feedback-{d.decision_id}": FormState()
                                   for d in decisions}
    states |= forms or {}
    actions = case.allowed_actions
    shown = {
        "step": any(a in actions for a in STEP_BUTTONS),
        "refer": "refer" in actions,
        "outcome": any(a in actions for a in ("decide", "resolve")),
        "withdraw": "withdraw" in actions,
        "recovery": user.role == Role.ATTACHE and case.outcome is not None
        and case.outcome.outstanding is not None and case.outcome.outstanding.amount > 0,
        "evidence": user.role == Role.ATTACHE and case.status not in (
            DisputeStatus.CLOSED, DisputeStatus.WITHDRAWN),
        "correction": case.outcome is not None and case.outcome.may_correct,
    }
    # A form sent from a page that no longer offers it (the case moved on meanwhile):
    # its refusal is shown at the top, since the form is not there to show it.
    unseen = [message for name, state in (forms or {}).items()
              if not shown.get(name, True) for message in state.errors.values()]
    hold = await case_hold(uow, agency_id=case.agency_id, today=utc_today(),
                           open_case=case.status in OPEN_STATES)
    try:
        messages = await dispute_service.list_messages(uow, dispute_id=dispute_id, actor=user)
    except NotAllowed:
        messages = []  # the settlement body does not read the case's messages
    return render(request, "mission/case.html", {
        "case": case, "history": history, "decisions": decisions, "licence_hold": hold,
        "messages": messages,
        "sizes": {e.id: file_size(request, e.size_bytes) for e in case.evidence},
        "bodies": {b["id"]: b for b in bodies}, "mission": mission, "attaches": attaches,
        "forms": states, "actions": actions, "unseen_errors": unseen,
        "step_actions": [a for a in STEP_BUTTONS if a in actions],
        "outcome_action": next((a for a in ("decide", "resolve") if a in actions), None),
        "may_recover": shown["recovery"], "may_add_evidence": shown["evidence"],
        "may_correct": shown["correction"],
        "finding_slots": _slots(states["outcome"].values, NEW_FINDINGS),
        "correction_slots": _slots(states["correction"].values, NEW_FINDINGS),
        "correction_open": bool(forms and "correction" in forms),
        "found_via": labels(_, FOUND_VIA), "routing_words": routing_words(request),
        **helpers(request),
    }, status_code=status_code)


@router.get("/cases/{dispute_id}", response_class=HTMLResponse)
async def case_page(request: Request, dispute_id: Id, uow: Uow, user: Member) -> Response:
    """One case: the parties, the terms promised and reported, evidence, routing, its
    history and the steps this user may take now."""
    return await render_case(request, uow, user, dispute_id)


@router.get("/cases/{dispute_id}/evidence/{evidence_id}")
async def download_evidence(dispute_id: Id, evidence_id: Id, uow: Uow, user: Member
                            ) -> Response:
    """One evidence file, served only if it still matches its checksum."""
    meta, content = await dispute_service.read_evidence(
        uow, dispute_id=dispute_id, evidence_id=evidence_id, actor=user)
    return Response(content, media_type=meta.content_type, headers={
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(meta.filename)}",
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store",
    })
