"""Vacancies carry the ISCO-08 code of their occupation, from the list of occupations.

Until now a vacancy held only the agency's words for its occupation, and the search mapped
them to the list each time it indexed the vacancy. The agency now picks the occupation
from the list (or its words are mapped once, when it saves), and the code is stored beside
its words, which stay as the agency wrote them. A vacancy whose words name no occupation
of the list keeps no code (null): it is shown as not in the list.

Existing vacancies get the code their words name today, and the PostgreSQL index's keys
are brought in line with them (the list of occupations grew with this step: `грузчик`,
`строитель` and others name occupations of their own now); an Elasticsearch index takes
the new keys with `vetted reindex`.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

from matching.occupations import KEY_PREFIX, occupation_for
from matching.searching import occupation_key

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
    ALTER TABLE vacancy ADD COLUMN occupation_code text
        CONSTRAINT ck_vacancy_occupation_code
        CHECK (occupation_code ~ '^[0-9]{4}(\\.[0-9]{2})?$');
    """)
    bind = op.get_bind()
    # Each distinct wording is mapped once: many vacancies share a few hundred of them.
    words = bind.execute(sa.text("SELECT DISTINCT occupation FROM vacancy")).scalars().all()
    codes = [{"occupation": text, "code": found.code}
             for text in words if (found := occupation_for(text)) is not None]
    if codes:
        bind.execute(sa.text(
            "UPDATE vacancy SET occupation_code = :code WHERE occupation = :occupation"), codes)
    _rekey()


def _rekey() -> None:
    """The index's occupation keys as the stored codes (else the words) give them now."""
    bind = op.get_bind()
    rows = bind.execute(sa.text(
        "SELECT s.vacancy_id, s.occupation_key, v.occupation, v.occupation_code "
        "FROM vacancy_search s JOIN vacancy v ON v.id = s.vacancy_id")).all()
    changed = [{"id": r.vacancy_id, "key": key} for r in rows
               if (key := KEY_PREFIX + r.occupation_code if r.occupation_code
                   else occupation_key(r.occupation)) != r.occupation_key]
    if changed:
        bind.execute(sa.text(
            "UPDATE vacancy_search SET occupation_key = :key WHERE vacancy_id = :id"), changed)


def downgrade() -> None:
    op.execute("ALTER TABLE vacancy DROP COLUMN occupation_code")
