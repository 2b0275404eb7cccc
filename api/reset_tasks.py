"""The worker's sending of password-reset mails: each pending request gets its link's
token and its mail, in its reader's language, and is retried when the relay is away.

It runs in the worker rather than in the request, so that asking for a link takes the
same time whether or not the address has an account (only a real one waits on the SMTP
relay), and so that a relay that is away delays the mail instead of losing it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from api.web.password_reset import mail_text
from core import password_reset
from core.celery_app import celery_app, run_in_worker
from core.db import UnitOfWork
from core.mail import send_mail_async


async def send(mail: password_reset.ResetMail) -> None:
    subject, text = mail_text(mail)
    await send_mail_async(mail.address, subject, text, mail.language)


async def send_next(uow: UnitOfWork) -> dict[str, Any] | None:
    return await password_reset.send_next(uow, now=datetime.now(UTC), send=send)


@celery_app.task(name=password_reset.SEND_TASK)
def send_password_resets() -> dict[str, int]:
    """Send every reset mail that is due; a sent one is never picked again."""
    sent = 0
    while run_in_worker(send_next) is not None:
        sent += 1
    return {"mails": sent}
