"""Pages for agency staff: the agency's home, its licence, and the public sign-up of a new
agency. Employers, vacancies and referrals are in agency_vacancies, agency_vacancy_form and
agency_referrals."""

from __future__ import annotations

from collections import Counter
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError

from api.deps import Uow, rate_limited, start_session
from api.problems import status_of
from api.web import agency_referrals, agency_vacancies
from api.web.agency_base import (
    HOME_CURRENCY,
    Id,
    User,
    all_vacancies,
    amount,
    present,
    router,
    split_list,
    sub,
)
from api.web.common import (
    N_,
    FormState,
    MaybeSignedIn,
    errors_from_validation,
    form_token,
    gettext_for,
    read_form,
    render,
    request_language,
    set_session,
)
from api.web.forms import Done, Refusal, place_errors, submit
from api.web.labels import (
    AGENCY_STANDING,
    LICENCE_STATUS,
    PERSON_ROLE,
    REFERRAL_STATUS,
    VACANCY_STATUS_AGENCY,
    labels,
)
from api.web.notice_texts import listed
from api.web.options import DESTINATIONS, country_options
from api.web.refusals import refusal_errors
from core import notifications
from core.auth import Principal, PseudoRole, Role
from core.clock import utc_today
from core.errors import DomainError
from ratings import service as ratings_service
from registry import service as registry
from registry.exceptions import Conflict as RegistryConflict
from registry.exceptions import NotFound as RegistryNotFound
from registry.rules import OPEN_STATES, LicenceStatus
from registry.schemas import (
    AgencyRegistration,
    LicenceApplicationIn,
    LicenceOut,
    PersonIn,
    RegisteredAgencyOut,
)

__all__ = ["router", "agency_vacancies", "agency_referrals"]

OPEN_REFERRALS = ["referred", "interviewed", "offered", "contract_signed"]


# --- home -------------------------------------------------------------------------------

def current_licence(licences: list[LicenceOut]) -> LicenceOut | None:
    """The licence pending or in force, else the latest one."""
    ordered = sorted(licences, key=lambda lic: lic.applied_at, reverse=True)
    for licence in ordered:
        if licence.status in OPEN_STATES:
            return licence
    return ordered[0] if ordered else None


async def _rating(uow: Uow, user: Principal) -> Any:
    assert user.agency_id is not None
    try:
        return await ratings_service.get_rating(uow, agency_id=user.agency_id, actor=user)
    except RegistryNotFound:
        return None


@router.get("", response_class=HTMLResponse)
async def home(request: Request, uow: Uow, user: User) -> Response:
    """The agency at a glance: its licence, vacancies by state, open referrals, notices."""
    _ = gettext_for(request)
    assert user.agency_id is not None
    agency = await registry.get_agency(uow, agency_id=user.agency_id, actor=user)
    licences = await registry.list_licences(uow, actor=user, limit=1000)
    vacancies = await all_vacancies(uow, user)
    referrals = await agency_referrals.open_referrals(uow, user)
    counts = Counter(v.status.value for v in vacancies)
    return render(request, "agency/home.html", {
        "agency": agency,
        "licence": current_licence(licences),
        "rating": await _rating(uow, user),
        "counts": [(state, counts.get(state, 0)) for state in VACANCY_STATUS_AGENCY],
        "open_referrals": len(referrals),
        "referral_counts": Counter(r.status.value for r in referrals),
        "notices": listed(await notifications.inbox(uow.conn, user, limit=5),
                          role=Role.AGENCY_STAFF, language=request_language(request)),
        "licence_words": labels(_, LICENCE_STATUS),
        "agency_words": labels(_, AGENCY_STANDING),
        "vacancy_words": labels(_, VACANCY_STATUS_AGENCY),
        "referral_words": labels(_, REFERRAL_STATUS),
    })


# --- licence ----------------------------------------------------------------------------

LICENCE_FIELDS = ("countries", "other_countries", "deposit.amount", "deposit.currency")


