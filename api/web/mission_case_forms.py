"""The forms of a dispute case's page: the attaché and the settlement body take its steps
(a decision is previewed before it is recorded), correct a decision, record a payment,
mark the routing and add evidence; each runs once, in a savepoint, and a refusal shows the
case page again with the error beside its field."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError
from starlette.datastructures import UploadFile

from api.deps import Uow
from api.problems import status_of
from api.web.common import (
    FormState,
    claim_form,
    errors_from_validation,
    form_token,
    format_date,
    gettext_for,
    read_form,
    redirect,
    release_form,
    render,
    request_language,
)
from api.web.forms import Done, Refusal, run, submit
from api.web.labels import DECISION_AUDIENCE, DISPUTE_DONE
from api.web.mission_cases import FINDING_SLOTS, Id, render_case
from api.web.mission_shared import (
    Attache,
    Member,
    helpers,
    now,
)
from core.auth import Principal
from core.clock import utc_today
from core.config import get_settings
from disputes import service as dispute_service
from disputes.evidence_files import Upload
from disputes.exceptions import CorrectionWindowClosed
from disputes.rules import REASON_REQUIRED
from disputes.schemas import (
    DecisionPreviewOut,
    DisputeOut,
    DisputeTransitionIn,
    FindingIn,
    OutcomeCorrectionIn,
    RecoveryIn,
    RoutingFeedbackIn,
)

router = APIRouter()

OUTCOME_FIELDS = ("summary", "awarded_amount", "awarded_currency", "payable_by",
                  "payment_due", "findings",
                  *(f"finding_{i}_{part}" for i in FINDING_SLOTS
                    for part in ("against", "summary", "watchlist")))

# Which form on the case page carries each step.
FORM_OF = {"acknowledge": "step", "start_mediation": "step", "close": "step",
           "refer": "refer", "resolve": "outcome", "decide": "outcome",
           "withdraw": "withdraw"}
# The note every step may carry has a name of its own on each form of the page.
NOTE_OF = {"step": "step_note", "refer": "refer_note", "outcome": "outcome_note",
           "withdraw": "withdraw_reason", "correction": "correction_reason"}
FIELDS = {
    "step": ("step_note",),
    "refer": ("settlement_body_id", "refer_note"),
    "outcome": (*OUTCOME_FIELDS, "outcome_note"),
    "correction": (*OUTCOME_FIELDS, "correction_reason"),
    "withdraw": ("withdraw_reason",),
    "recovery": ("amount", "recovery_note"),
    "evidence": ("files",),
    "feedback": ("comment",),
}
RENAMES = {
    "outcome": "summary", "outcome.summary": "summary", "outcome.awarded": "awarded_amount",
    "outcome.awarded.amount": "awarded_amount", "outcome.awarded.currency": "awarded_currency",
    "outcome.payable_by": "payable_by", "outcome.payment_due": "payment_due",
    "outcome.findings": "findings", "amount.amount": "amount", "amount.currency": "amount",
    "note": "recovery_note",
    **{f"outcome.findings[{i - 1}].{name}": f"finding_{i}_{part}" for i in FINDING_SLOTS
       for name, part in (("against", "against"), ("summary", "summary"),
                          ("watchlist_employer", "watchlist"))},
}


def _window_closed(request: Request, exc: CorrectionWindowClosed) -> Refusal:
    _ = gettext_for(request)
    until = format_date(exc.until, request_language(request))  # on the reader's clock
    return Refusal({"__all__": _(
        "The decision could be corrected until %(until)s; it now stands as recorded. To "
        "change it, the parties challenge it where the law allows (an appeal or a "
        "review), and the new decision is filed as a new dispute that refers to this "
        "one.") % {"until": until}}, status_of(exc))



def _placing(form: str) -> tuple[tuple[str, ...], dict[str, str]]:
    """The fields of one of the case page's forms, and the schema's names for them."""
    kind = form.split("-")[0]
    return FIELDS[kind], RENAMES | ({"reason": NOTE_OF[kind]} if kind in NOTE_OF else {})


def _guarded(request: Request, work: Callable[[dict[str, Any]], Awaitable[Any]]
             ) -> Callable[[dict[str, Any]], Awaitable[Any]]:
    """The work, with a decision past its correction window said in the case's terms."""
    async def guarded(values: dict[str, Any]) -> Any:
        try:
            return await work(values)
        except CorrectionWindowClosed as exc:
            raise _window_closed(request, exc) from exc
    return guarded


