"""The audit history as the regulator reads it: what the system itself recorded, in the
page's language.

Entries the system writes (holds while a licence is not in force, expiries, missed
deadlines, rating alerts) keep an English sentence as their reason; the log is append-only
and hash-chained, so the sentence stays as written and the page words it again from the
codes and figures the entry also keeps. A reason a person typed is shown as typed."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from fastapi import Request

from api.web.common import N_, format_date, gettext_for, request_language
from api.web.labels import DISPUTE_STAGE, LICENCE_HOLD
from disputes.rules import STAGE_OF, DisputeStatus

_LIFTED = N_("The agency's licence is in force again.")
_EXPIRED = {"licence": N_("Its period of validity ended."),
            "vacancy": N_("Its closing date passed.")}
_DEADLINE = N_("The %(stage)s deadline of %(when)s passed.")
_UPHELD = N_("Findings upheld against the agency in the last %(days)s days: %(n)s "
             "(threshold %(threshold)s).")


def _system_reason(_: Callable[[str], str], language: str, entry: Mapping[str, Any]
                   ) -> str | None:
    """The reason of an entry the system wrote, from its codes; None when it keeps none
    this page knows."""
    data: Mapping[str, Any] = entry["data"] or {}
    action, kind = entry["action"], entry["entity_type"]
    if action == "licence_hold" and data.get("hold") in LICENCE_HOLD:
        return _(LICENCE_HOLD[data["hold"]])
    if action == "licence_hold_cleared":
        return _(_LIFTED)
    if action == "expire" and kind in _EXPIRED:
        return _(_EXPIRED[kind])
    if kind == "dispute" and action in ("escalate", "reassign") and data.get("missed_deadline"):
        try:
            stage = STAGE_OF[DisputeStatus(entry["from_state"])]
            # Kept as str() writes a moment: "2026-12-05 10:00:00+00:00".
            missed = datetime.fromisoformat(str(data["missed_deadline"]))
        except (KeyError, ValueError):
            return None
        return _(_DEADLINE) % {"stage": _(DISPUTE_STAGE[stage]),
                               "when": format_date(missed, language)}
    if kind == "rating_alert" and action == "open" and data.get("reason") == "upheld_findings":
        return _(_UPHELD) % {"n": data.get("observed"), "days": data.get("window_days"),
                             "threshold": data.get("threshold")}
    return None


def history_entries(request: Request, entries: Sequence[Mapping[str, Any]]
                    ) -> list[dict[str, Any]]:
    """Audit entries with `reason_words`: the reason as this page's reader reads it."""
    _ = gettext_for(request)
    language = request_language(request)
    shown = []
    for entry in entries:
        words = _system_reason(_, language, entry) if entry["actor_role"] == "system" \
            else None
        shown.append(dict(entry) | {"reason_words": words or entry["reason"] or ""})
    return shown
