"""What a notice says outside the app, in its reader's language.

A notice is rendered from its kind and parameters with the catalogues of the pages (the
texts below are their msgids); parameters that are codes (a dispute's kind, status and
stage, a licence hold, a country) are put in words first. Every kind in
core.notifications.KINDS has a text here or in notice_staff_texts. A notice written before
notices kept their parameters is sent in the English it was written in, inside a frame in
the reader's language.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from api.web.common import N_, country_name, format_date, format_money, translations
from api.web.labels import (
    DECISION_PART,
    DISPUTE_KIND_MIGRANT,
    DISPUTE_STAGE_NOTICE,
    DISPUTE_STATUS_MIGRANT,
    LICENCE_ACTION_NOTICE,
    LICENCE_HOLD,
    PARTY,
)
from api.web.notice_staff_texts import (
    APPLICATION_BODY,
    APPLICATION_SUBJECT,
    LICENCE_BODY,
    LICENCE_SUBJECT,
    NEW_RATING,
    STAFF_TEMPLATES,
)
from core.auth import Role
from core.config import get_settings
from core.notice_delivery import Outgoing, unsubscribe_token
from matching import places

# A job named with its city (in notices whose `city` is apart from the title).
JOB_IN_CITY = N_("{job} ({city})")
DISPUTE_STEP = N_("The case is now: {dispute_status}.")
RECOVERY_LEFT = N_("{left} of the award remains unpaid.")

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
           "not as agreed, file a dispute on your page in Vetted or with your migrant "
           "resource centre.")),
    "referral.rejected": (
        N_("Your referral to {job}: not taken"),
        N_("The agency did not take you for the job {job}. Your migrant resource centre "
           "can help you find other verified jobs.")),
    "referral_request.referred": (
        N_("Your centre referred you to {job}"),
        N_("Your migrant resource centre referred you to the job {job} (referral {referral}). "
           "The agency is told and will contact you. Never pay for a job offer.")),
    "referral_request.declined": (
        N_("Your centre did not refer you to {job}"),
        N_("Your migrant resource centre did not refer you to the job {job}. The reason: "
           "{reason}")),
    "referral.licence_hold": (
        N_("Do not sign or pay {agency} now: your referral to {job} waits"),
        N_("The licence of {agency} is not in force. Do not sign anything with this agency "
           "or pay it anything now. Your migrant resource centre will help you. You will be "
           "told when the licence is active again.")),
    "referral.licence_restored": (
        N_("Your referral to {job} can move on again"),
        N_("The licence of {agency} is active again, so the agency may take your referral "
           "further. Ask your migrant resource centre if in doubt.")),
    "referral.employer_watchlisted": (
        N_("Do not sign or pay for the job {job}"),
        N_("The employer {employer} is on the watchlist. Do not sign anything for this job "
           "or pay anyone for it. Your migrant resource centre will help you find another "
           "job.")),
    "referral.employer_delisted": (
        N_("Your referral to {job} can move on again"),
        N_("The employer {employer} is no longer on the watchlist, so the agency may take "
           "your referral further. Never pay for a job offer; ask your migrant resource "
           "centre if in doubt.")),
    # A dispute's steps reach the migrant, the centre that filed, the attachés, the
    # settlement body and the agency alike.
    "dispute.message": (
        N_("Dispute {case}: a new message"),
        N_("A new message was written on the case {case}; sign in to Vetted and open the "
           "case to read it.")),
    "dispute.filed": (
        N_("Dispute {case} ({dispute_kind}): filed"), DISPUTE_STEP),
    "dispute.assign": (
        N_("Dispute {case} ({dispute_kind}): assigned to a labour attaché"), DISPUTE_STEP),
    "dispute.reassign": (
        N_("Dispute {case} ({dispute_kind}): reassigned to another labour attaché"),
        DISPUTE_STEP),
    "dispute.escalate": (
        N_("Dispute {case} ({dispute_kind}): escalated to the supervisors"), DISPUTE_STEP),
    "dispute.acknowledge": (
        N_("Dispute {case} ({dispute_kind}): taken up by the attaché"), DISPUTE_STEP),
    "dispute.start_mediation": (
        N_("Dispute {case} ({dispute_kind}): mediation started"), DISPUTE_STEP),
    "dispute.resolve": (
        N_("Dispute {case} ({dispute_kind}): resolved in mediation"), DISPUTE_STEP),
    "dispute.refer": (
        N_("Dispute {case} ({dispute_kind}): sent to a settlement body"), DISPUTE_STEP),
    "dispute.decide": (
        N_("Dispute {case} ({dispute_kind}): decided by the settlement body"),
        DISPUTE_STEP),
    "dispute.close": (
        N_("Dispute {case} ({dispute_kind}): closed"), DISPUTE_STEP),
    "dispute.withdraw": (
        N_("Dispute {case} ({dispute_kind}): withdrawn"), DISPUTE_STEP),
    "dispute.correct_outcome": (
        N_("Dispute {case}: the decision was corrected (version {version})"),
        N_("Corrected: {changed}.")),
    "dispute.recovery": (
        N_("Dispute {case}: {amount} of the award recovered"), RECOVERY_LEFT),
    "dispute.recovery:deposit": (
        N_("Dispute {case}: {amount} recovered from the agency's security "
           "deposit"), RECOVERY_LEFT),
    "dispute.licence_hold": (
        N_("Dispute {case}: the licence of {agency} is not in force"),
        N_("{hold} Your dispute {case} goes on, and the agency still answers for it. Do not "
           "sign anything with this agency or pay it anything now.")),
    "dispute.licence_restored": (
        N_("Dispute {case}: the licence of {agency} is active again"),
        N_("The licence of {agency} is active again. Case {case} goes on as before.")),
    # Reminders (disputes.reminders); the deadline's sentence is added to the first.
    "dispute.deadline_near": (
        N_("Dispute {case}: your next step is due soon"),
        N_("The next step on this case is yours; take it before the deadline. Your migrant "
           "resource centre can help you.")),
    "dispute.award_due": (
        N_("Dispute {case}: the award is due by {payment_due}"),
        N_("Still unpaid: {amount}, payable by {payer} by {payment_due}. If you "
           "are paid, tell your migrant resource centre.")),
    "dispute.award_overdue": (
        N_("Dispute {case}: the award was not paid by {payment_due}"),
        N_("Still unpaid: {amount}, payable by {payer}. Those who follow up your "
           "case are told. If you were paid, tell your migrant resource centre.")),
}

# Sentences added to a notice's text when it carries the parameter they need, in this order.
DEADLINE = N_("Deadline of this stage ({stage}): {deadline}.")
AWARD = N_("The award is now {award}, payable by {payer} by {payment_due}.")
REASON = N_("Reason given: {reason}")
ADDED = (("deadline", DEADLINE), ("award", AWARD), ("reason", REASON))

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


Gettext = Callable[[str], str]


def _label(table: dict[str, str]) -> Callable[[Any, Gettext, str], str]:
    return lambda value, _, language: _(table.get(value, value))


# Amounts, each in the notice's `currency`: written as money, as the pages write it
# ("105 000 ₽"), whether stored as "105000" or "105000.00".
AMOUNTS = ("amount", "award", "left", "balance", "top_up")


def _money(value: Any, currency: str, language: str) -> str:
    try:
        return format_money(Decimal(str(value)), currency, language)
    except (InvalidOperation, ValueError):
        return f"{value} {currency}"


# How a parameter that is a code (or a list of codes) reads, by its name.
WORDED: dict[str, Callable[[Any, Gettext, str], str]] = {
    "dispute_kind": _label(DISPUTE_KIND_MIGRANT),
    "dispute_status": _label(DISPUTE_STATUS_MIGRANT),
    "stage": _label(DISPUTE_STAGE_NOTICE),
    "hold": lambda value, _, language: _(LICENCE_HOLD.get(value, LICENCE_HOLD["unlicensed"])),
    "payer": _label(PARTY),
    "changed": lambda value, _, language: ", ".join(
        _(DECISION_PART.get(part, part)) for part in value),
    "country": lambda value, _, language: country_name(value, language),
    "countries": lambda value, _, language: ", ".join(
        country_name(code, language) for code in value),
    "score": lambda value, _, language: f"{value:g}",
    "deadline": lambda value, _, language: _moment(value, language),
    "payment_due": lambda value, _, language: _day(value, language),
}


def _written(day: date, language: str) -> str:
    """A day in a notice, as the pages write it."""
    return format_date(day, language)


def _moment(value: Any, language: str) -> str:
    """A stage's deadline ("2027-01-04 01:57", UTC) as the pages write a moment: on the
    reader's clock (set for the notice's recipient: api.notice_tasks), its zone named; as
    given when it is none."""
    try:
        moment = datetime.strptime(str(value), "%Y-%m-%d %H:%M").replace(tzinfo=UTC)
    except ValueError:
        return str(value)
    return format_date(moment, language)


def _day(value: Any, language: str) -> str:
    try:
        return _written(date.fromisoformat(str(value)), language)
    except ValueError:
        return str(value)
# How a parameter reads when it is None, where that means something.
WORDED_NONE = {"score": NEW_RATING}


def template(kind: str, variant: str | None, role: Role) -> tuple[str, str] | None:
    """The (subject, body) msgids a reader with this role gets for a kind of notice: its
    variant's, else the kind's; staff's own wording before the one migrants read."""
    for key in ([f"{kind}:{variant}"] if variant else []) + [kind]:
        found = (STAFF_TEMPLATES.get(f"{key}@staff") if role != Role.MIGRANT else None
                 ) or TEMPLATES.get(key) or STAFF_TEMPLATES.get(key)
        if found is not None:
            return found
    return None


