"""City filter keys from the gazetteer: a city the gazetteer knows is filed under one key
whatever script or spelling the agency typed (`Москва` and `Moscow` are one city).

The PostgreSQL index's keys are recomputed here; an Elasticsearch index takes the new
keys with `vetted reindex`.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02
"""

from collections.abc import Callable

import sqlalchemy as sa
from alembic import op

from core.text import transliterate
from matching.places import city_key

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def _rekey(key: Callable[[str, str], str]) -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.text(
        "SELECT s.vacancy_id, s.city_key, v.city, v.country FROM vacancy_search s "
        "JOIN vacancy v ON v.id = s.vacancy_id")).all()
    changed = [{"id": r.vacancy_id, "key": key(r.city, r.country)} for r in rows
               if key(r.city, r.country) != r.city_key]
    if changed:
        bind.execute(sa.text("UPDATE vacancy_search SET city_key = :key WHERE vacancy_id = :id"),
                     changed)


def upgrade() -> None:
    _rekey(city_key)


def downgrade() -> None:
    _rekey(lambda city, _country: " ".join(transliterate(city).split()))
