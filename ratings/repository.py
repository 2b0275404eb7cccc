"""All SQL of the ratings: the agencies' ratings and the review queue's alerts.

The agency's name (and its licence's status, in the regulator's list) is joined in for
display and ordering: the rating rows belong to an agency of the register."""

from __future__ import annotations

from typing import Any

import asyncpg

from core.rows import row_as, rows_as
from ratings.rows import RatingAlertRow, RatingListRow, RatingRow, ReviewItemRow

Row = dict[str, Any]


async def upsert_rating(conn: asyncpg.Connection, *, agency_id: int, status: str,
                        score: float | None, formula_version: str, breakdown: list[Row],
                        basis: Row, inputs: Row, population: Row) -> None:
    """Store the agency's current rating; changed_at moves only when the result does."""
    await conn.execute(
        """
        INSERT INTO agency_rating (agency_id, status, score, formula_version, breakdown,
                                   basis, inputs, population)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        ON CONFLICT (agency_id) DO UPDATE SET
            changed_at = CASE
                WHEN (agency_rating.status, agency_rating.score, agency_rating.formula_version,
                      agency_rating.breakdown, agency_rating.basis)
                     IS DISTINCT FROM (EXCLUDED.status, EXCLUDED.score,
                                       EXCLUDED.formula_version, EXCLUDED.breakdown,
                                       EXCLUDED.basis)
                THEN now() ELSE agency_rating.changed_at END,
            status = EXCLUDED.status, score = EXCLUDED.score,
            formula_version = EXCLUDED.formula_version, breakdown = EXCLUDED.breakdown,
            basis = EXCLUDED.basis, inputs = EXCLUDED.inputs,
            population = EXCLUDED.population, computed_at = now()
        """,
        agency_id, status, score, formula_version, breakdown, basis, inputs, population,
    )


async def agencies_not_rated_by(conn: asyncpg.Connection, formula_version: str, *,
                                limit: int) -> list[int]:
    """Agencies with no rating, or one computed by another version of the formula."""
    rows = await conn.fetch(
        """
        SELECT a.id FROM agency a LEFT JOIN agency_rating r ON r.agency_id = a.id
        WHERE r.agency_id IS NULL OR r.formula_version <> $1
        ORDER BY a.id LIMIT $2
        """,
        formula_version, limit,
    )
    return [r["id"] for r in rows]


_RATING_COLUMNS = """
    r.agency_id, a.legal_name AS agency_name, r.status, r.score::float8 AS score,
    r.formula_version, r.breakdown, r.basis, r.inputs, r.population, r.computed_at,
    r.changed_at,
    (SELECT count(*) FROM rating_alert x
      WHERE x.agency_id = r.agency_id AND x.closed_at IS NULL)::int AS open_alerts
"""


async def get_rating(conn: asyncpg.Connection, agency_id: int) -> RatingRow | None:
    row = await conn.fetchrow(
        f"SELECT {_RATING_COLUMNS} FROM agency_rating r JOIN agency a ON a.id = r.agency_id "
        "WHERE r.agency_id = $1",
        agency_id,
    )
    return row_as(RatingRow, row)


async def get_ratings(conn: asyncpg.Connection, agency_ids: list[int]
                      ) -> dict[int, RatingRow]:
    rows = await conn.fetch(
        f"SELECT {_RATING_COLUMNS} FROM agency_rating r JOIN agency a ON a.id = r.agency_id "
        "WHERE r.agency_id = ANY ($1::bigint[])",
        agency_ids,
    )
    return {r["agency_id"]: r for r in rows_as(RatingRow, rows)}


async def list_ratings(conn: asyncpg.Connection, *, lowest_first: bool,
                       max_score: float | None, formula_version: str, limit: int,
                       offset: int) -> list[RatingListRow]:
    """Ratings of the current formula by score, the ones with none (new agencies) last."""
    direction = "ASC" if lowest_first else "DESC"
    rows = await conn.fetch(
        f"""
        SELECT {_RATING_COLUMNS}, (
            SELECT l.status FROM licence l WHERE l.agency_id = a.id
            ORDER BY l.applied_at DESC, l.id DESC LIMIT 1) AS licence_status
        FROM agency_rating r JOIN agency a ON a.id = r.agency_id
        WHERE ($1::float8 IS NULL OR r.score <= $1) AND r.formula_version = $4
        ORDER BY r.score {direction} NULLS LAST, r.agency_id
        LIMIT $2 OFFSET $3
        """,
        max_score, limit, offset, formula_version,
    )
    return rows_as(RatingListRow, rows)


