"""Counting what one address (or one flat) does in a window, in the cache, so every worker counts together
when `REDIS_URL` gives them one cache. Public forms use it so they cannot be used to try guesses.

Behind a proxy, the proxy must pass the real address as REMOTE_ADDR (README, "Production").
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
