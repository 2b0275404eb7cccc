"""All SQL of the registry."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import asyncpg

from core.rows import row_as, rows_as
from registry.rows import (
    AgencyLookupRow,
    AgencyRow,
    BarredHitRow,
    BarredPersonRow,
    LicenceLookupRow,
    LicenceRecordRow,
    LicenceRow,
    OpenLicenceRow,
    PersonRow,
    RecruitingLicenceRow,
    WatchlistedEmployerRow,
)

Row = dict[str, Any]

_LICENCE_COLUMNS = """
    l.id, l.agency_id, a.legal_name AS agency_name, a.country AS agency_country,
    a.registration_number, l.number, l.status, l.countries, l.deposit_amount,
    l.deposit_currency, l.persons, l.valid_from, l.valid_until, l.renewal_count,
    l.renewal_requested_at, l.expiry_warned_for, l.version, l.applied_at, l.updated_at
"""


async def insert_agency(conn: asyncpg.Connection, **fields: Any) -> int:
    agency_id: int = await conn.fetchval(
        """
        INSERT INTO agency (legal_name, name_key, registration_number, country, address,
                            email, phone, website)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        RETURNING id
        """,
        fields["legal_name"], fields["name_key"], fields["registration_number"],
        fields["country"], fields["address"], fields["email"], fields["phone"],
        fields["website"],
    )
    return agency_id


async def agency_exists(
    conn: asyncpg.Connection, *, country: str, registration_number: str
) -> bool:
    return bool(
        await conn.fetchval(
            "SELECT 1 FROM agency WHERE country = $1 AND lower(registration_number) = lower($2)",
            country, registration_number,
        )
    )


async def agency_named(conn: asyncpg.Connection, *, country: str, name_key: str
                       ) -> str | None:
    """The legal name of an agency of `country` whose name reads as `name_key`, if any."""
    name: str | None = await conn.fetchval(
        "SELECT legal_name FROM agency WHERE country = $1 AND name_key = $2 ORDER BY id LIMIT 1",
        country, name_key)
    return name


async def replace_people(conn: asyncpg.Connection, agency_id: int, people: list[Row]) -> None:
    await conn.execute("DELETE FROM agency_person WHERE agency_id = $1", agency_id)
    await conn.executemany(
        """
        INSERT INTO agency_person (agency_id, full_name, name_key, role, date_of_birth,
                                   document_country, document_number, document_key)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        """,
        [
            (agency_id, p["full_name"], p["name_key"], p["role"], p["date_of_birth"],
             p["document_country"], p["document_number"], p["document_key"])
            for p in people
        ],
    )


async def get_agency(conn: asyncpg.Connection, agency_id: int) -> AgencyRow | None:
    row = await conn.fetchrow(
        """
        SELECT a.*, (
            SELECT l.status FROM licence l WHERE l.agency_id = a.id
            ORDER BY l.applied_at DESC, l.id DESC LIMIT 1) AS licence_status
        FROM agency a WHERE a.id = $1
        """,
        agency_id,
    )
    return row_as(AgencyRow, row)


async def list_agencies(
    conn: asyncpg.Connection, *, name_patterns: list[str] | None, limit: int, offset: int
) -> list[AgencyRow]:
    rows = await conn.fetch(
        """
        SELECT a.*, (
            SELECT l.status FROM licence l WHERE l.agency_id = a.id
            ORDER BY l.applied_at DESC, l.id DESC LIMIT 1) AS licence_status
        FROM agency a
        WHERE $1::text[] IS NULL OR a.name_key LIKE ALL ($1::text[])
        ORDER BY a.legal_name, a.id
        LIMIT $2 OFFSET $3
        """,
        name_patterns, limit, offset,
    )
    return rows_as(AgencyRow, rows)


async def agency_names(conn: asyncpg.Connection) -> dict[int, str]:
    rows = await conn.fetch("SELECT id, legal_name FROM agency ORDER BY legal_name, id")
    return {r["id"]: r["legal_name"] for r in rows}


async def get_people(conn: asyncpg.Connection, agency_id: int) -> list[PersonRow]:
    rows = await conn.fetch(
        "SELECT * FROM agency_person WHERE agency_id = $1 ORDER BY id", agency_id
    )
    return rows_as(PersonRow, rows)


async def find_barred(
    conn: asyncpg.Connection, people: Sequence[Mapping[str, Any]], *, on: date
) -> list[BarredHitRow]:
    """Barred-list entries in force on `on` that match any of `people`.

    A person matches by identity document, or by name and date of birth (a
    new passport does not lift a bar).
    """
    rows = await conn.fetch(
        """
        SELECT b.*, p.idx AS person_index
        FROM unnest($1::text[], $2::text[], $3::text[], $4::date[])
             WITH ORDINALITY AS p(document_country, document_key, name_key, date_of_birth, idx)
        JOIN barred_person b
          ON (b.document_country = p.document_country AND b.document_key = p.document_key)
          OR (b.name_key = p.name_key AND b.date_of_birth = p.date_of_birth)
        WHERE $5::date BETWEEN b.barred_from AND b.barred_until
        ORDER BY p.idx, b.barred_until DESC
        """,
        [p["document_country"] for p in people],
        [p["document_key"] for p in people],
        [p["name_key"] for p in people],
        [p["date_of_birth"] for p in people],
        on,
    )
    return rows_as(BarredHitRow, rows)


async def insert_barred(conn: asyncpg.Connection, people: Sequence[Mapping[str, Any]],
                        **fields: Any) -> None:
    await conn.executemany(
        """
        INSERT INTO barred_person (full_name, name_key, date_of_birth, document_country,
            document_number, document_key, agency_id, licence_id, reason, barred_from,
            barred_until)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
        """,
        [
            (p["full_name"], p["name_key"], p["date_of_birth"], p["document_country"],
             p["document_number"], p["document_key"], fields["agency_id"], fields["licence_id"],
             fields["reason"], fields["barred_from"], fields["barred_until"])
            for p in people
        ],
    )


async def list_barred(conn: asyncpg.Connection, *, on: date | None) -> list[BarredPersonRow]:
    rows = await conn.fetch(
        """
        SELECT * FROM barred_person
        WHERE $1::date IS NULL OR $1::date BETWEEN barred_from AND barred_until
        ORDER BY barred_until DESC, id
        """,
        on,
    )
    return rows_as(BarredPersonRow, rows)


async def insert_licence(conn: asyncpg.Connection, **fields: Any) -> int:
    licence_id: int = await conn.fetchval(
        """
        INSERT INTO licence (agency_id, status, countries, deposit_amount, deposit_currency,
                             persons)
        VALUES ($1, 'applied', $2, $3, $4, $5)
        RETURNING id
        """,
        fields["agency_id"], fields["countries"], fields["deposit_amount"],
        fields["deposit_currency"], fields["persons"],
    )
    return licence_id


async def open_licence_of(conn: asyncpg.Connection, agency_id: int) -> OpenLicenceRow | None:
    row = await conn.fetchrow(
        """
        SELECT id, status FROM licence
        WHERE agency_id = $1 AND status IN ('applied', 'under_review', 'active', 'suspended')
        """,
        agency_id,
    )
    return row_as(OpenLicenceRow, row)


async def get_licence(
    conn: asyncpg.Connection, licence_id: int, *, for_update: bool = False
) -> LicenceRow | None:
    lock = "FOR UPDATE OF l" if for_update else ""
    row = await conn.fetchrow(
        f"SELECT {_LICENCE_COLUMNS} FROM licence l JOIN agency a ON a.id = l.agency_id "
        f"WHERE l.id = $1 {lock}",
        licence_id,
    )
    return row_as(LicenceRow, row)


async def next_licence_serial(conn: asyncpg.Connection) -> int:
    serial: int = await conn.fetchval("SELECT nextval('licence_number_seq')")
    return serial


async def update_licence(conn: asyncpg.Connection, licence_id: int, **changes: Any) -> None:
    """Apply `changes` and bump the version; column names come from our code only."""
    assignments = ", ".join(f"{column} = ${i}" for i, column in enumerate(changes, start=2))
    await conn.execute(
        f"UPDATE licence SET {assignments}, version = version + 1, updated_at = now() "
        "WHERE id = $1",
        licence_id, *changes.values(),
    )


async def list_licences(
    conn: asyncpg.Connection,
    *,
    statuses: list[str] | None,
    agency_id: int | None,
    country: str | None,
    expiring_before: date | None,
    limit: int,
    offset: int,
    order: str = "expiry",
) -> list[LicenceRow]:
    order_by = {
        "expiry": "l.valid_until NULLS LAST, l.id",
        "applied": "l.applied_at, l.id",
    }[order]
    rows = await conn.fetch(
        f"""
        SELECT {_LICENCE_COLUMNS} FROM licence l JOIN agency a ON a.id = l.agency_id
        WHERE ($1::text[] IS NULL OR l.status = ANY ($1::text[]))
          AND ($2::bigint IS NULL OR l.agency_id = $2)
          AND ($3::text IS NULL OR $3 = ANY (l.countries))
          AND ($4::date IS NULL OR l.valid_until < $4)
        ORDER BY {order_by}
        LIMIT $5 OFFSET $6
        """,
        statuses, agency_id, country, expiring_before, limit, offset,
    )
    return rows_as(LicenceRow, rows)


async def licences_past_validity(conn: asyncpg.Connection, *, today: date) -> list[int]:
    rows = await conn.fetch(
        """
        SELECT id FROM licence
        WHERE status IN ('active', 'suspended') AND valid_until < $1
        ORDER BY id
        """,
        today,
    )
    return [r["id"] for r in rows]


async def licences_to_warn(conn: asyncpg.Connection, *, today: date, horizon: date
                           ) -> list[LicenceRow]:
    """Licences in force that end by `horizon` and were not yet warned for this period."""
    rows = await conn.fetch(
        f"""
        SELECT {_LICENCE_COLUMNS} FROM licence l JOIN agency a ON a.id = l.agency_id
        WHERE l.status IN ('active', 'suspended')
          AND l.valid_until BETWEEN $1 AND $2
          AND l.expiry_warned_for IS DISTINCT FROM l.valid_until
        ORDER BY l.valid_until, l.id
        """,
        today, horizon,
    )
    return rows_as(LicenceRow, rows)


async def lookup_by_number(conn: asyncpg.Connection, number_key: str
                           ) -> list[LicenceLookupRow]:
    rows = await conn.fetch(
        f"SELECT {_LICENCE_COLUMNS}, a.address AS agency_address "
        "FROM licence l JOIN agency a ON a.id = l.agency_id WHERE l.number_key = $1",
        number_key,
    )
    return rows_as(LicenceLookupRow, rows)


async def licence_number_keys(conn: asyncpg.Connection) -> list[str]:
    """Every licence number's key, for the lookup to measure a number typed against."""
    return [r["number_key"] for r in await conn.fetch(
        "SELECT number_key FROM licence WHERE number_key IS NOT NULL")]


