"""Per-client rate limits: shared in Redis, kept in this process's memory while Redis is away.

Limits live in Redis so that they hold across API processes. When Redis cannot be reached
the public search, the licence lookup and sign-in must keep working, so each check falls
back to the same moving window (from `limits`) in memory, and Redis is asked again after
a short pause rather than on every request.
"""

from __future__ import annotations

import logging
import time

from limits import RateLimitItem
from limits.aio.storage import MemoryStorage, RedisStorage
from limits.aio.strategies import MovingWindowRateLimiter
from limits.errors import StorageError
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff

from core.config import limits_storage_url

log = logging.getLogger("vetted.limits")

# After Redis failed, how long the in-memory limiter answers alone before Redis is tried
# again: a Redis that times out would otherwise cost every request its timeout.
RECHECK_SECONDS = 5.0


class RateLimiter:
    """A moving-window limiter on Redis with an in-memory fallback."""

    def __init__(self, redis_url: str, *, timeout: float) -> None:
        storage = RedisStorage(
            limits_storage_url(redis_url), implementation="redispy", wrap_exceptions=True,
            socket_timeout=timeout, socket_connect_timeout=timeout,
            # One quick retry (a connection dropped by a Redis restart): redis-py's default,
            # ten with back-off, would cost seconds per request while Redis is away.
            retry=Retry(NoBackoff(), 1),  # type: ignore[arg-type]
        )
        self._shared = MovingWindowRateLimiter(storage)
        self._local = MovingWindowRateLimiter(MemoryStorage())
        self._redis_down_until = 0.0

    @property
    def shared(self) -> bool:
        """Whether the next check goes to Redis."""
        return time.monotonic() >= self._redis_down_until

    async def hit(self, limit: RateLimitItem, *keys: str) -> tuple[bool, float]:
        """Count one request; returns whether it is allowed and, if not, the seconds until
        it would be."""
        if self.shared:
            try:
                if await self._shared.hit(limit, *keys):
                    return True, 0.0
                stats = await self._shared.get_window_stats(limit, *keys)
                return False, stats.reset_time - time.time()
            except StorageError as exc:
                log.warning("rate limits are kept in memory for %.0f s: Redis is unavailable "
                            "(%s)", RECHECK_SECONDS, exc.storage_error)
                self._redis_down_until = time.monotonic() + RECHECK_SECONDS
        if await self._local.hit(limit, *keys):
            return True, 0.0
        stats = await self._local.get_window_stats(limit, *keys)
        return False, stats.reset_time - time.time()
