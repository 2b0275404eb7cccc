"""A case's region and a routing rule's meet in any spelling of a city the gazetteer knows.

A complaint from «Москва» was keyed `moskva` and a Moscow inspectorate's region "Moscow"
`moscov`: the case went to the federal body, not Moscow's. Region keys now go through the
gazetteer (`disputes.regions.routing_region`); the keys stored for cases and rules are made
again. Settlement bodies' and missions' regions are keyed when routing reads them. Nothing
to undo on the way down: the older key of a region is still what the spelling gave.

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-05
"""

from alembic import op

from disputes.regions import routing_region

revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    for table in ("routing_rule", "dispute"):
        rows = bind.exec_driver_sql(
            f"SELECT id, region, country, region_key FROM {table} WHERE region IS NOT NULL"
        ).fetchall()
        changed = [(row[0], key) for row in rows
                   if (key := routing_region(row[1], row[2])) != row[3]]
        if changed:
            bind.exec_driver_sql(
                f"UPDATE {table} AS t SET region_key = v.key "
                "FROM unnest(%s::bigint[], %s::text[]) AS v(id, key) WHERE t.id = v.id",
                ([i for i, _ in changed], [k for _, k in changed]),
            )


def downgrade() -> None:
    pass
