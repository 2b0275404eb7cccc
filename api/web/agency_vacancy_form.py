"""The agency's vacancy form: draft a vacancy (blank, for one employer, or a copy of another),
see the checks an attaché will make as it is typed, and edit a draft."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError

from api.deps import Uow
from api.problems import status_of
from api.web.agency_base import (
    LEVELS,
    Id,
    User,
    amount,
    occupation_options,
    own_employers,
    own_vacancy,
    plain_number,
    present,
    router,
    split_list,
    sub,
)
from api.web.common import (
    FormState,
    errors_from_validation,
    form_token,
    gettext_for,
    language_name,
    read_form,
    redirect,
    render,
    request_language,
)
from api.web.flags import flag_words
from api.web.forms import Done, Refusal, submit
from api.web.labels import (
    LANGUAGE_LEVEL_AGENCY,
    PROVISION_AGENCY,
    WAGE_PERIOD,
    labels,
)
from api.web.options import (
    CURRENCIES,
    countries,
    language_options,
)
from api.web.refusals import refusal_errors
from core.auth import Principal
from core.clock import utc_today
from core.errors import DomainError
from matching import places
from matching import vacancies as service
from matching.exceptions import (
    InvalidInput,
    NotFound,
    OccupationMissing,
    UnknownOccupation,
)
from matching.rules import VacancyStatus
from matching.schemas import (
    EmployerOut,
    VacancyIn,
    VacancyOut,
    VacancyTermsIn,
)

LANGUAGE_ROWS = 3
VACANCY_FIELDS = (
    "employer_id", "external_ref", "title", "description", "occupation_code", "occupation",
    "skills", "languages", *(f"languages-{row}-{part}" for row in range(LANGUAGE_ROWS)
                             for part in ("code", "level")),
    "city", "wage.amount", "wage.currency", "wage.period", "hours_per_week",
    "housing", "meals", "contract_months", "positions", "worker_fee.amount",
    "worker_fee.currency", "closing_date",
)


def _vacancy_body(values: dict[str, Any], employers: list[EmployerOut]) -> dict[str, Any]:
    """The form as the domain's VacancyIn; the job is in the employer's country."""
    body = present(values, "employer_id", "external_ref", "title", "description",
                   "occupation", "occupation_code", "city", "hours_per_week", "housing", "meals",
                   "contract_months", "positions", "closing_date")
    if "hours_per_week" in body:
        body["hours_per_week"] = amount(body["hours_per_week"])
    body["skills"] = split_list(values.get("skills"))
    languages = []
    for row in range(LANGUAGE_ROWS):
        pair = {key: values[f"languages-{row}-{key}"] for key in ("code", "level")
                if values.get(f"languages-{row}-{key}")}
        if pair:
            languages.append(pair)
    body["languages"] = languages
    employer = next((e for e in employers if str(e.id) == str(values.get("employer_id"))),
                    None)
    if employer is not None:
        body["country"] = employer.country
    wage = sub(values, "wage", "amount", "currency", "period")
    if "amount" in wage:
        wage["amount"] = amount(wage["amount"])
    body["wage"] = wage
    fee = sub(values, "worker_fee", "amount", "currency")
    if fee:
        if "amount" in fee:
            fee["amount"] = amount(fee["amount"])
        body["worker_fee"] = fee
    return body


def _vacancy_values(vacancy: VacancyOut) -> dict[str, Any]:
    """A stored vacancy as the form shows it."""
    values: dict[str, Any] = {
        "employer_id": str(vacancy.employer_id), "external_ref": vacancy.external_ref,
        "title": vacancy.title, "description": vacancy.description,
        "occupation": vacancy.occupation, "occupation_code": vacancy.occupation_code,
        "skills": ", ".join(vacancy.skills),
        "city": vacancy.city, "wage.amount": plain_number(vacancy.wage.amount),
        "wage.currency": vacancy.wage.currency, "wage.period": vacancy.wage.period,
        "hours_per_week": plain_number(vacancy.hours_per_week), "housing": vacancy.housing,
        "meals": vacancy.meals, "contract_months": str(vacancy.contract_months),
        "positions": str(vacancy.positions), "closing_date": vacancy.closing_date.isoformat(),
    }
    if vacancy.worker_fee is not None:
        values["worker_fee.amount"] = plain_number(vacancy.worker_fee.amount)
        values["worker_fee.currency"] = vacancy.worker_fee.currency
    for row, pair in enumerate(vacancy.languages[:LANGUAGE_ROWS]):
        values[f"languages-{row}-code"] = pair.get("code")
        values[f"languages-{row}-level"] = pair.get("level")
    return values


def _occupation_words(request: Request, exc: DomainError) -> dict[str, str] | None:
    """The refusals of the occupation in the reader's words, beside its field."""
    _ = gettext_for(request)
    if isinstance(exc, OccupationMissing):
        return {"occupation_code": _("Pick the occupation from the list, or write it in "
                                     "your words when it is not in the list.")}
    if isinstance(exc, UnknownOccupation):
        return {"occupation_code": _("Pick the occupation from the list.")}
    return None


