"""The domain's refusals in the reader's words, by their stable codes (core.errors): each
code has one text here or in api.web.refusals_public (those migrants and the public may
meet, written in every language), with the refusal's parameters put in by name. Codes
(a status, a dispute's kind, a country) are worded in the page's language, dates are
written as the language writes them. tests/test_refusal_texts.py holds every code the
domains raise to a text in each language its readers may read."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from fastapi import Request

from api.web.common import (
    N_,
    country_name,
    format_date,
    format_money,
    gettext_for,
    request_language,
    size_words,
)
from api.web.refusals_public import PUBLIC
from core.errors import DomainError

STAFF = {
    "account.email_taken": N_("An account with this e-mail address already exists."),
    "account.not_closed": N_("The account of %(name)s is not closed: it is open already."),
    "account.role_excludes": N_("This does not apply to the role chosen."),
    "account.role_needs": N_("This is required for the role chosen."),
    "agency.person_barred": N_("%(person)s is barred from owning or directing a recruitment "
                               "agency until %(until)s."),
    "agency.registered_twice": N_("An agency with registration number %(registration_number)s in"
                                  " %(country)s is already registered."),
    "agency.name_taken": N_("%(name)s reads as the name of %(registered)s, an agency already "
                            "registered in %(country)s. Write the name as it is on your own "
                            "registration."),
    "award.none": N_("The case has no award to pay."),
    "award.paid_in_full": N_("The award has been paid in full."),
    "centre.missing": N_("There is no such centre."),
    "correction_window_closed": N_("The decision could be corrected until %(until)s "
                                   "(%(days)s days); it now stands as recorded. To change it, "
                                   "the parties challenge it where the law of the country "
                                   "allows, and the new decision is filed as a new dispute."),
    "decision.confirm_correction": N_("Check the preview of the correction, then confirm it."),
    "decision.correction_unchanged": N_("The correction changes nothing in the decision."),
    "decision.not_yours_to_correct": N_("Only the body that made this decision can correct it."),
    "deposit.award_against_employer":
        N_("The award is payable by the employer; the agency's deposit answers only for awards "
           "against the agency."),
    "deposit.confirm_draw": N_("Check the preview of the draw on the deposit, then confirm it."),
    "deposit.never_licensed": N_("This agency has never held a licence, so it has no security "
                                 "deposit."),
    "deposit.no_top_up_owed": N_("This agency owes no top-up of its security deposit."),
    "deposit.not_yet_due": N_("The award is due by %(due)s; the deposit can be drawn on only "
                              "once that date has passed unpaid."),
    "deposit.other_currency": N_("The deposit is held in %(deposit_currency)s and the award is "
                                 "in %(currency)s; it cannot be drawn on directly."),
    "deposit.regulator_only": N_("Only a regulator can draw on a security deposit."),
    "deposit.too_little": N_("The deposit holds only %(balance)s."),
    "deposit.top_up_amount": N_("The agency owes %(owed)s."),
    "deposit.top_up_currency": N_("The deposit is held in %(currency)s."),
    "deposit.top_up_regulator_only": N_("Only a regulator records top-ups of a security deposit."),
    "dispute.already_assigned": N_("The case is already assigned to this attaché."),
    "dispute.attache_country": N_("An attaché files disputes about work in the mission's country"
                                  " (%(mission_country)s), not %(country)s."),
    "dispute.attache_links_nothing": N_("An attaché files for the person in front of them; the "
                                        "migrant's record and referrals are linked only by the "
                                        "migrant or their centre."),
    "dispute.complainant_needed": N_("Give the complainant's name and how to reach them."),
    "dispute.confirm_step": N_("Check the preview of the outcome, then confirm it."),
    "dispute.field_not_for_step": N_("This field does not apply to the step chosen."),
    "dispute.filer_role": N_("Disputes are filed by centre staff, migrants or labour attachés."),
    "dispute.migrant_needed": N_("Choose the migrant the dispute is for."),
    "dispute.no_decision": N_("The case has no decision to correct."),
    "dispute.no_mission_placed": N_("No routing rule placed this case in a mission; choose the "
                                    "mission to assign it to."),
    "dispute.not_centre_migrant": N_("This migrant is not registered at your centre."),
    "dispute.not_mission_attache": N_("This person is not an active attaché of the mission."),
    "dispute.outcome_required": N_("Record the outcome: a summary, any amount awarded and the "
                                   "findings."),
    "dispute.preview_decisions_only":
        N_("A preview is given only for decisions: resolving or deciding a case."),
    "dispute.reason_required": N_("Give the reason."),
    "employer.not_found": N_("There is no such employer."),
    "employer.reason_required": N_("Give the reason."),
    "employer.registered_twice": N_("The agency already registered this employer "
                                    "(%(registration_number)s, %(country)s)."),
    "evidence.hidden_from_agency": N_("The evidence of a case is not shown to the agency "
                                      "concerned."),
    "licence.already_applied": N_("The agency already has an application under way (licence "
                                  "%(licence_id)s)."),
    "licence.already_held": N_("The agency already has a licence (licence %(licence_id)s): renew"
                               " it instead of applying again."),
    "licence.automatic": N_("This happens on its own when the licence's validity ends; nobody "
                            "can do it by hand."),
    "licence.countries_not_applied": N_("%(extra)s were not applied for; grant a subset of "
                                        "%(countries)s."),
    "licence.ended": N_("The licence ended on %(valid_until)s: apply for a new one."),
    "licence.ended_apply_again": N_("The licence ended on %(valid_until)s; it can no longer be "
                                    "renewed, the agency must apply again."),
    "licence.ended_while_suspended": N_("The licence ended on %(valid_until)s while suspended; "
                                        "it cannot be reinstated, only expire."),
    "licence.grant_only": N_("This may only be given when granting a licence."),
    "licence.not_found": N_("There is no such licence."),
    "licence.own_country": N_("%(country)s is the agency's own country; a licence covers "
                              "destination countries abroad."),
    "licence.reason_required": N_("Give the reason: this action needs one."),
    "licence.renew_not_active": N_("Only an active licence can be renewed."),
    "licence.renewal_not_requested": N_("The agency has not asked for a renewal of this licence."),
    "licence.renewal_requested": N_("A renewal of this licence was already requested."),
    "watchlist.until_past": N_("%(until)s has passed: a listing must last until today or "
                               "later."),
    "watchlist.until_too_far": N_("%(until)s is too far ahead: a listing ends by %(latest)s "
                                  "at the latest (ten years from today), or has no end date."),
    "watchlist.already_listed": N_("%(name)s is already on the watchlist (as %(listed_as)s), "
                                   "with no end date."),
    "watchlist.already_listed_until": N_("%(name)s is already on the watchlist (as "
                                         "%(listed_as)s) until %(until)s."),
    "watchlisted_employer.not_found": N_("There is no such watchlist entry."),
    "watchlist.ended": N_("The listing of %(name)s ended on %(on)s. To list the employer "
                          "again, add it anew."),
    "licence.start_in_past": N_("A licence cannot start in the past."),
    "licence.start_too_far": N_("A licence cannot start more than 90 days ahead."),
    "licence_not_in_force": N_("This referral cannot move on while the agency's licence is not "
                               "in force; turning it down is still possible."),
    "migrant.cannot_remove": N_("This cannot be left empty."),
    "migrant.consent_outdated": N_("The consent text has changed (it is now version "
                                   "%(version)s): read the current text to the migrant and ask "
                                   "again."),
    "migrant.email_needed": N_("An e-mail address is needed to create the migrant's sign-in."),
    "migrant.not_found": N_("There is no such migrant."),
    "migrant.not_prescreened": N_("Personalised matches are for pre-screened migrants only. "
                                  "Missing: %(missing)s."),
    "migrant.passport_here": N_("A migrant with this passport is already registered at this "
                                "centre (migrant number %(migrant_id)s)."),
    "migrant.passport_refused": N_("This passport cannot be registered. Check the number and the"
                                   " citizenship against the document; if they are right, the "
                                   "regulator can help."),
    "mission.home_country": N_("A mission works in a receiving country, not at home."),
    "mission.missing": N_("There is no such mission."),
    "user.not_found": N_("There is no such account."),
    "verification_code_of_vacancy.not_found": N_("This vacancy has no verification code yet."),
    "mission.no_attache": N_("The mission has no attaché to take the case; add one first."),
    "mission.no_other_attache": N_("The mission has no other attaché to take the case; add one "
                                   "first."),
    "mission.not_case_country": N_("The mission works in %(mission_country)s; the case is in "
                                   "%(country)s."),
    "mission.other_country": N_("The mission works in %(mission_country)s, not %(country)s."),
    "mission.region_not_covered": N_("The mission covers %(regions)s, not %(region)s."),
    "occupation_missing": N_("Give the occupation: choose it from the list, or write its name."),
    "outcome.deposit_drawn": N_("Part of the award was drawn from the agency's security deposit,"
                                " so it stays payable by the agency."),
    "outcome.due_in_past": N_("The payment deadline is in the past."),
    "outcome.due_too_far": N_("The payment deadline can be at most a year ahead: "
                              "%(latest)s at the latest."),
    "outcome.needs_award": N_("This applies only when an amount is awarded."),
    "outcome.no_agency": N_("The case is against a recruiter who is not in the register: "
                            "findings and awards can only be against the employer."),
    "outcome.no_employer": N_("The case names no employer to put on the watchlist."),
    "outcome.paid_cannot_lower": N_("%(paid)s of the award has been paid already; the award "
                                    "cannot be less."),
    "outcome.paid_cannot_remove": N_("%(paid)s of the award has been paid already; the "
                                     "award cannot be removed."),
    "outcome.paid_currency": N_("Payments towards the award were recorded in %(currency)s; its "
                                "currency cannot change."),
    "outcome.payer_missing": N_("Say who must pay the award: the agency or the employer."),
    "outcome.watchlist_employer_only":
        N_("Only a finding against the employer can put it on the watchlist."),
    "outcome.watchlist_kept": N_("A finding put the employer on the watchlist, which a "
                                 "correction does not undo: keep a finding against the employer "
                                 "that puts it there."),
    "payment.more_than_unpaid": N_("Only %(outstanding)s of the award is unpaid."),
    "payment.not_positive": N_("The amount must be more than zero."),
    "payment.not_yours": N_("Payments are recorded by the assigned attaché or a regulator."),
    "payment.wrong_currency": N_("The award is in %(currency)s."),
    "rating_alert.closed": N_("This alert was already closed on %(closed_on)s."),
    "rating_alert.not_found": N_("There is no such alert."),
    "rating_of_agency.not_found": N_("This agency has no rating yet."),
    "recruiters.all_referred": N_("Every report of this recruiter is already referred; a new "
                                  "report can be referred when it arrives."),
    "recruiters.person_only": N_("A referral is made by a person."),
    "recruiters.regulator_only": N_("The queue of unlicensed recruiters is the regulator's."),
    "referral.already_live": N_("This migrant is already referred to this vacancy (referral "
                                "%(referral_id)s). Only a rejected referral can be made again."),
    "referral.already_live_now": N_("This migrant is already referred to this vacancy. Only a "
                                    "rejected referral can be made again."),
    "referral.cannot_move": N_("This referral cannot move to %(action)s from where it is now "
                               "(%(status)s)."),
    "referral.cannot_move_final": N_("This referral is %(status)s and cannot change any more."),
    "referral.changed": N_("Changed by someone else: reload the page and decide again."),
    "referral.not_prescreened": N_("Only pre-screened migrants may be referred. Missing: "
                                   "%(missing)s."),
    "referral.not_your_migrant": N_("This migrant is not registered at your centre."),
    "referral.reason_required": N_("Give the reason: the migrant will see it."),
    "referral.employer_watchlisted": N_("%(employer)s is on the watchlist: the agency may not "
                                        "recruit for it, so the referral cannot move on. It "
                                        "may still be turned down."),
    "referral.vacancy_closed": N_("This vacancy is not open to referrals: only verified, "
                                  "published, open vacancies of licensed agencies can be "
                                  "referred to."),
    "referral_request.decided": N_("This request was answered already; only an open request can "
                                   "be answered."),
    "referral_request.reason_needed":
        N_("Give the reason the migrant will read (at least 3 characters)."),
    "report_of_an_unlicensed_recruiter.not_found": N_("There is no such report."),
    "routing.decisions_hidden": N_("Routing decisions are shown to the people handling the case."),
    "routing.not_yours_to_mark": N_("Routing is marked by the assigned attaché, the settlement "
                                    "body or a regulator."),
    "routing_decision.not_found": N_("There is no such routing decision."),
    "routing_rule.not_found": N_("There is no such routing rule."),
    "routing_rule.version_on_create": N_("A version is given only when changing a rule."),
    "search.unavailable": N_("Search is unavailable for a moment. Nothing is lost; please try "
                             "again shortly."),
    "security_deposit_of_agency.not_found": N_("This agency has no security deposit."),
    "settlement_body.kinds_not_taken": N_("This settlement body does not take %(kinds)s "
                                          "disputes."),
    "settlement_body.kinds_not_taken_limit":
        N_("This settlement body does not take %(kinds)s disputes; limit the rule's kinds."),
    "settlement_body.missing": N_("There is no such settlement body."),
    "settlement_body.none_for_case": N_("No settlement body in %(country)s takes %(kind)s "
                                        "disputes from %(region)s; choose one."),
    "settlement_body.not_for_case": N_("This settlement body does not take %(kind)s disputes "
                                       "from %(region)s, %(country)s."),
    "settlement_body.not_for_case_in":
        N_("This settlement body does not take %(kind)s disputes from %(region)s, %(country)s."),
    "settlement_body.other_country": N_("This settlement body is in %(body_country)s, not "
                                        "%(country)s."),
    "settlement_body.regions_only": N_("This settlement body serves only %(regions)s."),
    "unknown_occupation": N_("Choose an occupation from the list."),
    "vacancy.agency_may_not_recruit":
        N_("The agency may not recruit now: its licence is not in force."),
    "vacancy.attache_only": N_("Only a labour attaché in %(country)s can do this with this "
                               "vacancy."),
    "vacancy.automatic": N_("This happens to vacancies on their own; nobody can do it by hand."),
    "vacancy.changed": N_("Changed by someone else: reload the page and decide again."),
    "vacancy.closing_in_past": N_("The closing date is in the past."),
    "vacancy.closing_passed": N_("The closing date %(closing_date)s has passed."),
    "vacancy.edit_not_draft": N_("Only a draft can be edited; this vacancy is "
                                 "%(vacancy_status)s."),
    "vacancy.employer_elsewhere": N_("The employer is registered in %(employer_country)s, not "
                                     "%(country)s."),
    "vacancy.employer_not_yours": N_("This employer is not one of the agency's registered "
                                     "employers."),
    "vacancy.import_not_draft": N_("The vacancy with the reference %(reference)s is "
                                   "%(vacancy_status)s; an import changes only drafts."),
    "vacancy.licence_not_covering": N_("The agency's licence %(licence_number)s does not cover "
                                       "%(country)s."),
    "vacancy.posting_agency_only": N_("Only the agency that posted the vacancy can do this."),
    "vacancy.publish_blocked": N_("The vacancy cannot be published while a blocking red flag "
                                  "stands."),
    "vacancy.reason_required": N_("Give the reason."),
    "vacancy.reference_taken": N_("Another vacancy of the agency already has the reference "
                                  "%(reference)s."),
    "vacancy.unacknowledged_warnings":
        N_("Give a reason for accepting each warning before verifying."),
    "vacancy.verify_blocked": N_("The vacancy cannot be verified while a blocking red flag "
                                 "stands."),
    "vacancy.wage_too_large": N_("The wage is implausibly large."),
}

TEXTS: dict[str, str] = STAFF | PUBLIC

# Where staff are told more than migrants and the public: the step refused, and the steps
# possible now (the public text asks to reload the page).
STAFF_FIRST = {
    "transition.not_allowed": N_("“%(action)s” is not possible while the record is "
                                 "%(status)s. Possible now: %(allowed)s."),
    "version.stale": N_("Changed by someone else: while you were looking at it, this record "
                        "was changed (you saw version %(expected)s, it is now version "
                        "%(actual)s). Look at it as it is now and decide again."),
}

_COUNTRIES = ("country", "mission_country", "vacancy_country", "employer_country",
              "body_country", "countries", "extra")
# Amounts, each in the refusal's `currency`: written as money, as the pages write it.
_AMOUNTS = ("balance", "owed", "paid", "outstanding")
# Moments a refusal carries as text, in UTC ("2026-12-05 21:30": when a decision could
# still be corrected), written on the reader's clock as the pages write moments.
_MOMENTS = ("until", "recorded_at")


def _tables() -> dict[str, Mapping[str, str]]:
    """The words for the parameters that are codes, by parameter name (the plainer words,
    since migrants may read them too)."""
    from api.web import labels

    kinds = labels.DISPUTE_KIND_MIGRANT
    return {"kind": kinds, "kinds": kinds, "body_kinds": kinds,
            "missing": labels.PRESCREENING_ITEM,
            "referral_status": labels.REFERRAL_STATUS_MIGRANT,
            "vacancy_status": labels.VACANCY_STATUS}


def _transition_tables(what: str, staff: bool) -> tuple[Mapping[str, str], Mapping[str, str]]:
    """The words for the statuses and actions of a record that moves through states: staff
    read a case's state in their own words."""
    from api.web import labels

    dispute = labels.DISPUTE_STATUS if staff else labels.DISPUTE_STATUS_MIGRANT
    referral = labels.REFERRAL_STATUS if staff else labels.REFERRAL_STATUS_MIGRANT
    return {"licence": (labels.LICENCE_STATUS, labels.LICENCE_ACTION),
            "vacancy": (labels.VACANCY_STATUS, labels.VACANCY_ACTION),
            "dispute": (dispute, labels.DISPUTE_ACTION),
            "referral": (referral, referral)}.get(what, ({}, {}))


