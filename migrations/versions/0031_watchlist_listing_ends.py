"""A watchlist listing can be ended before its date, with who ended it, when and why.

Ended, a listing no longer counts from that moment: its employer's vacancies may return to
the search and no migrant is warned of it. Its end date can also be moved (within the ten
years a listing may last), which needs no column.

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-05
"""

from alembic import op

revision = "0031"
down_revision = "0030"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
    ALTER TABLE watchlisted_employer
        ADD COLUMN ended_at timestamptz,
        ADD COLUMN end_reason text,
        ADD CONSTRAINT ck_watchlisted_employer_ended
            CHECK ((ended_at IS NULL) = (end_reason IS NULL))
    """)


def downgrade() -> None:
    op.execute("""
    ALTER TABLE watchlisted_employer
        DROP CONSTRAINT ck_watchlisted_employer_ended,
        DROP COLUMN end_reason,
        DROP COLUMN ended_at
    """)