def _language_rows(request: Request, values: dict[str, Any], errors: dict[str, str]
                   ) -> dict[str, str]:
    """A language chosen without its level, or a level without its language, said beside
    the box left empty rather than over every box of the group."""
    _ = gettext_for(request)
    rows: dict[str, str] = {}
    for row in range(LANGUAGE_ROWS):
        code, level = values.get(f"languages-{row}-code"), values.get(f"languages-{row}-level")
        if code and not level:
            rows[f"languages-{row}-level"] = _("Choose the level of %(language)s.") % {
                "language": language_name(code, request_language(request))}
        elif level and not code:
            rows[f"languages-{row}-code"] = _("Choose the language this level is for.")
    if not rows:
        return errors
    return {k: v for k, v in errors.items() if not k.startswith("languages")} | rows


def _refused_today(request: Request, values: dict[str, Any]) -> dict[str, str]:
    """The domain's refusal of a closing date gone by, said beside the form's other faults
    rather than once they are fixed."""
    try:
        closing = date.fromisoformat(str(values.get("closing_date") or ""))
    except ValueError:
        return {}
    refused = service.closing_refused(closing, utc_today())
    return refusal_errors(request, refused) if refused is not None else {}


def _vacancy_refusal(errors: dict[str, str], values: dict[str, Any], status: int) -> Refusal:
    # The country comes from the employer (a word about it is placed beside the employer),
    # and says nothing more while the employer is missing or refused itself.
    if "employer_id" in errors or not values.get("employer_id"):
        errors = {k: v for k, v in errors.items() if k != "country"}
    return Refusal(errors, status)


async def _live_checks(uow: Uow, user: Principal, values: dict[str, Any],
                      employers: list[EmployerOut]) -> dict[str, Any]:
    """The red flags of the terms as typed so far; none to show until the employer, the
    wage and the hours are there to check."""
    body = _vacancy_body(values, employers)
    body["vacancy_id"] = values.get("vacancy_id")
    try:
        terms = VacancyTermsIn.model_validate(present(body, *body))
        flags = await service.check_terms(uow, data=terms, actor=user, today=utc_today())
    except (ValidationError, InvalidInput):
        return {"flags": None, "blocking": False}
    return {"flags": flags, "blocking": any(f.severity == "blocking" for f in flags)}


async def _vacancy_form(request: Request, uow: Uow, user: Principal, form: FormState, *,
                        vacancy: VacancyOut | None = None, status_code: int = 200
                        ) -> Response:
    _ = gettext_for(request)
    language = request_language(request)
    names = dict(countries(language))
    employers = await own_employers(uow, user)
    values = dict(form.values)
    if vacancy is not None:
        values["vacancy_id"] = vacancy.id
    return render(request, "agency/vacancy_form.html", {
        "checks": await _live_checks(uow, user, values, employers),
        "fw": flag_words(request),
        "form": form,
        "vacancy": vacancy,
        "action": f"/agency/vacancies/{vacancy.id}/edit" if vacancy else "/agency/vacancies/new",
        "employer_options": [
            (str(e.id), f"{e.name} ({places.city_name(e.city, language, e.country)}, "
                        f"{names.get(e.country, e.country)})")
            for e in employers if e.status != "rejected"],
        "has_employers": bool(employers),
        "language_rows": range(LANGUAGE_ROWS),
        "language_options": language_options(language),
        "occupation_options": occupation_options(language),
        "level_options": [(level, _(LANGUAGE_LEVEL_AGENCY.get(level, level))) for level in LEVELS],
        # month first
        "period_options": list(reversed(labels(_, WAGE_PERIOD).items())),
        "provision_options": list(labels(_, PROVISION_AGENCY).items()),
        "currencies": CURRENCIES,
    }, status_code=status_code)


