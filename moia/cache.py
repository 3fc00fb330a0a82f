"""A Redis cache that degrades instead of failing.

allauth keeps its login rate limits in the cache and takes a cache lock for each attempt;
with a plain Redis backend an outage either raises (500 on every login) or, with
exceptions ignored, makes every lock fail (429 for everyone). Here, while Redis is
unreachable, each process falls back to its own memory cache: rate limits still apply,
per process instead of shared, and the outage is logged once per circuit-break window.
"""

import logging
import time

from django.core.cache.backends.locmem import LocMemCache
from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import RedisError

logger = logging.getLogger("moia.cache")

FAILURES = (ConnectionInterrupted, RedisError, ConnectionError, OSError, TimeoutError)


class ResilientRedisCache(RedisCache):
    # After a failure, skip Redis for this many seconds instead of paying a timeout per call.
    retry_after_seconds = 10

    def __init__(self, server, params):
        params = {**params, "OPTIONS": {**params.get("OPTIONS", {}), "IGNORE_EXCEPTIONS": False}}
        super().__init__(server, params)
        self._fallback = LocMemCache(f"fallback-{id(self)}", {"TIMEOUT": params.get("TIMEOUT", 300)})
        self._down_until = 0.0

    def _call(self, name: str, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return getattr(self._fallback, name)(*args, **kwargs)
        try:
            return getattr(super(), name)(*args, **kwargs)
        except FAILURES as exc:
            self._down_until = time.monotonic() + self.retry_after_seconds
            logger.error("redis cache unreachable; using per-process memory cache", extra={"error": str(exc)})
            return getattr(self._fallback, name)(*args, **kwargs)

    def get(self, *args, **kwargs):
        return self._call("get", *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._call("set", *args, **kwargs)

    def add(self, *args, **kwargs):
        return self._call("add", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._call("delete", *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._call("get_many", *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._call("set_many", *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._call("delete_many", *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._call("has_key", *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._call("incr", *args, **kwargs)

    def decr(self, *args, **kwargs):
        return self._call("decr", *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._call("touch", *args, **kwargs)

    def clear(self):
        self._fallback.clear()
        return self._call("clear")


# ------------------------------------------------------------------------------
# Read on nearly every page, changed a few times a year: kept in each process too
# ------------------------------------------------------------------------------
# The office's profile and a language's review status are read by every page a cache did not
# answer. Each process keeps what it read for LOCAL_SECONDS, which saves an uncached page two
# round trips to Redis. An edit drops the shared entry and the editing process's copy at once
# (`shared_forget`); the other processes follow within LOCAL_SECONDS, well inside the public page
# cache's own lifetime (PUBLIC_PAGE_CACHE_SECONDS).
LOCAL_SECONDS = 10
_local: dict[str, tuple[float, object]] = {}


def shared_and_local(key: str, load, *, seconds: int):
    """What `load` returns, from this process's memory, else the shared cache, else `load`."""
    from django.core.cache import cache

    now = time.monotonic()
    kept = _local.get(key)
    if kept is not None and kept[0] > now:
        return kept[1]
    value = cache.get(key)
    if value is None:
        value = load()
        cache.set(key, value, seconds)
    _local[key] = (now + LOCAL_SECONDS, value)
    return value


def shared_forget(key: str) -> None:
    """After an edit: the shared entry and this process's copy go."""
    from django.core.cache import cache

    cache.delete(key)
    _local.pop(key, None)


def local_forget_all() -> None:
    """This process's copies go (the tests start each test with none)."""
    _local.clear()
