"""The words for each domain's states, kinds and steps, one table per enum, translated at
render time. A table named for its enum holds the common wording; one named for an audience
as well (_MIGRANT, _CENTRE, _AGENCY, _MISSION, _MINISTRY, _STAFF, and _PUBLIC, _PAPER or
_NOTICE for what the public, a printed paper or a notice reads) holds the words that
audience reads where they differ. Where a value reads inside a sentence ("while the record
is referred") its table is written in lower case."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from api.web.common import LANGUAGE_LEVELS, N_

# --- disputes --------------------------------------------------------------------------

# As staff read a case's state inside a sentence and beside its reference.
DISPUTE_STATUS = {
    "filed": N_("filed"), "assigned": N_("assigned"), "acknowledged": N_("acknowledged"),
    "in_mediation": N_("in mediation"), "resolved": N_("resolved"), "referred": N_("referred"),
    "decided": N_("decided"), "closed": N_("closed"), "withdrawn": N_("withdrawn"),
}

# As the migrant who filed reads their case's state: who holds it now, in plain words.
DISPUTE_STATUS_MIGRANT = {
    "filed": N_("Filed"),
    "assigned": N_("With a labour attaché"),
    "acknowledged": N_("Taken up by the attaché"),
    "in_mediation": N_("In mediation"),
    "resolved": N_("Resolved"),
    "referred": N_("Sent to a settlement body"),
    "decided": N_("Decided"),
    "closed": N_("Closed"),
    "withdrawn": N_("Withdrawn"),
}

# As the resource centre reads the state of a case it filed.
DISPUTE_STATUS_CENTRE = {
    "filed": N_("Filed"),
    "assigned": N_("Assigned to an attaché"),
    "acknowledged": N_("Acknowledged"),
    "in_mediation": N_("In mediation"),
    "resolved": N_("Resolved"),
    "referred": N_("Referred to a settlement body"),
    "decided": N_("Decided"),
    "closed": N_("Closed"),
    "withdrawn": N_("Withdrawn"),
}

# What a case is about, in the words a migrant tells it in.
DISPUTE_KIND_MIGRANT = {
    "unpaid_wages": N_("Unpaid wages"),
    "wages_below_contract": N_("Wages below the contract"),
    "contract_substitution": N_("A different contract than promised"),
    "excessive_hours": N_("Too many working hours"),
    "passport_withheld": N_("Passport taken away"),
    "recruitment_fees": N_("Recruitment fees charged"),
    "unsafe_conditions": N_("Unsafe conditions"),
    "early_termination": N_("Dismissed before the contract ended"),
    "other": N_("Other"),
}

# What a case is about, as the resource centre files it for a migrant: plain words, not the
# legal terms the attaché and the regulator read.
DISPUTE_KIND_CENTRE = {
    "unpaid_wages": N_("Unpaid wages"),
    "wages_below_contract": N_("Wages below the contract"),
    "contract_substitution": N_("Contract substituted"),
    "excessive_hours": N_("Excessive working hours"),
    "passport_withheld": N_("Passport withheld"),
    "recruitment_fees": N_("Recruitment fees charged"),
    "unsafe_conditions": N_("Unsafe conditions"),
    "early_termination": N_("Contract ended early"),
    "other": N_("Something else"),
}

# The stage a case's deadline belongs to.
DISPUTE_STAGE_CENTRE = {
    "acknowledge": N_("Acknowledgement by the attaché"),
    "mediation": N_("Mediation"),
    "decision": N_("Decision of the settlement body"),
}

# The steps of a case as buttons (DISPUTE_HISTORY names them as done).
DISPUTE_ACTION = {
    "assign": N_("Assign"), "reassign": N_("Reassign"), "escalate": N_("Escalate"),
    "acknowledge": N_("Acknowledge"), "start_mediation": N_("Start mediation"),
    "resolve": N_("Resolve in mediation"), "refer": N_("Refer to a settlement body"),
    "decide": N_("Record the decision"), "close": N_("Close the case"),
    "withdraw": N_("Withdraw"),
}

# A case's history as the resource centre reads it.
DISPUTE_HISTORY_CENTRE = {
    "file": N_("Filed"),
    "route": N_("Routed"),
    "assign": N_("Assigned to a labour attaché"),
    "reassign": N_("Reassigned to another labour attaché"),
    "escalate": N_("Escalated: a deadline was missed"),
    "acknowledge": N_("Acknowledged by the attaché"),
    "start_mediation": N_("Mediation started"),
    "resolve": N_("Resolved in mediation"),
    "refer": N_("Referred to a settlement body"),
    "decide": N_("Decided by the settlement body"),
    "correct_outcome": N_("Decision corrected"),
    "recover_payment": N_("Payment recorded"),
    "recover_deposit": N_("Paid from the security deposit"),
    "close": N_("Closed"),
    "withdraw": N_("Withdrawn"),
    "add_evidence": N_("Evidence added"),
    "add_message": N_("Message written"),
    "join": N_("Filed again: added to this case"),
    "mark_correct": N_("Routing marked right"),
    "mark_wrong": N_("Routing marked wrong"),
    "licence_hold": N_("The agency's licence is not in force; the case goes on"),
    "licence_hold_cleared": N_("The agency's licence is in force again"),
}

# Who did a step of a case, as the resource centre reads it.
ROLE_CENTRE = {
    "system": N_("Vetted (automatic)"),
    "centre_staff": N_("Migrant resource centre"),
    "migrant": N_("The migrant"),
    "attache": N_("Labour attaché"),
    "settlement_body": N_("Settlement body"),
    "regulator": N_("Regulator"),
    "admin": N_("Administrator"),
    "agency_staff": N_("Agency"),
}

# What a case is about, as the attaché, the settlement body and the regulator read it.
DISPUTE_KIND = {
    "unpaid_wages": N_("Unpaid wages"),
    "wages_below_contract": N_("Wages below the contract"),
    "contract_substitution": N_("Contract substitution"),
    "excessive_hours": N_("Excessive hours"), "passport_withheld": N_("Passport withheld"),
    "recruitment_fees": N_("Recruitment fees"), "unsafe_conditions": N_("Unsafe conditions"),
    "early_termination": N_("Early termination"), "other": N_("Other"),
}

# What the attaché or the settlement body is told once a step of a case is done.
DISPUTE_DONE = {
    "acknowledge": N_("Case acknowledged; the mediation deadline is running."),
    "start_mediation": N_("Mediation started."),
    "refer": N_("Case referred to the settlement body."),
    "resolve": N_("The outcome of the mediation is recorded."),
    "decide": N_("Your decision is recorded."),
    "close": N_("Case closed."),
    "withdraw": N_("Case withdrawn."),
}

# The steps of a case as lines of its history, as the attaché and the settlement body read them.
DISPUTE_HISTORY = {
    "file": N_("Filed"), "route": N_("Routed"), "assign": N_("Assigned"),
    "reassign": N_("Reassigned"), "escalate": N_("Escalated"),
    "acknowledge": N_("Acknowledged"), "start_mediation": N_("Mediation started"),
    "resolve": N_("Resolved in mediation"), "refer": N_("Referred to a settlement body"),
    "decide": N_("Decided by the settlement body"), "close": N_("Closed"),
    "withdraw": N_("Withdrawn"), "add_evidence": N_("Evidence added"),
    "add_message": N_("Message written"),
    "recover_payment": N_("Payment recorded"),
    "recover_deposit": N_("Paid from the security deposit"),
    "correct_outcome": N_("Decision corrected"),
    "join": N_("Filed again by the complainant"),
    "licence_hold": N_("The agency's licence is not in force; the case goes on"),
    "licence_hold_cleared": N_("The agency's licence is in force again"),
}

# The stage a case's deadline belongs to, inside a sentence.
DISPUTE_STAGE = {"acknowledge": N_("acknowledgement"), "mediation": N_("mediation"),
                 "decision": N_("decision")}

# The queues a case waits in when no attaché is assigned.
DISPUTE_QUEUE = {"fallback": N_("fallback queue"), "supervisor": N_("supervisors' queue")}

# How a case reached its attaché.
ROUTING_KIND = {"rule": N_("by a routing rule"), "fallback": N_("no rule matched"),
                "manual": N_("by hand"), "escalation": N_("on escalation")}

# Where a case was decided.
DECIDED_IN = {"mediation": N_("in mediation"), "settlement_body": N_("by the settlement body")}

# Who the notices of a decision reach.
DECISION_AUDIENCE = {"migrant": N_("the migrant"),
                     "centre": N_("the resource centre that filed"),
                     "attache": N_("the labour attaché"),
                     "settlement_body": N_("the settlement body"), "agency": N_("the agency")}

# The kinds of settlement body a case may be referred to.
SETTLEMENT_BODY_KIND = {
    "labour_inspectorate": N_("labour inspectorate"), "court": N_("court"),
    "mediation_centre": N_("mediation centre"), "arbitration_centre": N_("arbitration centre"),
}

# Who did a step, inside a sentence.
ROLE = {
    "regulator": N_("regulator"), "agency_staff": N_("agency"),
    "centre_staff": N_("resource centre"), "migrant": N_("migrant"),
    "attache": N_("labour attaché"), "settlement_body": N_("settlement body"),
    "admin": N_("administrator"), "system": N_("system"),
}

# Who did a step, as the regulator's history names them.
ROLE_MINISTRY = {
    "regulator": N_("Regulator"),
    "admin": N_("Administrator"),
    "agency_staff": N_("Agency staff"),
    "centre_staff": N_("Centre staff"),
    "attache": N_("Labour attaché"),
    "settlement_body": N_("Settlement body"),
    "migrant": N_("Migrant"),
    "system": N_("System"),
    "applicant": N_("Applicant"),
}

# The stage a case's deadline belongs to, as the migrant reads it.
DISPUTE_STAGE_MIGRANT = {
    "acknowledge": N_("The labour attaché takes up the case"),
    "mediation": N_("Mediation"),
    "decision": N_("Decision of the settlement body"),
}

# A case's history as the migrant who filed it reads it.
DISPUTE_HISTORY_MIGRANT = {
    "file": N_("Filed"),
    "route": N_("Sent to the mission"),
    "assign": N_("Given to a labour attaché"),
    "reassign": N_("Given to another labour attaché"),
    "escalate": N_("Passed on: a deadline was missed"),
    "acknowledge": N_("Taken up by the attaché"),
    "start_mediation": N_("Mediation started"),
    "resolve": N_("Resolved in mediation"),
    "refer": N_("Sent to a settlement body"),
    "decide": N_("Decided by the settlement body"),
    "correct_outcome": N_("Decision corrected"),
    "recover_payment": N_("A payment to you was recorded"),
    "recover_deposit": N_("Paid to you from the agency's security deposit"),
    "close": N_("Closed"),
    "withdraw": N_("Withdrawn"),
    "add_evidence": N_("Evidence added"),
    "add_message": N_("Message written"),
    "join": N_("Filed again: added to this case"),
    "licence_hold": N_("The agency's licence is not in force; the case goes on"),
    "licence_hold_cleared": N_("The agency's licence is in force again"),
}

# Who did a step of the migrant's case.
ROLE_MIGRANT = {
    "system": N_("Vetted (automatic)"),
    "centre_staff": N_("Your migrant resource centre"),
    "migrant": N_("You"),
    "attache": N_("Labour attaché"),
    "settlement_body": N_("Settlement body"),
    "regulator": N_("Regulator"),
    "admin": N_("Administrator"),
}

# The stage a case's deadline belongs to, on the paper a migrant is given.
DISPUTE_STAGE_PAPER = {
    "acknowledge": N_("Taken up by the labour attaché"),
    "mediation": N_("Mediation by the labour attaché"),
    "decision": N_("Decision of the settlement body"),
}

# The stage a case's deadline belongs to, inside a notice's sentence.
DISPUTE_STAGE_NOTICE = {"acknowledge": N_("the attaché takes up the case"),
                        "mediation": N_("mediation"),
                        "decision": N_("the settlement body's decision")}

# The parts of a decision a correction may change (disputes.outcomes.PARTS).
DECISION_PART = {"summary": N_("the summary"), "awarded": N_("the award"),
                 "payable_by": N_("who pays"), "payment_due": N_("the payment date"),
                 "findings": N_("the findings")}

# How a recruiter outside the register found the migrant (disputes.schemas.FoundVia).
FOUND_VIA = {
    "social_media": N_("Social media"),
    "acquaintance": N_("Through an acquaintance"),
    "street_market": N_("In the street or at a market"),
    "advert": N_("An advertisement"),
    "other": N_("Another way"),
}

# Where the regulator refers a recruiter outside the register (disputes.schemas.Authority).
AUTHORITY = {
    "police": N_("The police"),
    "prosecutor": N_("The prosecutor's office"),
}

# --- referrals -------------------------------------------------------------------------

# A request from a migrant to be referred, as the resource centre answers it.
REFERRAL_REQUEST_STATUS = {"open": N_("Waiting for an answer"),
                           "referred": N_("Referred as asked"), "declined": N_("Declined")}

# The same request as the migrant who made it reads it.
REFERRAL_REQUEST_STATUS_MIGRANT = {"open": N_("Waiting for your centre"),
                                   "referred": N_("Your centre referred you"),
                                   "declined": N_("Your centre said no")}

# A referral's state, as the agency and the regulator read it.
REFERRAL_STATUS = {
    "referred": N_("Referred"),
    "interviewed": N_("Interviewed"),
    "offered": N_("Offered"),
    "contract_signed": N_("Contract signed"),
    "deployed": N_("Deployed"),
    "rejected": N_("Rejected"),
}

# As the resource centre reads its migrant's referral: the migrant was offered the job, is
# working abroad.
REFERRAL_STATUS_CENTRE = {
    "referred": N_("Referred"),
    "interviewed": N_("Interviewed"),
    "offered": N_("Offered the job"),
    "contract_signed": N_("Contract signed"),
    "deployed": N_("Working abroad"),
    "rejected": N_("Rejected"),
}

# The button that moves a referral to each state.
REFERRAL_ACTION = {
    "interviewed": N_("Mark interviewed"),
    "offered": N_("Mark offered"),
    "contract_signed": N_("Mark contract signed"),
    "deployed": N_("Mark deployed"),
    "rejected": N_("Reject"),
}

# As the migrant reads their own referral: what happened to them, in plain words.
REFERRAL_STATUS_MIGRANT = {
    "referred": N_("Sent to the agency"),
    "interviewed": N_("Interviewed"),
    "offered": N_("Job offered"),
    "contract_signed": N_("Contract signed"),
    "deployed": N_("Left for work"),
    "rejected": N_("Not taken"),
}

# --- vacancies -------------------------------------------------------------------------

# As a vacancy's state reads inside a sentence.
VACANCY_STATUS = {
    "draft": N_("draft"), "submitted": N_("awaiting verification"),
    "verified": N_("verified"), "rejected": N_("rejected"), "published": N_("published"),
    "filled": N_("filled"), "closed": N_("closed"), "expired": N_("expired"),
}

# As the agency reads its vacancies' states in its lists (the regulator reads an agency's
# records in the same words).
VACANCY_STATUS_AGENCY = {
    "draft": N_("Draft"),
    "submitted": N_("Submitted for verification"),
    "verified": N_("Verified"),
    "rejected": N_("Rejected"),
    "published": N_("Published"),
    "filled": N_("Filled"),
    "closed": N_("Closed"),
    "expired": N_("Expired"),
}

VACANCY_ACTION = {"verify": N_("Verify"), "reject": N_("Reject"), "submit": N_("Submit"),
                  "publish": N_("Publish"), "revise": N_("Revise"), "fill": N_("Fill"),
                  "close": N_("Close"), "expire": N_("Expire")}

# The agency's buttons on a vacancy (attachés verify and reject; the system expires), and
# what each did.
VACANCY_ACTION_AGENCY = {
    "submit": N_("Submit for verification"),
    "publish": N_("Publish"),
    "fill": N_("Mark as filled"),
    "close": N_("Close the vacancy"),
    "revise": N_("Revise (back to draft)"),
}

VACANCY_DONE = {
    "submit": N_("The vacancy was submitted for verification."),
    "publish": N_("The vacancy is published."),
    "fill": N_("The vacancy is marked as filled."),
    "close": N_("The vacancy is closed."),
    "revise": N_("The vacancy is a draft again; edit it and submit it again."),
}

# A vacancy's red flags (matching.rules), and how much each weighs.
RED_FLAG = {
    "wage_below_minimum": N_("Wage below the minimum wage"),
    "worker_pays_fee": N_("The worker is charged a fee"),
    "licence_not_active": N_("The agency's licence is not in force"),
    "licence_does_not_cover_country": N_("Licence does not cover the country"),
    "employer_watchlisted": N_("Employer on the watchlist"),
    "hours_over_limit": N_("Hours over the legal limit"),
    "minimum_wage_unknown": N_("Not compared with a minimum wage"),
    "near_duplicate": N_("Near duplicate of another vacancy"),
    "fee_in_text": N_("A payment named in the advert's text"),
    "passport_in_text": N_("The advert says the passport is kept"),
    "hours_in_text": N_("The advert describes longer hours"),
    "wage_in_text": N_("The advert promises a lower wage"),
}

RED_FLAG_SEVERITY = {"blocking": N_("blocks verification"), "warning": N_("warning")}

# What the public check of a job looked at, one line each.
VACANCY_CHECK = {
    "verified": N_("Verified by a labour attaché"),
    "licence": N_("The agency's licence"),
    "wage": N_("Wage against today's minimum"),
    "worker_fee": N_("Fee charged to the worker"),
    "hours": N_("Hours against the legal limit"),
    "employer": N_("The employer"),
    "passport": N_("The worker's passport"),
    "open": N_("Applications for this job"),
}

# A vacancy's red flags, as the agency reads them before submitting.
RED_FLAG_AGENCY = {
    "wage_below_minimum": N_("The wage is below the country's minimum wage"),
    "minimum_wage_unknown": N_("No minimum wage is on record to compare the wage with"),
    "worker_pays_fee": N_("The worker is charged a fee"),
    "licence_does_not_cover_country": N_("The licence does not cover the country"),
    "employer_watchlisted": N_("The employer is on the watchlist"),
    "near_duplicate": N_("The vacancy nearly duplicates another one"),
    "hours_over_limit": N_("The working hours are over the legal limit"),
    "fee_in_text": N_("A payment named in the advert's text"),
    "passport_in_text": N_("The advert says the passport is kept"),
    "hours_in_text": N_("The advert describes longer hours"),
    "wage_in_text": N_("The advert promises a lower wage"),
}

# --- employers -------------------------------------------------------------------------

# As an employer's state reads inside a sentence.
EMPLOYER_STATUS = {"unverified": N_("awaiting verification"), "verified": N_("verified"),
                   "rejected": N_("rejected")}

# As the agency reads its own employers' states in its lists.
EMPLOYER_STATUS_AGENCY = {
    "unverified": N_("Not verified yet"),
    "verified": N_("Verified"),
    "rejected": N_("Rejected"),
}

# --- agencies --------------------------------------------------------------------------

# An agency's standing in the register, as the regulator and a filer read it beside its name.
AGENCY_STANDING = {
    "unlicensed": N_("No licence"),
    "applicant": N_("Applying for a licence"),
    "licensed": N_("Licensed"),
    "suspended": N_("Licence suspended"),
    "revoked": N_("Licence revoked"),
}

# The people an agency names as its owners and directors.
PERSON_ROLE = {"owner": N_("Owner"), "director": N_("Director")}

# --- the audit log ---------------------------------------------------------------------

# Audit entries as the regulator's history shows them; anything else is shown as recorded.
AUDIT_ACTION = {
    "register": N_("Registered"),
    "replace_people": N_("Owners and directors changed"),
    "apply": N_("Applied for a licence"),
    "start_review": N_("Review started"),
    "grant": N_("Granted"),
    "refuse": N_("Refused"),
    "suspend": N_("Suspended"),
    "reinstate": N_("Reinstated"),
    "revoke": N_("Revoked"),
    "renew": N_("Renewed"),
    "expire": N_("Expired"),
    "request_renewal": N_("Renewal requested"),
    "open": N_("Opened"),
    "close": N_("Closed"),
    "create": N_("Created"),
    "edit": N_("Edited"),
    "deactivate": N_("Deactivated"),
    "reactivate": N_("Opened again"),
    "set": N_("Set"),
    "watchlist": N_("Put on the watchlist"),
    "end_watchlist": N_("Watchlist entry ended"),
    "change_watchlist_until": N_("Watchlist end date changed"),
    "revise": N_("Back to draft"),
    "licence_hold": N_("Held: the agency's licence is not in force"),
    "licence_hold_cleared": N_("Hold lifted: the agency's licence is in force"),
    "submit": N_("Submitted for verification"),
    "verify": N_("Verified"),
    "reject": N_("Rejected"),
    "publish": N_("Published"),
    "fill": N_("Filled"),
}

# What an audit entry is about.
AUDIT_ENTITY = {
    "agency": N_("Agency"),
    "licence": N_("Licence"),
    "rating_alert": N_("Rating alert"),
    "deposit": N_("Security deposit"),
    "employer": N_("Employer"),
    "vacancy": N_("Vacancy"),
    "referral": N_("Referral"),
    "dispute": N_("Dispute"),
    "routing_rule": N_("Routing rule"),
    "routing_decision": N_("Routing decision"),
    "minimum_wage": N_("Minimum wage"),
    "worker_fee_rule": N_("Fees charged to workers"),
    "watchlisted_employer": N_("Watchlisted employer"),
    "user": N_("Account"),
}

# --- terms of work ---------------------------------------------------------------------

# The terms a vacancy promised and a dispute reports.
CONTRACT_TERM = {
    "wage": N_("Wage"),
    "hours_per_week": N_("Hours per week"),
    "housing": N_("Housing"),
    "meals": N_("Meals"),
    "worker_fee": N_("Fee paid by the worker"),
}

# Whether housing and meals are provided, after the term ("Housing: free").
PROVISION = {"free": N_("free"), "paid": N_("paid by the worker"), "none": N_("not provided")}

# Whether housing and meals are provided, as the agency chooses it on a vacancy.
PROVISION_AGENCY = {"free": N_("Free"), "paid": N_("Paid by the worker"),
                    "none": N_("Not provided")}

# What a wage is paid for, after its amount ("90 000 RUB per month").
WAGE_PERIOD = {"hour": N_("per hour"), "week": N_("per week"), "month": N_("per month")}

# Who pays an award.
PARTY = {"agency": N_("the agency"), "employer": N_("the employer")}

# --- ratings ---------------------------------------------------------------------------

# The parts an agency's rating is made of.
RATING_PART = {
    "upheld_findings": N_("Findings upheld against the agency"),
    "sanctions": N_("Sanctions"),
    "licence_history": N_("Licence history"),
    "placements": N_("Verified placements"),
}

# Why a rating raised an alert.
RATING_ALERT_REASON = {
    "upheld_findings": N_("Findings upheld against the agency"),
}

# --- licences --------------------------------------------------------------------------

# A licence's state as the public and migrants read it beside an agency: whether it may
# recruit is what matters to them.
LICENCE_STATUS_PUBLIC = {
    "active": N_("Active"),
    "applied": N_("Applied for, not licensed yet"),
    "under_review": N_("Under review, not licensed yet"),
    "suspended": N_("Suspended"),
    "revoked": N_("Revoked"),
    "expired": N_("Expired"),
    "refused": N_("Refused"),
    "unlicensed": N_("No licence"),
}

# Why an agency may not recruit: for each licence status that forbids it, and for the other
# holds on its referrals (matching.rules.licence_hold).
LICENCE_HOLD = {
    "applied": N_("The agency has applied for a licence but does not hold one yet."),
    "under_review": N_("The agency's licence application is still being reviewed."),
    "suspended": N_("The agency's licence is suspended."),
    "revoked": N_("The agency's licence was revoked."),
    "expired": N_("The agency's licence has expired."),
    "refused": N_("The agency's licence application was refused."),
    "unlicensed": N_("The agency holds no licence."),
    "not_in_force": N_("The agency's licence is not in force today."),
    "not_covered": N_("The agency's licence does not cover this country."),
}

LICENCE_STATUS = {
    "applied": N_("Applied"),
    "under_review": N_("Under review"),
    "active": N_("Active"),
    "suspended": N_("Suspended"),
    "revoked": N_("Revoked"),
    "expired": N_("Expired"),
    "refused": N_("Refused"),
}

# A licence's state inside a sentence, with no licence at all as one of them.
LICENCE_STATUS_MISSION = {
    "applied": N_("applied"), "under_review": N_("under review"), "active": N_("active"),
    "suspended": N_("suspended"), "revoked": N_("revoked"), "expired": N_("expired"),
    "unlicensed": N_("no licence"),
}

# A licence's state inside the sentence of a red flag or a check.
LICENCE_STATUS_FLAG = {
    "active": N_("active"), "applied": N_("applied for"), "under_review": N_("under review"),
    "suspended": N_("suspended"), "revoked": N_("revoked"), "expired": N_("expired"),
    "refused": N_("refused"), "unlicensed": N_("no licence"),
}

# What a person does to a licence (the button).
LICENCE_ACTION = {
    "start_review": N_("Start review"),
    "grant": N_("Grant"),
    "refuse": N_("Refuse"),
    "suspend": N_("Suspend"),
    "reinstate": N_("Reinstate"),
    "revoke": N_("Revoke"),
    "renew": N_("Renew"),
}

# What a licence became, inside the sentence of the notice its agency gets ("Your licence is
# now: suspended.").
LICENCE_ACTION_NOTICE = {
    "start_review": N_("under review"), "grant": N_("granted"), "refuse": N_("refused"),
    "suspend": N_("suspended"), "reinstate": N_("reinstated"), "revoke": N_("revoked"),
    "renew": N_("renewed"), "expire": N_("expired"),
}

# What the regulator is told once an action on a licence is done.
LICENCE_DONE = {
    "start_review": N_("The review of the application has started."),
    "grant": N_("The licence is granted: %(number)s."),
    "refuse": N_("The application is refused."),
    "suspend": N_("The licence is suspended; its vacancies are hidden from search."),
    "reinstate": N_("The licence is reinstated."),
    "revoke": N_("The licence is revoked; its owners and directors are barred."),
    "renew": N_("The licence is renewed until %(until)s."),
}

# --- languages -------------------------------------------------------------------------

# A language level beside the language's name ("Russian B1"); the CEFR codes read as they are.
# The table is the one the page helpers word a job's language needs with.
LANGUAGE_LEVEL = LANGUAGE_LEVELS

# The levels as the agency chooses them for a vacancy's languages.
LANGUAGE_LEVEL_AGENCY = {"native": N_("Native")}

# The levels as the resource centre chooses them for a migrant, each with its meaning.
LANGUAGE_LEVEL_CENTRE = {
    "A1": N_("A1 — beginner"),
    "A2": N_("A2 — elementary"),
    "B1": N_("B1 — intermediate"),
    "B2": N_("B2 — upper intermediate"),
    "C1": N_("C1 — advanced"),
    "C2": N_("C2 — proficient"),
    "native": N_("Native"),
}

# --- migrants --------------------------------------------------------------------------

# The pre-screening checklist, as the centre ticks it and the migrant reads it.
PRESCREENING_ITEM = {
    "passport_valid": N_("Valid passport"),
    "medical_check": N_("Medical check"),
    "orientation_done": N_("Pre-departure orientation"),
    "skills_test_passed": N_("Skills test"),
}

# What the migrant does to complete each pre-screening item.
PRESCREENING_TODO = {
    "passport_valid": N_(
        "Bring your passport to your migrant resource centre so they can check it is valid."),
    "medical_check": N_("Have the medical check done and show the certificate at your centre."),
    "orientation_done": N_("Attend the pre-departure orientation at your centre."),
    "skills_test_passed": N_(
        "Pass the skills test for your occupation; your centre tells you where."),
}

# A migrant's schooling, as the centre records it and the migrant reads it.
EDUCATION = {
    "none": N_("No formal education"), "primary": N_("Primary school"),
    "secondary": N_("Secondary school"), "vocational": N_("Vocational training"),
    "higher": N_("Higher education"), "postgraduate": N_("Postgraduate degree"),
}

def labels(_: Callable[[str], str], table: Mapping[str, str]) -> dict[str, str]:
    """A table in the page's language."""
    return {key: _(text) for key, text in table.items()}


def label(_: Callable[[str], str], table: Mapping[str, str], value: Any) -> str:
    """One stored value in the page's language; one without a label reads as plain words."""
    text = str(getattr(value, "value", value) or "")
    return _(table[text]) if text in table else text.replace("_", " ")
