"""All SQL of the disputes domain."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import asyncpg

from core.rows import row_as, rows_as
from disputes.rows import (
    AgencyRecordRow,
    CaseloadRow,
    DepositAccountRow,
    DepositMovementRow,
    DisputeEventRow,
    DisputeMarkRow,
    DisputeRow,
    EscalationRow,
    EvidenceRow,
    FindingRow,
    MessageAuthorRow,
    MessageRow,
    OutcomeRow,
    OutcomeVersionRow,
    RecruiterReferralCountRow,
    RecruiterReferralRow,
    RecruiterReportRow,
    RecruiterRow,
    RoutingDecisionMarkedRow,
    RoutingDecisionRow,
    RoutingRuleRow,
)

_DISPUTE_COLUMNS = frozenset({
    "kind", "agency_id", "employer_id", "employer_name", "employer_registration_number",
    "vacancy_id", "referral_id", "migrant_id", "migrant_user_id", "filed_by_user_id",
    "filed_by_role", "filing_centre_id", "complainant_name", "complainant_phone",
    "complainant_email", "country", "region", "region_key", "claimed_amount",
    "claimed_currency", "description", "reported_wage_amount", "reported_wage_currency",
    "reported_wage_period", "reported_hours_per_week", "reported_housing", "reported_meals",
    "reported_fee_amount", "reported_fee_currency", "complainant_key", "party_key",
})
UPDATABLE = frozenset({
    "status", "mission_id", "settlement_body_id", "referred_body_id", "assigned_attache_id",
    "queue", "stage_deadline", "escalation_count", "assigned_at", "acknowledged_at",
    "acknowledged_by", "acknowledge_interval", "concluded_at", "concluded_by_attache_id",
    "closed_at",
})
_OPEN = "('filed', 'assigned', 'acknowledged', 'in_mediation', 'referred')"


def _insert(table: str, fields: dict[str, Any]) -> tuple[str, list[Any]]:
    columns = list(fields)
    placeholders = ", ".join(f"${i}" for i in range(1, len(columns) + 1))
    return (f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders}) RETURNING *",
            [fields[c] for c in columns])


# --- disputes -----------------------------------------------------------------------------


async def insert_dispute(conn: asyncpg.Connection, fields: dict[str, Any]) -> int | None:
    """The new case's id; None when the same complaint already has an open case (the
    partial unique index uq_dispute_open_complaint, which also makes a filing at the same
    moment wait for the other and then give way)."""
    assert set(fields) <= _DISPUTE_COLUMNS, set(fields) - _DISPUTE_COLUMNS
    sql, values = _insert("dispute", fields)
    sql = sql.replace(" RETURNING *", " ON CONFLICT (complainant_key, kind, party_key) "
                      f"WHERE status IN {_OPEN} DO NOTHING RETURNING id")
    row = await conn.fetchrow(sql, *values)
    return None if row is None else int(row["id"])


async def find_open_case(conn: asyncpg.Connection, *, complainant_key: str, kind: str,
                         party_key: str) -> DisputeRow | None:
    """The open case of this complaint, locked for the filing that joins it."""
    row = await conn.fetchrow(
        f"SELECT * FROM dispute WHERE complainant_key = $1 AND kind = $2 AND party_key = $3 "
        f"AND status IN {_OPEN} FOR UPDATE",
        complainant_key, kind, party_key,
    )
    return row_as(DisputeRow, row)


async def get_dispute(conn: asyncpg.Connection, dispute_id: int, *, for_update: bool = False
                      ) -> DisputeRow | None:
    lock = "FOR UPDATE" if for_update else ""
    row = await conn.fetchrow(f"SELECT * FROM dispute WHERE id = $1 {lock}", dispute_id)
    return row_as(DisputeRow, row)


async def update_dispute(conn: asyncpg.Connection, dispute_id: int, **changes: Any) -> None:
    """Apply `changes` and bump the version; column names come from our code only."""
    assert set(changes) <= UPDATABLE, set(changes) - UPDATABLE
    assignments = "".join(f"{column} = ${i}, " for i, column in enumerate(changes, start=2))
    await conn.execute(
        f"UPDATE dispute SET {assignments}version = version + 1, updated_at = now() "
        "WHERE id = $1",
        dispute_id, *changes.values(),
    )


async def list_disputes(
    conn: asyncpg.Connection, *, agency_id: int | None = None,
    filing_centre_id: int | None = None, migrant_user_id: int | None = None,
    attache_id: int | None = None, referred_body_id: int | None = None,
    queue: str | None = None, statuses: list[str] | None = None,
    by_deadline: bool = False, limit: int = 100, offset: int = 0,
) -> list[DisputeRow]:
    order = "stage_deadline NULLS LAST, id" if by_deadline else "id DESC"
    rows = await conn.fetch(
        f"""
        SELECT * FROM dispute
        WHERE ($1::bigint IS NULL OR agency_id = $1)
          AND ($2::bigint IS NULL OR filing_centre_id = $2)
          AND ($3::bigint IS NULL OR migrant_user_id = $3)
          AND ($4::bigint IS NULL OR assigned_attache_id = $4)
          AND ($5::bigint IS NULL OR referred_body_id = $5)
          AND ($6::text IS NULL OR queue = $6)
          AND ($7::text[] IS NULL OR status = ANY ($7::text[]))
        ORDER BY {order}
        LIMIT $8 OFFSET $9
        """,
        agency_id, filing_centre_id, migrant_user_id, attache_id, referred_body_id, queue,
        statuses, limit, offset,
    )
    return rows_as(DisputeRow, rows)


async def overdue_ids(conn: asyncpg.Connection, *, now: datetime) -> list[int]:
    rows = await conn.fetch(
        f"SELECT id FROM dispute WHERE stage_deadline < $1 AND status IN {_OPEN} ORDER BY id",
        now,
    )
    return [r["id"] for r in rows]


async def deadline_near_ids(conn: asyncpg.Connection, *, now: datetime, until: datetime
                            ) -> list[int]:
    """Open cases whose stage deadline falls between now and `until`."""
    rows = await conn.fetch(
        f"SELECT id FROM dispute WHERE stage_deadline BETWEEN $1 AND $2 AND status IN {_OPEN} "
        "ORDER BY id",
        now, until,
    )
    return [r["id"] for r in rows]


async def unpaid_award_ids(conn: asyncpg.Connection, *, due_by: date) -> list[int]:
    """Concluded cases (not closed) with an award not paid in full, due by `due_by`."""
    rows = await conn.fetch(
        """
        SELECT d.id FROM dispute_outcome o JOIN dispute d ON d.id = o.dispute_id
        WHERE d.status IN ('resolved', 'decided') AND o.awarded_amount > 0
          AND o.recovered_amount < o.awarded_amount AND o.payment_due <= $1
        ORDER BY d.id
        """,
        due_by,
    )
    return [r["id"] for r in rows]


async def lock_mission_assignment(conn: asyncpg.Connection, mission_id: int) -> None:
    """Serialise the choice of attaché within a mission until the transaction ends, so two
    cases filed at once are not both given to the same least-loaded attaché."""
    await conn.execute(
        "SELECT pg_advisory_xact_lock(hashtextextended('dispute-assignment:' || $1::bigint, 0))",
        mission_id,
    )


async def open_case_counts(conn: asyncpg.Connection, attache_ids: Sequence[int]
                           ) -> dict[int, int]:
    """Open cases per attaché (zero for those with none)."""
    rows = await conn.fetch(
        f"""
        SELECT a.id, count(d.id) AS open_cases
        FROM unnest($1::bigint[]) AS a(id)
        LEFT JOIN dispute d ON d.assigned_attache_id = a.id AND d.status IN {_OPEN}
        GROUP BY a.id
        """,
        list(attache_ids),
    )
    return {r["id"]: r["open_cases"] for r in rows}


async def caseload(conn: asyncpg.Connection, *, attache_id: int, now: datetime) -> CaseloadRow:
    row = await conn.fetchrow(
        f"""
        SELECT
            (SELECT count(*) FROM dispute
              WHERE assigned_attache_id = $1 AND status IN {_OPEN}) AS open_cases,
            (SELECT coalesce(jsonb_object_agg(status, n), '{{}}'::jsonb) FROM (
                SELECT status, count(*) AS n FROM dispute
                WHERE assigned_attache_id = $1 AND status IN {_OPEN} GROUP BY status) s
            ) AS by_status,
            (SELECT count(*) FROM dispute WHERE assigned_attache_id = $1
              AND status IN {_OPEN} AND stage_deadline < $2) AS overdue,
            (SELECT count(*) FROM dispute WHERE assigned_attache_id = $1
              AND status IN {_OPEN} AND queue = 'supervisor') AS in_supervisor_queue,
            (SELECT min(stage_deadline) FROM dispute WHERE assigned_attache_id = $1
              AND status IN {_OPEN}) AS next_deadline,
            (SELECT count(*) FROM dispute WHERE acknowledged_by = $1
              AND acknowledge_interval IS NOT NULL) AS acknowledged,
            (SELECT percentile_cont(0.5) WITHIN GROUP (
                ORDER BY extract(epoch FROM acknowledge_interval))
              FROM dispute WHERE acknowledged_by = $1
              AND acknowledge_interval IS NOT NULL) AS median_ack_seconds,
            (SELECT count(*) FROM dispute WHERE concluded_by_attache_id = $1) AS concluded,
            (SELECT percentile_cont(0.5) WITHIN GROUP (
                ORDER BY extract(epoch FROM concluded_at - filed_at))
              FROM dispute WHERE concluded_by_attache_id = $1) AS median_resolve_seconds
        """,
        attache_id, now,
    )
    assert row is not None
    return row_as(CaseloadRow, row)


# --- recruiters not in the register -------------------------------------------------------

_RECRUITER_COLUMNS = frozenset({
    "dispute_id", "full_name", "name_key", "phone", "phone_key", "address", "found_via",
    "found_via_detail",
})


async def insert_recruiter(conn: asyncpg.Connection, fields: dict[str, Any]) -> None:
    assert set(fields) <= _RECRUITER_COLUMNS, set(fields) - _RECRUITER_COLUMNS
    sql, values = _insert("dispute_recruiter", fields)
    await conn.execute(sql, *values)


async def get_recruiter(conn: asyncpg.Connection, dispute_id: int) -> RecruiterRow | None:
    row = await conn.fetchrow("SELECT * FROM dispute_recruiter WHERE dispute_id = $1",
                              dispute_id)
    return row_as(RecruiterRow, row)


async def recruiter_reports(conn: asyncpg.Connection) -> list[RecruiterReportRow]:
    """Every report of a recruiter not in the register whose case was not withdrawn, with
    what the regulator's queue shows of its case (nothing about the migrant)."""
    rows = await conn.fetch(
        """
        SELECT r.dispute_id, r.full_name, r.name_key, r.phone, r.phone_key, r.address,
               r.found_via, r.found_via_detail, r.referral_id,
               d.kind, d.status, d.country, d.region, d.filed_at
        FROM dispute_recruiter r JOIN dispute d ON d.id = r.dispute_id
        WHERE d.status <> 'withdrawn'
        ORDER BY r.dispute_id
        """
    )
    return rows_as(RecruiterReportRow, rows)


