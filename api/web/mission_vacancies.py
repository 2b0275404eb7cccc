"""The attaché's verification desk: vacancies submitted in the mission's country, oldest
first, with their red flags, and the employers not verified yet."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError

from api.deps import Uow
from api.problems import status_of
from api.web.common import (
    FormState,
    errors_from_validation,
    gettext_for,
    render,
)
from api.web.flags import flag_words, refusal_words
from api.web.forms import Done, Refusal, submit
from api.web.labels import VACANCY_ACTION
from api.web.mission_shared import Attache, helpers
from api.web.refusals import refusal_text
from core.clock import utc_today
from core.errors import DomainError, NotFound
from matching import vacancies as vacancy_service
from matching.exceptions import BlockingFlags, MissingAcknowledgements
from matching.rules import VacancyAction, VacancyStatus
from matching.schemas import VacancyTransitionIn
from registry import service as registry_service

router = APIRouter()

Id = Annotated[int, Path(ge=1, le=2**63 - 1)]
PAGE = 50

VACANCY_ACTIONS = VACANCY_ACTION


def _ack_field(name: str) -> str:
    """A reason refused by the schema, beside the warning it was written for."""
    return "ack-" + name.removeprefix("acknowledgements.") \
        if name.startswith("acknowledgements.") else name


# --- vacancies -------------------------------------------------------------------------


@router.get("/vacancies", response_class=HTMLResponse)
async def vacancy_queue(request: Request, uow: Uow, user: Attache,
                        offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0) -> Response:
    """Vacancies of the mission's country submitted for verification, oldest first."""
    vacancies = await vacancy_service.list_vacancies(
        uow, actor=user, statuses=[VacancyStatus.SUBMITTED], limit=PAGE, offset=offset,
        today=utc_today())
    return render(request, "mission/vacancies.html", {
        "vacancies": vacancies, "offset": offset, "limit": PAGE, **helpers(request)})


async def _vacancy_page(request: Request, uow: Uow, user: Attache, vacancy_id: int, *,
                        verify: FormState | None = None, reject: FormState | None = None,
                        status_code: int = 200) -> Response:
    today = utc_today()
    vacancy = await vacancy_service.get_vacancy(uow, vacancy_id=vacancy_id, actor=user,
                                                today=today)
    employers = await vacancy_service.list_employers(uow, actor=user, status=None,
                                                     today=today)
    employer = next((e for e in employers if e.id == vacancy.employer_id), None)
    standing = await registry_service.licence_standing(
        uow, agency_id=vacancy.agency_id, country=vacancy.country, today=today)
    queue = await vacancy_service.list_vacancies(
        uow, actor=user, statuses=[VacancyStatus.SUBMITTED], limit=2, offset=0, today=today)
    following = next((v for v in queue if v.id != vacancy.id), None)
    live = None
    if vacancy.status == VacancyStatus.SUBMITTED:
        live = await vacancy_service.current_flags(uow, vacancy_id=vacancy.id, actor=user,
                                                   today=today)
    return render(request, "mission/vacancy.html", {
        "vacancy": vacancy, "employer": employer, "standing": standing,
        "live_flags": live, "fw": flag_words(request),
        "blocking_flags": [f for f in live or [] if f.severity == "blocking"],
        "warning_flags": [f for f in live or [] if f.severity == "warning"],
        "following": following,
        "verify_form": verify or FormState(values={"expected_version": vacancy.version}),
        "reject_form": reject or FormState(values={"expected_version": vacancy.version}),
        **helpers(request),
    }, status_code=status_code)


@router.get("/vacancies/{vacancy_id}", response_class=HTMLResponse)
async def vacancy_page(request: Request, vacancy_id: Id, uow: Uow, user: Attache) -> Response:
    """One vacancy with all its terms, the employer, the agency's licence and red flags."""
    return await _vacancy_page(request, uow, user, vacancy_id)


