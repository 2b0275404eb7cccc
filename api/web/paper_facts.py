"""What the papers and the job page's "how to apply" say, gathered once: the agency's licence
and contacts, the labour attaché mission a worker calls, the migrant resource centres, the
rule on fees charged to workers, and the warnings that follow from them. Each paper is made
here in the reader's language, for the printable page and the PDF alike."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlencode

from fastapi import Request

from api.web.common import environment, request_language, translations
from api.web.labels import LICENCE_STATUS_PUBLIC, PROVISION, RED_FLAG, WAGE_PERIOD, labels
from api.web.paper_pdf import Paper, Section
from core.auth import Principal, Role
from core.db import UnitOfWork
from core.errors import NotFound
from matching import centres as centre_service
from matching import migrants, vacancies
from matching.schemas import VacancyOut, VerificationOut, VerifiedByOut, WorkerFeeRuleOut
from missions import service as attache_service
from ratings import service as ratings_service
from registry import service as registry_service
from registry.schemas import LookupResult


@dataclass
class Place:
    """Where a worker turns: a mission or a centre, as the register holds it."""

    name: str
    country: str
    city: str = ""
    phone: str | None = None
    email: str | None = None
    address: str | None = None


@dataclass
class Facts:
    """Around one job: its agency, licence, mission, fee rule and the centres to go to.
    `home` is the country whose mission the reader calls: the migrant's citizenship when the
    reader is known, else the agency's country, where its workers are recruited."""

    agency: registry_service.AgencyContact
    licence: LookupResult | None
    mission: Place | None
    fee_rule: WorkerFeeRuleOut
    home: str
    own_centre: Place | None = None
    # The job breaks a rule that protects workers today (a watchlisted employer, a
    # minimum raised, the agency's licence): its code's check says not to pay.
    breach: bool = False
    centres: list[Place] = field(default_factory=list)


def place_of(row: Mapping[str, Any] | None) -> Place | None:
    if row is None:
        return None
    return Place(name=row["name"], country=row["country"], city=row.get("city") or "",
                 phone=row.get("phone"), email=row.get("email"), address=row.get("address"))


async def licence_of(uow: UnitOfWork, agency_id: int, country: str, today: date
                     ) -> LookupResult | None:
    """The public lookup's view of the agency's licence (status, number, validity)."""
    standing = await registry_service.licence_standing(uow, agency_id=agency_id,
                                                       country=country, today=today)
    if not standing.licence_number:
        return None
    found = await registry_service.lookup(uow, query=standing.licence_number, today=today,
                                          ratings=ratings_service.rating_summaries)
    return next((r for r in found.results if r.licence_number == standing.licence_number),
                None)


async def mission_for(uow: UnitOfWork, *, country: str, home: str,
                      verified_by: int | None = None) -> Place | None:
    """The labour attaché mission a worker from `home` calls in `country`: the home
    country's own mission there, or none (another country's mission, even the one that
    verified the job, is not the worker's to call: an Uzbek worker would be sent to the
    Kyrgyz mission). `verified_by` is the verifying mission, named when it is the home
    country's."""
    missions = await attache_service.list_missions(uow, country=country)
    own = [m for m in missions if m["sending_country"] == home]
    chosen = next((m for m in own if m["id"] == verified_by), own[0] if own else None)
    return place_of(chosen)


async def job_facts(uow: UnitOfWork, vacancy: VacancyOut, principal: Principal | None,
                    today: date, *, verified_by: int | None = None) -> Facts:
    """Everything "how to apply" and the job card say besides the job's own terms."""
    agency = await registry_service.agency_contact(uow, agency_id=vacancy.agency_id)
    migrant = None
    if principal is not None and principal.role == Role.MIGRANT:
        try:
            migrant = await migrants.get_own_migrant(uow, actor=principal)
        except NotFound:
            migrant = None
    home = migrant.citizenship if migrant is not None else agency.country
    facts = Facts(
        agency=agency,
        licence=await licence_of(uow, vacancy.agency_id, vacancy.country, today),
        mission=await mission_for(uow, country=vacancy.country, home=home,
                                  verified_by=verified_by),
        # Fees are ruled by the country the workers are recruited from: the agency's.
        fee_rule=await vacancies.get_worker_fee_rule(uow, country=agency.country),
        home=home,
    )
    if migrant is not None:
        facts.own_centre = place_of(await centre_service.get_centre(
            uow, centre_id=migrant.centre_id))
    if facts.own_centre is None:
        facts.centres = [p for p in (place_of(c) for c in await centre_service.list_centres(
            uow, country=agency.country)) if p is not None]
    return facts


