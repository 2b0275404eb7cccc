"""Versions of a dispute's decision.

A settlement decision or a mediation result may be corrected, with a reason, by the body
that made it for DECISION_CORRECTION_DAYS after it was first recorded. `dispute_outcome`
keeps the version in force (the award that payments and deposit draws count against);
`dispute_outcome_version` keeps every version as it was recorded, append-only, so the first
one is never lost. A finding a correction drops stays in `dispute_finding`, marked
superseded, and no longer counts in the agency's rating. Decisions recorded before this step
become their own first version.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02
"""

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
    ALTER TABLE dispute_outcome ADD COLUMN version integer NOT NULL DEFAULT 1
        CONSTRAINT ck_dispute_outcome_version CHECK (version >= 1);

    ALTER TABLE dispute_finding
        ADD COLUMN outcome_version integer NOT NULL DEFAULT 1,
        ADD COLUMN superseded_in_version integer,
        ADD COLUMN superseded_at timestamptz,
        ADD CONSTRAINT ck_dispute_finding_superseded CHECK (
            (superseded_in_version IS NULL) = (superseded_at IS NULL)
            AND (superseded_in_version IS NULL OR superseded_in_version > outcome_version));

    CREATE TABLE dispute_outcome_version (
        id bigserial CONSTRAINT pk_dispute_outcome_version PRIMARY KEY,
        dispute_id bigint NOT NULL
            CONSTRAINT fk_dispute_outcome_version_dispute REFERENCES dispute (id),
        version integer NOT NULL CONSTRAINT ck_dispute_outcome_version_version
            CHECK (version >= 1),
        decided_in text NOT NULL CONSTRAINT ck_dispute_outcome_version_decided_in
            CHECK (decided_in IN ('mediation', 'settlement_body')),
        settlement_body_id bigint
            CONSTRAINT fk_dispute_outcome_version_body REFERENCES settlement_body (id),
        summary text NOT NULL,
        awarded_amount numeric(16, 2) NOT NULL DEFAULT 0
            CONSTRAINT ck_dispute_outcome_version_awarded CHECK (awarded_amount >= 0),
        currency char(3),
        payable_by text CONSTRAINT ck_dispute_outcome_version_payable_by
            CHECK (payable_by IN ('agency', 'employer')),
        payment_due date,
        findings jsonb NOT NULL DEFAULT '[]',
        -- Why this version replaced the one before it; the first version has none.
        reason text,
        recorded_by_user_id bigint,
        recorded_by_role text NOT NULL,
        recorded_by_label text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_dispute_outcome_version UNIQUE (dispute_id, version),
        CONSTRAINT ck_dispute_outcome_version_reason CHECK ((version = 1) = (reason IS NULL))
    );

    CREATE FUNCTION dispute_outcome_version_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'dispute_outcome_version is append-only: % is not allowed', TG_OP;
    END;
    $$;
    CREATE TRIGGER tg_dispute_outcome_version_no_update
        BEFORE UPDATE OR DELETE ON dispute_outcome_version
        FOR EACH ROW EXECUTE FUNCTION dispute_outcome_version_append_only();

    INSERT INTO dispute_outcome_version (
        dispute_id, version, decided_in, settlement_body_id, summary, awarded_amount,
        currency, payable_by, payment_due, findings, recorded_by_user_id, recorded_by_role,
        recorded_by_label, recorded_at)
    SELECT o.dispute_id, 1, o.decided_in, o.settlement_body_id, o.summary, o.awarded_amount,
           o.currency, o.payable_by, o.payment_due,
           coalesce((SELECT jsonb_agg(jsonb_build_object(
                        'against', f.against, 'summary', f.summary,
                        'watchlisted_employer_id', f.watchlisted_employer_id) ORDER BY f.id)
                     FROM dispute_finding f WHERE f.dispute_id = o.dispute_id), '[]'),
           o.recorded_by_user_id,
           CASE o.decided_in WHEN 'mediation' THEN 'attache' ELSE 'settlement_body' END,
           coalesce(u.full_name || ' <' || u.email || '>', 'unknown'), o.recorded_at
    FROM dispute_outcome o LEFT JOIN app_user u ON u.id = o.recorded_by_user_id;
    """)


def downgrade() -> None:
    op.execute("""
    -- Back to one version per decision: the one in force stays, and findings a correction
    -- dropped are removed so that they do not count in ratings again.
    DROP TABLE dispute_outcome_version;
    DROP FUNCTION dispute_outcome_version_append_only();
    DELETE FROM dispute_finding WHERE superseded_at IS NOT NULL;
    ALTER TABLE dispute_finding DROP CONSTRAINT ck_dispute_finding_superseded,
        DROP COLUMN superseded_at, DROP COLUMN superseded_in_version,
        DROP COLUMN outcome_version;
    ALTER TABLE dispute_outcome DROP COLUMN version;
    """)