async def _form_again(request: Request, uow: Uow, user: Principal, dispute_id: int,
                      form: str, state: FormState, status_code: int = 200) -> Response:
    """The case page with a form as it was sent: refused beside its fields, or brought back
    from its preview to be changed."""
    values = {k: v for k, v in state.values.items() if k != "intent"}
    return await render_case(request, uow, user, dispute_id,
                            forms={form: FormState(values, state.errors, state.token)},
                            status_code=status_code)


async def _handle(
    request: Request, uow: Uow, user: Principal, dispute_id: int, form: str,
    work: Callable[[dict[str, Any]], Awaitable[Any]], flash: Callable[[Any], str],
    anchor: str = "",
) -> Response:
    """The common shape of every form on the case page: sent once, done in a savepoint,
    refused with the error beside its field."""
    fields, rename = _placing(form)
    guarded = _guarded(request, work)

    async def done(values: dict[str, Any]) -> Done:
        return Done(f"/mission/cases/{dispute_id}{anchor}", flash(await guarded(values)))

    async def again(state: FormState, status: int) -> Response:
        return await _form_again(request, uow, user, dispute_id, form, state, status)

    return await submit(request, uow, done, again=again, fields=fields, rename=rename)


async def _preview(
    request: Request, uow: Uow, user: Principal, dispute_id: int, form: str,
    work: Callable[[dict[str, Any]], Awaitable[Any]], action_url: str,
) -> Response:
    """A decision's form before it is recorded: its preview with a confirm button (which
    sends the same form, with its one-time token, again), or the form back to be changed.
    Nothing is written either way."""
    token = await form_token(request)
    if (done := await claim_form(request, token)):
        return redirect(done)
    values = await read_form(request)
    await release_form(request, token)
    if values.get("intent") == "edit":
        return await _form_again(request, uow, user, dispute_id, form,
                                 FormState(values, {}, token))
    fields, rename = _placing(form)
    guarded = _guarded(request, work)
    shown = await run(request, uow, lambda: guarded(values), fields=fields, rename=rename,
                      keep=False)
    if shown.errors is not None:
        return await _form_again(request, uow, user, dispute_id, form,
                                 FormState(values, shown.errors, token), shown.status)
    sent = {k: v for k, v in values.items() if k != "intent" and v is not None}
    return render(request, "mission/decision_preview.html", {
        "preview": shown.result, "sent": sent, "state": FormState(values, {}, token or ""),
        "action_url": action_url, **helpers(request)})


def _outcome(values: dict[str, Any], request: Request) -> dict[str, Any]:
    """The outcome fields of the form shaped as the domain takes them; a finding half
    filled in is refused beside its own fields."""
    outcome: dict[str, Any] = {"summary": values.get("summary")}
    if values.get("awarded_amount") is not None:
        outcome["awarded"] = {"amount": values.get("awarded_amount"),
                              "currency": values.get("awarded_currency")}
    for key in ("payable_by", "payment_due"):
        if values.get(key) is not None:
            outcome[key] = values[key]
    findings: list[dict[str, Any]] = []
    errors: dict[str, str] = {}
    for i in FINDING_SLOTS:
        against = values.get(f"finding_{i}_against")
        summary = values.get(f"finding_{i}_summary")
        watch = values.get(f"finding_{i}_watchlist") == "true"
        if against is None and summary is None and not watch:
            continue
        try:
            findings.append(FindingIn.model_validate({
                "against": against, "summary": summary, "watchlist_employer": watch,
            }).model_dump())
        except ValidationError as exc:
            for key, message in errors_from_validation(exc, request).items():
                part = "watchlist" if key == "watchlist_employer" else key
                errors.setdefault(f"finding_{i}_{part}", message)
    if errors:
        raise Refusal(errors)
    outcome["findings"] = findings
    return outcome


