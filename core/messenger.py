"""Outbound messages to a phone, through an SMS or messenger gateway.

A gateway takes a short text for a phone number. The one we ship posts JSON to a webhook
(the gateway operator's, or a bridge of ours) and signs it, so the receiver can tell our
messages from anyone else's:

    X-Vetted-Timestamp: <unix seconds>
    X-Vetted-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" with the secret>
    Idempotency-Key: <the delivery's reference; the same on every retry>

With no webhook configured, messages are appended to `DATA_DIR/messages.jsonl`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import httpx

from core.config import get_settings

log = logging.getLogger("vetted.messenger")

SIGNATURE_HEADER = "X-Vetted-Signature"
TIMESTAMP_HEADER = "X-Vetted-Timestamp"


class MessageRefused(Exception):
    """The gateway refused the message for good (4xx): sending it again would not help."""


class MessageUnavailable(Exception):
    """The gateway could not be reached, timed out or failed (5xx): try later."""


class MessageGateway(Protocol):
    async def send(self, *, to: str, text: str, language: str, reference: str) -> None:
        """Hand one message for `to` (a phone number) to the gateway; `reference` is the
        same on every attempt, so a gateway may drop a repeat."""


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """The signature header's value for a body sent at `timestamp`."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


@dataclass(frozen=True)
class WebhookGateway:
    url: str
    secret: str
    timeout: float

    async def send(self, *, to: str, text: str, language: str, reference: str) -> None:
        body = json.dumps({"to": to, "text": text, "language": language,
                           "reference": reference}, ensure_ascii=False).encode()
        timestamp = str(int(time.time()))
        headers = {"Content-Type": "application/json", TIMESTAMP_HEADER: timestamp,
                   SIGNATURE_HEADER: signature(self.secret, timestamp, body),
                   "Idempotency-Key": reference}
        try:
            async with httpx.AsyncClient(timeout=self.timeout) as client:
                response = await client.post(self.url, content=body, headers=headers)
        except httpx.HTTPError as exc:
            raise MessageUnavailable(f"{type(exc).__name__}: {exc}") from exc
        if response.status_code >= 500 or response.status_code in (408, 429):
            raise MessageUnavailable(f"the gateway answered {response.status_code}")
        if response.status_code >= 400:
            raise MessageRefused(f"the gateway answered {response.status_code}: "
                                 f"{response.text[:200]}")


@dataclass(frozen=True)
class SinkGateway:
    """A development stand-in: each message becomes a line of a JSON Lines file."""

    path: Path

    async def send(self, *, to: str, text: str, language: str, reference: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps({"to": to, "text": text, "language": language,
                           "reference": reference}, ensure_ascii=False)
        with self.path.open("a", encoding="utf-8") as fh:
            fh.write(line + "\n")
        log.info("no message gateway is configured: the message was written to %s",
                 self.path, extra={"event": "message.sink", "reference": reference})


def configured_gateway() -> MessageGateway:
    """The gateway the settings name: the webhook, or the file for development."""
    settings = get_settings()
    if settings.message_webhook_url:
        assert settings.message_webhook_secret  # the settings refuse one without the other
        return WebhookGateway(settings.message_webhook_url, settings.message_webhook_secret,
                              settings.message_webhook_timeout_seconds)
    return SinkGateway(settings.data_dir / "messages.jsonl")
