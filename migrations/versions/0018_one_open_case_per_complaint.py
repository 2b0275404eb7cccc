"""One open case per complaint: who complains and against whom, kept as keys on the case,
with a partial unique index over the open cases.

Anyone signed in as a migrant could file the same complaint again and again against an
agency they never dealt with; each filing opened a case, took an attaché's time and showed
beside the agency's rating. A second filing of the same kind by the same complainant
against the same agency (or the same recruiter not in the register, by the normalised
phone number) now joins the open case. The service looks for the open case first; this
index makes the database refuse a second one, so that two filings at the same moment
cannot both open a case.

The keys are written by the service (disputes.rules.complainant_key and party_key).
Existing cases get them here where SQL can tell: the migrant's record, the agency or the
recruiter's phone key. Cases an attaché filed for someone without a record keep no
complainant key and join nothing. Where existing open cases already repeat a complaint,
the oldest keeps its keys and the later ones lose theirs, so the index can be built;
those later cases stay open as they were.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02
"""

from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
    ALTER TABLE dispute ADD COLUMN complainant_key text, ADD COLUMN party_key text;

    UPDATE dispute SET complainant_key = 'migrant:' || migrant_id
    WHERE migrant_id IS NOT NULL;
    UPDATE dispute SET party_key = 'agency:' || agency_id WHERE agency_id IS NOT NULL;
    UPDATE dispute d SET party_key = 'recruiter:' || r.phone_key
    FROM dispute_recruiter r WHERE r.dispute_id = d.id;

    UPDATE dispute d SET complainant_key = NULL
    FROM (SELECT id, row_number() OVER (PARTITION BY complainant_key, kind, party_key
                                        ORDER BY filed_at, id) AS n
          FROM dispute
          WHERE complainant_key IS NOT NULL AND party_key IS NOT NULL
            AND status IN ('filed', 'assigned', 'acknowledged', 'in_mediation', 'referred')
         ) repeated
    WHERE repeated.id = d.id AND repeated.n > 1;

    CREATE UNIQUE INDEX uq_dispute_open_complaint ON dispute (complainant_key, kind, party_key)
    WHERE status IN ('filed', 'assigned', 'acknowledged', 'in_mediation', 'referred');
    """)


def downgrade() -> None:
    op.execute("""
    DROP INDEX uq_dispute_open_complaint;
    ALTER TABLE dispute DROP COLUMN party_key, DROP COLUMN complainant_key;
    """)
