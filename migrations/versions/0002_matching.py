"""Matching: employers and their watchlist, minimum-wage tables, vacancies, migrants,
pre-screening, referrals, the search index and the transactional outbox.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from alembic import op

from core.config import get_settings

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None



def upgrade() -> None:
    # The index's vector width is the embedding model's, as the settings give it (the API
    # and the worker refuse to start when they differ); a model of another width needs the
    # embedding column (and its HNSW index) re-created at the new width (0014), then
    # `vetted reindex`.
    dimensions = get_settings().embedding_dimensions
    op.execute("""
    CREATE TABLE watchlisted_employer (
        id bigserial CONSTRAINT pk_watchlisted_employer PRIMARY KEY,
        name text NOT NULL,
        name_key text NOT NULL,
        country char(2) NOT NULL,
        registration_number text,
        reason text NOT NULL,
        listed_until date,
        created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX ix_watchlisted_employer_name_key ON watchlisted_employer (country, name_key);

    CREATE TABLE minimum_wage (
        country char(2) NOT NULL,
        currency char(3) NOT NULL,
        monthly_amount numeric(16, 2) NOT NULL CONSTRAINT ck_minimum_wage_amount
            CHECK (monthly_amount > 0),
        max_weekly_hours numeric(5, 2) NOT NULL DEFAULT 48 CONSTRAINT ck_minimum_wage_hours
            CHECK (max_weekly_hours > 0 AND max_weekly_hours <= 168),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_minimum_wage PRIMARY KEY (country, currency)
    );

    CREATE TABLE employer (
        id bigserial CONSTRAINT pk_employer PRIMARY KEY,
        agency_id bigint NOT NULL CONSTRAINT fk_employer_agency REFERENCES agency (id),
        name text NOT NULL,
        name_key text NOT NULL,
        country char(2) NOT NULL,
        city text NOT NULL,
        registration_number text NOT NULL,
        status text NOT NULL DEFAULT 'unverified' CONSTRAINT ck_employer_status
            CHECK (status IN ('unverified', 'verified', 'rejected')),
        status_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_employer_agency_registration UNIQUE (agency_id, country, registration_number)
    );

    CREATE TABLE vacancy (
        id bigserial CONSTRAINT pk_vacancy PRIMARY KEY,
        agency_id bigint NOT NULL CONSTRAINT fk_vacancy_agency REFERENCES agency (id),
        employer_id bigint NOT NULL CONSTRAINT fk_vacancy_employer REFERENCES employer (id),
        external_ref text,
        title text NOT NULL,
        description text NOT NULL,
        occupation text NOT NULL,
        skills text[] NOT NULL DEFAULT '{}',
        languages jsonb NOT NULL DEFAULT '[]',
        country char(2) NOT NULL,
        city text NOT NULL,
        wage_amount numeric(16, 2) NOT NULL CONSTRAINT ck_vacancy_wage CHECK (wage_amount > 0),
        wage_currency char(3) NOT NULL,
        wage_period text NOT NULL CONSTRAINT ck_vacancy_wage_period
            CHECK (wage_period IN ('hour', 'week', 'month')),
        wage_monthly numeric(16, 2) NOT NULL,
        hours_per_week numeric(5, 2) NOT NULL CONSTRAINT ck_vacancy_hours
            CHECK (hours_per_week > 0 AND hours_per_week <= 168),
        housing text NOT NULL CONSTRAINT ck_vacancy_housing
            CHECK (housing IN ('free', 'paid', 'none')),
        meals text NOT NULL CONSTRAINT ck_vacancy_meals CHECK (meals IN ('free', 'paid', 'none')),
        contract_months integer NOT NULL CONSTRAINT ck_vacancy_contract
            CHECK (contract_months BETWEEN 1 AND 120),
        positions integer NOT NULL CONSTRAINT ck_vacancy_positions
            CHECK (positions BETWEEN 1 AND 100000),
        worker_fee_amount numeric(16, 2) NOT NULL DEFAULT 0
            CONSTRAINT ck_vacancy_worker_fee CHECK (worker_fee_amount >= 0),
        worker_fee_currency char(3),
        closing_date date NOT NULL,
        status text NOT NULL DEFAULT 'draft' CONSTRAINT ck_vacancy_status CHECK (status IN
            ('draft', 'submitted', 'verified', 'rejected', 'published', 'filled', 'closed',
             'expired')),
        status_reason text,
        red_flags jsonb NOT NULL DEFAULT '[]',
        verification_code text CONSTRAINT uq_vacancy_verification_code UNIQUE,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        submitted_at timestamptz,
        verified_at timestamptz,
        published_at timestamptz,
        CONSTRAINT uq_vacancy_agency_external_ref UNIQUE (agency_id, external_ref)
    );
    CREATE INDEX ix_vacancy_agency_status ON vacancy (agency_id, status);
    CREATE INDEX ix_vacancy_country_status ON vacancy (country, status);
    CREATE INDEX ix_vacancy_status_closing ON vacancy (status, closing_date);

    CREATE TABLE migrant (
        id bigserial CONSTRAINT pk_migrant PRIMARY KEY,
        centre_id bigint NOT NULL CONSTRAINT fk_migrant_centre REFERENCES centre (id),
        user_id bigint CONSTRAINT fk_migrant_user REFERENCES app_user (id)
            CONSTRAINT uq_migrant_user UNIQUE,
        full_name text NOT NULL,
        date_of_birth date NOT NULL,
        phone text,
        email text,
        citizenship char(2) NOT NULL,
        passport_cipher bytea NOT NULL,
        passport_hash text NOT NULL,
        passport_last4 text NOT NULL,
        occupation text NOT NULL,
        skills text[] NOT NULL DEFAULT '{}',
        experience_years numeric(4, 1) NOT NULL DEFAULT 0,
        languages jsonb NOT NULL DEFAULT '[]',
        education text NOT NULL,
        desired_countries char(2)[] NOT NULL DEFAULT '{}',
        min_wage_amount numeric(16, 2),
        min_wage_currency char(3),
        consent_given_at timestamptz NOT NULL,
        consent_version text NOT NULL,
        passport_valid boolean NOT NULL DEFAULT false,
        medical_check boolean NOT NULL DEFAULT false,
        orientation_done boolean NOT NULL DEFAULT false,
        skills_test_passed boolean NOT NULL DEFAULT false,
        prescreened_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_migrant_passport UNIQUE (passport_hash)
    );
    CREATE INDEX ix_migrant_centre ON migrant (centre_id, id);

    CREATE TABLE referral (
        id bigserial CONSTRAINT pk_referral PRIMARY KEY,
        migrant_id bigint NOT NULL CONSTRAINT fk_referral_migrant REFERENCES migrant (id),
        vacancy_id bigint NOT NULL CONSTRAINT fk_referral_vacancy REFERENCES vacancy (id),
        centre_id bigint NOT NULL CONSTRAINT fk_referral_centre REFERENCES centre (id),
        agency_id bigint NOT NULL CONSTRAINT fk_referral_agency REFERENCES agency (id),
        status text NOT NULL DEFAULT 'referred' CONSTRAINT ck_referral_status CHECK (status IN
            ('referred', 'interviewed', 'offered', 'contract_signed', 'deployed', 'rejected')),
        status_reason text,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deployed_at timestamptz
    );
    -- One live referral of a migrant to a vacancy at a time.
    CREATE UNIQUE INDEX uq_referral_open ON referral (migrant_id, vacancy_id)
        WHERE status <> 'rejected';
    CREATE INDEX ix_referral_agency ON referral (agency_id, status);
    CREATE INDEX ix_referral_migrant ON referral (migrant_id);

    CREATE TABLE outbox (
        id bigserial CONSTRAINT pk_outbox PRIMARY KEY,
        topic text NOT NULL,
        entity_id bigint NOT NULL,
        payload jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        processed_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        last_error text
    );
    CREATE INDEX ix_outbox_pending ON outbox (id) WHERE processed_at IS NULL;
    """)
    op.execute(f"""
    CREATE TABLE vacancy_search (
        vacancy_id bigint CONSTRAINT pk_vacancy_search PRIMARY KEY,
        agency_id bigint NOT NULL,
        country char(2) NOT NULL,
        city_key text NOT NULL,
        occupation_key text NOT NULL,
        languages text[] NOT NULL,
        wage_currency char(3) NOT NULL,
        wage_monthly numeric(16, 2) NOT NULL,
        closing_date date NOT NULL,
        source_version integer NOT NULL,
        document tsvector NOT NULL,
        embedding vector({dimensions}) NOT NULL,
        indexed_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX ix_vacancy_search_embedding ON vacancy_search
        USING hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 128);
    CREATE INDEX ix_vacancy_search_document ON vacancy_search USING gin (document);
    CREATE INDEX ix_vacancy_search_filters ON vacancy_search (country, closing_date);
    CREATE INDEX ix_vacancy_search_occupation ON vacancy_search (occupation_key);
    CREATE INDEX ix_vacancy_search_city ON vacancy_search (country, city_key);
    """)


def downgrade() -> None:
    op.execute("""
    DROP TABLE vacancy_search;
    DROP TABLE outbox;
    DROP TABLE referral;
    DROP TABLE migrant;
    DROP TABLE vacancy;
    DROP TABLE employer;
    DROP TABLE minimum_wage;
    DROP TABLE watchlisted_employer;
    """)
