"""Search filters: occupation and country together in one index, so a search narrowed to
both reads only the vacancies that pass them (the occupation alone spans every country).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
    CREATE INDEX ix_vacancy_search_occupation_country
        ON vacancy_search (occupation_key, country);
    DROP INDEX ix_vacancy_search_occupation;
    """)


def downgrade() -> None:
    op.execute("""
    CREATE INDEX ix_vacancy_search_occupation ON vacancy_search (occupation_key);
    DROP INDEX ix_vacancy_search_occupation_country;
    """)
