"""Occupation filter keys from the taxonomy: a vacancy whose occupation the taxonomy
knows is filed under its ISCO-08 code (`isco:5120`) whatever language the agency wrote it
in, so the filter `cook` finds `повар`.

The PostgreSQL index's keys are recomputed here; an Elasticsearch index takes the new
keys with `vetted reindex`.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02
"""

from collections.abc import Callable

import sqlalchemy as sa
from alembic import op

from matching.occupations import occupation_key

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def _rekey(key: Callable[[str], str]) -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.text(
        "SELECT s.vacancy_id, s.occupation_key, v.occupation FROM vacancy_search s "
        "JOIN vacancy v ON v.id = s.vacancy_id")).all()
    changed = [{"id": r.vacancy_id, "key": key(r.occupation)} for r in rows
               if key(r.occupation) != r.occupation_key]
    if changed:
        bind.execute(sa.text(
            "UPDATE vacancy_search SET occupation_key = :key WHERE vacancy_id = :id"), changed)


def upgrade() -> None:
    _rekey(occupation_key)


def downgrade() -> None:
    _rekey(lambda occupation: " ".join(occupation.lower().split()))
