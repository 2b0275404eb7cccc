"""Foundation: users and their organisations, agencies, licences, barred persons,
the hash-chained audit log and the in-app notifications.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
    CREATE EXTENSION IF NOT EXISTS vector;

    CREATE TABLE mission (
        id bigserial CONSTRAINT pk_mission PRIMARY KEY,
        name text NOT NULL,
        sending_country char(2) NOT NULL,
        country char(2) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE settlement_body (
        id bigserial CONSTRAINT pk_settlement_body PRIMARY KEY,
        name text NOT NULL,
        country char(2) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE centre (
        id bigserial CONSTRAINT pk_centre PRIMARY KEY,
        name text NOT NULL,
        country char(2) NOT NULL,
        city text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE agency (
        id bigserial CONSTRAINT pk_agency PRIMARY KEY,
        legal_name text NOT NULL,
        name_key text NOT NULL,
        registration_number text NOT NULL,
        country char(2) NOT NULL,
        address text NOT NULL,
        email text NOT NULL,
        phone text NOT NULL,
        website text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_agency_country_registration_number UNIQUE (country, registration_number)
    );
    CREATE INDEX ix_agency_name_key ON agency (name_key);

    CREATE TABLE agency_person (
        id bigserial CONSTRAINT pk_agency_person PRIMARY KEY,
        agency_id bigint NOT NULL CONSTRAINT fk_agency_person_agency REFERENCES agency (id),
        full_name text NOT NULL,
        name_key text NOT NULL,
        role text NOT NULL CONSTRAINT ck_agency_person_role CHECK (role IN ('owner', 'director')),
        date_of_birth date NOT NULL,
        document_country char(2) NOT NULL,
        document_number text NOT NULL,
        document_key text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX ix_agency_person_agency_id ON agency_person (agency_id);

    CREATE SEQUENCE licence_number_seq;

    CREATE TABLE licence (
        id bigserial CONSTRAINT pk_licence PRIMARY KEY,
        agency_id bigint NOT NULL CONSTRAINT fk_licence_agency REFERENCES agency (id),
        number text CONSTRAINT uq_licence_number UNIQUE,
        number_key text CONSTRAINT uq_licence_number_key UNIQUE,
        status text NOT NULL CONSTRAINT ck_licence_status CHECK (status IN
            ('applied', 'under_review', 'active', 'suspended', 'revoked', 'expired', 'refused')),
        countries char(2)[] NOT NULL CONSTRAINT ck_licence_countries
            CHECK (cardinality(countries) > 0),
        deposit_amount numeric(16, 2) NOT NULL CONSTRAINT ck_licence_deposit_amount
            CHECK (deposit_amount >= 0),
        deposit_currency char(3) NOT NULL,
        persons jsonb NOT NULL DEFAULT '[]',
        valid_from date,
        valid_until date,
        renewal_count integer NOT NULL DEFAULT 0,
        renewal_requested_at timestamptz,
        expiry_warned_for date,
        version integer NOT NULL DEFAULT 1,
        applied_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_licence_validity CHECK (valid_until IS NULL OR valid_until > valid_from),
        CONSTRAINT ck_licence_granted_has_number CHECK (
            status IN ('applied', 'under_review', 'refused')
            OR (number IS NOT NULL AND valid_from IS NOT NULL AND valid_until IS NOT NULL))
    );
    -- An agency holds at most one licence that is pending or in force.
    CREATE UNIQUE INDEX uq_licence_one_open_per_agency ON licence (agency_id)
        WHERE status IN ('applied', 'under_review', 'active', 'suspended');
    CREATE INDEX ix_licence_status_valid_until ON licence (status, valid_until);

    CREATE TABLE barred_person (
        id bigserial CONSTRAINT pk_barred_person PRIMARY KEY,
        full_name text NOT NULL,
        name_key text NOT NULL,
        date_of_birth date NOT NULL,
        document_country char(2) NOT NULL,
        document_number text NOT NULL,
        document_key text NOT NULL,
        agency_id bigint CONSTRAINT fk_barred_person_agency REFERENCES agency (id),
        licence_id bigint CONSTRAINT fk_barred_person_licence REFERENCES licence (id),
        reason text NOT NULL,
        barred_from date NOT NULL,
        barred_until date NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX ix_barred_person_document_key ON barred_person (document_country, document_key);
    CREATE INDEX ix_barred_person_name_key ON barred_person (name_key, date_of_birth);

    CREATE TABLE app_user (
        id bigserial CONSTRAINT pk_app_user PRIMARY KEY,
        email text NOT NULL,
        full_name text NOT NULL,
        password_hash text NOT NULL,
        role text NOT NULL CONSTRAINT ck_app_user_role CHECK (role IN ('regulator',
            'agency_staff', 'centre_staff', 'migrant', 'attache', 'settlement_body', 'admin')),
        agency_id bigint CONSTRAINT fk_app_user_agency REFERENCES agency (id),
        centre_id bigint CONSTRAINT fk_app_user_centre REFERENCES centre (id),
        mission_id bigint CONSTRAINT fk_app_user_mission REFERENCES mission (id),
        settlement_body_id bigint
            CONSTRAINT fk_app_user_settlement_body REFERENCES settlement_body (id),
        is_active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_app_user_binding CHECK (
            (role = 'agency_staff') = (agency_id IS NOT NULL)
            AND (role = 'centre_staff') = (centre_id IS NOT NULL)
            AND (role = 'attache') = (mission_id IS NOT NULL)
            AND (role = 'settlement_body') = (settlement_body_id IS NOT NULL))
    );
    CREATE UNIQUE INDEX uq_app_user_email ON app_user (lower(email));

    CREATE TABLE audit_entry (
        id bigserial CONSTRAINT pk_audit_entry PRIMARY KEY,
        occurred_at timestamptz NOT NULL,
        actor_user_id bigint,
        actor_role text NOT NULL,
        actor_label text NOT NULL,
        entity_type text NOT NULL,
        entity_id text NOT NULL,
        agency_id bigint,
        action text NOT NULL,
        from_state text,
        to_state text,
        reason text,
        data jsonb NOT NULL DEFAULT '{}',
        prev_hash char(64) NOT NULL,
        hash char(64) NOT NULL CONSTRAINT uq_audit_entry_hash UNIQUE
    );
    CREATE INDEX ix_audit_entry_agency_id ON audit_entry (agency_id, id);
    CREATE INDEX ix_audit_entry_entity ON audit_entry (entity_type, entity_id, id);

    CREATE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'audit_entry is append-only: % is not allowed', TG_OP;
    END;
    $$;
    CREATE TRIGGER tg_audit_entry_no_update BEFORE UPDATE OR DELETE ON audit_entry
        FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only();
    CREATE TRIGGER tg_audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry
        FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only();

    CREATE TABLE notification (
        id bigserial CONSTRAINT pk_notification PRIMARY KEY,
        audience text NOT NULL CONSTRAINT ck_notification_audience
            CHECK (audience IN ('regulator', 'agency', 'user')),
        agency_id bigint CONSTRAINT fk_notification_agency REFERENCES agency (id),
        user_id bigint CONSTRAINT fk_notification_user REFERENCES app_user (id),
        kind text NOT NULL,
        subject text NOT NULL,
        body text NOT NULL,
        dedupe_key text CONSTRAINT uq_notification_dedupe_key UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz,
        CONSTRAINT ck_notification_recipient CHECK (
            (audience = 'agency') = (agency_id IS NOT NULL)
            AND (audience = 'user') = (user_id IS NOT NULL))
    );
    CREATE INDEX ix_notification_agency_id ON notification (agency_id, id);
    """)


def downgrade() -> None:
    op.execute("""
    DROP TABLE notification;
    DROP TABLE audit_entry;
    DROP FUNCTION audit_entry_append_only();
    DROP TABLE app_user;
    DROP TABLE barred_person;
    DROP TABLE licence;
    DROP SEQUENCE licence_number_seq;
    DROP TABLE agency_person;
    DROP TABLE agency;
    DROP TABLE centre;
    DROP TABLE settlement_body;
    DROP TABLE mission;
    """)
