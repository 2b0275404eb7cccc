"""Matching errors: the shared shapes of core.errors, and matching's own."""

from __future__ import annotations

from typing import Any

from core import errors


class MatchingError(errors.DomainError):
    """Base for the matching domain's errors."""


class NotFound(MatchingError, errors.NotFound):
    pass


class IllegalTransition(MatchingError, errors.IllegalTransition):
    pass


class Conflict(MatchingError, errors.Conflict):
    """Well-formed, but clashes with what is stored (a licence that does not cover, ...)."""


class InvalidInput(MatchingError, errors.InvalidInput):
    pass


class LicenceNotInForce(Conflict):
    """A referral cannot move on while its agency's licence is not in force; turning it
    down still can. `hold` says why (a licence status, "not_in_force" or "not_covered");
    `why` is the English of it, for the English text only."""

    code = "licence_not_in_force"

    def __init__(self, *, why: str, hold: str, agency_name: str, country: str) -> None:
        super().__init__(why=why, hold=hold, agency_name=agency_name, country=country)
        self.hold = hold
        self.agency_name = agency_name
        self.country = country


class NotPrescreened(MatchingError):
    """Personalised matching (or a referral, a request) needs checks the migrant lacks:
    `missing` names them, as codes."""

    code = "migrant.not_prescreened"

    def __init__(self, missing: list[str]) -> None:
        super().__init__(missing=missing)
        self.missing = missing


class SearchUnavailable(MatchingError):
    """The search engine cannot answer now; nothing saved is lost."""

    code = "search.unavailable"


class BlockingFlags(MatchingError):
    """A blocking red flag stands: the vacancy may not be verified or published."""

    def __init__(self, action: str, flags: list[dict[str, Any]]) -> None:
        problems = "; ".join(
            f"{f['message']}" + (f" (to change: {f['remedy']})" if f.get("remedy") else "")
            for f in flags)
        super().__init__(f"vacancy.{action}_blocked", field="red_flags", action=action,
                         problems=problems, flags=[f["code"] for f in flags])
        self.action = action
        self.flags = flags


class MissingAcknowledgements(MatchingError, errors.InvalidInput):
    """Warnings stand without the verifying attaché's written reason."""

    code = "vacancy.unacknowledged_warnings"

    def __init__(self, flags: list[dict[str, Any]]) -> None:
        super().__init__(f"acknowledgements.{flags[0]['code']}",
                         warnings="; ".join(f"{f['code']} ({f['message']})" for f in flags),
                         flags=[f["code"] for f in flags])
        self.flags = flags


class UnknownOccupation(InvalidInput):
    """An occupation code that is not in the list of occupations."""

    code = "unknown_occupation"

    def __init__(self, occupation_code: str) -> None:
        super().__init__("occupation_code", occupation_code=occupation_code)


class OccupationMissing(InvalidInput):
    """Neither an occupation code nor the agency's words for the occupation were given."""

    code = "occupation_missing"

    def __init__(self) -> None:
        super().__init__("occupation")


