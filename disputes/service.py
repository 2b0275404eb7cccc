"""Dispute use cases, each taking the caller's unit of work and never committing. They live in
the modules named for what they hold (intake, lifecycle, evidence, messages, routing
decisions and rules, deposits); this module gathers them for callers."""

from __future__ import annotations

from disputes.agencies import AgencyRecord, agency_records, mark_licence_standing
from disputes.deposits import (
    draw_from_deposit,
    get_deposit,
    preview_deposit_draw,
    record_recovery,
    record_top_up,
)
from disputes.evidence import add_evidence, check_evidence_writer, list_evidence, read_evidence
from disputes.intake import file_dispute
from disputes.lifecycle import (
    correct_outcome,
    escalate_dispute,
    overdue_disputes,
    preview_correction,
    preview_transition,
    transition_dispute,
)
from disputes.messages import add_message, list_messages
from disputes.reading import caseload_figures, get_dispute, get_history, list_disputes
from disputes.routing_decisions import list_routing, mark_routing
from disputes.routing_rules import (
    create_rule,
    deactivate_rule,
    get_rule,
    list_rules,
    rule_decisions,
    update_rule,
)

__all__ = [
    "AgencyRecord",
    "add_evidence",
    "add_message",
    "agency_records",
    "caseload_figures",
    "check_evidence_writer",
    "correct_outcome",
    "create_rule",
    "deactivate_rule",
    "draw_from_deposit",
    "escalate_dispute",
    "file_dispute",
    "get_deposit",
    "get_dispute",
    "get_history",
    "get_rule",
    "list_disputes",
    "list_evidence",
    "list_messages",
    "list_routing",
    "list_rules",
    "mark_licence_standing",
    "mark_routing",
    "overdue_disputes",
    "preview_correction",
    "preview_deposit_draw",
    "preview_transition",
    "read_evidence",
    "record_recovery",
    "record_top_up",
    "rule_decisions",
    "transition_dispute",
    "update_rule",
]