async def lock_recruiter_referrals(conn: asyncpg.Connection) -> None:
    """Serialise referrals until the transaction ends, so two regulators referring the same
    recruiter at once do not both cover its reports."""
    await conn.execute(
        "SELECT pg_advisory_xact_lock(hashtextextended('recruiter-referral', 0))")


async def insert_recruiter_referral(conn: asyncpg.Connection, *, authority: str, note: str,
                                    referred_by_user_id: int, dispute_ids: Sequence[int]
                                    ) -> RecruiterReferralRow:
    """The referral, covering those of the reports no referral covers yet."""
    row = await conn.fetchrow(
        "INSERT INTO recruiter_referral (authority, note, referred_by_user_id) "
        "VALUES ($1, $2, $3) RETURNING *",
        authority, note, referred_by_user_id,
    )
    assert row is not None
    await conn.execute(
        "UPDATE dispute_recruiter SET referral_id = $1 "
        "WHERE dispute_id = ANY ($2::bigint[]) AND referral_id IS NULL",
        row["id"], list(dispute_ids),
    )
    return row_as(RecruiterReferralRow, row)


async def recruiter_referrals(conn: asyncpg.Connection, referral_ids: Sequence[int]
                              ) -> list[RecruiterReferralCountRow]:
    rows = await conn.fetch(
        """
        SELECT f.*, (SELECT count(*) FROM dispute_recruiter r WHERE r.referral_id = f.id)
                    AS reports
        FROM recruiter_referral f WHERE f.id = ANY ($1::bigint[]) ORDER BY f.id
        """,
        list(referral_ids),
    )
    return rows_as(RecruiterReferralCountRow, rows)


