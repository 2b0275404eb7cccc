"""Vacancies filed by a word several trades share get the trade their advert names.

`водитель`, `haydovchi`, `айдоочу` and `ронанда` were names of ISCO 8322, shown as "taxi
driver", so a lorry driver's vacancy typed so was filed and shown as a taxi driver's. Now
8322 is the car or van driver, 8322.01 the taxi driver, and such a word names a family
of trades (`matching.occupations.FAMILIES`); `housekeeper` names the hotel's and the
family's. A vacancy filed under 8322, or under nothing, gets the code the rules give its
words and advert now: the taxi driver's for `водитель такси`, the lorry driver's for
`водитель` beside `Водитель категории C`, none for a bare `водитель` (shown as typed).
A code under 8322 that the words do not explain stays: the agency picked it. The
PostgreSQL index's keys follow the codes; an Elasticsearch index takes them with `vetted
reindex`. Nothing to undo on the way down: the codes are what the adverts say.

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

from matching.occupations import KEY_PREFIX, occupation_key, occupations_named
from matching.rules import vacancy_occupation

revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.text(
        "SELECT id, occupation, occupation_code, title, description FROM vacancy "
        "WHERE occupation_code IS NULL OR occupation_code = '8322'")).mappings().all()
    changed = []
    for row in rows:
        _, found = vacancy_occupation(code=None, words=row["occupation"],
                                      text=f"{row['title']} {row['description']}")
        if found is None and (row["occupation_code"] is None
                              or len(occupations_named(row["occupation"])) < 2):
            continue  # still none, or a code the agency picked
        code = found.code if found else None
        if code != row["occupation_code"]:
            changed.append({"id": row["id"], "code": code,
                            "key": KEY_PREFIX + code if code
                            else occupation_key(row["occupation"])})
    if not changed:
        return
    bind.execute(sa.text("UPDATE vacancy SET occupation_code = :code WHERE id = :id"),
                 changed)
    bind.execute(sa.text(
        "UPDATE vacancy_search SET occupation_key = :key WHERE vacancy_id = :id"), changed)


def downgrade() -> None:
    pass