def check_url(base_url: str, code: str) -> str:
    """The public check of a job code, which the QR opens: scrolled to the code's answer, which
    on a phone is below the agency check."""
    return f"{base_url.rstrip('/')}/check?{urlencode({'code': code})}#code-check"


def format_code(code: str | None) -> str:
    if not code:
        return ""
    return f"{code[:4]}-{code[4:]}" if len(code) == 8 and "-" not in code else code


def warnings(language: str, facts: Facts, fee: tuple[Any, str] | None, *,
             terms_shown: bool = True) -> list[str]:
    """What a worker must never do, for this agency's country and this job's fee; the
    contract is held against the terms only where they are `terms_shown`."""
    _ = translations(language).gettext
    env = environment(language)
    origin = env.filters["country"](facts.fee_rule.country)
    said: list[str] = []
    if facts.fee_rule.fees_banned:
        said.append(_("Never pay for a job offer: under the rules of %(country)s no fee may be "
                      "charged to workers, and the employer pays the recruitment costs.")
                    % {"country": origin})
    elif fee is not None and fee[0] > 0:
        said.append(_("The only fee this job may cost you is %(amount)s, as written here: pay "
                      "nothing more, and ask for a receipt.")
                    % {"amount": env.filters["money"](fee[0], fee[1])})
    else:
        said.append(_("Never pay for a job offer: this job charges the worker no fee."))
    said += [
        _("Never hand over your passport to the agency, the employer or anyone else: it is "
          "yours to keep."),
        _("Apply only through the licensed agency named here; anyone else who offers you this "
          "job may not recruit for it."),
    ]
    if terms_shown:
        said.append(_("Do not sign a contract whose terms differ from these, and keep a copy "
                      "of what you sign."))
    if facts.mission and facts.mission.phone:
        said.append(_("If anyone asks you for money or for your passport, call the labour "
                      "attaché's hotline: %(phone)s.") % {"phone": facts.mission.phone})
    else:
        said.append(_("If anyone asks you for money or for your passport, tell a migrant "
                      "resource centre."))
    return said


def licence_rows(_: Callable[[str], str], env: Any, facts: Facts) -> list[tuple[str, str]]:
    licence = facts.licence
    status = licence.status if licence else "unlicensed"
    rows = [(_("Name of the agency"), facts.agency.name),
            (_("Licence number"), licence.licence_number or "—" if licence else "—"),
            (_("Licence status"), _(LICENCE_STATUS_PUBLIC.get(status, status))
             + (" — " + _("May recruit today") if licence and licence.may_recruit_today
                else ""))]
    if licence and licence.valid_from and licence.valid_until:
        rows.append((_("Valid"), _("from %(start)s to %(end)s") % {
            "start": env.filters["date"](licence.valid_from),
            "end": env.filters["date"](licence.valid_until)}))
    rows += [(_("Phone"), facts.agency.phone), (_("E-mail"), facts.agency.email),
             (_("Address"), facts.agency.address)]
    return rows


def mission_section(_: Callable[[str], str], env: Any, mission: Place | None,
                    country: str, home: str) -> Section:
    """The mission of `home` (the reader's country) in `country`; when
    none is on record, that it is this one that is missing: another country's mission may
    be there, and may even have verified the job."""
    section = Section("help", _("Help and complaints"))
    if mission is None:
        section.notes.append(_("No labour attaché mission of %(home)s in %(country)s is on "
                               "record: ask a migrant resource centre for help.")
                             % {"home": env.filters["country"](home),
                                "country": env.filters["country"](country)})
        return section
    section.rows.append((_("Labour attaché mission"), mission.name))
    if mission.phone:
        section.rows.append((_("Hotline"), mission.phone))
    if mission.email:
        section.rows.append((_("E-mail"), mission.email))
    if mission.address:
        section.rows.append((_("Address"), mission.address))
    return section


def printed_on(_: Callable[[str], str], env: Any, today: date) -> str:
    return _("Printed on %(date)s from Vetted.") % {"date": env.filters["date"](today)}


