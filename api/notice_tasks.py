"""The worker's delivery of notices outside the app: from the outbox to one delivery row
per person and route, then each due delivery rendered in its reader's language and sent.

It lives beside the pages because a notice is written with their catalogues."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from api.web import notice_texts, time_zones
from api.web.common import set_reading_zone
from core import notice_delivery, outbox
from core.celery_app import celery_app, run_in_worker
from core.db import UnitOfWork
from core.mail import send_mail_async
from core.messenger import configured_gateway
from core.relay import relay_topic
from core.users import principal_for
from matching import notices as matching_notices

log = logging.getLogger("vetted.notices")


async def fan_out(uow: UnitOfWork, notice_id: int) -> int:
    """The delivery rows of one notice (a migrant is reached at their record's address)."""
    return await notice_delivery.fan_out(uow, notice_id,
                                         contacts=matching_notices.migrant_contacts)


async def fan_out_pending(uow: UnitOfWork) -> int:
    """Fan out the notices waiting in the outbox; returns how many outbox rows."""
    return await outbox.handle_pending(uow, topic=notice_delivery.TOPIC, handle=fan_out)


async def send(out: notice_delivery.Outgoing) -> None:
    """Send one delivery by its route."""
    subject, text = notice_texts.render(out)
    if out.channel == "email":
        await send_mail_async(out.address, subject, text, out.language, headers={
            "List-Unsubscribe": f"<{notice_texts.unsubscribe_url(out.user_id)}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"})
    else:
        await configured_gateway().send(to=out.address, text=text, language=out.language,
                                        reference=out.reference)


async def deliver_next(uow: UnitOfWork, *, now: datetime | None = None
                       ) -> dict[str, Any] | None:
    """Send the next due delivery, its moments written on its recipient's clock (the
    worker's is UTC, and the sender's may be another country's)."""

    async def send_on_their_clock(out: notice_delivery.Outgoing) -> None:
        recipient = await principal_for(uow.conn, out.user_id)
        set_reading_zone(await time_zones.reader_zone(uow, recipient))
        await send(out)

    return await notice_delivery.deliver_next(uow, now=now or datetime.now(UTC),
                                              send=send_on_their_clock)


@celery_app.task(name=notice_delivery.RELAY_TASK, bind=True, max_retries=None)
def deliver_notices(self: Any) -> dict[str, int]:
    """Fan out new notices, then send every delivery that is due; each is idempotent."""
    fanned = relay_topic(self, topic=notice_delivery.TOPIC, handle=fan_out)
    sent = 0
    while run_in_worker(deliver_next) is not None:
        sent += 1
    return {"notices": fanned, "deliveries": sent}