_ALERT_COLUMNS = """
    x.*, a.legal_name AS agency_name, r.score::float8 AS score
"""
_ALERT_FROM = """
    FROM rating_alert x JOIN agency a ON a.id = x.agency_id
    LEFT JOIN agency_rating r ON r.agency_id = x.agency_id
"""


async def open_alert(conn: asyncpg.Connection, agency_id: int, reason: str
                     ) -> RatingAlertRow | None:
    row = await conn.fetchrow(
        "SELECT * FROM rating_alert WHERE agency_id = $1 AND reason = $2 AND closed_at IS NULL",
        agency_id, reason,
    )
    return row_as(RatingAlertRow, row)


async def last_closed_alert(conn: asyncpg.Connection, agency_id: int, reason: str
                            ) -> RatingAlertRow | None:
    row = await conn.fetchrow(
        "SELECT * FROM rating_alert WHERE agency_id = $1 AND reason = $2 "
        "AND closed_at IS NOT NULL ORDER BY closed_at DESC, id DESC LIMIT 1",
        agency_id, reason,
    )
    return row_as(RatingAlertRow, row)


async def insert_alert(conn: asyncpg.Connection, *, agency_id: int, reason: str, detail: str,
                       threshold: int, window_days: int, observed: int
                       ) -> RatingAlertRow | None:
    """A new open alert, or None when one is open already (one per agency and reason)."""
    row = await conn.fetchrow(
        """
        INSERT INTO rating_alert (agency_id, reason, detail, threshold, window_days, observed,
                                  latest_observed)
        VALUES ($1, $2, $3, $4, $5, $6, $6)
        ON CONFLICT (agency_id, reason) WHERE closed_at IS NULL DO NOTHING
        RETURNING *
        """,
        agency_id, reason, detail, threshold, window_days, observed,
    )
    return row_as(RatingAlertRow, row)


async def update_alert_observed(conn: asyncpg.Connection, alert_id: int, *, observed: int,
                                detail: str) -> None:
    await conn.execute(
        "UPDATE rating_alert SET latest_observed = $2, detail = $3, updated_at = now() "
        "WHERE id = $1",
        alert_id, observed, detail,
    )


async def get_alert(conn: asyncpg.Connection, alert_id: int, *, for_update: bool = False
                    ) -> ReviewItemRow | None:
    lock = "FOR UPDATE OF x" if for_update else ""
    row = await conn.fetchrow(
        f"SELECT {_ALERT_COLUMNS} {_ALERT_FROM} WHERE x.id = $1 {lock}", alert_id
    )
    return row_as(ReviewItemRow, row)


async def list_alerts(conn: asyncpg.Connection, *, open_only: bool | None,
                      agency_id: int | None, limit: int, offset: int) -> list[ReviewItemRow]:
    """Alerts, open ones oldest first (the queue's order); closed ones latest first."""
    rows = await conn.fetch(
        f"""
        SELECT {_ALERT_COLUMNS} {_ALERT_FROM}
        WHERE ($1::boolean IS NULL OR (x.closed_at IS NULL) = $1)
          AND ($2::bigint IS NULL OR x.agency_id = $2)
        ORDER BY (x.closed_at IS NULL) DESC, x.closed_at DESC NULLS FIRST, x.opened_at, x.id
        LIMIT $3 OFFSET $4
        """,
        open_only, agency_id, limit, offset,
    )
    return rows_as(ReviewItemRow, rows)


async def close_alert(conn: asyncpg.Connection, alert_id: int, *, user_id: int | None,
                      note: str) -> None:
    await conn.execute(
        "UPDATE rating_alert SET closed_at = now(), closed_by_user_id = $2, close_note = $3, "
        "updated_at = now() WHERE id = $1",
        alert_id, user_id, note,
    )
