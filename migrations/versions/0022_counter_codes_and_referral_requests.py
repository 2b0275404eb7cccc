"""One-time sign-in codes given at the centre's counter, and migrants' requests to be
referred.

Most migrants have no e-mail address: a migrant's account may now be without one (the
migrant signs in with the migrant number instead), and an account made by a sign-in code
has no password until the migrant sets one. Only migrants' accounts may lack an e-mail.

A sign-in code is kept as a keyed hash (HMAC with the service's secret), never as the
text; at most one code of a migrant is live (neither used nor voided) at a time. A
referral request is open until the centre refers the migrant or declines with a reason;
one open request per migrant and vacancy.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-03
"""

from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
    ALTER TABLE app_user ALTER COLUMN email DROP NOT NULL;
    ALTER TABLE app_user ALTER COLUMN password_hash DROP NOT NULL;
    ALTER TABLE app_user ADD CONSTRAINT ck_app_user_email
        CHECK (email IS NOT NULL OR role = 'migrant');

    CREATE TABLE sign_in_code (
        id bigserial CONSTRAINT pk_sign_in_code PRIMARY KEY,
        migrant_id bigint NOT NULL
            CONSTRAINT fk_sign_in_code_migrant REFERENCES migrant (id) ON DELETE CASCADE,
        code_hash bytea NOT NULL,
        issued_by_user_id bigint
            CONSTRAINT fk_sign_in_code_issued_by REFERENCES app_user (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        voided_at timestamptz,
        -- The session the code opened: in it, for a while, the migrant may set a password
        -- without knowing the old one.
        session_id uuid
    );
    CREATE UNIQUE INDEX uq_sign_in_code_live ON sign_in_code (migrant_id)
        WHERE used_at IS NULL AND voided_at IS NULL;

    CREATE TABLE referral_request (
        id bigserial CONSTRAINT pk_referral_request PRIMARY KEY,
        migrant_id bigint NOT NULL
            CONSTRAINT fk_referral_request_migrant REFERENCES migrant (id),
        vacancy_id bigint NOT NULL
            CONSTRAINT fk_referral_request_vacancy REFERENCES vacancy (id),
        centre_id bigint NOT NULL
            CONSTRAINT fk_referral_request_centre REFERENCES centre (id),
        status text NOT NULL DEFAULT 'open' CONSTRAINT ck_referral_request_status
            CHECK (status IN ('open', 'referred', 'declined')),
        decline_reason text,
        referral_id bigint CONSTRAINT fk_referral_request_referral REFERENCES referral (id),
        decided_by_user_id bigint
            CONSTRAINT fk_referral_request_decided_by REFERENCES app_user (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        decided_at timestamptz,
        CONSTRAINT ck_referral_request_decision CHECK (
            (status = 'declined') = (decline_reason IS NOT NULL)
            AND (status = 'referred') = (referral_id IS NOT NULL))
    );
    CREATE UNIQUE INDEX uq_referral_request_open ON referral_request (migrant_id, vacancy_id)
        WHERE status = 'open';
    -- The centre's queue, oldest first.
    CREATE INDEX ix_referral_request_centre ON referral_request (centre_id, status, id);
    CREATE INDEX ix_referral_request_migrant ON referral_request (migrant_id, id);
    """)


def downgrade() -> None:
    op.execute("""
    DROP TABLE referral_request;
    DROP TABLE sign_in_code;
    ALTER TABLE app_user DROP CONSTRAINT ck_app_user_email;
    -- An account without a password keeps one no password matches; an account without an
    -- e-mail keeps none (its e-mail column stays nullable: there is nothing to put there).
    UPDATE app_user SET password_hash = '!' WHERE password_hash IS NULL;
    ALTER TABLE app_user ALTER COLUMN password_hash SET NOT NULL;
    """)
