"""Caching of the public pages, keyed by the ledger's fingerprint.

Every change to the money appends a journal entry and so changes `ledger.journal.fingerprint()` (the
hash of the latest entry). A key that contains it can never serve figures older than the ledger: a
new entry makes a new key and the old one is simply never asked for again and expires. So there is
nothing to invalidate, and it holds across gunicorn workers, whether each has its own memory cache or
they share Redis (REDIS_URL). Reading the fingerprint is one indexed query of one row per request.

Publishing a month adds no entry, so the last published month is part of the key too: both come from
`ledger.figures.ledger_state()` in the same query. The language is part of the key, since the pages are
served in Chinese or English.

What is cached is the part of the page that costs: the rendered figures, the JSON text and the PDF bytes.
The frame around it (header, navigation, the language form's CSRF token) is rendered for each request, so a
cached page is never someone else's page.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.utils.translation import get_language

from ledger import figures

TIMEOUT = 24 * 3600  # dead keys fall out; live ones are rebuilt in one miss
NOT_FOUND = "404"  # a month without a disclosure is remembered too, so a bad QR code costs one query
VERSION = "1"  # bump when what is cached changes shape


@dataclass(frozen=True)
class LedgerState:
    fingerprint: str
    last_published: date | None

    @property
    def stamp(self) -> str:
        """What the cached disclosure depends on, as a key part."""
        return f"{self.fingerprint}.{self.last_published:%Y%m}" if self.last_published else self.fingerprint


def ledger_state() -> LedgerState:
    """One query."""
    return LedgerState(*figures.ledger_state())


def key(kind: str, *parts: object, state: LedgerState) -> str:
    return ":".join(["disclosure", VERSION, kind, get_language() or "", state.stamp, *map(str, parts)])


def get_or_build(cache_key: str, build: Callable[[], object]) -> object:
    value = cache.get(cache_key)
    if value is None:
        value = build()
        cache.set(cache_key, value, TIMEOUT)
    return value
