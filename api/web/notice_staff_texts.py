"""What the notices staff get say (English and Russian, as staff pages), by kind; see
notice_texts. A kind the staff and a migrant both get has its staff wording under
"<kind>@staff"; another wording for some readers under "<kind>:<variant>"."""

from __future__ import annotations

from api.web.common import N_

STAFF_TEMPLATES: dict[str, tuple[str, str]] = {
    "referral.new": (
        N_("A migrant was referred to your vacancy {job}"),
        N_("Referral {referral}: a migrant resource centre referred a pre-screened migrant "
           "to your vacancy {job}.")),
    "referral.licence_hold@staff": (
        N_("Referral {referral} to {job} is held"),
        N_("The licence of {agency} is not in force: the referral of {migrant} cannot move "
           "on until it is active again. Tell the migrant not to sign anything with the "
           "agency or pay it anything now.")),
    "referral.licence_restored@staff": (
        N_("Referral {referral} to {job} can move on again"),
        N_("The licence of {agency} is active again: the referral of {migrant} can move "
           "on.")),
    "vacancy.employer_watchlisted": (
        N_("Vacancy {job} is hidden: its employer is on the watchlist"),
        N_("{employer} is on the watchlist: migrants and centres no longer find the vacancy, "
           "and a check of its code tells workers not to pay.")),
    "referral.employer_watchlisted@staff": (
        N_("Referral {referral} to {job}: the employer is on the watchlist"),
        N_("The employer {employer} is on the watchlist: the referral of {migrant} cannot "
           "move on, only be turned down. Tell the migrant not to sign anything for this job "
           "or pay anyone for it.")),
    "vacancy.employer_delisted": (
        N_("Vacancy {job}: its employer is off the watchlist"),
        N_("{employer} is no longer on the watchlist: migrants and centres can find the "
           "vacancy again.")),
    "referral.employer_delisted@staff": (
        N_("Referral {referral} to {job} can move on again"),
        N_("The employer {employer} is no longer on the watchlist: the referral of {migrant} "
           "can move on again.")),
    "licence.applied": (
        N_("New licence application from {agency}"),
        N_("Licence application {application} covers: {countries}.")),
    "licence.renewal_requested": (
        N_("Renewal requested: licence {licence} of {agency}"),
        N_("The licence is valid until {valid_until}.")),
    "licence.expired": (
        N_("Licence {licence} of {agency} expired"),
        N_("Its validity ended on {valid_until}.")),
    "licence.expiring": (
        N_("Licence {licence} of {agency} expires on {valid_until}"),
        N_("The licence of {agency} ends on {valid_until} (days left: {days}). Request a "
           "renewal before then.")),
    "rating.alert": (
        N_("Review {agency}: findings upheld against it"),
        N_("{agency} (agency {agency_id}, rating: {score}) is in the review queue: findings "
           "upheld against it in the last {window_days} days: {observed} (threshold "
           "{threshold}). Close the alert with a note once reviewed.")),
    "dispute.fallback_queue": (
        N_("Dispute {case} waits in the fallback queue"),
        N_("The case ({dispute_kind}) in {country} ({region}) needs a person: no routing "
           "rule matched it.")),
    "dispute.supervisor_queue": (
        N_("Dispute {case} waits in the supervisor queue"),
        N_("The case ({dispute_kind}) in {country} ({region}) needs a person: nobody in its "
           "mission could take it in time.")),
    "dispute.joined": (
        N_("Dispute {case}: the complaint was filed again"),
        N_("The complainant filed the same complaint again; what they wrote was added to the "
           "case's history.")),
    "dispute.evidence": (
        N_("Dispute {case}: new evidence"),
        N_("Files added to the case: {files}.")),
    # The centre staff member who filed the dispute, about their migrant.
    "dispute.licence_hold@staff": (
        N_("Dispute {case}: the licence of {agency} is not in force"),
        N_("{hold} The dispute {case} of your migrant goes on, and the agency still answers "
           "for it. Tell the migrant not to sign anything with this agency or pay it anything "
           "now.")),
    "dispute.licence_hold:attache": (
        N_("Dispute {case}: the licence of {agency} is not in force"),
        N_("{hold} Case {case} goes on and the agency still answers for it; its open "
           "referrals are held until the licence is active again.")),
    "dispute.deadline_near@staff": (
        N_("Dispute {case} ({dispute_kind}): the deadline is near"),
        N_("The next step on this case is yours: take it before the deadline, or the case "
           "is escalated.")),
    "dispute.deadline_near:settlement_body": (
        N_("Dispute {case} ({dispute_kind}): the deadline is near"),
        N_("The case waits for the settlement body's decision; if it is late, the case goes "
           "to the supervisors.")),
    "dispute.deadline_near:unassigned": (
        N_("Dispute {case} ({dispute_kind}): the deadline is near"),
        N_("No labour attaché holds this case: assign it to one before the deadline, or it "
           "is escalated.")),
    "dispute.award_due@staff": (
        N_("Dispute {case}: the award is due by {payment_due}"),
        N_("Still unpaid: {amount}, payable by {payer} by {payment_due}. Record "
           "each payment on the case as it is made.")),
    "dispute.award_overdue@staff": (
        N_("Dispute {case}: the award was not paid by {payment_due}"),
        N_("Still unpaid: {amount}, payable by {payer}. Follow it up with "
           "{payer}, and record each payment on the case.")),
    "dispute.award_overdue:deposit": (
        N_("Dispute {case}: the award was not paid by {payment_due}"),
        N_("Still unpaid: {amount}, payable by {payer}. This is what the agency's "
           "security deposit is for: a regulator can draw the unpaid award from it, and the "
           "agency must then top the deposit up.")),
    "deposit.draw": (
        N_("{amount} was drawn from your security deposit"),
        N_("The award in dispute {case} was not paid by {payment_due}. Your deposit now "
           "holds {balance}; top it up by {top_up}.")),
}

# A rating not computed yet (rating.alert's score is None).
NEW_RATING = N_("new, not enough history")

LICENCE_SUBJECT = N_("Licence {licence}: {action}")
LICENCE_BODY = N_("Your licence is now: {action}.")
# A licence never granted is an application, named by its id as the pages name it.
APPLICATION_SUBJECT = N_("Application {licence}: {action}")
APPLICATION_BODY = N_("Your licence application is now: {action}.")
