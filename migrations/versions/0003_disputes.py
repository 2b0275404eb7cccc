"""Disputes: missions' regions and contacts, settlement bodies' regions, kind and dispute
kinds, routing rules and every decision they made (with people's feedback), disputes with
their history, escalations, evidence files, outcomes and findings, and the agencies'
security-deposit ledger.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_KIND_NAMES = ", ".join(f"'{kind}'" for kind in (
    "unpaid_wages", "wages_below_contract", "contract_substitution", "excessive_hours",
    "passport_withheld", "recruitment_fees", "unsafe_conditions", "early_termination", "other",
))
_KINDS = f"({_KIND_NAMES})"
_KIND_ARRAY = f"ARRAY[{_KIND_NAMES}]::text[]"


def upgrade() -> None:
    op.execute(f"""
    ALTER TABLE mission
        ADD COLUMN regions text[] NOT NULL DEFAULT '{{}}',
        ADD COLUMN address text,
        ADD COLUMN email text,
        ADD COLUMN phone text,
        ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
    CREATE INDEX ix_mission_country ON mission (country);

    ALTER TABLE settlement_body
        ADD COLUMN kind text NOT NULL DEFAULT 'labour_inspectorate'
            CONSTRAINT ck_settlement_body_kind CHECK (kind IN
                ('labour_inspectorate', 'court', 'mediation_centre', 'arbitration_centre')),
        ADD COLUMN regions text[] NOT NULL DEFAULT '{{}}',
        ADD COLUMN dispute_kinds text[] NOT NULL DEFAULT {_KIND_ARRAY}
            CONSTRAINT ck_settlement_body_dispute_kinds CHECK (
                cardinality(dispute_kinds) > 0 AND dispute_kinds <@ {_KIND_ARRAY}),
        ADD COLUMN address text,
        ADD COLUMN email text,
        ADD COLUMN phone text,
        ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
    CREATE INDEX ix_settlement_body_country ON settlement_body (country);

    CREATE TABLE routing_rule (
        id bigserial CONSTRAINT pk_routing_rule PRIMARY KEY,
        name text NOT NULL,
        country char(2) NOT NULL,
        region text,
        region_key text,
        kinds text[] CONSTRAINT ck_routing_rule_kinds CHECK (
            kinds IS NULL OR (cardinality(kinds) > 0 AND kinds <@ {_KIND_ARRAY})),
        min_amount numeric(16, 2) CONSTRAINT ck_routing_rule_min_amount CHECK (min_amount >= 0),
        max_amount numeric(16, 2),
        currency char(3),
        mission_id bigint NOT NULL CONSTRAINT fk_routing_rule_mission REFERENCES mission (id),
        settlement_body_id bigint
            CONSTRAINT fk_routing_rule_settlement_body REFERENCES settlement_body (id),
        priority integer NOT NULL DEFAULT 0,
        active boolean NOT NULL DEFAULT true,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_routing_rule_region_key CHECK ((region IS NULL) = (region_key IS NULL)),
        CONSTRAINT ck_routing_rule_amount_currency CHECK (
            (min_amount IS NULL AND max_amount IS NULL) = (currency IS NULL)),
        CONSTRAINT ck_routing_rule_amount_range CHECK (
            min_amount IS NULL OR max_amount IS NULL OR max_amount > min_amount)
    );
    CREATE INDEX ix_routing_rule_country ON routing_rule (country) WHERE active;

    CREATE TABLE dispute (
        id bigserial CONSTRAINT pk_dispute PRIMARY KEY,
        kind text NOT NULL CONSTRAINT ck_dispute_kind CHECK (kind IN {_KINDS}),
        status text NOT NULL DEFAULT 'filed' CONSTRAINT ck_dispute_status CHECK (status IN
            ('filed', 'assigned', 'acknowledged', 'in_mediation', 'resolved', 'referred',
             'decided', 'closed', 'withdrawn')),
        version integer NOT NULL DEFAULT 1,
        agency_id bigint NOT NULL CONSTRAINT fk_dispute_agency REFERENCES agency (id),
        employer_id bigint CONSTRAINT fk_dispute_employer REFERENCES employer (id),
        employer_name text,
        employer_registration_number text,
        vacancy_id bigint CONSTRAINT fk_dispute_vacancy REFERENCES vacancy (id),
        referral_id bigint CONSTRAINT fk_dispute_referral REFERENCES referral (id),
        migrant_id bigint CONSTRAINT fk_dispute_migrant REFERENCES migrant (id),
        migrant_user_id bigint CONSTRAINT fk_dispute_migrant_user REFERENCES app_user (id),
        filed_by_user_id bigint NOT NULL CONSTRAINT fk_dispute_filed_by REFERENCES app_user (id),
        filed_by_role text NOT NULL CONSTRAINT ck_dispute_filed_by_role
            CHECK (filed_by_role IN ('centre_staff', 'migrant', 'attache')),
        filing_centre_id bigint CONSTRAINT fk_dispute_filing_centre REFERENCES centre (id),
        complainant_name text NOT NULL,
        complainant_phone text,
        complainant_email text,
        country char(2) NOT NULL,
        region text NOT NULL,
        region_key text NOT NULL,
        claimed_amount numeric(16, 2) CONSTRAINT ck_dispute_claimed_amount
            CHECK (claimed_amount >= 0),
        claimed_currency char(3),
        description text NOT NULL,
        reported_wage_amount numeric(16, 2),
        reported_wage_currency char(3),
        reported_wage_period text CONSTRAINT ck_dispute_reported_wage_period
            CHECK (reported_wage_period IN ('hour', 'week', 'month')),
        reported_hours_per_week numeric(5, 2),
        reported_housing text CONSTRAINT ck_dispute_reported_housing
            CHECK (reported_housing IN ('free', 'paid', 'none')),
        reported_meals text CONSTRAINT ck_dispute_reported_meals
            CHECK (reported_meals IN ('free', 'paid', 'none')),
        reported_fee_amount numeric(16, 2),
        reported_fee_currency char(3),
        mission_id bigint CONSTRAINT fk_dispute_mission REFERENCES mission (id),
        settlement_body_id bigint
            CONSTRAINT fk_dispute_settlement_body REFERENCES settlement_body (id),
        referred_body_id bigint
            CONSTRAINT fk_dispute_referred_body REFERENCES settlement_body (id),
        assigned_attache_id bigint CONSTRAINT fk_dispute_attache REFERENCES app_user (id),
        queue text CONSTRAINT ck_dispute_queue CHECK (queue IN ('fallback', 'supervisor')),
        stage_deadline timestamptz,
        escalation_count integer NOT NULL DEFAULT 0,
        filed_at timestamptz NOT NULL DEFAULT now(),
        assigned_at timestamptz,
        acknowledged_at timestamptz,
        acknowledged_by bigint CONSTRAINT fk_dispute_acknowledged_by REFERENCES app_user (id),
        -- From the assignment the attaché acknowledged to the acknowledgement.
        acknowledge_interval interval,
        concluded_at timestamptz,
        concluded_by_attache_id bigint
            CONSTRAINT fk_dispute_concluded_by REFERENCES app_user (id),
        closed_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_dispute_claimed CHECK ((claimed_amount IS NULL) = (claimed_currency IS NULL)),
        CONSTRAINT ck_dispute_reported_wage CHECK (
            (reported_wage_amount IS NULL) = (reported_wage_currency IS NULL)
            AND (reported_wage_amount IS NULL) = (reported_wage_period IS NULL)),
        CONSTRAINT ck_dispute_reported_fee CHECK (
            (reported_fee_amount IS NULL) = (reported_fee_currency IS NULL)),
        CONSTRAINT ck_dispute_centre_filed CHECK (
            (filed_by_role = 'centre_staff') = (filing_centre_id IS NOT NULL)),
        CONSTRAINT ck_dispute_queue_fallback CHECK (queue <> 'fallback' OR mission_id IS NULL)
    );
    CREATE INDEX ix_dispute_agency ON dispute (agency_id, id);
    CREATE INDEX ix_dispute_attache ON dispute (assigned_attache_id, status);
    CREATE INDEX ix_dispute_queue ON dispute (queue, id) WHERE queue IS NOT NULL;
    CREATE INDEX ix_dispute_deadline ON dispute (stage_deadline) WHERE stage_deadline IS NOT NULL;
    CREATE INDEX ix_dispute_referred_body ON dispute (referred_body_id, status);
    CREATE INDEX ix_dispute_migrant_user ON dispute (migrant_user_id);
    CREATE INDEX ix_dispute_filing_centre ON dispute (filing_centre_id, id);

    -- The case's own timeline, shown to its parties (the audit log keeps the same moves).
    CREATE TABLE dispute_event (
        id bigserial CONSTRAINT pk_dispute_event PRIMARY KEY,
        dispute_id bigint NOT NULL CONSTRAINT fk_dispute_event_dispute REFERENCES dispute (id),
        action text NOT NULL,
        from_status text,
        to_status text,
        actor_user_id bigint,
        actor_role text NOT NULL,
        reason text,
        deadline timestamptz,
        data jsonb NOT NULL DEFAULT '{{}}',
        created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX ix_dispute_event_dispute ON dispute_event (dispute_id, id);

    CREATE TABLE dispute_escalation (
        id bigserial CONSTRAINT pk_dispute_escalation PRIMARY KEY,
        dispute_id bigint NOT NULL
            CONSTRAINT fk_dispute_escalation_dispute REFERENCES dispute (id),
        status text NOT NULL,
        missed_deadline timestamptz NOT NULL,
        from_attache_id bigint CONSTRAINT fk_dispute_escalation_from REFERENCES app_user (id),
        to_attache_id bigint CONSTRAINT fk_dispute_escalation_to REFERENCES app_user (id),
        to_queue text CONSTRAINT ck_dispute_escalation_to_queue CHECK (to_queue = 'supervisor'),
        escalated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_dispute_escalation_target CHECK (
            (to_attache_id IS NULL) <> (to_queue IS NULL)),
        CONSTRAINT uq_dispute_escalation_once UNIQUE (dispute_id, missed_deadline)
    );

    CREATE TABLE routing_decision (
        id bigserial CONSTRAINT pk_routing_decision PRIMARY KEY,
        dispute_id bigint NOT NULL
            CONSTRAINT fk_routing_decision_dispute REFERENCES dispute (id),
        kind text NOT NULL CONSTRAINT ck_routing_decision_kind
            CHECK (kind IN ('rule', 'fallback', 'manual', 'escalation')),
        rule_id bigint CONSTRAINT fk_routing_decision_rule REFERENCES routing_rule (id),
        rule_snapshot jsonb,
        mission_id bigint CONSTRAINT fk_routing_decision_mission REFERENCES mission (id),
        settlement_body_id bigint
            CONSTRAINT fk_routing_decision_settlement_body REFERENCES settlement_body (id),
        attache_id bigint CONSTRAINT fk_routing_decision_attache REFERENCES app_user (id),
        open_cases jsonb NOT NULL DEFAULT '{{}}',
        explanation text NOT NULL,
        decided_by_user_id bigint,
        decided_by_role text NOT NULL,
        decided_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_routing_decision_rule CHECK ((kind = 'rule') = (rule_id IS NOT NULL))
    );
    CREATE INDEX ix_routing_decision_dispute ON routing_decision (dispute_id, id);
    CREATE INDEX ix_routing_decision_rule ON routing_decision (rule_id, id);

    CREATE TABLE routing_feedback (
        id bigserial CONSTRAINT pk_routing_feedback PRIMARY KEY,
        decision_id bigint NOT NULL
            CONSTRAINT fk_routing_feedback_decision REFERENCES routing_decision (id),
        user_id bigint NOT NULL CONSTRAINT fk_routing_feedback_user REFERENCES app_user (id),
        role text NOT NULL,
        correct boolean NOT NULL,
        comment text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_routing_feedback_decision_user UNIQUE (decision_id, user_id)
    );

    CREATE TABLE dispute_evidence (
        id bigserial CONSTRAINT pk_dispute_evidence PRIMARY KEY,
        dispute_id bigint NOT NULL
            CONSTRAINT fk_dispute_evidence_dispute REFERENCES dispute (id),
        filename text NOT NULL,
        content_type text NOT NULL,
        size_bytes bigint NOT NULL CONSTRAINT ck_dispute_evidence_size CHECK (size_bytes > 0),
        sha256 char(64) NOT NULL,
        uploaded_by_user_id bigint NOT NULL
            CONSTRAINT fk_dispute_evidence_user REFERENCES app_user (id),
        uploaded_by_role text NOT NULL,
        uploaded_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX ix_dispute_evidence_dispute ON dispute_evidence (dispute_id, id);

    CREATE TABLE dispute_outcome (
        dispute_id bigint CONSTRAINT pk_dispute_outcome PRIMARY KEY
            CONSTRAINT fk_dispute_outcome_dispute REFERENCES dispute (id),
        decided_in text NOT NULL CONSTRAINT ck_dispute_outcome_decided_in
            CHECK (decided_in IN ('mediation', 'settlement_body')),
        settlement_body_id bigint
            CONSTRAINT fk_dispute_outcome_settlement_body REFERENCES settlement_body (id),
        summary text NOT NULL,
        awarded_amount numeric(16, 2) NOT NULL DEFAULT 0
            CONSTRAINT ck_dispute_outcome_awarded CHECK (awarded_amount >= 0),
        recovered_amount numeric(16, 2) NOT NULL DEFAULT 0
            CONSTRAINT ck_dispute_outcome_recovered CHECK (recovered_amount >= 0),
        currency char(3),
        payable_by text CONSTRAINT ck_dispute_outcome_payable_by
            CHECK (payable_by IN ('agency', 'employer')),
        payment_due date,
        recorded_by_user_id bigint,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_dispute_outcome_award CHECK (
            (awarded_amount > 0) = (currency IS NOT NULL AND payable_by IS NOT NULL
                                    AND payment_due IS NOT NULL)),
        CONSTRAINT ck_dispute_outcome_recovered_le_awarded CHECK (
            recovered_amount <= awarded_amount)
    );

    CREATE TABLE dispute_finding (
        id bigserial CONSTRAINT pk_dispute_finding PRIMARY KEY,
        dispute_id bigint NOT NULL CONSTRAINT fk_dispute_finding_dispute REFERENCES dispute (id),
        agency_id bigint NOT NULL CONSTRAINT fk_dispute_finding_agency REFERENCES agency (id),
        against text NOT NULL CONSTRAINT ck_dispute_finding_against
            CHECK (against IN ('agency', 'employer')),
        summary text NOT NULL,
        upheld boolean NOT NULL DEFAULT true,
        watchlisted_employer_id bigint CONSTRAINT fk_dispute_finding_watchlisted
            REFERENCES watchlisted_employer (id),
        created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX ix_dispute_finding_agency ON dispute_finding (agency_id, created_at);

    CREATE TABLE dispute_recovery (
        id bigserial CONSTRAINT pk_dispute_recovery PRIMARY KEY,
        dispute_id bigint NOT NULL CONSTRAINT fk_dispute_recovery_dispute REFERENCES dispute (id),
        amount numeric(16, 2) NOT NULL CONSTRAINT ck_dispute_recovery_amount CHECK (amount > 0),
        currency char(3) NOT NULL,
        source text NOT NULL CONSTRAINT ck_dispute_recovery_source
            CHECK (source IN ('payment', 'deposit')),
        note text,
        recorded_by_user_id bigint,
        recorded_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX ix_dispute_recovery_dispute ON dispute_recovery (dispute_id, id);

    -- The agency's security deposit: opened from its licence's deposit, drawn for unpaid
    -- awards; every draw is owed back as a top-up.
    CREATE TABLE deposit_account (
        agency_id bigint CONSTRAINT pk_deposit_account PRIMARY KEY
            CONSTRAINT fk_deposit_account_agency REFERENCES agency (id),
        licence_id bigint NOT NULL CONSTRAINT fk_deposit_account_licence REFERENCES licence (id),
        currency char(3) NOT NULL,
        opening_balance numeric(16, 2) NOT NULL
            CONSTRAINT ck_deposit_account_opening CHECK (opening_balance >= 0),
        balance numeric(16, 2) NOT NULL CONSTRAINT ck_deposit_account_balance
            CHECK (balance >= 0),
        top_up_owed numeric(16, 2) NOT NULL DEFAULT 0
            CONSTRAINT ck_deposit_account_top_up_owed CHECK (top_up_owed >= 0),
        version integer NOT NULL DEFAULT 1,
        opened_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE deposit_movement (
        id bigserial CONSTRAINT pk_deposit_movement PRIMARY KEY,
        agency_id bigint NOT NULL
            CONSTRAINT fk_deposit_movement_account REFERENCES deposit_account (agency_id),
        kind text NOT NULL CONSTRAINT ck_deposit_movement_kind
            CHECK (kind IN ('opening', 'draw', 'top_up')),
        amount numeric(16, 2) NOT NULL CONSTRAINT ck_deposit_movement_amount CHECK (amount >= 0),
        currency char(3) NOT NULL,
        dispute_id bigint CONSTRAINT fk_deposit_movement_dispute REFERENCES dispute (id),
        balance_after numeric(16, 2) NOT NULL,
        top_up_owed_after numeric(16, 2) NOT NULL,
        actor_user_id bigint,
        actor_label text NOT NULL,
        reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_deposit_movement_draw_dispute CHECK (
            (kind = 'draw') = (dispute_id IS NOT NULL))
    );
    CREATE INDEX ix_deposit_movement_agency ON deposit_movement (agency_id, id);
    """)


def downgrade() -> None:
    op.execute("""
    DROP TABLE deposit_movement;
    DROP TABLE deposit_account;
    DROP TABLE dispute_recovery;
    DROP TABLE dispute_finding;
    DROP TABLE dispute_outcome;
    DROP TABLE dispute_evidence;
    DROP TABLE routing_feedback;
    DROP TABLE routing_decision;
    DROP TABLE dispute_escalation;
    DROP TABLE dispute_event;
    DROP TABLE dispute;
    DROP TABLE routing_rule;
    DROP INDEX ix_settlement_body_country;
    DROP INDEX ix_mission_country;
    ALTER TABLE settlement_body DROP COLUMN kind, DROP COLUMN regions,
        DROP COLUMN dispute_kinds, DROP COLUMN address, DROP COLUMN email, DROP COLUMN phone,
        DROP COLUMN updated_at;
    ALTER TABLE mission DROP COLUMN regions, DROP COLUMN address,
        DROP COLUMN email, DROP COLUMN phone, DROP COLUMN updated_at;
    """)
