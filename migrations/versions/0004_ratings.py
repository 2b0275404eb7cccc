"""Agency ratings: each agency's current score with its breakdown, the inputs and register
priors it was computed from, and the regulators' review queue of rating alerts.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
    CREATE TABLE agency_rating (
        agency_id bigint CONSTRAINT pk_agency_rating PRIMARY KEY
            CONSTRAINT fk_agency_rating_agency REFERENCES agency (id),
        score numeric(5, 2) NOT NULL
            CONSTRAINT ck_agency_rating_score CHECK (score BETWEEN 0 AND 100),
        formula_version text NOT NULL,
        -- One entry per component: raw, smoothed, prior, weight, quality, contribution.
        breakdown jsonb NOT NULL,
        -- The agency's record and the register's priors the score was computed from.
        inputs jsonb NOT NULL,
        population jsonb NOT NULL,
        computed_at timestamptz NOT NULL DEFAULT now(),
        -- When the score or its breakdown last changed (a recomputation may change nothing).
        changed_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX ix_agency_rating_score ON agency_rating (score, agency_id);

    CREATE TABLE rating_alert (
        id bigserial CONSTRAINT pk_rating_alert PRIMARY KEY,
        agency_id bigint NOT NULL CONSTRAINT fk_rating_alert_agency REFERENCES agency (id),
        reason text NOT NULL
            CONSTRAINT ck_rating_alert_reason CHECK (reason IN ('upheld_findings')),
        detail text NOT NULL,
        threshold integer NOT NULL CONSTRAINT ck_rating_alert_threshold CHECK (threshold >= 1),
        window_days integer NOT NULL
            CONSTRAINT ck_rating_alert_window_days CHECK (window_days >= 1),
        -- The count that opened the alert, and the latest one seen while it is open.
        observed integer NOT NULL,
        latest_observed integer NOT NULL,
        opened_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz,
        closed_by_user_id bigint CONSTRAINT fk_rating_alert_closed_by REFERENCES app_user (id),
        close_note text,
        CONSTRAINT ck_rating_alert_closed CHECK ((closed_at IS NULL) = (close_note IS NULL))
    );
    -- One open alert per agency and reason.
    CREATE UNIQUE INDEX uq_rating_alert_open ON rating_alert (agency_id, reason)
        WHERE closed_at IS NULL;
    CREATE INDEX ix_rating_alert_agency ON rating_alert (agency_id, reason, id);
    CREATE INDEX ix_outbox_pending_topic ON outbox (topic, id) WHERE processed_at IS NULL;
    """)


def downgrade() -> None:
    op.execute("""
    DROP INDEX ix_outbox_pending_topic;
    DROP TABLE rating_alert;
    DROP TABLE agency_rating;
    """)
