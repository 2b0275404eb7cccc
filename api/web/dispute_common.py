"""What the centre's and the migrant's dispute pages share: the filing form's fields as the
domain's input, its search of the agency by name, the evidence files of a sending, who
handles a case, a file's size, the promised and actual terms in the reader's words, and the
domain's refusals about evidence and messages, by their stable codes."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from babel import numbers as babel_numbers
from fastapi import Request
from starlette.datastructures import UploadFile

from api.web.common import (
    N_,
    FormState,
    form_token,
    format_money,
    gettext_for,
    read_form,
    request_language,
    size_words,
)
from api.web.labels import AGENCY_STANDING, PROVISION, WAGE_PERIOD, labels
from api.web.options import CURRENCIES
from core.auth import SYSTEM
from core.clock import utc_today
from core.config import get_settings
from core.db import UnitOfWork
from disputes.evidence_files import Upload
from disputes.exceptions import InvalidInput
from disputes.schemas import DisputeOut, TermValueOut
from missions import service as attache_service
from registry import service as registry_service
from registry.exceptions import NotFound as RegistryNotFound
from registry.schemas import AgencyOut

# The schema's refusals a complaint form can meet, in the words of every page language:
# migrants file complaints too, on pages in Kyrgyz, Uzbek and Tajik.
COMPLAINT_ERROR_WORDS = {
    "country_code": N_("Choose a country from the list."),
    "currency_code": N_("Choose a currency from the list."),
    "email_address": N_("Enter a valid e-mail address."),
    "kinds_twice": N_("List each kind once."),
    "string_pattern_mismatch": N_("Enter it as shown, e.g. +996 555 123456."),
}

# Wages are claimed in the currency of the country of work or of home.
CLAIM_CURRENCIES = CURRENCIES

# The form's field for each path the domain may name in an error.
DISPUTE_FIELDS = {
    "kind": "kind", "migrant_id": "migrant_id", "referral_id": "referral_id",
    "vacancy_id": "vacancy_id", "agency_id": "agency_id", "employer_name": "employer_name",
    "employer_registration_number": "employer_registration_number", "country": "country",
    "region": "region", "description": "description", "claimed": "claimed_amount",
    "claimed.amount": "claimed_amount", "claimed.currency": "claimed_currency",
    "reported_terms": "wage_amount", "reported_terms.wage": "wage_amount",
    "reported_terms.wage.amount": "wage_amount",
    "reported_terms.wage.currency": "wage_currency",
    "reported_terms.wage.period": "wage_period",
    "reported_terms.hours_per_week": "hours_per_week",
    "reported_terms.housing": "housing", "reported_terms.meals": "meals",
    "reported_terms.fee_paid": "fee_amount", "reported_terms.fee_paid.amount": "fee_amount",
    "reported_terms.fee_paid.currency": "fee_currency", "files": "files",
    "recruiter": "recruiter_name", "recruiter.full_name": "recruiter_name",
    "recruiter.phone": "recruiter_phone", "recruiter.address": "recruiter_address",
    "recruiter.found_via": "recruiter_found_via",
    "recruiter.found_via_detail": "recruiter_found_via_detail",
}
RECRUITER_FIELDS = {"full_name": "recruiter_name", "phone": "recruiter_phone",
                    "address": "recruiter_address", "found_via": "recruiter_found_via",
                    "found_via_detail": "recruiter_found_via_detail"}
EVIDENCE_FIELDS = {"files": "files"}
MESSAGE_FIELDS = {"body": "body"}
# How many agencies a search by name lists, and the longest name the search field takes.
AGENCIES_FOUND = 20
AGENCY_QUERY_LENGTH = 200


async def agencies_named(uow: UnitOfWork, query: str) -> list[AgencyOut]:
    """The agencies in the register whose name matches `query`, whatever their licence
    status; none for an empty query."""
    query = query.strip()
    return await registry_service.list_agencies(uow, query=query, limit=AGENCIES_FOUND,
                                                offset=0) if query else []


def searched_name(values: dict[str, Any]) -> str:
    """The agency's name searched for with the filing form, taken out of its values."""
    return str(values.pop("agency_q", None) or "").strip()[:AGENCY_QUERY_LENGTH]