def terms_section(_: Callable[[str], str], env: Any, vacancy: VacancyOut,
                  verification: VerificationOut | None = None) -> Section:
    """Every term the job's page shows, the ones a contract is held against: with the
    verification, who verified it, its week against the legal one, and each warning the
    attaché accepted with the reason."""
    place = f"{env.filters['city'](vacancy.city, vacancy.country)}, " \
            f"{env.filters['country'](vacancy.country)}"
    wage = f"{env.filters['money'](vacancy.wage.amount, vacancy.wage.currency)} " \
           f"{_(WAGE_PERIOD.get(vacancy.wage.period, WAGE_PERIOD['month']))}"
    if vacancy.wage.period != "month":
        wage += " (" + _("about %(amount)s a month") % {
            "amount": env.filters["money"](vacancy.wage_monthly, vacancy.wage.currency)} + ")"
    hours = env.filters["number"](vacancy.hours_per_week, 1, False)
    checks = {c.code: c for c in verification.checks} if verification else {}
    if "hours" in checks and checks["hours"].holds is False:
        hours += " — " + _("Over the legal limit of %(limit)s hours a week") % {
            "limit": env.filters["number"](checks["hours"].params["limit"], 1, False)}
    fee = vacancy.worker_fee
    rows = [
        (_("Employer"), vacancy.employer_name),
        (_("Place"), place),
        (_("Wage"), wage),
        (_("Hours per week"), hours),
        (_("Housing"), _(PROVISION.get(vacancy.housing, vacancy.housing))),
        (_("Meals"), _(PROVISION.get(vacancy.meals, vacancy.meals))),
        (_("Languages needed"), ", ".join(
            f"{env.filters['language_name'](need['code'])} {need['level']}"
            for need in vacancy.languages) or "—"),
        (_("Contract"), _("%(months)s months") % {"months": vacancy.contract_months}),
        (_("Workers wanted"), str(vacancy.positions)),
        (_("Fee charged to the worker"),
         env.filters["money"](fee.amount, fee.currency) if fee and fee.amount > 0
         else _("None: the employer pays the recruitment costs")),
        (_("Apply by"), env.filters["date"](vacancy.closing_date)),
    ]
    by = verification.verified_by if verification else None
    if by is not None and by.at is not None:
        rows.append((_("Verified by a labour attaché"), _("%(who)s, on %(date)s.") % {
            "who": ", ".join(x for x in (by.attache, by.mission) if x) or "—",
            "date": env.filters["date"](by.at.date())}))
    for accepted in verification.acknowledgements if verification else []:
        rows.append((_(RED_FLAG.get(accepted.code, accepted.code)),
                     _("The labour attaché accepted it because: “%(reason)s”")
                     % {"reason": accepted.reason}))
    return Section("terms", _("Terms of the job"), rows=rows)


def job_card(language: str, vacancy: VacancyOut, facts: Facts, base_url: str, today: date,
             verification: VerificationOut | None = None) -> Paper:
    """The job card: the terms, the code and its QR, the agency's licence, the hotline."""
    _ = translations(language).gettext
    env = environment(language)
    place = f"{env.filters['city'](vacancy.city, vacancy.country)}, " \
            f"{env.filters['country'](vacancy.country)}"
    fee = vacancy.worker_fee
    terms = terms_section(_, env, vacancy, verification)
    code = format_code(vacancy.verification_code)
    return Paper(
        kind="job_card", language=language, title=vacancy.title,
        subtitle=f"{vacancy.employer_name} · {place} · "
                 f"{env.filters['occupation'](vacancy.occupation, vacancy.occupation_code)}",
        reference_label=_("Verification code"), reference=code,
        qr_url=check_url(base_url, code),
        qr_caption=_("Check the code before you pay or sign anything:"),
        sections=[terms, Section("agency", _("The agency"),
                                 rows=licence_rows(_, env, facts)),
                  mission_section(_, env, facts.mission, vacancy.country, facts.home)],
        warning_title=_("What you must never do"),
        warnings=warnings(language, facts, (fee.amount, fee.currency) if fee else None),
        filename=f"vetted-job-{code or vacancy.id}.pdf", printed=printed_on(_, env, today),
    )


async def how_to_apply(request: Request, uow: UnitOfWork, vacancy: VacancyOut,
                       principal: Principal | None, today: date,
                       verified_by: VerifiedByOut | None) -> dict[str, Any]:
    """The job page's "how to apply": the agency, the centre, the warnings, and the card."""
    facts = await job_facts(uow, vacancy, principal, today,
                            verified_by=verified_by.mission_id if verified_by else None)
    language = request_language(request)
    fee = vacancy.worker_fee
    code = format_code(vacancy.verification_code)
    return {"apply": facts,
            "apply_warnings": warnings(language, facts,
                                       (fee.amount, fee.currency) if fee else None),
            "licence_words": labels(translations(language).gettext, LICENCE_STATUS_PUBLIC),
            "qr": Paper(kind="job_card", language=language, title="", subtitle="",
                        reference_label="", reference=code, sections=[], warning_title="",
                        warnings=[], filename="",
                        qr_url=check_url(str(request.base_url), code)).qr_svg(),
            # Printed beside the button, which a printed page leaves out.
            "check_address": check_url(str(request.base_url), code).split("#")[0],
            "card_url": f"/jobs/{vacancy.id}/card.pdf"}