async def _licence_page(request: Request, uow: Uow, user: Principal, *,
                        form: FormState | None = None, renew_error: str | None = None,
                        status_code: int = 200) -> Response:
    _ = gettext_for(request)
    assert user.agency_id is not None
    agency = await registry.get_agency(uow, agency_id=user.agency_id, actor=user)
    licences = sorted(await registry.list_licences(uow, actor=user, limit=1000),
                      key=lambda lic: lic.applied_at, reverse=True)
    licence = current_licence(licences)
    may_apply = licence is None or licence.status not in OPEN_STATES
    if form is None:
        form = FormState(values={"deposit.currency": HOME_CURRENCY.get(agency.country, "")})
    destinations = [pair for pair in country_options(request_language(request), DESTINATIONS)
                    if pair[0] in DESTINATIONS and pair[0] != agency.country]
    return render(request, "agency/licence.html", {
        "agency": agency,
        "licence": licence,
        "licences": licences,
        "may_apply": may_apply,
        "may_renew": licence is not None and licence.status == LicenceStatus.ACTIVE
        and licence.renewal_requested_at is None,
        "form": form,
        "renew_form": FormState(),
        "renew_error": renew_error,
        "destinations": destinations,
        "licence_words": labels(_, LICENCE_STATUS),
        "role_words": labels(_, PERSON_ROLE),
    }, status_code=status_code)


@router.get("/licence", response_class=HTMLResponse)
async def licence_page(request: Request, uow: Uow, user: User) -> Response:
    """The licence: its state, validity and countries, every licence held, apply or renew."""
    return await _licence_page(request, uow, user)


def _application(values: dict[str, Any]) -> dict[str, Any]:
    chosen = list(values.get("countries") or [])
    for code in split_list(values.get("other_countries")):
        if code.upper() not in chosen:
            chosen.append(code.upper())
    deposit = sub(values, "deposit", "amount", "currency")
    if "amount" in deposit:
        deposit["amount"] = amount(deposit["amount"])
    return {"countries": chosen, "deposit": deposit}


@router.post("/licence/apply", response_class=HTMLResponse)
async def apply_for_licence(request: Request, uow: Uow, user: User) -> Response:
    """Apply for a licence for the destination countries, with the security deposit."""
    _ = gettext_for(request)
    assert user.agency_id is not None
    agency_id = user.agency_id

    async def work(values: dict[str, Any]) -> Done:
        await registry.apply_for_licence(
            uow, agency_id=agency_id, actor=user, today=utc_today(),
            application=LicenceApplicationIn.model_validate(_application(values)))
        return Done("/agency/licence", _("Your licence application was sent to the regulator."))

    async def again(form: FormState, status: int) -> Response:
        return await _licence_page(request, uow, user, form=form, status_code=status)

    return await submit(request, uow, work, again=again, fields=LICENCE_FIELDS,
                        lists=("countries",))


@router.post("/licence/{licence_id}/renewal", response_class=HTMLResponse)
async def request_renewal(request: Request, uow: Uow, user: User, licence_id: Id
                          ) -> Response:
    """Ask the regulator to renew the active licence."""
    _ = gettext_for(request)

    async def work(values: dict[str, Any]) -> Done:
        await registry.request_renewal(uow, licence_id=licence_id, actor=user,
                                       today=utc_today())
        return Done("/agency/licence", _("The renewal was requested from the regulator."))

    async def again(form: FormState, status: int) -> Response:
        said = form.errors.get("__all__") or next(iter(form.errors.values()), None)
        return await _licence_page(request, uow, user, renew_error=said, status_code=status)

    return await submit(request, uow, work, again=again)


# --- sign-up ----------------------------------------------------------------------------

PERSON_FIELDS = ("full_name", "role", "date_of_birth", "document_country", "document_number")
# The registration's own error types, in the reader's words.
PERSON_WORDS = {
    "birth_in_future": N_("The date of birth must be in the past."),
    "birth_too_early": N_("This date of birth is too early to be right."),
    "person_too_young": N_("An owner or director must be at least 18 years old."),
}
AGENCY_FIELDS = ("legal_name", "registration_number", "country", "address", "email", "phone",
                 "website", "account.full_name", "account.email", "account.password",
                 "account.password_again", "people")
MAX_PEOPLE = 30


def _people_rows(values: dict[str, Any]) -> int:
    rows = 0
    while rows < MAX_PEOPLE and (f"people-{rows}-full_name" in values or any(
            values.get(f"people-{rows}-{name}") for name in PERSON_FIELDS)):
        rows += 1
    return rows


def _register_page(request: Request, form: FormState, rows: int, *,
                   status_code: int = 200) -> Response:
    _ = gettext_for(request)
    language = request_language(request)
    # A password is never sent back into the page.
    form.values = {k: v for k, v in form.values.items() if not k.startswith("account.password")}
    return render(request, "agency/register.html", {
        "form": form,
        "rows": range(max(1, min(rows, MAX_PEOPLE))),
        "may_add": rows < MAX_PEOPLE,
        "home_countries": country_options(language, ["KG", "TJ", "UZ", "KZ"]),
        "role_options": list(labels(_, PERSON_ROLE).items()),
    }, status_code=status_code)