# --- the case's history -----------------------------------------------------------------


async def insert_event(conn: asyncpg.Connection, **fields: Any) -> None:
    sql, values = _insert("dispute_event", fields)
    await conn.execute(sql, *values)


async def list_events(conn: asyncpg.Connection, dispute_id: int) -> list[DisputeEventRow]:
    # In time order: steps filled in later from the audit log carry the time they happened.
    rows = await conn.fetch(
        "SELECT * FROM dispute_event WHERE dispute_id = $1 ORDER BY created_at, id", dispute_id
    )
    return rows_as(DisputeEventRow, rows)


async def insert_escalation(conn: asyncpg.Connection, **fields: Any) -> EscalationRow | None:
    """The escalation for a missed deadline, once; None when it was already recorded."""
    columns = list(fields)
    placeholders = ", ".join(f"${i}" for i in range(1, len(columns) + 1))
    row = await conn.fetchrow(
        f"INSERT INTO dispute_escalation ({', '.join(columns)}) VALUES ({placeholders}) "
        "ON CONFLICT ON CONSTRAINT uq_dispute_escalation_once DO NOTHING RETURNING *",
        *fields.values(),
    )
    return row_as(EscalationRow, row)


async def list_escalations(conn: asyncpg.Connection, dispute_id: int) -> list[EscalationRow]:
    rows = await conn.fetch(
        "SELECT * FROM dispute_escalation WHERE dispute_id = $1 ORDER BY id", dispute_id
    )
    return rows_as(EscalationRow, rows)


