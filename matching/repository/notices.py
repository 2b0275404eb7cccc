"""SQL of the notices matching keeps the addresses for: migrants' contact details, and the
deliveries of their notices that did not go through."""

from __future__ import annotations

import asyncpg

from core.rows import rows_as
from matching.rows import UndeliveredNoticeRow


async def migrant_contacts(conn: asyncpg.Connection, user_ids: list[int]
                           ) -> list[asyncpg.Record]:
    return await conn.fetch(
        "SELECT user_id, email, phone, citizenship FROM migrant WHERE user_id = ANY($1)",
        user_ids)


async def undelivered_for_centre(conn: asyncpg.Connection, centre_id: int, *, limit: int
                                 ) -> list[UndeliveredNoticeRow]:
    rows = await conn.fetch(
        """
        SELECT d.id, d.notification_id AS notice_id, n.kind, n.params, n.subject, n.created_at,
               d.channel, d.state, d.attempts, d.last_error, d.next_attempt_at,
               m.id AS migrant_id, m.full_name AS migrant_full_name
        FROM notice_delivery d
        JOIN notification n ON n.id = d.notification_id
        JOIN migrant m ON m.user_id = d.user_id
        WHERE m.centre_id = $1 AND d.state IN ('failed', 'pending')
          AND (d.state = 'failed' OR d.attempts > 0)
        ORDER BY d.id DESC
        LIMIT $2
        """,
        centre_id, limit)
    return rows_as(UndeliveredNoticeRow, rows)