def notice_words(out: Outgoing) -> tuple[str, str] | None:
    """The notice's subject and body in its reader's language, or None when its kind (or
    the notice) has no parameters to render it from."""
    return worded(out.kind, out.params, role=out.role, language=out.language)


def listed(notices: Sequence[Mapping[str, Any]], *, role: Role, language: str
           ) -> list[Mapping[str, Any]]:
    """Stored notices (each with its `kind`, `params`, `subject` and maybe `body`) as a
    page lists them: their subject and body worded in the page's language for a reader
    with `role`, or as stored for a notice that cannot be worded."""
    shown = []
    for notice in notices:
        words = worded(notice["kind"], notice.get("params"), role=role, language=language)
        shown.append(notice if words is None
                     else {**notice, "subject": words[0], "body": words[1]})
    return shown


def worded(kind: str, given: Mapping[str, Any] | None, *, role: Role, language: str
           ) -> tuple[str, str] | None:
    """A notice's subject and body from its kind and parameters in a language, or None
    when it has no parameters or its kind no words."""
    if given is None:
        return None
    _ = translations(language).gettext
    params = {name: _(WORDED_NONE[name]) if value is None and name in WORDED_NONE
              else WORDED[name](value, _, language)
              if name in WORDED and value is not None else value
              for name, value in given.items()}
    if given.get("city"):
        params["job"] = _fill(_(JOB_IN_CITY), {
            "job": given.get("job"), "city": places.city_name(str(given["city"]), language)})
    if given.get("currency"):
        for name in AMOUNTS:
            if given.get(name) is not None:
                params[name] = _money(given[name], str(given["currency"]), language)
    if kind.startswith("licence.") and kind.removeprefix("licence.") in LICENCE_ACTION_NOTICE:
        params["action"] = _(LICENCE_ACTION_NOTICE[kind.removeprefix("licence.")])
        subject, body = ((APPLICATION_SUBJECT, APPLICATION_BODY)
                         if params.get("variant") == "application"
                         else (LICENCE_SUBJECT, LICENCE_BODY))
    else:
        found = template(kind, params.get("variant"), role)
        if found is None:
            return None
        subject, body = found
    sentences = [_fill(_(body), params)]
    sentences += [_fill(_(text), params) for name, text in ADDED if params.get(name)]
    # The reason a person typed stands apart, as before.
    text = " ".join(sentences[:-1] if params.get("reason") else sentences)
    if params.get("reason"):
        text += "\n\n" + sentences[-1]
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
