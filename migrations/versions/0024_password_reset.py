"""Setting a new password by e-mail: one row per request for a link.

The worker makes the link's token when it sends the mail and keeps only its SHA-256 hash,
written in the same transaction that records the mail as sent: a mail the relay refused
leaves no token that works, and a token that works was handed to the relay. A link works
once, until `expires_at`; a newer request for the same account voids the older ones.
The rows also count an account's requests for its limit, whether or not they were sent.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-05
"""

from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
    CREATE TABLE password_reset (
        id bigserial CONSTRAINT pk_password_reset PRIMARY KEY,
        user_id bigint NOT NULL
            CONSTRAINT fk_password_reset_user REFERENCES app_user (id) ON DELETE CASCADE,
        -- the language of the page the link was asked for on, when the person chose none
        language text NOT NULL CONSTRAINT ck_password_reset_language
            CHECK (language IN ('en', 'ru', 'ky', 'uz', 'tg')),
        state text NOT NULL DEFAULT 'pending' CONSTRAINT ck_password_reset_state
            CHECK (state IN ('pending', 'sent', 'used', 'void', 'failed')),
        token_hash bytea CONSTRAINT uq_password_reset_token_hash UNIQUE,
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        requested_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        expires_at timestamptz,
        used_at timestamptz,
        CONSTRAINT ck_password_reset_sent_has_token
            CHECK (state NOT IN ('sent', 'used') OR (token_hash IS NOT NULL
                                                      AND expires_at IS NOT NULL))
    );
    -- An account's recent requests (its limit, and voiding the older ones).
    CREATE INDEX ix_password_reset_user_requested ON password_reset (user_id, requested_at);
    CREATE INDEX ix_password_reset_due ON password_reset (next_attempt_at)
        WHERE state = 'pending';
    """)


def downgrade() -> None:
    op.execute("DROP TABLE password_reset;")
