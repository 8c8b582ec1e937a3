"""Posting to the journal and proving it was not changed afterwards.

Each entry's hash is SHA-256 over a canonical JSON of its content and the previous entry's hash.
Posting holds the lock on `ChainHead`, so two desks never chain onto the same entry; the same lock
orders receipt numbers and publications.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, date
from decimal import Decimal

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ledger.models import FLOW_OF_KIND, POOLS, ChainHead, Entry, FeePlan, FeeYearClosing, Publication
from trustmgmt.base.dates import month_start, next_month
from trustmgmt.base.money import CENT
from trustmgmt.base.refusals import coded, refuse

GENESIS = "0" * 64
YEAR_CLOSED = _(
    "The fee year %(year)s is closed, so nothing can be dated %(day)s. Post the correction in the open year, "
    "with a note pointing back to the original."
)


def _money(value: Decimal) -> str:
    return str(Decimal(value).quantize(CENT))


def entry_digest(entry: Entry) -> str:
    content = {
        "kind": entry.kind,
        "flow": entry.flow,
        "value_date": entry.value_date.isoformat(),
        "period": entry.period.isoformat(),
        **{pool: _money(getattr(entry, pool)) for pool in POOLS},
        "amount": _money(entry.amount),
        "household": entry.household_id,
        "fee_plan": entry.fee_plan_id,
        "payment": entry.payment_id,
        "expenditure": entry.expenditure_id,
        "reverses": entry.reverses_id,
        "reference": entry.reference,
        "counterparty": entry.counterparty,
        "memo": entry.memo,
        "created_by": entry.created_by_id,
        "created_at": entry.created_at.astimezone(UTC).isoformat(timespec="microseconds"),
        "prev_hash": entry.prev_hash,
    }
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def lock_head() -> ChainHead:
    """Take the posting lock (select_for_update; SQLite's IMMEDIATE transactions serialise anyway)."""
    head, _created = ChainHead.objects.select_for_update().get_or_create(id=1, defaults={"hash": GENESIS})
    return head


def published_through() -> date | None:
    return Publication.objects.order_by("-month").values_list("month", flat=True).first()


def _as_date(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])  # SQLite hands back text


def limits() -> tuple[date | None, date | None]:
    """The last published month and the last day of the last closed fee year, in one query."""
    sql = (
        f"SELECT (SELECT MAX(month) FROM {Publication._meta.db_table}), "  # noqa: S608 (model names)
        f"(SELECT MAX(plan.ends_on) FROM {FeeYearClosing._meta.db_table} closing "
        f"JOIN {FeePlan._meta.db_table} plan ON plan.id = closing.fee_plan_id)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        published, closed = cursor.fetchone()
    return _as_date(published), _as_date(closed)


def check_year_open(value_date: date, closed_through: date | None) -> None:
    """Refuse a date in a closed fee year. Years close in order, so those are the days up to the last one's end."""
    if closed_through is not None and value_date <= closed_through:
        plan = FeePlan.objects.filter(starts_on__lte=value_date, ends_on__gte=value_date).first()
        year = plan.year if plan else closed_through.year
        raise refuse(YEAR_CLOSED, year=year, day=value_date.isoformat())


def open_period(value_date: date, published: date | None) -> date:
    """The month an entry dated `value_date` is disclosed in: its own, unless that one is published."""
    month = month_start(value_date)
    if published is not None and month <= published:
        return next_month(published)
    return month


def post(head: ChainHead, *, kind: str, value_date: date, amounts: dict[str, Decimal], **fields) -> Entry:
    """Append one entry. The caller holds `head` from `lock_head()` inside its transaction.

    Every money movement passes here, so this is where a closed fee year refuses entries dated in it.
    """
    published, closed_through = limits()
    check_year_open(value_date, closed_through)
    entry = Entry(
        kind=kind,
        flow=FLOW_OF_KIND[kind],
        value_date=value_date,
        period=open_period(value_date, published),
        **{pool: amounts.get(pool, Decimal("0.00")) for pool in POOLS},
        amount=sum((amounts.get(pool, Decimal("0.00")) for pool in POOLS), Decimal("0.00")),
        created_at=timezone.now(),
        prev_hash=head.hash,
        **fields,
    )
    entry.hash = entry_digest(entry)
    entry.save()
    # ChainHead is a pointer, not a record: it is the one ledger row that is updated.
    ChainHead.objects.filter(id=1).update(entry=entry, hash=entry.hash, entries=head.entries + 1)
    head.entry, head.hash, head.entries = entry, entry.hash, head.entries + 1
    return entry


def fingerprint() -> str:
    """The hash of the latest entry: printed on every notice, so a rewritten past shows."""
    return ChainHead.objects.filter(id=1).values_list("hash", flat=True).first() or GENESIS


@dataclass(frozen=True)
class Break:
    entry_id: int | None
    reason: str


def verify(chunk_size: int = 2000) -> tuple[int, Break | None]:
    """Recompute the chain. Returns how many entries were checked and the first break, if any."""
    previous = GENESIS
    checked = 0
    for entry in Entry.objects.order_by("id").iterator(chunk_size=chunk_size):
        if entry.prev_hash != previous:
            return checked, Break(entry.pk, "does not follow the entry before it (one was removed or changed)")
        if entry_digest(entry) != entry.hash:
            return checked, Break(entry.pk, "its content does not match its hash (it was changed)")
        previous = entry.hash
        checked += 1
    head = ChainHead.objects.filter(id=1).first()
    head_hash = head.hash if head else GENESIS
    if head_hash != previous or (head is not None and head.entries != checked):
        return checked, Break(None, "the chain head does not match the last entry (entries were removed)")
    return checked, None


coded(globals())