async def searched_form(request: Request) -> tuple[FormState, str]:
    """What the filing form sent with its Find button, and the name searched for: the
    search is a button of the filing form itself, so that what was typed before looking
    the agency up comes back, under the form's own token (filing it later is still the one
    filing)."""
    values = await read_form(request)
    query = searched_name(values)
    return FormState(values, {}, await form_token(request)), query


async def agencies_found(uow: UnitOfWork, form: FormState, query: str) -> list[AgencyOut]:
    """The agencies whose name matches `query`; the only one found is chosen in `form`,
    unless a referral already names the agency."""
    found = await agencies_named(uow, query)
    if len(found) == 1 and not form.values.get("referral_id"):
        form.values["agency_id"] = str(found[0].id)
    return found


async def _standing(uow: UnitOfWork, agency_id: int) -> tuple[str, str] | None:
    """An agency's name and status in the register, or None if there is no such agency."""
    try:
        agency = await registry_service.get_agency(uow, agency_id=agency_id, actor=SYSTEM)
    except RegistryNotFound:
        return None
    return agency.legal_name, agency.status


async def agency_options(request: Request, uow: UnitOfWork, *, known: set[int],
                         found: list[AgencyOut], chosen: Any) -> list[tuple[str, str]]:
    """The agencies a filer may choose, by name, each with its standing in the register:
    those `known` (of the migrant's referrals), every agency licensed today, those found by
    name and the one chosen (any agency in the register may be complained about, whatever
    its licence status)."""
    _ = gettext_for(request)
    standing: dict[int, tuple[str, str]] = {a.id: (a.legal_name, a.status) for a in found}
    try:
        picked = int(chosen) if chosen else 0
    except (TypeError, ValueError):
        picked = 0
    for agency_id in known | {picked}:
        if 0 < agency_id < 2**63 and agency_id not in standing and \
                (seen := await _standing(uow, agency_id)) is not None:
            standing[agency_id] = seen
    for agency_id, licence in (await registry_service.recruiting_agencies(
            uow, today=utc_today())).items():
        standing.setdefault(agency_id, (licence.agency_name, "licensed"))
    statuses = labels(_, AGENCY_STANDING)
    return sorted(((str(i), f"{name} — {statuses.get(status, status)}")
                   for i, (name, status) in standing.items()),
                  key=lambda p: p[1].casefold())


def _present(mapping: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in mapping.items() if v is not None}


def dispute_data(values: dict[str, Any]) -> dict[str, Any]:
    """What was typed, shaped as DisputeIn (blank fields left out)."""
    data = _present({name: values.get(name) for name in (
        "kind", "migrant_id", "referral_id", "vacancy_id", "agency_id", "employer_name",
        "employer_registration_number", "country", "region", "description")})
    if values.get("claimed_amount") or values.get("claimed_currency"):
        data["claimed"] = _present({"amount": values.get("claimed_amount"),
                                    "currency": values.get("claimed_currency")})
    terms: dict[str, Any] = _present({
        "hours_per_week": values.get("hours_per_week"), "housing": values.get("housing"),
        "meals": values.get("meals")})
    if values.get("wage_amount") or values.get("wage_currency"):
        terms["wage"] = _present({"amount": values.get("wage_amount"),
                                  "currency": values.get("wage_currency"),
                                  "period": values.get("wage_period") or "month"})
    if values.get("fee_amount") or values.get("fee_currency"):
        terms["fee_paid"] = _present({"amount": values.get("fee_amount"),
                                      "currency": values.get("fee_currency")})
    if terms:
        data["reported_terms"] = terms
    recruiter = _present({key: values.get(name) for key, name in RECRUITER_FIELDS.items()})
    if recruiter:
        data["recruiter"] = recruiter
    return data