async def lookup_by_numbers(conn: asyncpg.Connection, number_keys: list[str]
                            ) -> list[LicenceLookupRow]:
    rows = await conn.fetch(
        f"SELECT {_LICENCE_COLUMNS}, a.address AS agency_address "
        "FROM licence l JOIN agency a ON a.id = l.agency_id WHERE l.number_key = ANY($1) "
        "ORDER BY l.number", number_keys)
    return rows_as(LicenceLookupRow, rows)


async def agency_name_keys(conn: asyncpg.Connection) -> list[tuple[int, str]]:
    """Every registered agency's name key, for the lookup to measure the name typed against."""
    rows = await conn.fetch("SELECT id, name_key FROM agency")
    return [(r["id"], r["name_key"]) for r in rows]


async def lookup_agencies(conn: asyncpg.Connection, agency_ids: list[int]
                          ) -> list[AgencyLookupRow]:
    """The agencies asked for, in that order, each with its latest licence."""
    rows = await conn.fetch(
        """
        SELECT a.id AS agency_id, a.legal_name AS agency_name, a.country AS agency_country,
               a.address AS agency_address, a.registration_number, l.id, l.number, l.status,
               l.countries, l.valid_from, l.valid_until
        FROM unnest($1::bigint[]) WITH ORDINALITY AS wanted(id, position)
        JOIN agency a ON a.id = wanted.id
        LEFT JOIN LATERAL (
            SELECT * FROM licence l WHERE l.agency_id = a.id
              AND l.status NOT IN ('refused')
            ORDER BY (l.status IN ('active', 'suspended')) DESC, l.applied_at DESC, l.id DESC
            LIMIT 1
        ) l ON true
        ORDER BY wanted.position
        """,
        agency_ids,
    )
    return rows_as(AgencyLookupRow, rows)


