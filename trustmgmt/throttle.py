"""Counting what one address (or one flat) does in a window, in the cache, so every worker counts together
when `REDIS_URL` gives them one cache (an atomic INCR there). A counter lives `seconds` from its first count:
a fixed window, enough for "so many an hour" without a table.

The same functions as main's `trustmgmt.base.throttle` (issue 10), plus `reset`: at merge, this module goes
and `reset` joins that one.
"""

from django.core.cache import cache
from django.http import HttpRequest

HOUR = 3600


def key(kind: str, request: HttpRequest) -> str:
    """The counter of `kind` for the address the request comes from."""
    return f"throttle:{kind}:{request.META.get('REMOTE_ADDR', '')}"


def count(name: str, seconds: int = HOUR) -> int:
    """Add one to the counter `name` (which lives `seconds` from its first count) and return it."""
    cache.add(name, 0, seconds)
    try:
        return cache.incr(name)
    except ValueError:  # expired between the two calls
        cache.set(name, 1, seconds)
        return 1


def current(name: str) -> int:
    return cache.get(name, 0)


def reset(name: str) -> None:
    """Forget the counter (a lock was set, or lifted, or the owner proved the flat)."""
    cache.delete(name)
