"""What the notices staff get say (English and Russian, as staff pages), by kind; see
notice_texts. A kind the staff and a migrant both get has its staff wording under
"<kind>@staff"."""

from __future__ import annotations

from api.web.common import N_

STAFF_TEMPLATES: dict[str, tuple[str, str]] = {
    "referral.new": (
        N_("A migrant was referred to your vacancy {job}"),
        N_("Referral {referral}: a pre-screened migrant was referred to vacancy {vacancy} "
           "by a migrant resource centre.")),
    "referral.licence_hold@staff": (
        N_("Referral {referral} to {job} is held"),
        N_("The licence of {agency} is not in force: the referral of {migrant} cannot move "
           "on until it is active again. Tell the migrant not to sign anything with the "
           "agency or pay it anything now.")),
    "referral.licence_restored@staff": (
        N_("Referral {referral} to {job} can move on again"),
        N_("The licence of {agency} is active again: the referral of {migrant} can move "
           "on.")),
}

LICENCE_ACTIONS = {
    "start_review": N_("under review"), "grant": N_("granted"), "refuse": N_("refused"),
    "suspend": N_("suspended"), "reinstate": N_("reinstated"), "revoke": N_("revoked"),
    "renew": N_("renewed"), "expire": N_("expired"),
}
LICENCE_SUBJECT = N_("Licence {licence}: {action}")
LICENCE_BODY = N_("Your licence is now: {action}.")