def words_for(code: str, params: Mapping[str, Any], language: str,
              _: Callable[[str], str], *, staff: bool = False) -> dict[str, Any]:
    """The parameters as the page puts them into the text."""
    tables = _tables()
    statuses, actions = _transition_tables(str(params.get("what", "")), staff)
    if code.startswith("referral.cannot_move"):
        tables = tables | {"status": statuses, "action": actions}
    elif code.startswith("transition."):
        tables = tables | {"status": statuses, "action": actions, "allowed": actions}

    def one(name: str, value: Any) -> Any:
        if name in _AMOUNTS and params.get("currency"):
            try:
                return format_money(Decimal(str(value)), str(params["currency"]), language)
            except InvalidOperation:
                return f"{value} {params['currency']}"
        if name in _COUNTRIES:
            return country_name(str(value), language)
        table = tables.get(name)
        if table is not None:
            text = table.get(str(value))
            return _(text) if text else str(value).replace("_", " ")
        if isinstance(value, date | datetime):
            return format_date(value, language)
        if name in _MOMENTS and isinstance(value, str):
            try:
                moment = datetime.strptime(value, "%Y-%m-%d %H:%M").replace(tzinfo=UTC)
            except ValueError:
                return value
            return format_date(moment, language)
        return value

    shown: dict[str, Any] = {}
    for name, value in params.items():
        if isinstance(value, list | tuple):
            shown[name] = ", ".join(str(one(name, v)) for v in value)
        else:
            shown[name] = one(name, value)
    if "limit_bytes" in params:  # a size limit, in the reader's units («10 МБ»)
        shown["limit"] = size_words(int(params["limit_bytes"]), language, _)
    if code.startswith("transition."):  # states and steps read in the middle of a sentence
        for name in ("status", "allowed"):
            if isinstance(shown.get(name), str):
                shown[name] = shown[name].lower()
        if not params.get("allowed"):
            shown["allowed"] = _("nothing")
    return shown


def _for_staff(request: Request) -> bool:
    principal = getattr(request.state, "principal", None)
    return principal is not None and principal.role != "migrant"


def refusal_text(request: Request, exc: DomainError) -> str:
    """A domain refusal in the reader's language, by its code."""
    staff = _for_staff(request)
    text = (STAFF_FIRST.get(exc.code) if staff else None) or TEXTS.get(exc.code)
    if text is None:  # the tests allow none; the English beats nothing
        return str(exc)
    _ = gettext_for(request)
    return _(text) % words_for(exc.code, exc.params, request_language(request), _,
                               staff=staff)


def refusal_errors(request: Request, exc: DomainError) -> dict[str, str]:
    """A refusal beside the field it names, or at the top of the form."""
    return {exc.field or "__all__": refusal_text(request, exc)}


