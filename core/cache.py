"""A Redis cache that fails open: with Redis down the site runs as if the cache were empty.

Nothing in AlmenLæring keeps data only in the cache (sessions are in the database), so a miss is
always correct, just slower. What does live in the cache are allauth's rate limits and its TOTP
replay guard: while Redis is down they do not hold (see docs/decisions.md). Each operation that
cannot reach Redis logs a warning (at most one a minute per process) and acts as a miss: reads
return the default, writes and deletes do nothing.

A dead Redis must cost milliseconds, not seconds: the settings give the client short socket
timeouts, and after a failure this process skips Redis for ``RETRY_AFTER`` seconds, so a page
with ten cache reads does not wait ten times.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
RETRY_AFTER = 5.0  # seconds during which a process does not try Redis again after a failure
WARN_EVERY = 60.0  # seconds between two warnings of one process

F = TypeVar("F", bound=Callable[..., Any])


def _fail_open(fallback: Callable[..., Any]) -> Callable[[F], F]:
    """Run the operation; if Redis is unreachable (or was a moment ago), return the fallback."""

    def decorate(method: F) -> F:
        @functools.wraps(method)
        def wrapper(self: FailOpenRedisCache, *args: Any, **kwargs: Any) -> Any:
            if time.monotonic() < self._down_until:
                return fallback(*args, **kwargs)
            try:
                return method(self, *args, **kwargs)
            except UNREACHABLE as exc:
                self._went_down(method.__name__, exc)
                return fallback(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate


def _default(key: Any, default: Any = None, *args: Any, **kwargs: Any) -> Any:
    return default


def _none(*args: Any, **kwargs: Any) -> None:
    return None


def _false(*args: Any, **kwargs: Any) -> bool:
    return False


def _empty_dict(*args: Any, **kwargs: Any) -> dict[str, Any]:
    return {}


def _no_failed_keys(*args: Any, **kwargs: Any) -> list[str]:
    return []


def _missing_key(key: Any, *args: Any, **kwargs: Any) -> int:
    raise ValueError(f"Key {key!r} not found (the cache is unreachable).")


class FailOpenRedisCache(RedisCache):
    """Django's ``RedisCache`` whose operations behave as misses while Redis is unreachable."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._down_until = 0.0
        self._warned_at = -WARN_EVERY

    def _went_down(self, operation: str, exc: BaseException) -> None:
        now = time.monotonic()
        self._down_until = now + RETRY_AFTER
        if now - self._warned_at >= WARN_EVERY:
            self._warned_at = now
            logger.warning(
                "Redis cache unreachable (%s: %r); serving without cache for now", operation, exc
            )

    @_fail_open(_default)
    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return super().get(key, default, version)

    @_fail_open(_false)
    def add(self, *args: Any, **kwargs: Any) -> bool:
        return super().add(*args, **kwargs)

    @_fail_open(_none)
    def set(self, *args: Any, **kwargs: Any) -> None:
        super().set(*args, **kwargs)

    @_fail_open(_false)
    def touch(self, *args: Any, **kwargs: Any) -> bool:
        return super().touch(*args, **kwargs)

    @_fail_open(_false)
    def delete(self, *args: Any, **kwargs: Any) -> bool:
        return super().delete(*args, **kwargs)

    @_fail_open(_empty_dict)
    def get_many(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        return super().get_many(*args, **kwargs)

    @_fail_open(_false)
    def has_key(self, *args: Any, **kwargs: Any) -> bool:
        return super().has_key(*args, **kwargs)

    # Django's contract: incr/decr of a missing key raise ValueError; a miss is what we act as.
    @_fail_open(_missing_key)
    def incr(self, *args: Any, **kwargs: Any) -> int:
        return super().incr(*args, **kwargs)

    @_fail_open(_no_failed_keys)
    def set_many(self, *args: Any, **kwargs: Any) -> list[str]:
        return super().set_many(*args, **kwargs)

    @_fail_open(_none)
    def delete_many(self, *args: Any, **kwargs: Any) -> None:
        super().delete_many(*args, **kwargs)

    @_fail_open(_none)
    def clear(self) -> None:
        super().clear()
