"""Agency ratings that the public can read correctly: an agency with too little history is
stored as "new" with no score (so no figure is shown for it anywhere), and each rating keeps
the facts it rests on (placements, years licensed, upheld findings, sanctions, the disputes
filed) with their dates, for the words beside the score.

Ratings stored by formula version 1 stay as they are here: the application recomputes every
rating whose formula version is not its own, and shows none of them meanwhile.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02
"""

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
    ALTER TABLE agency_rating
        ALTER COLUMN score DROP NOT NULL,
        ADD COLUMN status text NOT NULL DEFAULT 'rated'
            CONSTRAINT ck_agency_rating_status CHECK (status IN ('rated', 'new')),
        -- Counts and dates, as the public is told them beside the score.
        ADD COLUMN basis jsonb NOT NULL DEFAULT '{}',
        ADD CONSTRAINT ck_agency_rating_score_status
            CHECK ((score IS NOT NULL) = (status = 'rated'));
    ALTER TABLE agency_rating ALTER COLUMN status DROP DEFAULT,
                              ALTER COLUMN basis DROP DEFAULT;
    -- The recomputation looks for ratings of another formula version.
    CREATE INDEX ix_agency_rating_formula_version ON agency_rating (formula_version);
    """)


def downgrade() -> None:
    # Version 1 gave every agency a score: the ones without are recomputed by it.
    op.execute("""
    DROP INDEX ix_agency_rating_formula_version;
    DELETE FROM agency_rating WHERE score IS NULL;
    ALTER TABLE agency_rating
        DROP CONSTRAINT ck_agency_rating_score_status,
        DROP COLUMN basis,
        DROP COLUMN status,
        ALTER COLUMN score SET NOT NULL;
    """)
