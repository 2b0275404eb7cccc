"""Vacancies carry the ISCO-08 code of their occupation, from the list of occupations.

Until now a vacancy held only the agency's words for its occupation, and the search mapped
them to the list each time it indexed the vacancy. The agency now picks the occupation
from the list (or its words are mapped once, when it saves), and the code is stored beside
its words, which stay as the agency wrote them. A vacancy whose words name no occupation
of the list keeps no code (null): it is shown as not in the list.

Existing vacancies get the code their words name today. The search index already files
them under the same key, so it needs no rebuild.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

from matching.occupations import occupation_for

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


def downgrade() -> None:
    op.execute("ALTER TABLE vacancy DROP COLUMN occupation_code")