@router.get("/vacancies/new", response_class=HTMLResponse)
async def new_vacancy_page(request: Request, uow: Uow, user: User,
                           employer_id: str | None = None, copy: str | None = None
                           ) -> Response:
    """A blank vacancy form, for one employer, or a copy of one of the agency's vacancies."""
    values: dict[str, Any] = {"wage.period": "month", "hours_per_week": "40",
                              "positions": "1", "contract_months": "12"}
    if copy and copy.isdigit() and len(copy) < 19:
        source = await own_vacancy(uow, user, int(copy))
        values = _vacancy_values(source)
        values.pop("external_ref", None)
        values.pop("closing_date", None)
    if employer_id:
        values["employer_id"] = employer_id
    return await _vacancy_form(request, uow, user, FormState(values))


async def _save_vacancy(request: Request, uow: Uow, user: Principal,
                        vacancy: VacancyOut | None) -> Response:
    _ = gettext_for(request)

    async def work(values: dict[str, Any]) -> Done:
        employers = await own_employers(uow, user)
        try:
            data = VacancyIn.model_validate(_vacancy_body(values, employers))
            if vacancy is None:
                saved = await service.create_vacancy(uow, data=data, actor=user,
                                                     today=utc_today())
            else:
                saved = await service.update_draft(uow, vacancy_id=vacancy.id, data=data,
                                                   actor=user, today=utc_today())
        except ValidationError as exc:
            errors = {**_refused_today(request, values), **errors_from_validation(exc, request)}
            raise _vacancy_refusal(_language_rows(request, values, errors), values,
                                   422) from exc
        except NotFound:
            raise
        except DomainError as exc:
            errors = _occupation_words(request, exc) or refusal_errors(request, exc)
            raise _vacancy_refusal(errors, values, status_of(exc)) from exc
        return Done(f"/agency/vacancies/{saved.id}", _(
            "The draft is saved. Submit it for verification when it is ready."))

    async def again(form: FormState, status: int) -> Response:
        return await _vacancy_form(request, uow, user, form, vacancy=vacancy,
                                   status_code=status)

    return await submit(request, uow, work, again=again, fields=VACANCY_FIELDS,
                        rename={"country": "employer_id"})


@router.post("/vacancies/checks", response_class=HTMLResponse)
async def check_vacancy(request: Request, uow: Uow, user: User) -> Response:
    """The checks a labour attaché will make, computed from the form as typed: the section
    alone for htmx, else the whole form again with what was typed kept."""
    token = await form_token(request)
    values = await read_form(request)
    employers = await own_employers(uow, user)
    if request.headers.get("HX-Request"):
        return render(request, "agency/_checks.html", {
            "checks": await _live_checks(uow, user, values, employers),
            "fw": flag_words(request)})
    vacancy = None
    if str(values.get("vacancy_id") or "").isdigit() and len(str(values["vacancy_id"])) < 19:
        vacancy = await own_vacancy(uow, user, int(values["vacancy_id"]))
    return await _vacancy_form(request, uow, user, FormState(values, {}, token),
                               vacancy=vacancy)


@router.post("/vacancies/new", response_class=HTMLResponse)
async def create_vacancy(request: Request, uow: Uow, user: User) -> Response:
    """Draft a vacancy for one of the agency's employers."""
    return await _save_vacancy(request, uow, user, None)


@router.get("/vacancies/{vacancy_id}/edit", response_class=HTMLResponse)
async def edit_vacancy_page(request: Request, uow: Uow, user: User, vacancy_id: Id
                            ) -> Response:
    """The draft's terms in the form, to change them."""
    _ = gettext_for(request)
    vacancy = await own_vacancy(uow, user, vacancy_id)
    if vacancy.status != VacancyStatus.DRAFT:
        return redirect(f"/agency/vacancies/{vacancy_id}",
                        flash=_("Only a draft can be edited."))
    return await _vacancy_form(request, uow, user, FormState(_vacancy_values(vacancy)),
                               vacancy=vacancy)


@router.post("/vacancies/{vacancy_id}/edit", response_class=HTMLResponse)
async def edit_vacancy(request: Request, uow: Uow, user: User, vacancy_id: Id) -> Response:
    """Replace the terms of a draft."""
    return await _save_vacancy(request, uow, user, await own_vacancy(uow, user, vacancy_id))