async def standing_licence(conn: asyncpg.Connection, agency_id: int) -> LicenceRow | None:
    """The agency's licence in force or pending (at most one), else its latest."""
    row = await conn.fetchrow(
        f"""
        SELECT {_LICENCE_COLUMNS} FROM licence l JOIN agency a ON a.id = l.agency_id
        WHERE l.agency_id = $1
        ORDER BY (l.status IN ('applied', 'under_review', 'active', 'suspended')) DESC,
                 l.applied_at DESC, l.id DESC
        LIMIT 1
        """,
        agency_id,
    )
    return row_as(LicenceRow, row)


async def recruiting_licences(conn: asyncpg.Connection, *, today: date,
                              formula_version: str | None) -> list[RecruitingLicenceRow]:
    """Licences in force today, with the agency's score by the rating formula in force (none
    for an agency too new to be given one, or not yet recomputed; none at all while no
    formula is given)."""
    rows = await conn.fetch(
        """
        SELECT l.agency_id, l.countries, l.number, l.valid_until, a.legal_name AS agency_name,
               r.score::float8 AS rating
        FROM licence l JOIN agency a ON a.id = l.agency_id
        LEFT JOIN agency_rating r ON r.agency_id = l.agency_id AND r.formula_version = $2
        WHERE l.status = 'active' AND $1 BETWEEN l.valid_from AND l.valid_until
        """,
        today, formula_version,
    )
    return rows_as(RecruitingLicenceRow, rows)


