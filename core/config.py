"""Settings from environment variables, with embedded defaults for one-machine runs."""

from __future__ import annotations

import secrets
from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    # Engines. Unset URLs mean "start the embedded engine under data_dir".
    database_url: str | None = None
    redis_url: str | None = None
    data_dir: Path = Path(".data")

    # Auth.
    secret_key: str | None = Field(default=None, min_length=32)
    access_token_minutes: int = 60 * 8

    # Registry rules.
    licence_validity_years: int = 3
    licence_expiry_warning_days: int = 60
    barred_period_years: int = 5
    licence_number_prefix: str = "VT"

    # Per-client rate limits (the `limits` notation: "N/second|minute|hour|day").
    lookup_rate_limit: str = "60/minute"
    login_rate_limit: str = "20/minute"
    registration_rate_limit: str = "10/hour"

    # HTTP.
    host: str = "127.0.0.1"
    port: int = 8000

    def resolved_secret_key(self) -> str:
        """The signing key: from the environment, or one generated once and kept in data_dir."""
        if self.secret_key:
            return self.secret_key
        path = self.data_dir / "secret_key"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(48))
            path.chmod(0o600)
        return path.read_text().strip()


@lru_cache
def get_settings() -> Settings:
    return Settings()


def celery_broker_url(redis_url: str) -> str:
    """Kombu spells a unix-socket Redis URL differently from redis-py."""
    if redis_url.startswith("unix://"):
        return "redis+socket://" + redis_url.removeprefix("unix://")
    return redis_url


def limits_storage_url(redis_url: str) -> str:
    """The rate limiter's (async) storage URL for the same Redis."""
    if redis_url.startswith("unix://"):
        return "async+redis+unix://" + redis_url.removeprefix("unix://")
    return "async+" + redis_url