@router.get("/register", response_class=HTMLResponse)
async def register_page(request: Request, principal: MaybeSignedIn) -> Response:
    """Public: register a recruitment agency, its owners and directors and a first account."""
    return _register_page(request, FormState(values={"people-0-role": "owner",
                                                     "people-1-role": "director"}), 2)


_registration_limit = rate_limited("register", "registration_rate_limit")


@router.post("/register", response_class=HTMLResponse)
async def register(request: Request, uow: Uow, principal: MaybeSignedIn) -> Response:
    """Register the agency, then sign its first staff member in."""
    _ = gettext_for(request)
    form = await request.form()
    values = await read_form(request)
    rows = _people_rows(values)
    if form.get("add_person"):
        # Another row for a person, keeping everything typed so far; nothing is sent yet.
        return _register_page(request, FormState(values, {}, await form_token(request)),
                              rows + 1)
    fields = _register_fields(rows)
    registered: RegisteredAgencyOut | None = None

    async def work(values: dict[str, Any]) -> Done:
        nonlocal registered
        data, row_of = _registration(request, values, rows)
        # Counted only for forms that would register: a typo or another row is free.
        await _registration_limit(request)
        actor = Principal(user_id=None, role=PseudoRole.APPLICANT,
                          label=f"{data.account.full_name} <{data.account.email}>")
        try:
            registered = await registry.register_agency(uow, data=data, actor=actor)
        except DomainError as exc:
            moved = {f"people[{i}]": f"people-{row}-full_name" for i, row in enumerate(row_of)}
            if isinstance(exc, RegistryConflict):  # the same agency is registered already
                moved["__all__"] = "registration_number"
            raise Refusal(place_errors(refusal_errors(request, exc), fields, moved),
                          status_of(exc)) from exc
        return Done("/agency", flash=_(
            "Your agency is registered and you are signed in. Next, apply for a licence."))

    async def again(form: FormState, status: int) -> Response:
        return _register_page(request, form, rows, status_code=status)

    response = await submit(request, uow, work, again=again, fields=fields)
    if registered is not None:
        session, lifetime = await start_session(request, uow, registered.user_id)
        set_session(request, response, session, max_age=lifetime)
    return response


def _registration(request: Request, values: dict[str, Any], rows: int
                  ) -> tuple[AgencyRegistration, list[int]]:
    """The sign-up form as the registry's input, and the form row of each person sent; a
    form with mistakes is refused with all of them at once."""
    _ = gettext_for(request)
    errors: dict[str, str] = {}
    people: list[PersonIn] = []
    row_of: list[int] = []
    for index in range(rows):
        row = {name: values.get(f"people-{index}-{name}") for name in PERSON_FIELDS}
        row = {name: value for name, value in row.items() if value}
        if set(row) <= {"role"}:  # a row left blank (its role is preset)
            continue
        try:
            people.append(PersonIn.model_validate(row))
            row_of.append(index)
        except ValidationError as exc:
            for name, message in errors_from_validation(exc, request, PERSON_WORDS).items():
                errors.setdefault(f"people-{index}-{name}" if name in PERSON_FIELDS
                                  else f"people-{index}-full_name", message)
    if not people and not errors:
        errors["people"] = _("Name at least one owner or director.")
    if values.get("account.password") != values.get("account.password_again"):
        errors["account.password_again"] = _("The two passwords differ.")
    body = present(values, "legal_name", "registration_number", "country", "address",
                   "email", "phone", "website")
    if "website" in body and "://" not in body["website"]:
        body["website"] = "https://" + body["website"]
    body["people"] = [p.model_dump() for p in people] or [{}]
    body["account"] = sub(values, "account", "email", "full_name", "password")
    data: AgencyRegistration | None = None
    try:
        data = AgencyRegistration.model_validate(body)
    except ValidationError as exc:
        for name, message in errors_from_validation(exc, request).items():
            if not name.startswith("people"):
                errors.setdefault(name, message)
    if errors or data is None:
        raise Refusal(errors, 422)
    return data, row_of


def _register_fields(rows: int) -> list[str]:
    return [*AGENCY_FIELDS, *(f"people-{i}-{name}" for i in range(rows)
                              for name in PERSON_FIELDS)]