@router.post("/cases/{dispute_id}", response_class=HTMLResponse)
async def step_case(request: Request, dispute_id: Id, uow: Uow, user: Member) -> Response:
    """Take one step of the case's lifecycle: acknowledge, mediate, refer, resolve,
    decide, close or withdraw. A decision is shown for confirmation before it is
    recorded."""
    _ = gettext_for(request)
    sent = await request.form()
    action = str(sent.get("action") or "")
    decision = FORM_OF.get(action) == "outcome"
    confirmed = decision and sent.get("intent") == "confirm"

    def command(values: dict[str, Any]) -> DisputeTransitionIn:
        if action not in FORM_OF:
            raise Refusal({"__all__": _("Choose one of the steps offered on the page.")})
        fields: dict[str, Any] = {"action": action,
                                  "reason": values.get(NOTE_OF[FORM_OF[action]]),
                                  "expected_version": values.get("expected_version"),
                                  "confirm": confirmed}
        if action == "refer" and not values.get("settlement_body_id"):
            # The field is required: "—" chosen is no body, not the competent one unsaid.
            raise Refusal({"settlement_body_id": _("Choose the settlement body.")})
        if action == "refer":
            fields["settlement_body_id"] = values["settlement_body_id"]
        if decision:
            fields["outcome"] = _outcome(values, request)
        result = DisputeTransitionIn.model_validate(fields)
        if result.action in REASON_REQUIRED and not result.reason:
            raise Refusal({"reason": _("Give the reason.")})
        return result

    async def work(values: dict[str, Any]) -> tuple[DisputeOut, list[str]]:
        step = command(values)
        # Who a decision's notices reach depends on the case (a centre is told only of a
        # case it filed): they are read as the preview read them, so that the page says
        # after recording what it promised before.
        told = (await dispute_service.preview_transition(
            uow, dispute_id=dispute_id, command=step, actor=user, now=now(),
            today=utc_today())).next.notices if decision else []
        case = await dispute_service.transition_dispute(
            uow, dispute_id=dispute_id, command=step, actor=user, now=now(),
            today=utc_today())
        return case, told

    async def preview(values: dict[str, Any]) -> DecisionPreviewOut:
        return await dispute_service.preview_transition(
            uow, dispute_id=dispute_id, command=command(values), actor=user, now=now(),
            today=utc_today())

    def flash(done: tuple[DisputeOut, list[str]]) -> str:
        said = _(DISPUTE_DONE[action])
        if told := done[1]:
            said += " " + _("A notice goes to: %(who)s.") % {
                "who": ", ".join(_(DECISION_AUDIENCE[a]) for a in told)}
        return said

    if decision and not confirmed:
        return await _preview(request, uow, user, dispute_id, "outcome", preview,
                              f"/mission/cases/{dispute_id}")
    return await _handle(request, uow, user, dispute_id, FORM_OF.get(action, "step"), work,
                         flash)


