"""Disputes against recruiters who are not in the register, and the regulator's referrals
of them to the police or the prosecutor.

Irregular recruitment is the case the whole system exists for, yet a dispute had to name
a registered agency. Now a case names either an agency in the register (whatever its
licence status) or the recruiter the migrant met: name, phone, address and how they found
the migrant, kept with spelling-tolerant and normalised keys so that reports of the same
person meet in the regulator's queue. A finding can then be against the employer alone,
so a finding's agency is needed only for a finding against the agency.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
    ALTER TABLE dispute ALTER COLUMN agency_id DROP NOT NULL;

    ALTER TABLE dispute_finding ALTER COLUMN agency_id DROP NOT NULL,
        ADD CONSTRAINT ck_dispute_finding_agency CHECK (
            against <> 'agency' OR agency_id IS NOT NULL);

    -- One referral covers the reports of one recruiter known when it was made; reports
    -- that arrive later wait for the next.
    CREATE TABLE recruiter_referral (
        id bigserial CONSTRAINT pk_recruiter_referral PRIMARY KEY,
        authority text NOT NULL CONSTRAINT ck_recruiter_referral_authority
            CHECK (authority IN ('police', 'prosecutor')),
        note text NOT NULL,
        referred_by_user_id bigint NOT NULL
            CONSTRAINT fk_recruiter_referral_user REFERENCES app_user (id),
        referred_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE dispute_recruiter (
        dispute_id bigint CONSTRAINT pk_dispute_recruiter PRIMARY KEY
            CONSTRAINT fk_dispute_recruiter_dispute REFERENCES dispute (id),
        full_name text NOT NULL,
        name_key text NOT NULL,
        phone text NOT NULL,
        phone_key text NOT NULL CONSTRAINT ck_dispute_recruiter_phone_key
            CHECK (phone_key ~ '^[0-9]{6,}$'),
        address text,
        found_via text NOT NULL CONSTRAINT ck_dispute_recruiter_found_via CHECK (
            found_via IN ('social_media', 'acquaintance', 'street_market', 'advert', 'other')),
        found_via_detail text,
        referral_id bigint CONSTRAINT fk_dispute_recruiter_referral
            REFERENCES recruiter_referral (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_dispute_recruiter_other_detail CHECK (
            found_via <> 'other' OR found_via_detail IS NOT NULL)
    );
    CREATE INDEX ix_dispute_recruiter_name_key ON dispute_recruiter (name_key);
    CREATE INDEX ix_dispute_recruiter_phone_key ON dispute_recruiter (phone_key);
    """)


def downgrade() -> None:
    # A case with no agency cannot be given one back: refuse rather than lose reports.
    op.execute("""
    DO $$
    BEGIN
        IF EXISTS (SELECT 1 FROM dispute WHERE agency_id IS NULL)
           OR EXISTS (SELECT 1 FROM dispute_finding WHERE agency_id IS NULL) THEN
            RAISE EXCEPTION 'disputes against recruiters not in the register exist; '
                'they cannot be kept by the schema before 0011';
        END IF;
    END $$;
    DROP TABLE dispute_recruiter;
    DROP TABLE recruiter_referral;
    ALTER TABLE dispute_finding DROP CONSTRAINT ck_dispute_finding_agency,
        ALTER COLUMN agency_id SET NOT NULL;
    ALTER TABLE dispute ALTER COLUMN agency_id SET NOT NULL;
    """)