TEXTS = errors.english_texts({
    "licence_not_in_force": "this referral cannot move on now: %(why)s. It can move on once "
                            "the licence is active again; turning it down is still possible.",
    "migrant.not_prescreened": "personalised matches are for pre-screened migrants only; "
                               "missing: %(missing)s",
    "referral.not_prescreened": "only pre-screened migrants may be referred to a vacancy; "
                                "missing: %(missing)s",
    "referral_request.not_prescreened": "your centre can refer you once your pre-screening "
                                        "is complete; missing: %(missing)s",
    "search.unavailable": "search is unavailable for a moment: the search engine is not "
                          "answering. Nothing saved is lost; vacancies saved meanwhile become "
                          "searchable when it is back. Please try again shortly.",
    "vacancy.verify_blocked": "the vacancy cannot be verified: %(problems)s",
    "vacancy.publish_blocked": "the vacancy cannot be published: %(problems)s",
    "vacancy.unacknowledged_warnings": "give a reason for accepting each warning before "
                                       "verifying: %(warnings)s",
    "unknown_occupation": "'%(occupation_code)s' is not a code of the list of occupations "
                          "(ISCO-08, e.g. 7212 for a welder)",
    "occupation_missing": "give the occupation: its code from the list of occupations "
                          "(occupation_code), or its name (occupation)",
    "referral.cannot_move": "cannot move to %(action)s a referral that is %(status)s; allowed "
                            "from %(status)s: %(allowed)s",
    "referral.cannot_move_final": "cannot move to %(action)s a referral that is %(status)s; "
                                  "allowed from %(status)s: none (this state is final)",
    "search.currency_needed": "give the currency of min_wage",
    "centre.missing": "centre %(centre_id)s does not exist",
    # migrants
    "migrant.passport_refused": "this passport cannot be registered: check the number and "
                                "the citizenship against the document; if they are right, "
                                "the regulator can help",
    "migrant.passport_here": "a migrant with this passport is already registered as migrant "
                             "%(migrant_id)s of this centre",
    "migrant.consent_outdated": "the migrant consented to text version %(given)s, but the "
                                "current text is version %(version)s; ask for consent to the "
                                "current text",
    "migrant.email_needed": "the migrant's e-mail address is needed to create a sign-in",
    "migrant.cannot_remove": "%(field_name)s cannot be removed",
    "password.not_migrant": "only a migrant's own account sets its password here",
    "password.length": "a password is %(min)s to %(max)s characters long",
    "password.current_missing": "type the current password, or sign in with a code from "
                                "the centre to choose a new one without it",
    "password.plain": "a password needs at least %(kinds)s different characters besides "
                      "spaces",
    "password.current_wrong": "give the current password (or sign in with a new code from "
                              "your centre)",
    "password.unchanged": "this is the current password: choose a new one",
    # referral requests
    "referral_request.duplicate": "you already asked to be referred to vacancy %(vacancy_id)s "
                                  "(request %(request_id)s); your centre has not answered yet",
    "referral_request.already_referred": "you are already referred to vacancy "
                                         "%(vacancy_id)s (referral %(referral_id)s)",
    "referral_request.decided": "referral request %(request_id)s is %(status)s already; "
                                "only an open request can be answered",
    "referral_request.vacancy_closed": "vacancy %(vacancy_id)s is not open: only verified, "
                                       "published, open vacancies of licensed agencies can "
                                       "be asked for",
    "referral_request.reason_needed": "give the reason the migrant will read (at least 3 "
                                      "characters)",
    # referrals
    "referral.not_your_migrant": "migrant %(migrant_id)s is not one of this centre's migrants",
    "referral.vacancy_closed": "vacancy %(vacancy_id)s is not open to referrals: only "
                               "verified, published, open vacancies of agencies licensed for "
                               "the country can be referred to",
    "referral.already_live": "migrant %(migrant_id)s already has a live referral to vacancy "
                             "%(vacancy_id)s (referral %(referral_id)s, %(referral_status)s); "
                             "only a rejected referral can be made again",
    "referral.already_live_now": "migrant %(migrant_id)s already has a live referral to "
                                 "vacancy %(vacancy_id)s; only a rejected referral can be "
                                 "made again",
    "referral.changed": "the referral was changed by someone else (you saw version "
                        "%(expected)s, it is now %(actual)s); reload it",
    "referral.reason_required": "a reason is required to reject a referral",
    "referral.employer_watchlisted": "%(employer)s is on the watchlist: the agency may not "
                                     "recruit for it, so the referral cannot move on; it may "
                                     "still be turned down",
    # employers and vacancies
    "employer.registered_twice": "the agency already registered the employer "
                                 "%(registration_number)s in %(country)s",
    "employer.reason_required": "a reason is required to reject an employer",
    "vacancy.employer_not_yours": "employer %(employer_id)s is not one of the agency's "
                                  "registered employers",
    "vacancy.employer_elsewhere": "the employer is registered in %(employer_country)s, not "
                                  "%(country)s",
    "vacancy.closing_in_past": "the closing date is in the past",
    "vacancy.wage_too_large": "the wage is implausibly large",
    "vacancy.reference_taken": "the agency's vacancy %(vacancy_id)s already has the reference "
                               "'%(reference)s'",
    "vacancy.import_not_draft": "vacancy %(vacancy_id)s with the reference '%(reference)s' is "
                                "%(vacancy_status)s; an import changes only drafts",
    "vacancy.edit_not_draft": "only a draft can be edited; this vacancy is %(vacancy_status)s",
    "vacancy.agency_may_not_recruit": "the agency may not recruit: %(why)s",
    "vacancy.licence_not_covering": "the agency's licence %(licence_number)s does not cover "
                                    "%(country)s",
    "vacancy.automatic": "vacancies %(action)s on their own; nobody can do it by hand",
    "vacancy.posting_agency_only": "only the posting agency can %(action)s a vacancy",
    "vacancy.attache_only": "only a labour attaché in %(country)s can %(action)s this vacancy",
    "vacancy.changed": "the vacancy was changed by someone else (you saw version "
                       "%(expected)s, it is now %(actual)s)",
    "vacancy.reason_required": "a reason is required to %(action)s a vacancy",
    "vacancy.closing_passed": "the closing date %(closing_date)s has passed",
})
