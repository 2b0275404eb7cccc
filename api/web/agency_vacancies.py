"""Agency pages for foreign employers and vacancies: register an employer, list the
vacancies, send one for verification, see its red flags, code and QR, publish, fill or close
(drafting and editing a vacancy is agency_vacancy_form)."""

from __future__ import annotations

import io
from collections import Counter
from typing import Any
from urllib.parse import urlencode

import segno
from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from api.deps import Uow
from api.problems import status_of

# The form's routes first: /vacancies/new and /vacancies/checks are not a vacancy's id.
from api.web import agency_referrals, agency_vacancy_form  # noqa: F401
from api.web.agency_base import (
    Id,
    User,
    all_vacancies,
    own_employers,
    own_vacancy,
    plain_number,
    present,
    router,
)
from api.web.common import (
    FormState,
    gettext_for,
    render,
    request_language,
)
from api.web.flags import flag_words, refusal_words
from api.web.forms import Done, Refusal, submit
from api.web.labels import (
    EMPLOYER_STATUS_AGENCY,
    LANGUAGE_LEVEL,
    LICENCE_STATUS_FLAG,
    PROVISION_AGENCY,
    RED_FLAG_AGENCY,
    REFERRAL_STATUS,
    VACANCY_ACTION_AGENCY,
    VACANCY_DONE,
    VACANCY_STATUS_AGENCY,
    WAGE_PERIOD,
    labels,
)
from api.web.options import (
    DESTINATIONS,
    country_options,
)
from api.web.refusals import refusal_text
from core.auth import Principal
from core.clock import utc_today
from core.errors import DomainError
from matching import vacancies as service
from matching.exceptions import (
    Conflict,
    InvalidInput,
    NotFound,
)
from matching.rules import VACANCY_ACTORS, VacancyAction, VacancyStatus
from matching.schemas import (
    EmployerIn,
    EmployerOut,
    VacancyOut,
    VacancyTransitionIn,
)
from registry import service as registry_service

# --- employers --------------------------------------------------------------------------

EMPLOYER_FIELDS = ("name", "country", "city", "registration_number")


def _employers_page(request: Request, employers: list[EmployerOut], form: FormState, *,
                    status_code: int = 200) -> Response:
    _ = gettext_for(request)
    return render(request, "agency/employers.html", {
        "employers": employers,
        "form": form,
        "country_options": country_options(request_language(request), DESTINATIONS),
        "employer_words": labels(_, EMPLOYER_STATUS_AGENCY),
    }, status_code=status_code)


@router.get("/employers", response_class=HTMLResponse)
async def employers_page(request: Request, uow: Uow, user: User) -> Response:
    """The agency's foreign employers and their verification, and the form to add one."""
    return _employers_page(request, await own_employers(uow, user), FormState())


@router.post("/employers", response_class=HTMLResponse)
async def register_employer(request: Request, uow: Uow, user: User) -> Response:
    """Register a foreign employer the agency recruits for."""
    _ = gettext_for(request)

    async def work(values: dict[str, Any]) -> Done:
        try:
            employer = await service.register_employer(
                uow, data=EmployerIn.model_validate(present(values, *EMPLOYER_FIELDS)),
                actor=user, today=utc_today())
        except Conflict as exc:
            if exc.field is not None:
                raise
            # The same employer is registered already: said beside its number.
            raise Refusal({"registration_number": refusal_text(request, exc)}, 409) from exc
        return Done(f"/agency/employers/{employer.id}", _(
            "The employer was registered. A labour attaché of its country will verify it."))

    async def again(form: FormState, status: int) -> Response:
        return _employers_page(request, await own_employers(uow, user), form,
                               status_code=status)

    return await submit(request, uow, work, again=again, fields=EMPLOYER_FIELDS)


@router.get("/employers/{employer_id}", response_class=HTMLResponse)
async def employer_page(request: Request, uow: Uow, user: User, employer_id: Id) -> Response:
    """One employer: its verification state and the agency's vacancies for it."""
    _ = gettext_for(request)
    employer = next((e for e in await own_employers(uow, user) if e.id == employer_id), None)
    if employer is None:
        raise NotFound("employer", employer_id)
    vacancies = [v for v in await all_vacancies(uow, user) if v.employer_id == employer_id]
    return render(request, "agency/employer.html", {
        "employer": employer,
        "vacancies": vacancies,
        "employer_words": labels(_, EMPLOYER_STATUS_AGENCY),
        "vacancy_words": labels(_, VACANCY_STATUS_AGENCY),
    })


# --- vacancies: the list ----------------------------------------------------------------

@router.get("/vacancies", response_class=HTMLResponse)
async def vacancies_page(request: Request, uow: Uow, user: User,
                         status: str | None = None) -> Response:
    """The agency's vacancies by state."""
    _ = gettext_for(request)
    vacancies = await all_vacancies(uow, user)
    counts = Counter(v.status.value for v in vacancies)
    chosen = status if status in VACANCY_STATUS_AGENCY else None
    return render(request, "agency/vacancies.html", {
        "vacancies": [v for v in vacancies if chosen is None or v.status.value == chosen],
        "chosen": chosen,
        "total": len(vacancies),
        "counts": counts,
        "vacancy_words": labels(_, VACANCY_STATUS_AGENCY),
        "period_words": labels(_, WAGE_PERIOD),
    })


