"""A real SMTP server (aiosmtpd) on a free port of 127.0.0.1 that keeps what it is sent."""

from __future__ import annotations

import email
import email.policy
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller


class Inbox:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.messages.append(email.message_from_bytes(envelope.content,
                                                      policy=email.policy.default))
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


@contextmanager
def smtp_server() -> Iterator[tuple[int, Inbox]]:
    """The server's port and inbox while the block runs; stopped at its end."""
    inbox = Inbox()
    with socket.socket() as probe:  # the controller checks it is up by connecting to port
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, inbox
    finally:
        controller.stop()


async def reset_link(pool: Any, db: Any, inbox: Inbox, address: str) -> tuple[str, EmailMessage]:
    """The token of the newest password-reset mail to `address`, and the mail. The mail is
    sent here, as the worker's task does (the session's worker may send it first, to the
    same server): this waits on the request's row being sent, never on a clock."""
    import asyncio
    import re

    from api import reset_tasks
    from core.db import UnitOfWork

    for _ in range(600):
        async with UnitOfWork(pool) as uow:
            await reset_tasks.send_next(uow)
            await uow.commit()
        state = await db.fetchval(
            "SELECT r.state FROM password_reset r JOIN app_user u ON u.id = r.user_id "
            "WHERE lower(u.email) = lower($1) ORDER BY r.id DESC LIMIT 1", address)
        if state != "pending":
            break
        await asyncio.sleep(0.1)
    assert state == "sent", f"the reset mail to {address} is {state}"
    [*_, message] = inbox.to(address)
    found = re.findall(r"/reset/([A-Za-z0-9_-]{20,})\s", message.get_content())
    assert len(found) == 1, message.get_content()
    return found[0], message
