"""The referral slip and the dispute receipt a migrant carries, made in the migrant's
language from the referral or case and the facts around it (api.web.paper_facts)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from api.web.common import N_, environment, translations
from api.web.labels import (
    DISPUTE_KIND_MIGRANT,
    DISPUTE_STAGE_PAPER,
    DISPUTE_STATUS_MIGRANT,
    PARTY,
    REFERRAL_STATUS_MIGRANT,
)
from api.web.paper_facts import (
    Facts,
    Place,
    check_url,
    format_code,
    licence_of,
    licence_rows,
    mission_for,
    mission_section,
    place_of,
    printed_on,
    terms_section,
    warnings,
)
from api.web.paper_pdf import Paper, Section
from core.config import get_settings
from core.db import UnitOfWork
from core.errors import NotFound
from disputes.schemas import DisputeOut, OutcomeOut
from matching import centres as centre_service
from matching import vacancies
from matching.rules import ReferralStatus
from matching.schemas import ReferralOut, VacancyOut
from missions import service as attache_service
from registry import service as registry_service


async def referral_facts(uow: UnitOfWork, referral: ReferralOut, today: date
                         ) -> tuple[Facts, Place | None, VacancyOut | None]:
    """The referred job's agency, licence, mission and fee rule, the referring centre, and
    the job (its terms and code) while the job is still public."""
    agency = await registry_service.agency_contact(uow, agency_id=referral.agency_id)
    country = referral.vacancy.country
    # The slip is the migrant's: their own country's mission is the one they call.
    home = referral.migrant.citizenship
    facts = Facts(agency=agency, licence=await licence_of(uow, referral.agency_id, country,
                                                          today),
                  mission=await mission_for(uow, country=country, home=home),
                  fee_rule=await vacancies.get_worker_fee_rule(uow, country=agency.country),
                  home=home)
    centre = place_of(await centre_service.get_centre(uow, centre_id=referral.centre_id))
    try:
        job = await vacancies.get_vacancy(uow, vacancy_id=referral.vacancy.id, actor=None,
                                          today=today)
    except NotFound:
        return facts, centre, None
    try:
        checks = await vacancies.public_checks(uow, vacancy_id=job.id, today=today)
    except NotFound:
        return facts, centre, job
    facts.breach = checks.verdict == "breach"
    return facts, centre, job


# What a migrant whose job's employer is on the watchlist should do, at the referral's state
# (the same words as the note on their pages, _licence_hold.html employer_note).
_WATCHLISTED_OPEN = N_("Do not sign anything for this job or pay anyone for it. Your migrant "
                       "resource centre will help you find another job.")
_EMPLOYER_WATCHLISTED = {
    ReferralStatus.CONTRACT_SIGNED: N_(
        "Even with a signed contract, do not travel for this job or pay anyone for it now. "
        "Your migrant resource centre will help you find another job."),
    ReferralStatus.DEPLOYED: N_(
        "You already work for this employer. Keep your passport and a copy of your contract "
        "with you. If you are not paid as agreed or are treated unfairly, file a dispute: the "
        "labour attaché and your migrant resource centre will help you."),
}


def referral_slip(language: str, referral: ReferralOut, facts: Facts, centre: Place | None,
                  job_terms: VacancyOut | None, base_url: str, today: date) -> Paper:
    """The slip a migrant carries to the agency: who referred whom to which job, the job's
    terms while it is public (a contract is held against them), and what must never be
    paid."""
    _ = translations(language).gettext
    env = environment(language)
    job = referral.vacancy
    rows = [
        (_("Migrant"), referral.migrant.full_name),
        (_("Job"), job.title),
        (_("Employer"), job.employer_name),
        (_("Place"), f"{env.filters['city'](job.city, job.country)}, "
                     f"{env.filters['country'](job.country)}"),
        (_("Referred on"), env.filters["date"](referral.created_at.date())),
        (_("State"), _(REFERRAL_STATUS_MIGRANT.get(referral.status.value, referral.status.value))),
    ]
    if centre is not None:
        rows.append((_("Migrant resource centre"),
                     f"{centre.name}, {env.filters['city'](centre.city, centre.country)}"))
    said = [_("The referral is free: neither the centre nor the agency may charge you for "
              "it."), *warnings(language, facts, None, terms_shown=job_terms is not None)]
    if facts.breach:
        said.insert(0, _("This job breaks a rule that protects workers today: do not pay or "
                         "sign anything for it, and ask your migrant resource centre."))
    if referral.employer_watchlisted:
        # The job leaves the search once its employer is watchlisted, so its terms and
        # check are gone from the slip: the referral itself says why, as the pages do.
        said.insert(0, f"{_('The employer is on the watchlist.')} "
                       f"{_(_EMPLOYER_WATCHLISTED.get(referral.status, _WATCHLISTED_OPEN))}")
    code = job_terms.verification_code if job_terms else None
    formatted = format_code(code)
    terms = [terms_section(_, env, job_terms)] if job_terms else []
    return Paper(
        kind="referral_slip", language=language, title=_("Referral slip"),
        subtitle=referral.migrant.full_name,
        reference_label=_("Referral reference"), reference=f"R-{referral.id}",
        qr_url=check_url(base_url, formatted) if code else None,
        qr_caption=_("The job's verification code is %(code)s. Check it before you pay or "
                     "sign anything:") % {"code": formatted},
        sections=[Section("referral", _("The referral"), rows=rows), *terms,
                  Section("agency", _("The agency"), rows=licence_rows(_, env, facts)),
                  mission_section(_, env, facts.mission, job.country, facts.home)],
        warning_title=_("What you must never do"), warnings=said,
        filename=f"vetted-referral-R-{referral.id}.pdf", printed=printed_on(_, env, today),
    )


async def dispute_handlers(uow: UnitOfWork, case: DisputeOut
                           ) -> tuple[Place | None, Place | None]:
    """The mission that handles the case, and the settlement body it is (or would be)
    referred to."""
    mission = await attache_service.get_mission(uow, mission_id=case.mission_id) \
        if case.mission_id else None
    body_id = case.referred_body_id or case.settlement_body_id
    body = await attache_service.get_settlement_body(uow, settlement_body_id=body_id) \
        if body_id else None
    return place_of(mission), place_of(body)


def dispute_receipt(language: str, case: DisputeOut, mission: Place | None,
                    body: Place | None, today: date) -> Paper:
    """The receipt of a filed dispute: its number, stage, deadlines and who handles it; once
    the case is decided (or resolved in mediation), what was decided instead of the stages."""
    _ = translations(language).gettext
    env = environment(language)
    settings = get_settings()
    against = case.recruiter.full_name if case.recruiter else (case.agency_name or "—")
    rows = [
        (_("What happened"), _(DISPUTE_KIND_MIGRANT.get(case.kind.value, case.kind.value))),
        (_("Migrant"), case.complainant.full_name),
        (_("Against"), against),
    ]
    if case.employer_name:
        rows.append((_("Employer"), case.employer_name))
    rows += [
        (_("Place of work"), f"{env.filters['city'](case.region, case.country)}, "
                             f"{env.filters['country'](case.country)}"),
        (_("Amount claimed"), env.filters["money"](case.claimed.amount, case.claimed.currency)
         if case.claimed else "—"),
        (_("Filed on"), env.filters["date"](case.filed_at.date())),
        (_("State"), _(DISPUTE_STATUS_MIGRANT.get(case.status.value, case.status.value))),
    ]
    outcome = case.outcome
    # A decided case's stages are over: who to turn to about the award replaces who handles
    # it, and the timetable of the stages is left out.
    handling = Section("handling", _("Who to contact") if outcome else _("Who handles it"))
    if case.stage and not outcome:
        handling.rows.append((_("Stage"), _(DISPUTE_STAGE_PAPER.get(case.stage, case.stage))))
    if case.stage_deadline and not outcome:
        handling.rows.append((_("Deadline of this stage"), _stamp(env, case.stage_deadline)))
    if mission is not None:
        handling.rows.append((_("Labour attaché mission"), mission.name))
        if mission.phone:
            handling.rows.append((_("Hotline"), mission.phone))
        if mission.email:
            handling.rows.append((_("E-mail"), mission.email))
    else:
        handling.rows.append((_("Labour attaché mission"), _("not chosen yet")))
    if body is not None:
        handling.rows.append((_("Settlement body"), body.name + (
            " — " + _("the case is referred to it")
            if case.referred_body_id and not outcome else "")))
        if body.phone:
            handling.rows.append((_("Phone of the settlement body"), body.phone))
    if not outcome:
        handling.notes.append(_(
            "A labour attaché takes up a case within %(acknowledge)s days; mediation lasts up "
            "to %(mediation)s days; a settlement body decides within %(decision)s days. A "
            "case nobody takes up in time is passed on automatically.") % {
            "acknowledge": settings.dispute_acknowledge_days,
            "mediation": settings.dispute_mediation_days,
            "decision": settings.dispute_decision_days})
    said = [_("Keep this receipt and give the case number whenever you call or write about "
              "your dispute."),
            _("Nobody may charge you for handling your dispute."),
            _("Never hand over your passport to the agency, the employer or anyone else: it is "
              "yours to keep.")]
    if mission is not None and mission.phone:
        said.append(_("If anyone asks you for money or for your passport, call the labour "
                      "attaché's hotline: %(phone)s.") % {"phone": mission.phone})
    return Paper(
        kind="dispute_receipt", language=language, title=_("Dispute receipt"),
        subtitle=case.complainant.full_name, reference_label=_("Case number"),
        reference=case.reference,
        sections=[Section("case", _("The case"), rows=rows),
                  *([_decision(_, env, case, outcome)] if outcome else []), handling],
        warning_title=_("Keep in mind"), warnings=said,
        filename=f"vetted-dispute-{case.reference}.pdf", printed=printed_on(_, env, today),
    )


def _decision(_: Any, env: Any, case: DisputeOut, outcome: OutcomeOut) -> Section:
    """What was decided: the award, who pays it and by when, the findings, and what to do
    when it is not paid."""
    money = env.filters["money"]
    section = Section("outcome", _("Outcome"), rows=[(_("Decided on"),
                                                      _stamp(env, outcome.recorded_at))])
    section.rows.append((_("Summary of the decision"), outcome.summary))
    if outcome.awarded is None:
        section.rows.append((_("Awarded"), _("Nothing was awarded")))
    else:
        section.rows.append((_("Awarded"), money(outcome.awarded.amount,
                                                 outcome.awarded.currency)))
        if outcome.payable_by:
            payer = _(PARTY.get(outcome.payable_by, outcome.payable_by))
            name = case.agency_name if outcome.payable_by == "agency" else case.employer_name
            section.rows.append((_("Payable by"), f"{payer} ({name})" if name else payer))
        if outcome.payment_due:
            section.rows.append((_("Payment due"),
                                 str(env.filters["date"](outcome.payment_due))))
        if outcome.recovered and outcome.recovered.amount > 0:
            section.rows.append((_("Paid so far"), money(outcome.recovered.amount,
                                                         outcome.recovered.currency)))
        if outcome.outstanding and outcome.outstanding.amount > 0 and outcome.payment_due:
            section.notes.append(_(
                "If the award is not paid in full by %(due)s, tell the labour attaché or your "
                "migrant resource centre: they follow it up with whoever must pay.")
                % {"due": env.filters["date"](outcome.payment_due)})
            if outcome.payable_by == "agency":
                section.notes.append(_(
                    "An award the agency does not pay can be paid to you from the agency's "
                    "security deposit."))
    for finding in outcome.findings:
        if finding.upheld:
            party = _(PARTY.get(finding.against, finding.against))
            section.rows.append((_("Finding"), f"{party}: {finding.summary}"))
    return section


def _stamp(env: Any, moment: datetime) -> str:
    return str(env.filters["date"](moment.date()))