# --- routing rules, decisions and feedback ------------------------------------------------

_RULE_COLUMNS = frozenset({
    "name", "country", "region", "region_key", "kinds", "min_amount", "max_amount",
    "currency", "mission_id", "settlement_body_id", "priority", "active",
})


async def insert_rule(conn: asyncpg.Connection, fields: dict[str, Any]) -> RoutingRuleRow:
    assert set(fields) <= _RULE_COLUMNS
    sql, values = _insert("routing_rule", fields)
    row = await conn.fetchrow(sql, *values)
    assert row is not None
    return row_as(RoutingRuleRow, row)


async def get_rule(conn: asyncpg.Connection, rule_id: int, *, for_update: bool = False
                   ) -> RoutingRuleRow | None:
    lock = "FOR UPDATE" if for_update else ""
    row = await conn.fetchrow(f"SELECT * FROM routing_rule WHERE id = $1 {lock}", rule_id)
    return row_as(RoutingRuleRow, row)


async def update_rule(conn: asyncpg.Connection, rule_id: int, fields: dict[str, Any]
                      ) -> RoutingRuleRow:
    assert set(fields) <= _RULE_COLUMNS
    assignments = "".join(f"{column} = ${i}, " for i, column in enumerate(fields, start=2))
    row = await conn.fetchrow(
        f"UPDATE routing_rule SET {assignments}version = version + 1, updated_at = now() "
        "WHERE id = $1 RETURNING *",
        rule_id, *fields.values(),
    )
    assert row is not None
    return row_as(RoutingRuleRow, row)


async def list_rules(conn: asyncpg.Connection, *, country: str | None, active: bool | None,
                     mission_id: int | None = None) -> list[RoutingRuleRow]:
    rows = await conn.fetch(
        """
        SELECT * FROM routing_rule
        WHERE ($1::text IS NULL OR country = $1)
          AND ($2::boolean IS NULL OR active = $2)
          AND ($3::bigint IS NULL OR mission_id = $3)
        ORDER BY country, priority DESC, id
        """,
        country, active, mission_id,
    )
    return rows_as(RoutingRuleRow, rows)


async def insert_decision(conn: asyncpg.Connection, **fields: Any) -> RoutingDecisionRow:
    sql, values = _insert("routing_decision", fields)
    row = await conn.fetchrow(sql, *values)
    assert row is not None
    return row_as(RoutingDecisionRow, row)


_DECISION_COLUMNS = """
    d.*,
    (SELECT count(*) FROM routing_feedback f WHERE f.decision_id = d.id AND f.correct)
        AS marked_correct,
    (SELECT count(*) FROM routing_feedback f WHERE f.decision_id = d.id AND NOT f.correct)
        AS marked_wrong,
    (SELECT f.correct FROM routing_feedback f WHERE f.decision_id = d.id AND f.user_id = $2)
        AS my_mark
"""


