"""Notices reach people outside the app: by e-mail, or through a messenger gateway.

A notice keeps its kind's parameters beside the English text it was written with, so that
each recipient reads it in their own language (older notices, without parameters, are sent
as they were written). Each account has a language for its notices and may stop the
e-mails. One delivery row per notice, channel and recipient is what makes a notice go out
at most once on each route; it records the state, the attempts and the last error, which
staff read.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-04
"""

from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
    ALTER TABLE notification ADD COLUMN params jsonb;

    ALTER TABLE app_user
        ADD COLUMN language text CONSTRAINT ck_app_user_language
            CHECK (language IN ('en', 'ru', 'ky', 'uz', 'tg')),
        ADD COLUMN notices_by_email boolean NOT NULL DEFAULT true;

    CREATE TABLE notice_delivery (
        id bigserial CONSTRAINT pk_notice_delivery PRIMARY KEY,
        notification_id bigint NOT NULL
            CONSTRAINT fk_notice_delivery_notification REFERENCES notification (id),
        channel text NOT NULL CONSTRAINT ck_notice_delivery_channel
            CHECK (channel IN ('email', 'messenger')),
        user_id bigint NOT NULL CONSTRAINT fk_notice_delivery_user REFERENCES app_user (id),
        address text NOT NULL,
        -- the recipient's language when they chose none (a migrant's: by citizenship)
        language text NOT NULL,
        state text NOT NULL DEFAULT 'pending' CONSTRAINT ck_notice_delivery_state
            CHECK (state IN ('pending', 'delivered', 'failed', 'skipped')),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        CONSTRAINT uq_notice_delivery_notification_channel_user
            UNIQUE (notification_id, channel, user_id)
    );
    CREATE INDEX ix_notice_delivery_due ON notice_delivery (next_attempt_at)
        WHERE state = 'pending';
    CREATE INDEX ix_notice_delivery_user ON notice_delivery (user_id, id);
    """)


def downgrade() -> None:
    op.execute("""
    DROP TABLE notice_delivery;
    ALTER TABLE app_user DROP COLUMN notices_by_email, DROP COLUMN language;
    ALTER TABLE notification DROP COLUMN params;
    """)
