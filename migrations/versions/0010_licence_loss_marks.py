"""Marks on open referrals and disputes while their agency's licence is not in force.

When a licence is suspended, revoked or expires, every open referral to the agency and
every open dispute against it is marked, and the people concerned are told; when the
licence is active again the marks are cleared, not deleted, so the history stays. Each
domain keeps its own marks (matching: referral_licence_mark, disputes:
dispute_licence_mark). A referral also records who at the centre made it, so that person
is the one told (filled for existing referrals from the audit log).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

# Why a licence is not in force: its status, or "not_in_force" (active, but outside its
# validity until the expiry task runs) and "not_covered" (active, not for this country).
_HOLDS = ("('applied', 'under_review', 'suspended', 'revoked', 'expired', 'refused', "
          "'unlicensed', 'not_in_force', 'not_covered')")


def upgrade() -> None:
    op.execute("""
    ALTER TABLE referral ADD COLUMN referred_by_user_id bigint
        CONSTRAINT fk_referral_referred_by REFERENCES app_user (id);
    UPDATE referral r SET referred_by_user_id = a.actor_user_id
    FROM audit_entry a
    WHERE a.entity_type = 'referral' AND a.entity_id = r.id::text AND a.action = 'refer'
      AND EXISTS (SELECT 1 FROM app_user u WHERE u.id = a.actor_user_id);
    """)
    for table, subject in (("referral_licence_mark", "referral"),
                           ("dispute_licence_mark", "dispute")):
        op.execute(f"""
        CREATE TABLE {table} (
            id bigserial CONSTRAINT pk_{table} PRIMARY KEY,
            {subject}_id bigint NOT NULL
                CONSTRAINT fk_{table}_{subject} REFERENCES {subject} (id),
            agency_id bigint NOT NULL CONSTRAINT fk_{table}_agency REFERENCES agency (id),
            licence_number text,
            hold text NOT NULL CONSTRAINT ck_{table}_hold CHECK (hold IN {_HOLDS}),
            marked_at timestamptz NOT NULL DEFAULT now(),
            cleared_at timestamptz,
            CONSTRAINT ck_{table}_cleared_after_marked
                CHECK (cleared_at IS NULL OR cleared_at >= marked_at)
        );
        -- At most one mark in force per {subject}; cleared ones are its history.
        CREATE UNIQUE INDEX uq_{table}_open ON {table} ({subject}_id)
            WHERE cleared_at IS NULL;
        CREATE INDEX ix_{table}_agency ON {table} (agency_id) WHERE cleared_at IS NULL;
        CREATE INDEX ix_{table}_{subject} ON {table} ({subject}_id, id);
        """)


def downgrade() -> None:
    op.execute("""
    DROP TABLE dispute_licence_mark;
    DROP TABLE referral_licence_mark;
    ALTER TABLE referral DROP COLUMN referred_by_user_id;
    """)