async def list_decisions(
    conn: asyncpg.Connection, *, dispute_id: int | None = None, rule_id: int | None = None,
    viewer_id: int | None = None, limit: int = 500,
) -> list[RoutingDecisionMarkedRow]:
    rows = await conn.fetch(
        f"""
        SELECT {_DECISION_COLUMNS} FROM routing_decision d
        WHERE ($1::bigint IS NULL OR d.dispute_id = $1)
          AND ($3::bigint IS NULL OR d.rule_id = $3)
        ORDER BY d.id
        LIMIT $4
        """,
        dispute_id, viewer_id, rule_id, limit,
    )
    return rows_as(RoutingDecisionMarkedRow, rows)


async def latest_decision(conn: asyncpg.Connection, dispute_id: int) -> RoutingDecisionRow | None:
    row = await conn.fetchrow(
        "SELECT * FROM routing_decision WHERE dispute_id = $1 ORDER BY id DESC LIMIT 1",
        dispute_id,
    )
    return row_as(RoutingDecisionRow, row)


async def get_decision(conn: asyncpg.Connection, decision_id: int) -> RoutingDecisionRow | None:
    row = await conn.fetchrow("SELECT * FROM routing_decision WHERE id = $1", decision_id)
    return row_as(RoutingDecisionRow, row)


async def upsert_feedback(conn: asyncpg.Connection, *, decision_id: int, user_id: int,
                          role: str, correct: bool, comment: str | None) -> None:
    """One mark per person and decision; marking again replaces it."""
    await conn.execute(
        """
        INSERT INTO routing_feedback (decision_id, user_id, role, correct, comment)
        VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT ON CONSTRAINT uq_routing_feedback_decision_user
        DO UPDATE SET correct = EXCLUDED.correct, comment = EXCLUDED.comment,
                      updated_at = now()
        """,
        decision_id, user_id, role, correct, comment,
    )


# --- evidence -----------------------------------------------------------------------------


async def insert_evidence(conn: asyncpg.Connection, **fields: Any) -> EvidenceRow:
    sql, values = _insert("dispute_evidence", fields)
    row = await conn.fetchrow(sql, *values)
    assert row is not None
    return row_as(EvidenceRow, row)


async def list_evidence(conn: asyncpg.Connection, dispute_id: int) -> list[EvidenceRow]:
    rows = await conn.fetch(
        "SELECT * FROM dispute_evidence WHERE dispute_id = $1 ORDER BY id", dispute_id
    )
    return rows_as(EvidenceRow, rows)


async def get_evidence(conn: asyncpg.Connection, dispute_id: int, evidence_id: int
                       ) -> EvidenceRow | None:
    row = await conn.fetchrow(
        "SELECT * FROM dispute_evidence WHERE dispute_id = $1 AND id = $2",
        dispute_id, evidence_id,
    )
    return row_as(EvidenceRow, row)


async def insert_message(conn: asyncpg.Connection, **fields: Any) -> MessageRow:
    sql, values = _insert("dispute_message", fields)
    row = await conn.fetchrow(sql, *values)
    assert row is not None
    return row_as(MessageRow, row)


async def list_messages(conn: asyncpg.Connection, dispute_id: int) -> list[MessageAuthorRow]:
    """A case's messages with their authors' names, oldest first."""
    rows = await conn.fetch(
        "SELECT m.*, u.full_name AS author_name FROM dispute_message m "
        "JOIN app_user u ON u.id = m.author_user_id "
        "WHERE m.dispute_id = $1 ORDER BY m.id", dispute_id,
    )
    return rows_as(MessageAuthorRow, rows)


# --- outcomes, findings and recoveries ----------------------------------------------------


async def insert_outcome(conn: asyncpg.Connection, **fields: Any) -> None:
    sql, values = _insert("dispute_outcome", fields)
    await conn.execute(sql, *values)


async def get_outcome(conn: asyncpg.Connection, dispute_id: int, *, for_update: bool = False
                      ) -> OutcomeRow | None:
    lock = "FOR UPDATE" if for_update else ""
    row = await conn.fetchrow(
        f"SELECT * FROM dispute_outcome WHERE dispute_id = $1 {lock}", dispute_id
    )
    return row_as(OutcomeRow, row)


async def add_recovered(conn: asyncpg.Connection, dispute_id: int, amount: Any) -> None:
    await conn.execute(
        "UPDATE dispute_outcome SET recovered_amount = recovered_amount + $2, "
        "updated_at = now() WHERE dispute_id = $1",
        dispute_id, amount,
    )


