"""The words of the domain's refusals that migrants and the public may meet, by their stable
codes (core.errors): written in every language of the public and migrant pages. The others
are in api.web.refusals, in the staff pages' languages."""

from __future__ import annotations

from api.web.common import N_

PUBLIC = {
    # evidence and messages on a case
    "evidence.empty": N_("The file %(name)s is empty."),
    "evidence.too_large": N_("The file %(name)s is larger than the limit of %(limit)s."),
    "evidence.wrong_type": N_("The file %(name)s is not one of the accepted types "
                              "(%(types)s); its content was checked, not its name."),
    "evidence.too_many": N_("A case holds at most %(max)s evidence files; this one has "
                            "%(count)s."),
    "evidence.none": N_("Choose at least one file."),
    "dispute.case_over": N_("The case is over; it takes nothing more."),
    # who a case is against
    "dispute.no_party": N_("Choose the agency (or the referral or vacancy, which name it), "
                           "or describe the recruiter who is not in the register."),
    "dispute.two_parties": N_("A case is against either an agency in the register or a "
                              "recruiter who is not in it, not both: clear one of them."),
    "recruiter.phone_digits": N_("A phone number has at least 6 digits."),
    "recruiter.found_via_detail": N_("Say in words how the recruiter found the migrant."),
    "dispute.already_open": N_("This complaint already has an open case, %(reference)s, filed "
                               "by someone else. Nothing was filed: add to that case through "
                               "whoever filed it."),
    # the migrant's own account
    "password.length": N_("A password is 10 to 128 characters long."),
    "password.current_missing": N_("Type your current password, or sign in with a code from "
                                   "your centre to choose a new one without it."),
    "password.plain": N_("A password needs at least 5 different letters, digits or signs "
                         "besides spaces."),
    "password.current_wrong": N_("This is not your current password. If you forgot it, ask "
                                 "your centre for a sign-in code."),
    "password.not_migrant": N_("This page is not for your role."),
    "password.unchanged": N_("This is your current password: choose a new one."),
    "password_reset.unknown": N_("This link is not one of ours, or only part of it was opened. "
                                 "Open the whole link from the e-mail, or ask for a new one."),
    "password_reset.expired": N_("This link has expired: a link to set a new password works "
                                 "for %(minutes)s minutes."),
    "password_reset.used": N_("This link has been used already: each link works once."),
    "password_reset.replaced": N_("A newer link was asked for since this one was sent: only "
                                  "the newest link works."),
    "password_reset.closed": N_("This account is closed, so its password cannot be set."),
    # asking the centre for a referral
    "referral_request.duplicate": N_("You already asked your centre about this job. They "
                                     "have not answered yet; you will see their answer here."),
    "referral_request.already_referred": N_("You are already referred to this job: see My "
                                            "referrals."),
    "referral_request.vacancy_closed": N_("This job is no longer open. Choose another one."),
    "referral_request.not_prescreened": N_("Your centre can refer you once your pre-screening "
                                           "is complete. Still missing: %(missing)s."),
    "agency.not_found": N_("There is no such agency."),
    "dispute.filed_meanwhile": N_("The same complaint was filed at the same moment; send it "
                                  "again."),
    "dispute.migrant_self_only": N_("You can file a dispute only for yourself."),
    "dispute.not_found": N_("There is no such case."),
    "dispute.referral_not_migrant": N_("This referral is not one of the migrant's referrals."),
    "dispute.referral_other_agency": N_("This referral was to a job of another agency."),
    "dispute.referral_other_vacancy": N_("This referral was to another job."),
    "dispute.sign_in_unlinked": N_("This sign-in is not linked to a migrant record: ask your "
                                   "migrant resource centre to file the dispute with you."),
    "dispute.step_not_yours": N_("You may not take this step on this case."),
    "dispute.vacancy_other_agency": N_("This job was posted by another agency."),
    "dispute.vacancy_other_country": N_("This job is in another country (%(vacancy_country)s); "
                                        "choose that country."),
    "dispute.vacancy_unverified": N_("This job was never verified by an attaché; choose the "
                                     "agency instead."),
    "evidence.missing": N_("This file cannot be shown: it is missing or damaged in the store."),
    "evidence.not_yours_to_add": N_("You may not add evidence to this case."),
    "evidence_file.not_found": N_("There is no such file."),
    "message.empty": N_("Write the message."),
    "message.not_yours_to_read": N_("You may not read the messages of this case."),
    "message.not_yours_to_write": N_("You may not write messages on this case."),
    "migrant_record_of_user.not_found":
        N_("This sign-in is not linked to a migrant record: ask your migrant resource centre."),
    "referral.not_found": N_("There is no such referral."),
    "referral_request.not_found": N_("There is no such request."),
    "notice.unsubscribe_invalid": N_("This link to stop notices is not valid. Sign in and "
                                     "change your notice settings instead."),
    "notice.not_found": N_("There is no such notice."),
    "search.currency_needed": N_("Choose the currency of the wage."),
    "transition.not_allowed": N_("This is not possible in the state the record is in now "
                                 "(%(status)s). Reload the page to see what can be done."),
    "vacancy.not_found": N_("There is no such job."),
    "version.stale": N_("Changed by someone else while you were looking at it. Reload the page "
                        "and try again."),
    "agency.missing": N_("There is no such agency."),
    "evidence.corrupted": N_("This file cannot be shown: it is missing or damaged in the store."),
    "transition.final": N_("This is not possible in the state the record is in now (%(status)s)."
                           " Reload the page to see what can be done."),
}
