"""The search index's vectors at the multilingual model's width: 512 (was 384).

The default model is now the multilingual Universal Sentence Encoder (512 dimensions);
the English MiniLM it replaces made 384. Vectors of one model mean nothing to another,
so whenever the width changes the old vectors are dropped with their HNSW index, the
column is re-created at the new width, and every published vacancy is queued in the
outbox: the worker re-embeds them, and `vetted reindex` does the same at once. Until
then searches find fewer vacancies, never a wrong one (search re-checks the source of
truth). A deployment that keeps a 384-wide model sets EMBEDDING_DIMENSIONS=384, and this
step changes nothing. The migration reads the width from EMBEDDING_DIMENSIONS, as 0002
did.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02
"""

import os

from alembic import op
from sqlalchemy import text

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

PREVIOUS_DEFAULT = 384


def _width() -> int:
    """The embedding column's width now."""
    return int(op.get_bind().execute(text(
        "SELECT atttypmod FROM pg_attribute "
        "WHERE attrelid = 'vacancy_search'::regclass AND attname = 'embedding'")).scalar_one())


def _rewidth(dimensions: int) -> None:
    if _width() == dimensions:
        return
    op.execute(f"""
    SET LOCAL maintenance_work_mem = '512MB';
    DROP INDEX ix_vacancy_search_embedding;
    TRUNCATE vacancy_search;
    ALTER TABLE vacancy_search ALTER COLUMN embedding TYPE vector({dimensions});
    CREATE INDEX ix_vacancy_search_embedding ON vacancy_search
        USING hnsw (embedding vector_cosine_ops) WITH (m = 32, ef_construction = 200);
    INSERT INTO outbox (topic, entity_id)
        SELECT 'vacancy.changed', id FROM vacancy WHERE status = 'published' ORDER BY id;
    """)


def upgrade() -> None:
    _rewidth(int(os.environ.get("EMBEDDING_DIMENSIONS", "512")))


def downgrade() -> None:
    _rewidth(PREVIOUS_DEFAULT)