async def insert_recovery(conn: asyncpg.Connection, **fields: Any) -> None:
    sql, values = _insert("dispute_recovery", fields)
    await conn.execute(sql, *values)


async def insert_finding(conn: asyncpg.Connection, **fields: Any) -> None:
    sql, values = _insert("dispute_finding", fields)
    await conn.execute(sql, *values)


async def list_findings(conn: asyncpg.Connection, dispute_id: int) -> list[FindingRow]:
    """The findings of the decision in force (not those a correction dropped)."""
    rows = await conn.fetch(
        "SELECT * FROM dispute_finding WHERE dispute_id = $1 AND superseded_at IS NULL "
        "ORDER BY id", dispute_id
    )
    return rows_as(FindingRow, rows)


async def supersede_findings(conn: asyncpg.Connection, finding_ids: Sequence[int], *,
                             version: int) -> None:
    await conn.execute(
        "UPDATE dispute_finding SET superseded_in_version = $2, superseded_at = now() "
        "WHERE id = ANY ($1) AND superseded_at IS NULL",
        list(finding_ids), version,
    )


async def update_outcome(conn: asyncpg.Connection, dispute_id: int, **fields: Any) -> None:
    """Replace the decision in force with a corrected version (column names are ours)."""
    allowed = {"summary", "awarded_amount", "currency", "payable_by", "payment_due",
               "version"}
    assert set(fields) <= allowed, set(fields) - allowed
    assignments = "".join(f"{column} = ${i}, " for i, column in enumerate(fields, start=2))
    await conn.execute(
        f"UPDATE dispute_outcome SET {assignments}updated_at = now() WHERE dispute_id = $1",
        dispute_id, *fields.values(),
    )


async def insert_outcome_version(conn: asyncpg.Connection, **fields: Any) -> None:
    sql, values = _insert("dispute_outcome_version", fields)
    await conn.execute(sql, *values)


async def list_outcome_versions(conn: asyncpg.Connection, dispute_id: int
                                ) -> list[OutcomeVersionRow]:
    rows = await conn.fetch(
        "SELECT * FROM dispute_outcome_version WHERE dispute_id = $1 ORDER BY version",
        dispute_id,
    )
    return rows_as(OutcomeVersionRow, rows)


async def recovered_by_source(conn: asyncpg.Connection, dispute_id: int
                              ) -> dict[str, Decimal]:
    """What has been recovered towards a case's award, per source (payment, deposit)."""
    rows = await conn.fetch(
        "SELECT source, sum(amount) AS amount FROM dispute_recovery WHERE dispute_id = $1 "
        "GROUP BY source", dispute_id,
    )
    return {r["source"]: r["amount"] for r in rows}


# --- the security-deposit ledger ----------------------------------------------------------


async def get_account(conn: asyncpg.Connection, agency_id: int, *, for_update: bool = False
                      ) -> DepositAccountRow | None:
    lock = "FOR UPDATE" if for_update else ""
    row = await conn.fetchrow(
        f"SELECT * FROM deposit_account WHERE agency_id = $1 {lock}", agency_id
    )
    return row_as(DepositAccountRow, row)


async def open_account(conn: asyncpg.Connection, *, agency_id: int, licence_id: int,
                       currency: str, opening_balance: Any) -> None:
    """Open the ledger once; a concurrent opener's row stands."""
    await conn.execute(
        """
        INSERT INTO deposit_account (agency_id, licence_id, currency, opening_balance, balance)
        VALUES ($1, $2, $3, $4, $4)
        ON CONFLICT (agency_id) DO NOTHING
        """,
        agency_id, licence_id, currency, opening_balance,
    )


async def set_account(conn: asyncpg.Connection, agency_id: int, *, balance: Any,
                      top_up_owed: Any) -> None:
    await conn.execute(
        "UPDATE deposit_account SET balance = $2, top_up_owed = $3, version = version + 1, "
        "updated_at = now() WHERE agency_id = $1",
        agency_id, balance, top_up_owed,
    )


async def insert_movement(conn: asyncpg.Connection, **fields: Any) -> DepositMovementRow:
    sql, values = _insert("deposit_movement", fields)
    row = await conn.fetchrow(sql, *values)
    assert row is not None
    return row_as(DepositMovementRow, row)


