"""Dispute errors. They carry no HTTP codes; the API maps them."""

from __future__ import annotations

from datetime import datetime

from core import errors


class DisputeError(errors.DomainError):
    """Base for the disputes domain's errors."""


class NotFound(DisputeError, errors.NotFound):
    pass


class IllegalTransition(DisputeError, errors.IllegalTransition):
    def __init__(self, *, action: str, status: str, allowed: list[str]) -> None:
        super().__init__(what="dispute", action=action, status=status, allowed=allowed)


class StaleVersion(DisputeError, errors.StaleVersion):
    def __init__(self, *, expected: int, actual: int, what: str = "dispute") -> None:
        super().__init__(expected=expected, actual=actual, what=what)


class NotAllowed(DisputeError, errors.Forbidden):
    """The actor sees the record but may not take this step."""


class Conflict(DisputeError, errors.Conflict):
    """Well-formed, but clashes with what is stored."""


class InvalidInput(DisputeError, errors.InvalidInput):
    pass


class PartyRefused(InvalidInput):
    """Who a case is against, refused."""


class EvidenceRejected(InvalidInput):
    """An evidence file of a type not accepted, an empty one or one too many
    (evidence.empty, evidence.wrong_type, evidence.too_many, evidence.none)."""


class EvidenceTooLarge(EvidenceRejected):
    """An evidence file larger than the limit (evidence.too_large)."""


class CaseOver(Conflict):
    """A closed or withdrawn case takes no more evidence or messages."""

    code = "dispute.case_over"

    def __init__(self, *, status: str, what: str) -> None:
        super().__init__(status=status, what=what)


class EvidenceCorrupted(DisputeError):
    """A stored evidence file no longer matches the checksum recorded at upload."""


class CorrectionWindowClosed(Conflict):
    """A recorded decision past the time in which its body may correct it."""

    code = "correction_window_closed"

    def __init__(self, *, recorded_at: datetime, until: datetime, days: int) -> None:
        super().__init__(recorded_at=f"{recorded_at:%Y-%m-%d %H:%M}",
                         until=f"{until:%Y-%m-%d %H:%M}", days=days)
        self.recorded_at = recorded_at
        self.until = until
        self.days = days


class AlreadyOpen(Conflict):
    """The complainant has an open case of this kind against this party, which the filer
    may not follow (filed by someone else): nothing was written."""

    code = "dispute.already_open"

    def __init__(self, *, dispute_id: int, reference: str) -> None:
        super().__init__(field="kind", reference=reference)
        self.dispute_id = dispute_id
        self.reference = reference


