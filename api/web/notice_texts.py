"""What a notice says outside the app, in its reader's language.

A notice is rendered from its kind and parameters with the catalogues of the pages (the
texts below are their msgids). A notice of a kind not listed here, or written before
notices kept their parameters, is sent in the English it was written in, inside a frame
in the reader's language.
"""

from __future__ import annotations

from typing import Any

from api.web.common import N_, translations
from api.web.notice_staff_texts import (
    LICENCE_ACTIONS,
    LICENCE_BODY,
    LICENCE_SUBJECT,
    STAFF_TEMPLATES,
)
from core.config import get_settings
from core.notice_delivery import Outgoing, unsubscribe_token

# kind -> (subject, body) of the notices migrants get (written in all five languages;
# staff's are in notice_staff_texts). Placeholders are the notice's parameters.
TEMPLATES: dict[str, tuple[str, str]] = {
    "referral.interviewed": (
        N_("Your referral to {job}: interview recorded"),
        N_("The agency recorded your interview for the job {job}.")),
    "referral.offered": (
        N_("Your referral to {job}: you are offered the job"),
        N_("The agency offers you the job {job}. Read the contract with your migrant "
           "resource centre before you sign it.")),
    "referral.contract_signed": (
        N_("Your referral to {job}: contract signed"),
        N_("Your contract for the job {job} is recorded as signed. Keep a copy of it.")),
    "referral.deployed": (
        N_("Your referral to {job}: you left for work"),
        N_("You are recorded as having left for the job {job}. If the work or the pay is "
           "not as agreed, file a dispute with your migrant resource centre.")),
    "referral.rejected": (
        N_("Your referral to {job}: not taken"),
        N_("The agency did not take you for the job {job}. Your migrant resource centre "
           "can help you find other verified jobs.")),
    "referral.licence_hold": (
        N_("Do not sign or pay {agency} now: your referral to {job} waits"),
        N_("The licence of {agency} is not in force. Do not sign anything with this agency "
           "or pay it anything now. Your migrant resource centre will help you. You will be "
           "told when the licence is active again.")),
    "referral.licence_restored": (
        N_("Your referral to {job} can move on again"),
        N_("The licence of {agency} is active again, so the agency may take your referral "
           "further. Ask your migrant resource centre if in doubt.")),
}

REASON = N_("Reason given: {reason}")
GREETING = N_("Hello, {name}.")
OPEN = N_("Open Vetted to see more: {url}")
FOOTER = N_("You get these e-mails because you have an account at Vetted. Choose their "
            "language or stop them: {settings}")
UNSUBSCRIBE = N_("Stop these e-mails at once: {unsubscribe}")
UNTRANSLATED = N_("This notice is in English:")

HOME_BY_ROLE = {"regulator": "/ministry", "admin": "/ministry", "agency_staff": "/agency",
                "centre_staff": "/centre", "attache": "/mission",
                "settlement_body": "/mission/cases", "migrant": "/me"}


def _fill(text: str, params: dict[str, Any]) -> str:
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return text


def notice_words(out: Outgoing) -> tuple[str, str] | None:
    """The notice's subject and body in its reader's language, or None when its kind (or
    the notice) has no parameters to render it from."""
    if out.params is None:
        return None
    _ = translations(out.language).gettext
    params = dict(out.params)
    kind = out.kind
    if kind.startswith("licence.") and kind.removeprefix("licence.") in LICENCE_ACTIONS:
        params["action"] = _(LICENCE_ACTIONS[kind.removeprefix("licence.")])
        subject, body = LICENCE_SUBJECT, LICENCE_BODY
    else:
        found = (STAFF_TEMPLATES.get(f"{kind}@staff") if out.role != "migrant" else None
                 ) or TEMPLATES.get(kind) or STAFF_TEMPLATES.get(kind)
        if found is None:
            return None
        subject, body = found
    text = _fill(_(body), params)
    if params.get("reason"):
        text += "\n\n" + _fill(_(REASON), params)
    return _fill(_(subject), params), text


def render(out: Outgoing) -> tuple[str, str]:
    """The subject and full text sent: the notice, where to see it, and (by e-mail) how to
    choose the language or stop the e-mails."""
    _ = translations(out.language).gettext
    words = notice_words(out)
    base = get_settings().resolved_public_url()
    if words is None:
        subject, body = out.subject, f"{_(UNTRANSLATED)}\n\n{out.body}"
    else:
        subject, body = words
    if out.channel != "email":
        return subject, f"{subject}\n{body}\n{base}{HOME_BY_ROLE.get(out.role, '/')}"
    token = unsubscribe_token(out.user_id)
    lines = [
        _fill(_(GREETING), {"name": out.full_name}), "", body, "",
        _fill(_(OPEN), {"url": base + HOME_BY_ROLE.get(out.role, "/")}), "", "-- ",
        _fill(_(FOOTER), {"settings": f"{base}/settings/notices"}),
        _fill(_(UNSUBSCRIBE), {"unsubscribe": f"{base}/unsubscribe?token={token}"}),
    ]
    return subject, "\n".join(lines) + "\n"


def unsubscribe_url(user_id: int) -> str:
    """The one-click address a mail client posts to (RFC 8058)."""
    base = get_settings().resolved_public_url()
    return f"{base}/notifications/unsubscribe?token={unsubscribe_token(user_id)}"