async def list_movements(conn: asyncpg.Connection, agency_id: int) -> list[DepositMovementRow]:
    rows = await conn.fetch(
        "SELECT * FROM deposit_movement WHERE agency_id = $1 ORDER BY id", agency_id
    )
    return rows_as(DepositMovementRow, rows)


# --- what an agency's rating counts -------------------------------------------------------


async def agency_records(conn: asyncpg.Connection, *, since: datetime,
                         agency_ids: Sequence[int] | None, open_states: Sequence[str]
                         ) -> list[AgencyRecordRow]:
    """Per registered agency with any: disputes against it (not withdrawn; and of those,
    the ones not concluded yet; cases against recruiters not in the register count for no
    agency), findings upheld against it (in all, and since `since`) and draws on its
    security deposit, with the dates of the latest finding and draw."""
    rows = await conn.fetch(
        """
        WITH d AS (
            SELECT agency_id, count(*) AS disputes,
                   count(*) FILTER (WHERE status = ANY ($3::text[])) AS disputes_open
            FROM dispute
            WHERE status <> 'withdrawn' AND agency_id IS NOT NULL
              AND ($2::bigint[] IS NULL OR agency_id = ANY ($2))
            GROUP BY agency_id
        ), f AS (
            SELECT agency_id, count(*) AS upheld_findings,
                   count(*) FILTER (WHERE created_at >= $1) AS upheld_findings_since,
                   max(created_at) AS latest_upheld_finding_at
            FROM dispute_finding
            WHERE against = 'agency' AND upheld AND superseded_at IS NULL
              AND ($2::bigint[] IS NULL OR agency_id = ANY ($2))
            GROUP BY agency_id
        ), m AS (
            SELECT agency_id, count(*) AS deposit_draws,
                   max(created_at) AS latest_deposit_draw_at
            FROM deposit_movement
            WHERE kind = 'draw' AND ($2::bigint[] IS NULL OR agency_id = ANY ($2))
            GROUP BY agency_id
        )
        SELECT agency_id, coalesce(d.disputes, 0) AS disputes,
               coalesce(d.disputes_open, 0) AS disputes_open,
               coalesce(f.upheld_findings, 0) AS upheld_findings,
               coalesce(f.upheld_findings_since, 0) AS upheld_findings_since,
               f.latest_upheld_finding_at,
               coalesce(m.deposit_draws, 0) AS deposit_draws, m.latest_deposit_draw_at
        FROM d FULL JOIN f USING (agency_id) FULL JOIN m USING (agency_id)
        """,
        since, list(agency_ids) if agency_ids is not None else None, list(open_states),
    )
    return rows_as(AgencyRecordRow, rows)


# --- marks while the agency's licence is not in force --------------------------------------


async def lock_agency_marks(conn: asyncpg.Connection, agency_id: int) -> None:
    """One reconciliation of an agency's dispute marks at a time (until the transaction
    ends): two could otherwise read the same marks and both act on them."""
    await conn.execute("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
                       f"dispute-licence-marks:{agency_id}")


async def disputes_to_mark(conn: asyncpg.Connection, *, agency_id: int) -> list[DisputeMarkRow]:
    """The open disputes against the agency, and any other with a mark still in force."""
    rows = await conn.fetch(
        f"""
        SELECT d.*, lm.id AS mark_id, lm.hold AS mark_hold
        FROM dispute d
        LEFT JOIN dispute_licence_mark lm ON lm.dispute_id = d.id AND lm.cleared_at IS NULL
        WHERE d.agency_id = $1 AND (d.status IN {_OPEN} OR lm.id IS NOT NULL)
        ORDER BY d.id
        """,
        agency_id,
    )
    return rows_as(DisputeMarkRow, rows)


async def insert_licence_mark(conn: asyncpg.Connection, *, dispute_id: int, agency_id: int,
                              licence_number: str | None, hold: str) -> int:
    mark_id: int = await conn.fetchval(
        "INSERT INTO dispute_licence_mark (dispute_id, agency_id, licence_number, hold) "
        "VALUES ($1, $2, $3, $4) RETURNING id",
        dispute_id, agency_id, licence_number, hold,
    )
    return mark_id


async def clear_licence_mark(conn: asyncpg.Connection, mark_id: int) -> None:
    await conn.execute(
        "UPDATE dispute_licence_mark SET cleared_at = greatest(now(), marked_at) "
        "WHERE id = $1 AND cleared_at IS NULL",
        mark_id,
    )