# --- vacancies: one vacancy and its actions ---------------------------------------------

# States whose red flags are worth checking again: the vacancy may still move on.
_CHECKED_LIVE = frozenset({VacancyStatus.DRAFT, VacancyStatus.SUBMITTED, VacancyStatus.VERIFIED,
                           VacancyStatus.REJECTED, VacancyStatus.PUBLISHED})


def agency_actions(vacancy: VacancyOut) -> list[str]:
    """The moves the agency itself may make now (attachés verify, the system expires)."""
    return [a for a in vacancy.allowed_actions if VACANCY_ACTORS[VacancyAction(a)] == "agency"]


async def _vacancy_page(request: Request, uow: Uow, user: Principal, vacancy: VacancyOut, *,
                        form: FormState | None = None, status_code: int = 200) -> Response:
    _ = gettext_for(request)
    referrals = await agency_referrals.referrals_of(uow, user, vacancy.id)
    live = None
    if vacancy.status in _CHECKED_LIVE:
        live = await service.current_flags(uow, vacancy_id=vacancy.id, actor=user,
                                           today=utc_today())
    # A licence not in force hides a published vacancy and makes its code's check warn:
    # the page says so rather than "migrants can find it".
    standing = await registry_service.licence_standing(
        uow, agency_id=vacancy.agency_id, country=vacancy.country, today=utc_today())
    held = None if standing.may_recruit and standing.covers_country else (
        _(LICENCE_STATUS_FLAG.get(standing.status, standing.status))
        if not standing.may_recruit else "")
    return render(request, "agency/vacancy.html", {
        "vacancy": vacancy,
        "held": held,
        "live_flags": live,
        "fw": flag_words(request),
        # Submitting and publishing are refused while the licence does not allow recruiting
        # (for this country): not offered then, and the page says why.
        "actions": [a for a in agency_actions(vacancy)
                    if held is None or a not in ("submit", "publish")],
        "hours": plain_number(vacancy.hours_per_week),
        "form": form or FormState(),
        "referrals": referrals,
        "vacancy_words": labels(_, VACANCY_STATUS_AGENCY),
        "action_words": labels(_, VACANCY_ACTION_AGENCY),
        "flag_words": labels(_, RED_FLAG_AGENCY),
        "period_words": labels(_, WAGE_PERIOD),
        "provision_words": labels(_, PROVISION_AGENCY),
        "level_words": labels(_, LANGUAGE_LEVEL),  # read in brackets, mid-line
        "referral_words": labels(_, REFERRAL_STATUS),
    }, status_code=status_code)


@router.get("/vacancies/{vacancy_id}", response_class=HTMLResponse)
async def vacancy_page(request: Request, uow: Uow, user: User, vacancy_id: Id) -> Response:
    """One vacancy: its state, terms, red flags, verification code and QR, and actions."""
    return await _vacancy_page(request, uow, user, await own_vacancy(uow, user, vacancy_id))


@router.post("/vacancies/{vacancy_id}/action", response_class=HTMLResponse)
async def vacancy_action(request: Request, uow: Uow, user: User, vacancy_id: Id) -> Response:
    """Submit, publish, fill, close or revise the vacancy."""
    _ = gettext_for(request)
    await own_vacancy(uow, user, vacancy_id)

    async def work(values: dict[str, Any]) -> Done:
        if values.get("action") == VacancyAction.CLOSE and not values.get("reason"):
            raise InvalidInput("reason", "vacancy.reason_required", action="close")
        command = VacancyTransitionIn.model_validate(
            present(values, "action", "reason", "expected_version"))
        try:
            await service.transition_vacancy(uow, vacancy_id=vacancy_id, command=command,
                                             actor=user, today=utc_today())
        except NotFound:
            raise
        except DomainError as exc:
            if words := refusal_words(request, exc):
                raise Refusal({"__all__": words}, status_of(exc)) from exc
            raise
        done_words = VACANCY_DONE.get(command.action.value)
        return Done(f"/agency/vacancies/{vacancy_id}", _(done_words) if done_words else None)

    async def again(form: FormState, status: int) -> Response:
        vacancy = await own_vacancy(uow, user, vacancy_id)
        return await _vacancy_page(request, uow, user, vacancy, form=form, status_code=status)

    return await submit(request, uow, work, again=again, fields=("reason",))


@router.get("/vacancies/{vacancy_id}/qr.png")
async def vacancy_qr(request: Request, uow: Uow, user: User, vacancy_id: Id) -> Response:
    """The QR code of the vacancy's verification code, to print on the job offer."""
    vacancy = await own_vacancy(uow, user, vacancy_id)
    if vacancy.verification_code is None:
        raise NotFound("verification code of vacancy", vacancy_id)
    # A person scans a printed offer: the QR opens the public check page, in words.
    query = urlencode({"code": vacancy.verification_code})
    url = f"{str(request.base_url).rstrip('/')}/check?{query}"
    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buffer, kind="png", scale=8, border=4)
    return Response(buffer.getvalue(), media_type="image/png",
                    headers={"Cache-Control": "private, max-age=3600"})

