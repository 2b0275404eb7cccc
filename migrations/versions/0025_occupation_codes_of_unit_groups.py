"""Vacancies whose words name an occupation only the grown list knows get its code.

The list of occupations grew from the trades migrants are hired for to every ISCO-08 unit
group people name (`бухгалтер`, `dentist`, `architect`). A vacancy saved before kept no
code when its words named none of the old list; it gets the code its words name now. A
code already stored stays: the agency picked it, or the words named it then. The
PostgreSQL index's keys follow the codes; an Elasticsearch index takes them with `vetted
reindex`. Nothing to undo on the way down: the codes are what the vacancies' words say.

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

from matching.occupations import KEY_PREFIX, occupation_for

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    # Each distinct wording is mapped once: many vacancies share a few hundred of them.
    words = bind.execute(sa.text(
        "SELECT DISTINCT occupation FROM vacancy WHERE occupation_code IS NULL")).scalars().all()
    codes = [{"occupation": text, "code": found.code}
             for text in words if (found := occupation_for(text)) is not None]
    if not codes:
        return
    bind.execute(sa.text(
        "UPDATE vacancy SET occupation_code = :code "
        "WHERE occupation = :occupation AND occupation_code IS NULL"), codes)
    bind.execute(sa.text(
        "UPDATE vacancy_search s SET occupation_key = :prefix || v.occupation_code "
        "FROM vacancy v WHERE v.id = s.vacancy_id AND v.occupation_code IS NOT NULL "
        "AND s.occupation_key <> :prefix || v.occupation_code"), {"prefix": KEY_PREFIX})


def downgrade() -> None:
    pass
