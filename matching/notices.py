"""Notices to migrants outside the app: how each is reached, and what did not reach them."""

from __future__ import annotations

from core.db import UnitOfWork
from core.notice_delivery import Contact
from matching.repository import notices as repo
from matching.rows import UndeliveredNoticeRow

# A migrant who chose no language gets notices in their country's language.
LANGUAGE_OF_CITIZENS = {"KG": "ky", "UZ": "uz", "TJ": "tg"}


async def migrant_contacts(uow: UnitOfWork, user_ids: list[int]) -> dict[int, Contact]:
    """The address and phone on the records of the migrants among these users (their sign-in
    address is not where they asked to be written to)."""
    return {
        row["user_id"]: Contact(email=row["email"], phone=row["phone"],
                                language=LANGUAGE_OF_CITIZENS.get(row["citizenship"], "ru"))
        for row in await repo.migrant_contacts(uow.conn, user_ids)
    }


async def undelivered_notices(uow: UnitOfWork, *, centre_id: int, limit: int = 200
                              ) -> list[UndeliveredNoticeRow]:
    """Notices to a centre's migrants that could not be delivered outside the app, or are
    still being tried after a failure, newest first."""
    return await repo.undelivered_for_centre(uow.conn, centre_id, limit=limit)
