"""Caching of the public pages, keyed by the ledger's fingerprint.

Every change to the money appends a journal entry and so changes `ledger.journal.fingerprint()` (the
hash of the latest entry). A key that contains it can never serve figures older than the ledger: a
new entry makes a new key and the old one is simply never asked for again and expires. So there is
nothing to invalidate, and it holds across gunicorn workers, whether each has its own memory cache or
they share Redis (REDIS_URL). Reading the fingerprint is one indexed query of one row.

A worker reads that row at most once a second (`STATE_SECONDS`) and forgets it at once when this process
writes to the journal (post_save of an entry or a publication). When a QR code on the board brings a
crowd, a worker then answers from memory without opening a database connection, which on SQLite costs
more than all the rest of the request; a payment recorded through another worker shows within a second.

Publishing a month adds no entry, so the last published month is part of the key too, and so is the
number of approved budgets: they come from `ledger.figures.ledger_state()` in the same query, and so does
the state of the owners' inspection requests and public vouchers, whose counts and links the pages show
live (`ledger.inspections.selectors`), and so does what the month's reconciliation follows besides the
journal: statement lines, matches, deposits and day-closes (`ledger.accounts.selectors.state_sql`), and so
does what the month's electricity block shows: meters, readings, bills and explanations
(`repairs.electricity.selectors.state_sql`). The
language is part of the key, since the pages are served in Chinese or English.

What is cached: the rendered figures, the JSON text and the PDF bytes; and, for visitors who are not
logged in (everyone who scans the QR code on the board), the whole page. The only part of that page
that differs between such visitors is the language form's CSRF token: the page is cached with a
placeholder there, and each response gets the visitor's own token (`whole_page`). A logged-in visitor,
or one with a message waiting, gets the frame rendered for them around the cached figures.
"""

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.translation import get_language

from ledger import figures
from ledger.accounts import selectors as accounts
from ledger.inspections.selectors import PublicState, state_sql
from ledger.models import Budget, Entry, InspectionRequest, Publication, PublicVoucher
from repairs.electricity import selectors as electricity

TIMEOUT = 24 * 3600  # dead keys fall out; live ones are rebuilt in one miss
NOT_FOUND = "404"  # a month without a disclosure is remembered too, so a bad QR code costs one query
VERSION = "2"  # bump when what is cached changes shape
CSRF_PLACEHOLDER = "csrf-token-of-this-visitor"
STATE_SECONDS = 1.0
REBUILD_SECONDS = 30  # a rebuild that takes longer (a crashed worker) no longer holds the others back


@dataclass(frozen=True)
class LedgerState:
    fingerprint: str
    last_published: date | None
    budgets: int = 0  # how many budgets are approved: approving one moves no money either
    public: PublicState = field(default_factory=PublicState)  # inspection requests, public vouchers: live extras
    money: str = ""  # statements, matches, deposits, day-closes: what the month's reconciliation follows
    power: str = ""  # meter readings, bills, explanations: the month's electricity block follows them

    @property
    def stamp(self) -> str:
        """What the cached disclosure depends on, as a key part."""
        stamp = f"{self.fingerprint}.{self.last_published:%Y%m}" if self.last_published else self.fingerprint
        stamp = f"{stamp}.b{self.budgets}" if self.budgets else stamp
        stamp = f"{stamp}.{self.public.stamp}" if self.public.stamp else stamp
        stamp = f"{stamp}.{self.money}" if self.money else stamp
        return f"{stamp}.{self.power}" if self.power else stamp


_recent: dict = {"state": None, "read_at": 0.0}


def ledger_state() -> LedgerState:
    """The ledger's state as this worker last read it, if within STATE_SECONDS; else one query."""
    now = time.monotonic()
    if _recent["state"] is not None and now - _recent["read_at"] < STATE_SECONDS:
        return _recent["state"]
    fingerprint, last_published, budgets, more = figures.ledger_state(
        f"{state_sql()}, {accounts.state_sql()}, {electricity.state_sql()}"
    )
    public, money, power = more[:5], more[5:10], more[10:]
    state = LedgerState(
        fingerprint,
        last_published,
        budgets,
        PublicState(*public),
        accounts.state_stamp(money),
        electricity.state_stamp(power),
    )
    _recent.update(state=state, read_at=now)
    return state


def forget_ledger_state(**kwargs) -> None:
    _recent["state"] = None


# Models whose saving changes what the public pages show (connected in `DisclosureConfig.ready`).
STATE_MODELS = (Entry, Publication, Budget, InspectionRequest, PublicVoucher, *electricity.STATE_MODELS)


MAX_STAMP = 120  # longer state stamps go into a key as their SHA-256


def key(kind: str, *parts: object, state: LedgerState) -> str:
    """The cache key of a public page or document as of `state`. A state stamp that has grown long (the ledger's
    fingerprint, then the bank's, the inspections' and the meters' marks) is shortened to its SHA-256, so that a
    key stays within what every cache backend accepts (memcached: 250 characters)."""
    stamp = state.stamp
    if len(stamp) > MAX_STAMP:
        stamp = hashlib.sha256(stamp.encode()).hexdigest()
    return ":".join(["disclosure", VERSION, kind, get_language() or "", stamp, *map(str, parts)])


def get_or_build(cache_key: str, build: Callable[[], object]) -> object:
    value = cache.get(cache_key)
    if value is None:
        value = build()
        cache.set(cache_key, value, TIMEOUT)
    return value


def whole_page_allowed(request: HttpRequest) -> bool:
    """A visitor whose page is the same as every other anonymous visitor's, but for the CSRF token."""
    return not (
        request.GET
        or settings.SESSION_COOKIE_NAME in request.COOKIES
        or "messages" in request.COOKIES
        or request.user.is_authenticated
    )


def whole_page(
    request: HttpRequest, kind: str, parts: tuple, state: LedgerState, template: str, context
) -> HttpResponse:
    """The page for an anonymous visitor: from the cache with their own CSRF token, or rendered and cached.

    When the ledger changes, every cached page is missed at once. One request rebuilds a page (it takes
    the `:building` mark); the others meanwhile get the page as it was a moment ago, instead of all
    rebuilding it together while the queue grows. Without an earlier page they build it too.
    """
    cache_key = key(f"whole-{kind}", *parts, state=state)
    html = cache.get(cache_key)
    if html is None:
        latest_key = ":".join(["disclosure", VERSION, f"latest-{kind}", get_language() or "", *map(str, parts)])
        mark = f"{cache_key}:building"
        if cache.add(mark, 1, REBUILD_SECONDS) or (html := cache.get(latest_key)) is None:
            try:
                html = render_to_string(template, {**context(), "csrf_token": CSRF_PLACEHOLDER}, request=request)
                cache.set_many({cache_key: html, latest_key: html}, TIMEOUT)
            finally:
                cache.delete(mark)
    return HttpResponse(html.replace(CSRF_PLACEHOLDER, get_token(request)))