async def insert_watchlisted_employer(conn: asyncpg.Connection, **fields: Any
                                      ) -> WatchlistedEmployerRow:
    row = await conn.fetchrow(
        """
        INSERT INTO watchlisted_employer (name, name_key, country, registration_number, reason,
                                          listed_until)
        VALUES ($1, $2, $3, $4, $5, $6)
        RETURNING *
        """,
        fields["name"], fields["name_key"], fields["country"], fields["registration_number"],
        fields["reason"], fields["listed_until"],
    )
    assert row is not None
    return row_as(WatchlistedEmployerRow, row)


async def find_watchlisted_employer(
    conn: asyncpg.Connection, *, name_key: str, country: str, registration_key: str | None,
    today: date,
) -> WatchlistedEmployerRow | None:
    row = await conn.fetchrow(
        """
        SELECT * FROM watchlisted_employer
        WHERE country = $2
          AND (name_key = $1 OR ($3::text IS NOT NULL AND
               upper(regexp_replace(registration_number, '[^[:alnum:]]', '', 'g')) = $3))
          AND (listed_until IS NULL OR listed_until >= $4) AND ended_at IS NULL
        ORDER BY id DESC LIMIT 1
        """,
        name_key, country, registration_key, today,
    )
    return row_as(WatchlistedEmployerRow, row)


async def get_watchlisted_employer(conn: asyncpg.Connection, listing_id: int
                                   ) -> WatchlistedEmployerRow | None:
    """One listing, locked until the caller's transaction ends."""
    row = await conn.fetchrow(
        "SELECT * FROM watchlisted_employer WHERE id = $1 FOR UPDATE", listing_id)
    return row_as(WatchlistedEmployerRow, row)


async def end_watchlisted_employer(conn: asyncpg.Connection, listing_id: int, reason: str
                                   ) -> WatchlistedEmployerRow:
    row = await conn.fetchrow(
        "UPDATE watchlisted_employer SET ended_at = now(), end_reason = $2 WHERE id = $1 "
        "RETURNING *", listing_id, reason)
    assert row is not None
    return row_as(WatchlistedEmployerRow, row)


async def set_watchlisted_until(conn: asyncpg.Connection, listing_id: int,
                                listed_until: date | None) -> WatchlistedEmployerRow:
    row = await conn.fetchrow(
        "UPDATE watchlisted_employer SET listed_until = $2 WHERE id = $1 RETURNING *",
        listing_id, listed_until)
    assert row is not None
    return row_as(WatchlistedEmployerRow, row)


async def list_watchlisted_employers(conn: asyncpg.Connection
                                     ) -> list[WatchlistedEmployerRow]:
    rows = await conn.fetch("SELECT * FROM watchlisted_employer ORDER BY id DESC")
    return rows_as(WatchlistedEmployerRow, rows)


# --- what the ratings count -----------------------------------------------------------


async def licence_records(conn: asyncpg.Connection) -> list[LicenceRecordRow]:
    """Every agency with what its rating counts from the registry: when it was first
    licensed, its renewals, and the suspensions and revocations in the audit log (with the
    latest of each)."""
    rows = await conn.fetch(
        """
        WITH l AS (
            SELECT agency_id,
                   min(valid_from) FILTER (
                       WHERE status NOT IN ('applied', 'under_review', 'refused'))
                       AS licensed_since,
                   sum(renewal_count) AS renewals
            FROM licence GROUP BY agency_id
        ), s AS (
            SELECT agency_id, count(*) FILTER (WHERE action = 'suspend') AS suspensions,
                   count(*) FILTER (WHERE action = 'revoke') AS revocations,
                   max(occurred_at) FILTER (WHERE action = 'suspend') AS latest_suspension_at,
                   max(occurred_at) FILTER (WHERE action = 'revoke') AS latest_revocation_at
            FROM audit_entry
            WHERE entity_type = 'licence' AND action IN ('suspend', 'revoke')
              AND agency_id IS NOT NULL
            GROUP BY agency_id
        )
        SELECT a.id AS agency_id, a.legal_name AS agency_name, l.licensed_since,
               coalesce(l.renewals, 0)::int AS renewals,
               coalesce(s.suspensions, 0)::int AS suspensions,
               coalesce(s.revocations, 0)::int AS revocations,
               s.latest_suspension_at, s.latest_revocation_at
        FROM agency a
        LEFT JOIN l ON l.agency_id = a.id
        LEFT JOIN s ON s.agency_id = a.id
        ORDER BY a.id
        """
    )
    return rows_as(LicenceRecordRow, rows)
