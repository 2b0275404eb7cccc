"""Sessions that signing out ends, and failed sign-ins counted per account.

Access tokens (the page cookie and the bearer token alike) name a session; a token is
honoured only while its session row exists, so signing out (or deactivating the account)
ends it at once instead of at the token's expiry. Failed sign-ins are counted per account
so that guessing one account's password from many addresses is refused for a while; the
account is kept as a keyed hash of the e-mail typed, never as the text.

Tokens issued before this step name no session and are no longer accepted: their holders
sign in again.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-02
"""

from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
    CREATE TABLE user_session (
        id uuid CONSTRAINT pk_user_session PRIMARY KEY,
        user_id bigint NOT NULL
            CONSTRAINT fk_user_session_user REFERENCES app_user (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
    );
    -- Ending every session of an account (deactivation), and clearing its expired ones.
    CREATE INDEX ix_user_session_user_id ON user_session (user_id);

    CREATE TABLE sign_in_failure (
        account_key bytea CONSTRAINT pk_sign_in_failure PRIMARY KEY,
        failures integer NOT NULL CONSTRAINT ck_sign_in_failure_failures CHECK (failures >= 0),
        window_started_at timestamptz NOT NULL,
        locked_until timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
    );
    -- Rows of accounts nobody has tried for a while are swept out by later failures.
    CREATE INDEX ix_sign_in_failure_updated_at ON sign_in_failure (updated_at);
    """)


def downgrade() -> None:
    op.execute("""
    DROP TABLE sign_in_failure;
    DROP TABLE user_session;
    """)
