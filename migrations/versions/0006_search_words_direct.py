"""The words index takes each vacancy in at once (no pending list).

With GIN's fast update on, new entries wait in a pending list that every search reads in
full until a vacuum merges it; after a bulk load or reindex that list made the words leg
of a search at 100,000 vacancies three times slower (14 -> 5 ms). Indexing is bounded by
the embedding model, so the slower direct insert costs ingest nothing measurable.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
    ALTER INDEX ix_vacancy_search_document SET (fastupdate = off);
    SELECT gin_clean_pending_list('ix_vacancy_search_document'::regclass);
    """)


def downgrade() -> None:
    op.execute("ALTER INDEX ix_vacancy_search_document RESET (fastupdate);")