async def uploads(request: Request) -> list[Upload]:
    """The files chosen (an empty file field sends one nameless, empty part)."""
    limit = get_settings().evidence_max_bytes
    form = await request.form()
    found = []
    for item in form.getlist("files"):
        if isinstance(item, UploadFile) and (item.filename or item.size):
            found.append(Upload(filename=item.filename or "evidence",
                                claimed_type=item.content_type,
                                content=await item.read(limit + 1)))
    return found


async def handlers(uow: UnitOfWork, case: DisputeOut) -> dict[str, Any]:
    """Who handles the case: the mission, its attaché and the settlement body, by name."""
    mission = await attache_service.get_mission(uow, mission_id=case.mission_id) \
        if case.mission_id else None
    attache = None
    if case.mission_id and case.assigned_attache_id:
        attache = next((a for a in await attache_service.mission_attaches(
            uow, mission_id=case.mission_id) if a["id"] == case.assigned_attache_id), None)
    body_id = case.referred_body_id or case.settlement_body_id
    body = await attache_service.get_settlement_body(uow, settlement_body_id=body_id) \
        if body_id else None
    return {"mission": mission, "attache": attache, "body": body}


def file_size(request: Request, size: int) -> str:
    """A file's size as people read it, in the page's language."""
    return size_words(size, request_language(request), gettext_for(request))


def limits() -> dict[str, int]:
    """The evidence limits a form states."""
    settings = get_settings()
    return {"max_files": settings.evidence_max_files,
            "max_mb": max(1, settings.evidence_max_bytes // (1024 * 1024))}


def term_words(request: Request) -> Any:
    """`term_text(term, value)`: one side of a promised-and-actual term (TermValueOut) in
    the reader's words: "90 000 ₽ в месяц", "бесплатно", "без платы", "48"."""
    _ = gettext_for(request)
    language = request_language(request)

    def term_text(term: str, value: TermValueOut | None) -> str:
        if value is None:
            return "—"
        if term == "worker_fee":
            if not value.amount:
                return _("no fee")
            return format_money(value.amount, value.currency or "XXX", language)
        if term == "wage" and value.amount is not None:
            amount = format_money(value.amount, value.currency or "XXX", language)
            period = WAGE_PERIOD.get(value.period or "")
            return f"{amount} {_(period)}" if period else amount
        if value.hours is not None:
            return babel_numbers.format_decimal(Decimal(value.hours), format="#,##0.#",
                                                locale=language)
        if value.provision is not None:
            words = PROVISION.get(value.provision)
            return _(words) if words else value.provision.replace("_", " ")
        return "—"

    return term_text


def referral_mismatches(values: dict[str, Any], referrals: list[Any],
                        record_id: Callable[[Any], int | None]) -> list[InvalidInput]:
    """The domain's checks of the referral chosen against the agency and the country typed,
    made on the form as well so that both are said at once, beside its other errors: the
    domain checks one after the other and stops at the first. `record_id` reads an id as
    the form sent it."""
    referral = next((r for r in referrals if r.id == record_id(values.get("referral_id"))),
                    None)
    if referral is None:
        return []
    refused = []
    agency_id = record_id(values.get("agency_id"))
    if agency_id is not None and agency_id != referral.agency_id:
        refused.append(InvalidInput("agency_id", "dispute.referral_other_agency",
                                    referral_id=referral.id,
                                    referral_agency_id=referral.agency_id,
                                    agency_id=agency_id))
    country = values.get("country")
    if country and country != referral.vacancy.country:
        refused.append(InvalidInput("country", "dispute.vacancy_other_country",
                                    vacancy_id=referral.vacancy.id,
                                    vacancy_country=referral.vacancy.country, country=country))
    return refused
