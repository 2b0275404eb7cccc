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
        return await self._ask(limit, keys, count=True)

    async def test(self, limit: RateLimitItem, *keys: str) -> tuple[bool, float]:
        """Whether one more would be allowed now (and if not, the seconds until it would
        be), counting nothing: for what is counted only once it is done."""
        return await self._ask(limit, keys, count=False)

    async def _ask(self, limit: RateLimitItem, keys: tuple[str, ...], *, count: bool
                   ) -> tuple[bool, float]:
        if self.shared:
            try:
                return await self._answer(self._shared, limit, keys, count)
            except StorageError as exc:
                log.warning("rate limits are kept in memory for %.0f s: Redis is unavailable "
                            "(%s)", RECHECK_SECONDS, exc.storage_error)
                self._redis_down_until = time.monotonic() + RECHECK_SECONDS
        return await self._answer(self._local, limit, keys, count)

    @staticmethod
    async def _answer(limiter: MovingWindowRateLimiter, limit: RateLimitItem,
                      keys: tuple[str, ...], count: bool) -> tuple[bool, float]:
        allowed = await (limiter.hit(limit, *keys) if count else limiter.test(limit, *keys))
        if allowed:
            return True, 0.0
        stats = await limiter.get_window_stats(limit, *keys)
        return False, stats.reset_time - time.time()
