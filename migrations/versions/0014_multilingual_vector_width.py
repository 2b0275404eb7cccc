"""The search index's vectors at the multilingual model's width: 512 (was 384).

The default model is now the multilingual Universal Sentence Encoder (512 dimensions);
the English MiniLM it replaces made 384. Vectors of one model mean nothing to another,
so whenever the width changes the old vectors are dropped with their HNSW index, the
column is re-created at the new width, and every published vacancy is queued in the
outbox: the worker re-embeds them, and `vetted reindex` does the same at once. Until
then searches find fewer vacancies, never a wrong one (search re-checks the source of
truth). A deployment that keeps a 384-wide model sets EMBEDDING_DIMENSIONS=384, and this
step changes nothing. The migration reads the width from the settings
(EMBEDDING_DIMENSIONS), as 0002 does.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02
"""

from alembic import op
from sqlalchemy import text

from core.config import get_settings

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


def _index_built() -> bool:
    """Whether the HNSW index is there and valid (a concurrent build that failed leaves an
    invalid one)."""
    return bool(op.get_bind().execute(text(
        "SELECT indisvalid FROM pg_index "
        "WHERE indexrelid = to_regclass('ix_vacancy_search_embedding')")).scalar())


def _rewidth(dimensions: int) -> None:
    if _width() != dimensions:
        _empty_at(dimensions)
    if not _index_built():
        _build_index()


def _empty_at(dimensions: int) -> None:
    op.execute(f"""
    DROP INDEX ix_vacancy_search_embedding;
    TRUNCATE vacancy_search;
    ALTER TABLE vacancy_search ALTER COLUMN embedding TYPE vector({dimensions});
    INSERT INTO outbox (topic, entity_id)
        SELECT 'vacancy.changed', id FROM vacancy WHERE status = 'published' ORDER BY id;
    """)


def _build_index() -> None:
    # Built once the emptying is committed, concurrently and outside a transaction (as
    # CONCURRENTLY must be), so the relay's writes of the re-embedded vacancies are not
    # held up while it is built. A build that failed half-way left an invalid index behind
    # (and a run again finds the width done), so that is dropped first.
    with op.get_context().autocommit_block():
        op.execute("DROP INDEX CONCURRENTLY IF EXISTS ix_vacancy_search_embedding")
        op.execute("""
        CREATE INDEX CONCURRENTLY ix_vacancy_search_embedding ON vacancy_search
            USING hnsw (embedding vector_cosine_ops) WITH (m = 32, ef_construction = 200)""")


def upgrade() -> None:
    _rewidth(get_settings().embedding_dimensions)


def downgrade() -> None:
    _rewidth(PREVIOUS_DEFAULT)
