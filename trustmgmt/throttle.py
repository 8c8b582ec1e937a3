"""Counters of attempts in the cache, shared by every worker when REDIS_URL is set (an atomic INCR there).

A counter lives `seconds` from its first hit: a fixed window, enough for "so many an hour" without a
table. Without Redis each process counts alone (LocMemCache), which is right for one `runserver` only.
"""

from django.core.cache import cache

PREFIX = "throttle:"


def hit(key: str, seconds: int) -> int:
    """Count one attempt under `key`; the count so far, this one included."""
    key = PREFIX + key
    cache.add(key, 0, seconds)
    try:
        return cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.set(key, 1, seconds)
        return 1


def count(key: str) -> int:
    return cache.get(PREFIX + key, 0)


def reset(key: str) -> None:
    cache.delete(PREFIX + key)