TEXTS = errors.english_texts({
    "dispute.case_over": "the case is %(status)s; it takes no more %(what)s",
    "correction_window_closed": (
        "the decision recorded on %(recorded_at)s UTC could be corrected until %(until)s "
        "UTC (%(days)s days); it now stands as recorded. To change it, the parties "
        "challenge it where the law of the country allows (an appeal or a review), and the "
        "new decision is filed as a new dispute that refers to this one; payments towards "
        "this award are still recorded here"),
    "dispute.already_open": "this complaint already has an open case, %(reference)s, filed "
                            "by someone else; nothing was filed. Add to that case through "
                            "whoever filed it (the migrant or their centre)",
    "settlement_body.not_for_case": "settlement body %(body_id)s does not take %(kind)s "
                                    "disputes from %(region)s, %(country)s (it serves "
                                    "%(body_country)s; takes %(body_kinds)s)",
    "settlement_body.not_for_case_in": "settlement body %(body_id)s does not take %(kind)s "
                                       "disputes from %(region)s, %(country)s (it serves "
                                       "%(body_country)s, regions %(body_regions)s; takes "
                                       "%(body_kinds)s)",
    "mission.no_attache": "mission %(mission_id)s has no attaché to take the case; add one "
                          "first",
    "mission.no_other_attache": "mission %(mission_id)s has no other attaché to take the "
                                "case; add one first",
    "settlement_body.kinds_not_taken": "settlement body %(body_id)s does not take %(kinds)s "
                                       "disputes",
    "settlement_body.kinds_not_taken_limit": "settlement body %(body_id)s does not take "
                                             "%(kinds)s disputes; limit the rule's kinds",
    "evidence.empty": "the file '%(name)s' is empty",
    "evidence.too_large": "the file '%(name)s' is larger than the limit of %(limit)s",
    "evidence.wrong_type": "the file '%(name)s' is not one of the accepted types (%(types)s); its "
                           "content was checked, not its name",
    "evidence.corrupted": "the evidence file %(file)s… no longer matches its checksum; it was not "
                          "served",
    "evidence.missing": "the evidence file %(file)s… is missing from the store; it was not served",
    "outcome.no_agency": "the case is against a recruiter who is not in the register; an "
                         "award is payable by the employer, and findings are recorded against "
                         "the employer, with the recruiter's part in the summary",
    "outcome.watchlist_kept": "the finding “%(finding)s” put the employer on the watchlist, which "
                              "a correction does not undo: keep a finding against the employer "
                              "that puts it there",
    "outcome.deposit_drawn": "part of the award was drawn from the agency's security deposit, so "
                             "it stays payable by the agency",
    "outcome.payer_missing": "say who must pay the award: the agency or the employer",
    "outcome.due_in_past": "the payment deadline is in the past",
    "outcome.due_too_far": "the payment deadline may be at most a year ahead: %(latest)s at "
                           "the latest",
    "outcome.watchlist_employer_only": "only a finding against the employer can put it on the "
                                       "watchlist",
    "outcome.no_employer": "the case names no employer to put on the watchlist",
    "outcome.paid_cannot_remove": "%(paid)s %(currency)s of the award has been paid already; the "
                                  "award cannot be removed",
    "outcome.paid_currency": "payments towards the award were recorded in %(currency)s; its "
                             "currency cannot change",
    "outcome.paid_cannot_lower": "%(paid)s %(currency)s of the award has been paid already; the "
                                 "award cannot be less",
    "outcome.needs_award": "%(term)s applies only when an amount is awarded",
    "recruiters.regulator_only": "the queue of unlicensed recruiters is the regulator's",
    "recruiters.person_only": "a referral is made by a person",
    "recruiters.all_referred": "every report of this recruiter is already referred; a new report "
                               "can be referred when it arrives",
    "dispute.no_party": "name the agency concerned (or link the referral or vacancy, which name "
                        "it), or describe the recruiter who is not in the register",
    "recruiter.phone_digits": "a phone number has at least 6 digits",
    "recruiter.found_via_detail": "say in words how the recruiter found the migrant",
    "dispute.filer_role": "disputes are filed by centre staff, migrants or labour attachés",
    "settlement_body.missing": "settlement body %(body_id)s does not exist",
    "dispute.no_mission_placed": "no routing rule placed this case in a mission; name the mission "
                                 "to assign it to",
    "mission.missing": "mission %(mission_id)s does not exist",
    "mission.not_case_country": "mission %(mission_id)s works in %(mission_country)s, the case is "
                                "in %(country)s",
    "dispute.step_not_yours": "only %(who)s can %(action)s a dispute",
    "dispute.reason_required": "a reason is required to %(action)s a dispute",
    "dispute.outcome_required": "record the outcome to %(action)s a dispute (a summary, any amount"
                                " awarded and findings)",
    "dispute.preview_decisions_only": "a preview is given for decisions: resolve or decide",
    "dispute.confirm_step": "%(step)s: an outcome is recorded only when confirmed; check what POST"
                            " /disputes/{id}/transitions/preview shows, then send the same step "
                            "with confirm: true",
    "dispute.no_decision": "the case has no decision to correct",
    "decision.not_yours_to_correct": "only %(who)s can correct this decision",
    "decision.correction_unchanged": "the correction changes nothing in the decision",
    "decision.confirm_correction": "a correction is recorded only when confirmed; check what POST "
                                   "/disputes/{id}/outcome/corrections/preview shows, then send "
                                   "the same correction with confirm: true",
    "evidence.not_yours_to_add": "evidence is added by the migrant, the centre that filed, the "
                                 "assigned attaché or a regulator",
    "evidence.none": "send at least one file",
    "evidence.too_many": "a case holds at most %(max)s evidence files; this one has %(count)s",
    "evidence.hidden_from_agency": "the evidence of a case is not shown to the agency concerned",
    "message.not_yours_to_write": "messages on a case are written by the migrant, the centre that "
                                  "filed, the assigned attaché or a regulator",
    "message.empty": "write the message",
    "message.not_yours_to_read": "the messages of a case are for the migrant, the centre that "
                                 "filed, the assigned attaché and officials",
    "routing.decisions_hidden": "routing decisions are shown to the people handling the case",
    "routing.not_yours_to_mark": "routing is marked by the assigned attaché, the settlement body "
                                 "or a regulator",
    "mission.other_country": "mission %(mission_id)s works in %(mission_country)s, not %(country)s",
    "mission.region_not_covered": "mission %(mission_id)s covers %(regions)s, not %(region)s",
    "routing_rule.version_on_create": "expected_version applies only to changes",
    "payment.not_yours": "payments are recorded by the assigned attaché or a regulator",
    "award.none": "the case has no award to pay",
    "payment.wrong_currency": "the award is in %(currency)s",
    "payment.not_positive": "the amount must be more than zero",
    "payment.more_than_unpaid": "only %(outstanding)s %(currency)s of the award is unpaid",
    "deposit.never_licensed": "agency %(agency_id)s has never held a licence, so it has no "
                              "security deposit",
    "deposit.regulator_only": "only a regulator can draw on a security deposit",
    "deposit.award_against_employer": "the award is payable by the employer; the agency's deposit "
                                      "answers only for awards against the agency",
    "deposit.not_yet_due": "the award is due by %(due)s; the deposit can be drawn on only once "
                           "that has passed unpaid",
    "award.paid_in_full": "the award has been paid in full",
    "deposit.other_currency": "the deposit is held in %(deposit_currency)s and the award is in "
                              "%(currency)s; it cannot be drawn on directly",
    "deposit.too_little": "the deposit holds only %(balance)s %(currency)s",
    "deposit.confirm_draw": "a draw on a security deposit is made only when confirmed; check what "
                            "POST /disputes/{id}/deposit-draws/preview shows, then send the same "
                            "draw with confirm: true",
    "deposit.top_up_regulator_only": "only a regulator records top-ups of a security deposit",
    "deposit.no_top_up_owed": "agency %(agency_id)s owes no top-up of its security deposit",
    "deposit.top_up_currency": "the deposit is held in %(currency)s",
    "deposit.top_up_amount": "the agency owes %(owed)s %(currency)s",
    "dispute.complainant_needed": "an attaché must give the complainant's name and how to reach "
                                  "them",
    "dispute.attache_country": "an attaché files disputes about work in their mission's country "
                               "(%(mission_country)s), not %(country)s",
    "dispute.migrant_needed": "centre staff file a dispute for one of the centre's migrants; name "
                              "the migrant",
    "dispute.not_centre_migrant": "migrant %(migrant_id)s is not one of this centre's migrants",
    "dispute.migrant_self_only": "a migrant files disputes only for themself",
    "dispute.referral_not_migrant": "referral %(referral_id)s is not one of this migrant's "
                                    "referrals",
    "dispute.referral_other_vacancy": "referral %(referral_id)s was to vacancy "
                                      "%(referral_vacancy_id)s, not %(vacancy_id)s",
    "dispute.referral_other_agency": "referral %(referral_id)s was to a vacancy of agency "
                                     "%(referral_agency_id)s, not %(agency_id)s",
    "dispute.vacancy_unverified": "vacancy %(vacancy_id)s is not a vacancy an attaché verified; "
                                  "name the agency instead",
    "dispute.vacancy_other_agency": "vacancy %(vacancy_id)s was posted by agency "
                                    "%(vacancy_agency_id)s, not %(agency_id)s",
    "dispute.vacancy_other_country": "vacancy %(vacancy_id)s is for work in %(vacancy_country)s, "
                                     "not %(country)s",
    "agency.missing": "agency %(agency_id)s does not exist",
    "dispute.filed_meanwhile": "the same complaint was filed at the same moment and its case "
                               "changed since; send the filing again",
    "dispute.not_mission_attache": "user %(attache_id)s is not an active attaché of mission "
                                   "%(mission_id)s",
    "dispute.already_assigned": "the case is already assigned to attaché %(attache_id)s",
    "dispute.field_not_for_step": "%(field_name)s does not apply to %(action)s",
    "settlement_body.other_country": "settlement body %(body_id)s is in %(body_country)s, not "
                                     "%(country)s",
    "settlement_body.regions_only": "settlement body %(body_id)s serves only %(regions)s",
    "dispute.attache_links_nothing": "an attaché files for the person in front of them; the "
                                     "migrant's record and referrals are linked only by the "
                                     "migrant or their centre",
    "dispute.sign_in_unlinked": "this sign-in is not linked to a migrant record; ask your migrant "
                                "resource centre to file the dispute with you",
    "dispute.two_parties": "a case is against either an agency in the register (with its referral "
                           "or vacancy) or a recruiter who is not in the register, not both",
    "settlement_body.none_for_case": "no settlement body in %(country)s takes %(kind)s disputes "
                                     "from %(region)s; name one",
})
