"""A dispute's hold while its agency's licence is not in force, and the hold's lifting, are
steps of the case's own timeline, which its parties read: filled in for the holds recorded
so far from the audit log, which has had them from the start, at the time they happened.

Only the holds of open cases: a mark cleared because the case ended says nothing of the
licence, and the relay writes no step for it either (disputes.agencies).

Revision ID: 0032
Revises: 0031
Create Date: 2026-12-06
"""

from alembic import op

revision = "0032"
down_revision = "0031"
branch_labels = None
depends_on = None

_OPEN = "('filed', 'assigned', 'acknowledged', 'in_mediation', 'referred')"


def upgrade() -> None:
    # Filtered first (MATERIALIZED), so that only dispute ids are read as numbers.
    op.execute(f"""
    WITH held AS MATERIALIZED (
        SELECT id, entity_id, action, from_state, to_state, data, occurred_at
        FROM audit_entry
        WHERE entity_type = 'dispute' AND action IN ('licence_hold', 'licence_hold_cleared')
          AND from_state IN {_OPEN}
    )
    INSERT INTO dispute_event (dispute_id, action, from_status, to_status, actor_user_id,
                               actor_role, reason, data, created_at)
    SELECT d.id, h.action, h.from_state, h.to_state, NULL, 'system', NULL,
           jsonb_build_object('hold', h.data -> 'hold',
                              'previous_hold', h.data -> 'previous_hold',
                              'licence_number', h.data -> 'licence_number'),
           h.occurred_at
    FROM held h JOIN dispute d ON d.id = h.entity_id::bigint
    WHERE NOT EXISTS (SELECT 1 FROM dispute_event e
                      WHERE e.dispute_id = d.id AND e.action = h.action
                        AND e.created_at = h.occurred_at)
    ORDER BY h.id
    """)


def downgrade() -> None:
    op.execute("""
    DELETE FROM dispute_event WHERE action IN ('licence_hold', 'licence_hold_cleared')
    """)