@router.post("/vacancies/{vacancy_id}", response_class=HTMLResponse)
async def decide_vacancy(request: Request, vacancy_id: Id, uow: Uow, user: Attache
                         ) -> Response:
    """Verify a submitted vacancy, or reject it with a reason."""
    _ = gettext_for(request)
    sent = await request.form()
    action = sent.get("action")
    # A warning's reason is typed beside it: each is a field of the form.
    acks = tuple(str(k) for k in sent if str(k).startswith("ack-"))

    async def work(values: dict[str, Any]) -> Done:
        if action == "reject" and not values.get("reason"):
            raise Refusal({"reason": _("Give the reason for the rejection.")})
        acknowledgements = {key.removeprefix("ack-"): text for key, text in values.items()
                            if key.startswith("ack-") and text}
        try:
            command = VacancyTransitionIn.model_validate({
                "action": action, "reason": values.get("reason"),
                "expected_version": values.get("expected_version"),
                **({"acknowledgements": acknowledgements} if action == "verify" else {})})
        except ValidationError as exc:
            raise Refusal({_ack_field(k): v for k, v in
                           errors_from_validation(exc, request).items()}) from exc
        if command.action not in (VacancyAction.VERIFY, VacancyAction.REJECT):
            raise Refusal({"__all__": _("Choose to verify or to reject the vacancy.")})
        try:
            vacancy = await vacancy_service.transition_vacancy(
                uow, vacancy_id=vacancy_id, command=command, actor=user, today=utc_today())
        except MissingAcknowledgements as exc:
            raise Refusal({f"ack-{f['code']}": _("Give the reason you accept this warning.")
                           for f in exc.flags}) from exc
        except NotFound:
            raise
        except DomainError as exc:
            raise Refusal({"__all__" if isinstance(exc, BlockingFlags)
                           else exc.field or "__all__":
                           refusal_words(request, exc) or refusal_text(request, exc)},
                          status_of(exc)) from exc
        if vacancy.status == VacancyStatus.VERIFIED:
            flash = _("Vacancy verified. Its verification code is %(code)s.") % {
                "code": vacancy.verification_code}
        else:
            flash = _("Vacancy rejected; the agency sees your reason.")
        return Done(f"/mission/vacancies/{vacancy_id}", flash)

    async def again(state: FormState, status: int) -> Response:
        if action == "reject":
            return await _vacancy_page(request, uow, user, vacancy_id, reject=state,
                                       status_code=status)
        return await _vacancy_page(request, uow, user, vacancy_id, verify=state,
                                   status_code=status)

    return await submit(request, uow, work, again=again, fields=("reason", *acks))


# --- employers -------------------------------------------------------------------------


async def _employers_page(request: Request, uow: Uow, user: Attache, *,
                          forms: dict[int, FormState] | None = None,
                          status_code: int = 200) -> Response:
    today = utc_today()
    employers = await vacancy_service.list_employers(uow, actor=user, status="unverified",
                                                     today=today)
    rows: list[dict[str, Any]] = []
    for employer in employers:
        standing = await registry_service.licence_standing(
            uow, agency_id=employer.agency_id, country=employer.country, today=today)
        rows.append({"employer": employer, "standing": standing,
                     "form": (forms or {}).get(employer.id) or FormState()})
    return render(request, "mission/employers.html", {"rows": rows, **helpers(request)},
                  status_code=status_code)


@router.get("/employers", response_class=HTMLResponse)
async def employer_queue(request: Request, uow: Uow, user: Attache) -> Response:
    """Employers of the mission's country that are not verified yet."""
    return await _employers_page(request, uow, user)


@router.post("/employers/{employer_id}", response_class=HTMLResponse)
async def decide_employer(request: Request, employer_id: Id, uow: Uow, user: Attache
                          ) -> Response:
    """Verify an employer, or reject it with a reason."""
    _ = gettext_for(request)

    async def work(values: dict[str, Any]) -> Done:
        decision = values.get("decision")
        if decision not in ("verify", "reject"):
            raise Refusal({"__all__": _("Choose to verify or to reject the employer.")})
        if decision == "reject" and not values.get("reason"):
            raise Refusal({"reason": _("Give the reason for the rejection.")})
        employer = await vacancy_service.decide_employer(
            uow, employer_id=employer_id, verified=decision == "verify",
            reason=values.get("reason"), actor=user, today=utc_today())
        flash = (_("%(name)s is verified.") if employer.status == "verified"
                 else _("%(name)s is rejected; the agency sees your reason.")) % {
            "name": employer.name}
        return Done("/mission/employers", flash)

    async def again(state: FormState, status: int) -> Response:
        return await _employers_page(request, uow, user, forms={employer_id: state},
                                     status_code=status)

    return await submit(request, uow, work, again=again, fields=("reason",))
