"""Red flags get a severity; warnings get the verifying attaché's reasons; the verifier is
kept on the vacancy; each origin country says whether workers may be charged a fee.

A vacancy with a blocking flag (a wage below the minimum, a fee where the origin country
bars fees, a licence not covering the country, a watchlisted employer) is never verified
or published, and a warning is verified only with a written reason that the public sees.
The public check names who verified a vacancy and when, so both are stored with it
(earlier verifications are taken from the audit log). Without a row for its country, an
agency may charge workers no fee: the employer pays (ILO C181 art. 7).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
    CREATE TABLE worker_fee_rule (
        country char(2) CONSTRAINT pk_worker_fee_rule PRIMARY KEY,
        fees_banned boolean NOT NULL,
        reason text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
    );

    ALTER TABLE vacancy
        ADD COLUMN flag_acknowledgements jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN verified_by bigint CONSTRAINT fk_vacancy_verified_by REFERENCES app_user (id),
        ADD COLUMN verified_mission_id bigint
            CONSTRAINT fk_vacancy_verified_mission REFERENCES mission (id);

    UPDATE vacancy v SET verified_by = u.id, verified_mission_id = u.mission_id
    FROM (
        SELECT DISTINCT ON (entity_id) entity_id, actor_user_id
        FROM audit_entry
        WHERE entity_type = 'vacancy' AND action = 'verify' AND actor_user_id IS NOT NULL
        ORDER BY entity_id, id DESC
    ) a JOIN app_user u ON u.id = a.actor_user_id
    WHERE a.entity_id = v.id::text;

    UPDATE vacancy SET red_flags = (
        SELECT jsonb_agg(flag || jsonb_build_object(
            'severity', CASE WHEN flag->>'code' IN ('wage_below_minimum', 'worker_pays_fee',
                                                    'licence_does_not_cover_country',
                                                    'employer_watchlisted')
                             THEN 'blocking' ELSE 'warning' END,
            'remedy', '', 'params', '{}'::jsonb) ORDER BY n)
        FROM jsonb_array_elements(red_flags) WITH ORDINALITY AS f(flag, n))
    WHERE jsonb_array_length(red_flags) > 0;
    """)


def downgrade() -> None:
    op.execute("""
    UPDATE vacancy SET red_flags = (
        SELECT jsonb_agg(flag - 'severity' - 'remedy' - 'params' ORDER BY n)
        FROM jsonb_array_elements(red_flags) WITH ORDINALITY AS f(flag, n))
    WHERE jsonb_array_length(red_flags) > 0;

    ALTER TABLE vacancy
        DROP COLUMN verified_mission_id,
        DROP COLUMN verified_by,
        DROP COLUMN flag_acknowledgements;

    DROP TABLE worker_fee_rule;
    """)