@router.post("/cases/{dispute_id}/correction", response_class=HTMLResponse)
async def correct_decision(request: Request, dispute_id: Id, uow: Uow, user: Member
                           ) -> Response:
    """Correct the recorded decision, with a reason, after checking its preview."""
    _ = gettext_for(request)
    confirmed = (await request.form()).get("intent") == "confirm"

    def correction(values: dict[str, Any]) -> OutcomeCorrectionIn:
        return OutcomeCorrectionIn.model_validate({
            "outcome": _outcome(values, request), "reason": values.get("correction_reason"),
            "expected_version": values.get("expected_outcome_version"),
            "confirm": confirmed})

    async def work(values: dict[str, Any]) -> DisputeOut:
        return await dispute_service.correct_outcome(
            uow, dispute_id=dispute_id, data=correction(values), actor=user, now=now(),
            today=utc_today())

    async def preview(values: dict[str, Any]) -> DecisionPreviewOut:
        return await dispute_service.preview_correction(
            uow, dispute_id=dispute_id, data=correction(values), actor=user, now=now(),
            today=utc_today())

    if not confirmed:
        return await _preview(request, uow, user, dispute_id, "correction", preview,
                              f"/mission/cases/{dispute_id}/correction")

    def flash(case: DisputeOut) -> str:
        version = case.outcome.version if case.outcome else 0
        return _("The correction is recorded as version %(n)s; the earlier versions stay in "
                 "the history.") % {"n": version}

    return await _handle(request, uow, user, dispute_id, "correction", work, flash,
                         "#versions")


def _below_zero(text: Any) -> bool:
    try:
        return Decimal(str(text).strip()) < 0
    except (InvalidOperation, ValueError):
        return False


@router.post("/cases/{dispute_id}/recoveries", response_class=HTMLResponse)
async def record_recovery(request: Request, dispute_id: Id, uow: Uow, user: Attache
                          ) -> Response:
    """Record a payment towards the award."""
    _ = gettext_for(request)

    async def work(values: dict[str, Any]) -> DisputeOut:
        # A payment below zero is refused as one of zero is, not as "must be 0 or more".
        if _below_zero(values.get("amount")):
            raise Refusal({"amount": _("The amount must be more than zero.")})
        body = RecoveryIn.model_validate({
            "amount": {"amount": values.get("amount"), "currency": values.get("currency")},
            "note": values.get("recovery_note")})
        return await dispute_service.record_recovery(
            uow, dispute_id=dispute_id, amount=body.amount, note=body.note, actor=user,
            now=now(), today=utc_today())

    def flash(case: DisputeOut) -> str:
        return _("Payment recorded.")

    return await _handle(request, uow, user, dispute_id, "recovery", work, flash,
                         "#outcome")


@router.post("/cases/{dispute_id}/routing/{decision_id}", response_class=HTMLResponse)
async def mark_routing(request: Request, dispute_id: Id, decision_id: Id, uow: Uow,
                       user: Member) -> Response:
    """Mark how the case was routed as right or wrong."""
    _ = gettext_for(request)

    async def work(values: dict[str, Any]) -> None:
        if values.get("correct") not in ("true", "false"):
            raise Refusal({"__all__": _("Say whether the routing was right or wrong.")})
        body = RoutingFeedbackIn(correct=values["correct"] == "true",
                                 comment=values.get("comment"))
        await dispute_service.mark_routing(uow, dispute_id=dispute_id,
                                           decision_id=decision_id, correct=body.correct,
                                           comment=body.comment, actor=user)

    return await _handle(request, uow, user, dispute_id, f"feedback-{decision_id}", work,
                         lambda _result: _("Thank you: your mark on the routing is saved."),
                         "#routing")


@router.post("/cases/{dispute_id}/evidence", response_class=HTMLResponse)
async def add_evidence(request: Request, dispute_id: Id, uow: Uow, user: Attache
                       ) -> Response:
    """Attach evidence files to the case."""
    _ = gettext_for(request)
    limit = get_settings().evidence_max_bytes
    sent = [f for f in (await request.form()).getlist("files")
            if isinstance(f, UploadFile) and f.filename]
    uploads = [Upload(filename=f.filename or "evidence", claimed_type=f.content_type,
                      content=await f.read(limit + 1)) for f in sent]

    async def work(values: dict[str, Any]) -> None:
        if not uploads:
            raise Refusal({"files": _("Choose at least one file.")})
        await dispute_service.add_evidence(uow, dispute_id=dispute_id, uploads=uploads,
                                           actor=user)

    return await _handle(request, uow, user, dispute_id, "evidence", work,
                         lambda _result: _("Evidence added to the case."), "#evidence")


