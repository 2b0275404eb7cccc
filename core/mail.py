"""Sending e-mail: through the configured SMTP relay, or, with none configured, into
`DATA_DIR/mail` as .eml files a developer can open.

`send_mail` is what any part of the service calls to send one message; it blocks, so code
on an event loop awaits `send_mail_async`, which runs it in a thread.
"""

from __future__ import annotations

import asyncio
import email.policy
import logging
import smtplib
import ssl
import uuid
from collections.abc import Mapping
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from pathlib import Path

from core.config import Settings, get_settings

log = logging.getLogger("vetted.mail")


class MailRefused(Exception):
    """The relay refused the message for good (a bad address, a rejected sender): sending
    it again would be refused again."""


_POLICY = email.policy.default.clone(max_line_length=998)


class MailUnavailable(Exception):
    """The relay could not be reached or answered with a temporary failure: try later."""


def build_message(*, to: str, subject: str, text: str, language: str,
                  headers: Mapping[str, str] | None = None,
                  settings: Settings | None = None) -> EmailMessage:
    """A plain-text UTF-8 message in `language` (its Content-Language)."""
    settings = settings or get_settings()
    message = EmailMessage(policy=email.policy.default)
    message["From"] = settings.mail_from
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False, usegmt=True)
    domain = parseaddr(settings.mail_from)[1].rpartition("@")[2] or None
    message["Message-ID"] = make_msgid(domain=domain)
    message["Auto-Submitted"] = "auto-generated"
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(text, charset="utf-8")  # encoded in lines of at most 76
    message["Content-Language"] = language  # after set_content, which drops Content-*
    # Sent with headers folded at whitespace only, never into encoded words: a
    # List-Unsubscribe URL, which has no whitespace, must reach mail clients as plain
    # `<https://...>`. The body was encoded above and is written as it stands.
    message.policy = _POLICY
    return message


def send_mail(to: str, subject: str, text: str, language: str, *,
              headers: Mapping[str, str] | None = None) -> str:
    """Send one plain-text message; returns its Message-ID. Raises MailRefused when the
    relay refuses it for good and MailUnavailable when it may succeed later."""
    settings = get_settings()
    message = build_message(to=to, subject=subject, text=text, language=language,
                            headers=headers, settings=settings)
    if not settings.smtp_host:
        _to_sink(message, settings.data_dir / "mail")
    else:
        _to_relay(message, settings)
    return str(message["Message-ID"])


async def send_mail_async(to: str, subject: str, text: str, language: str, *,
                          headers: Mapping[str, str] | None = None) -> str:
    """`send_mail` off the event loop."""
    return await asyncio.to_thread(send_mail, to, subject, text, language, headers=headers)


def _to_sink(message: EmailMessage, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}.eml"
    path.write_bytes(message.as_bytes())
    log.info("no SMTP relay is configured: the mail was written to %s", path,
             extra={"event": "mail.sink", "path": str(path)})


def _to_relay(message: EmailMessage, settings: Settings) -> None:
    assert settings.smtp_host
    timeout = settings.smtp_timeout_seconds
    try:
        smtp: smtplib.SMTP
        if settings.smtp_security == "ssl":
            smtp = smtplib.SMTP_SSL(settings.smtp_host, settings.smtp_port, timeout=timeout,
                                    context=ssl.create_default_context())
        else:
            smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=timeout)
        with smtp:
            if settings.smtp_security == "starttls":
                smtp.starttls(context=ssl.create_default_context())
            if settings.smtp_user:
                smtp.login(settings.smtp_user, settings.smtp_password or "")
            refused = smtp.send_message(message)
    except smtplib.SMTPResponseException as exc:
        # 5xx is the relay's final word; 4xx (greylisting, a full queue) may pass later.
        error = f"{exc.smtp_code} {exc.smtp_error!r}"
        if 500 <= exc.smtp_code < 600:
            raise MailRefused(error) from exc
        raise MailUnavailable(error) from exc
    except smtplib.SMTPRecipientsRefused as exc:
        raise MailRefused(f"recipient refused: {exc.recipients!r}") from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise MailUnavailable(f"{type(exc).__name__}: {exc}") from exc
    if refused:
        raise MailRefused(f"recipient refused: {refused!r}")
