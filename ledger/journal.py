"""Posting to the journal and proving it was not changed afterwards.

Each entry's hash is SHA-256 over a canonical JSON (keys sorted, no spaces, UTF-8) of its content and the
previous entry's hash. Posting holds the lock on `ChainHead`, so two desks never chain onto the same entry;
the same lock orders receipt numbers and publications.

Digest versions (`Entry.version`):

- v1 hashed every field, personal ones too (the household, the memo, who recorded it), so only someone
  with the database could recompute it.
- v2 hashes only what is published in the month's `journal.json` (`PUBLIC_FIELDS`): the entry's position,
  kind, flow, dates, pool amounts, fee year, reference, the payee of spending, the expenditure and the
  position of the entry it reverses. The personal fields enter as `commitment`, SHA-256 over them and a
  per-entry secret salt of 128 bits kept in the database, so nobody can test guesses (a flat, a name)
  against it. Anyone can recompute a v2 chain from the published journal alone
  (`trustmgmt/disclosure/verify_disclosure.py` does, with the standard library only).
- Carrying over (migration 0006, `carry_over`): every v1 entry got a salt and a v2 hash in one pass, in
  chain order, and keeps its v1 hash in `legacy_hash`, which the v2 digest covers. So a v1 fingerprint
  printed before the change is still found on the chain at its position, and `verify` recomputes both
  chains: v2 for everyone, v1 from the private fields (`legacy_hash` of each entry from the one before).
"""

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import UTC, date
from decimal import Decimal

from django.db import connection
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from ledger.models import FLOW_OF_KIND, POOLS, ChainHead, Entry, FeePlan, FeeYearClosing, Kind, Publication
from trustmgmt.base import clock
from trustmgmt.base.dates import month_start, next_month
from trustmgmt.base.money import CENT
from trustmgmt.base.refusals import coded, refuse

GENESIS = "0" * 64
DIGEST_VERSION = 2
SALT_BYTES = 16  # 128 bits: guessing the salt is as hard as breaking SHA-256's preimage resistance
# Exactly the fields a v2 hash covers, as `journal.json` publishes them (with `hash` beside them).
PUBLIC_FIELDS = (
    "version",
    "position",
    "kind",
    "flow",
    "value_date",
    "period",
    *POOLS,
    "amount",
    "fee_year",
    "reference",
    "payee",
    "expenditure",
    "reverses",
    "commitment",
    "legacy_hash",
    "prev_hash",
)
# Spending names its payee publicly (a firm or the contractor); income names a flat, so only in the commitment.
PAYEE_KINDS = frozenset({Kind.EXPENDITURE, Kind.EXPENDITURE_REVERSAL})
YEAR_CLOSED = _(
    "The fee year %(year)s is closed, so nothing can be dated %(day)s. Post the correction in the open year, "
    "with a note pointing back to the original."
)


def _money(value: Decimal) -> str:
    return str(Decimal(value).quantize(CENT))


def money_text(value: Decimal) -> str:
    """An amount as the v2 digest and `journal.json` write it: "-35.50", "0.00" (never "-0.00")."""
    value = Decimal(value).quantize(CENT)
    return f"{value if value else Decimal('0.00'):.2f}"


def canonical_hash(content: dict) -> str:
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def entry_digest_v1(entry, prev_hash: str | None = None, *, negative_zeros: bool = False) -> str:
    """The v1 digest over every field (`entry` may be a migration's historical model).

    v1 hashed a reversal as posted, before it was stored: its untouched pools negated to "-0.00", which the
    database gives back as "0.00". `negative_zeros` writes them as they were hashed then.
    """

    def pool_text(pool: str) -> str:
        value = getattr(entry, pool)
        return "-0.00" if negative_zeros and not value else _money(value)

    content = {
        "kind": entry.kind,
        "flow": entry.flow,
        "value_date": entry.value_date.isoformat(),
        "period": entry.period.isoformat(),
        **{pool: pool_text(pool) for pool in POOLS},
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
        "prev_hash": entry.prev_hash if prev_hash is None else prev_hash,
    }
    return canonical_hash(content)


def new_salt() -> str:
    return secrets.token_hex(SALT_BYTES)


def commitment_of(entry) -> str:
    """SHA-256 over the entry's personal fields and its secret salt: published instead of those fields."""
    content = {
        "salt": entry.salt,
        "household": entry.household_id,
        "payment": entry.payment_id,
        "counterparty": entry.counterparty,
        "memo": entry.memo,
        "created_by": entry.created_by_id,
        "created_at": entry.created_at.astimezone(UTC).isoformat(timespec="microseconds"),
    }
    return canonical_hash(content)


def public_content(entry, *, fee_year: int | None, reverses_position: int | None) -> dict:
    """What a v2 hash covers, exactly as `journal.json` publishes it (`PUBLIC_FIELDS`)."""
    return {
        "version": DIGEST_VERSION,
        "position": entry.position,
        "kind": entry.kind,
        "flow": entry.flow,
        "value_date": entry.value_date.isoformat(),
        "period": entry.period.isoformat(),
        **{pool: money_text(getattr(entry, pool)) for pool in POOLS},
        "amount": money_text(entry.amount),
        "fee_year": fee_year,
        "reference": entry.reference,
        "payee": entry.counterparty if entry.kind in PAYEE_KINDS else "",
        "expenditure": entry.expenditure_id,
        "reverses": reverses_position,
        "commitment": entry.commitment,
        "legacy_hash": entry.legacy_hash,
        "prev_hash": entry.prev_hash,
    }


def entry_digest_v2(entry, *, fee_year: int | None, reverses_position: int | None) -> str:
    return canonical_hash(public_content(entry, fee_year=fee_year, reverses_position=reverses_position))


def seal(entry, *, fee_year: int | None, reverses_position: int | None) -> None:
    """Give `entry` (its position and prev_hash set) a salt, its commitment and its v2 hash."""
    entry.version = DIGEST_VERSION
    entry.salt = new_salt()
    entry.commitment = commitment_of(entry)
    entry.hash = entry_digest_v2(entry, fee_year=fee_year, reverses_position=reverses_position)


def entry_digest(entry: Entry) -> str:
    """The hash `entry` should carry under its own digest version (a few queries: for one entry, not a chain)."""
    if entry.version == 1:
        return entry_digest_v1(entry)
    fee_year = entry.fee_plan.year if entry.fee_plan_id else None
    reverses = entry.reverses.position if entry.reverses_id else None
    return entry_digest_v2(entry, fee_year=fee_year, reverses_position=reverses)


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
        created_at=clock.now(),
        prev_hash=head.hash,
        position=head.entries + 1,
        **fields,
    )
    seal(
        entry,
        fee_year=entry.fee_plan.year if entry.fee_plan_id else None,
        reverses_position=entry.reverses.position if entry.reverses_id else None,
    )
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


@dataclass(frozen=True)
class Checkpoint:
    """Where a verification ended: the chain up to this entry recomputed without a break."""

    entry_id: int
    entries: int
    hash: str
    legacy_hash: str | None  # None once an entry posted under v2 came (no v1 chain to continue)


START = Checkpoint(entry_id=0, entries=0, hash=GENESIS, legacy_hash=GENESIS)


def verify(chunk_size: int = 2000) -> tuple[int, Break | None]:
    """Recompute the chain. Returns how many entries were checked and the first break, if any.

    Each entry is checked under its digest version; a v2 entry also by its commitment (recomputed from the
    personal fields and the salt) and by its position; one carried over from v1 also by its old hash,
    recomputed from every field and the old hash of the entry before it.
    """
    checked, broken, _checkpoint = verify_from(START, chunk_size=chunk_size)
    return checked, broken


def verify_from(start: Checkpoint, chunk_size: int = 2000) -> tuple[int, Break | None, Checkpoint]:
    """`verify`, continuing after `start` (from an earlier verification) instead of from the first entry."""
    previous, previous_legacy, checked, last_id = start.hash, start.legacy_hash, start.entries, start.entry_id
    entries = (
        Entry.objects.filter(id__gt=start.entry_id)
        .order_by("id")
        .annotate(fee_year=F("fee_plan__year"), reverses_position=F("reverses__position"))
        .iterator(chunk_size=chunk_size)
    )
    for entry in entries:
        broken = _check(entry, previous, previous_legacy, checked)
        if broken is not None:
            return checked, broken, Checkpoint(last_id, checked, previous, previous_legacy)
        previous, previous_legacy, last_id = entry.hash, entry.legacy_hash or None, entry.pk
        checked += 1
    checkpoint = Checkpoint(last_id, checked, previous, previous_legacy)
    head = ChainHead.objects.filter(id=1).first()
    head_hash = head.hash if head else GENESIS
    if head_hash != previous or (head is not None and head.entries != checked):
        return checked, Break(None, "the chain head does not match the last entry (entries were removed)"), checkpoint
    return checked, None, checkpoint


def _check(entry: Entry, previous: str, previous_legacy: str | None, checked: int) -> Break | None:
    if entry.prev_hash != previous:
        return Break(entry.pk, "does not follow the entry before it (one was removed or changed)")
    if entry.version == 1:
        digest = entry.hash if legacy_hash_matches(_AsLegacy(entry), entry.prev_hash) else ""
    else:
        if entry.position != checked + 1:
            return Break(entry.pk, "is not at its place on the chain (an entry was removed or moved)")
        if entry.commitment != commitment_of(entry):
            return Break(entry.pk, "its personal fields do not match its commitment (they were changed)")
        digest = entry_digest_v2(entry, fee_year=entry.fee_year, reverses_position=entry.reverses_position)
    if digest != entry.hash:
        return Break(entry.pk, "its content does not match its hash (it was changed)")
    if entry.legacy_hash and not legacy_hash_matches(entry, previous_legacy):
        return Break(entry.pk, "its content does not match its hash before the digest changed (v1)")
    return None


class _AsLegacy:
    """A v1 entry read as if carried over: its own hash in the place of `legacy_hash`."""

    def __init__(self, entry):
        self._entry = entry

    def __getattr__(self, name):
        return self._entry.hash if name == "legacy_hash" else getattr(self._entry, name)


def legacy_hash_matches(entry, previous_legacy: str | None) -> bool:
    """Whether the entry's v1 hash is its v1 digest, chained to the v1 hash of the entry before it."""
    if previous_legacy is None:  # an entry posted under v2 came before it: no v1 chain to continue
        return False
    if entry_digest_v1(entry, prev_hash=previous_legacy) == entry.legacy_hash:
        return True
    reversal = entry.kind in (Kind.PAYMENT_REVERSAL, Kind.EXPENDITURE_REVERSAL)
    return reversal and entry_digest_v1(entry, prev_hash=previous_legacy, negative_zeros=True) == entry.legacy_hash


def carry_over(entry_model, head_model, *, batch_size: int = 1000) -> int:
    """Re-chain v1 entries under v2 in one pass, in chain order (migration 0006). Returns how many.

    Works on a migration's historical models. Each entry keeps its v1 hash in `legacy_hash` (covered by its
    v2 hash), gets a position, a salt and a commitment; `prev_hash` becomes the v2 hash of the entry before.
    A v1 chain that was already broken is not repaired: the v1 check in `verify` still names the entry.
    """
    fee_plan_model = entry_model._meta.get_field("fee_plan").related_model
    years = dict(fee_plan_model._base_manager.values_list("id", "year"))
    positions: dict[int, int] = {}
    previous, position, changed = GENESIS, 0, []
    fields = ["version", "position", "salt", "commitment", "legacy_hash", "prev_hash", "hash"]
    for entry in entry_model.objects.order_by("id").iterator(chunk_size=batch_size):
        position += 1
        positions[entry.pk] = position
        entry.legacy_hash = entry.hash
        entry.position, entry.prev_hash = position, previous
        seal(
            entry,
            fee_year=years.get(entry.fee_plan_id),
            reverses_position=positions.get(entry.reverses_id) if entry.reverses_id else None,
        )
        previous = entry.hash
        changed.append(entry)
        if len(changed) >= batch_size:
            entry_model._base_manager.bulk_update(changed, fields)
            changed = []
    if changed:
        entry_model._base_manager.bulk_update(changed, fields)
    head_model._base_manager.update_or_create(id=1, defaults={"hash": previous, "entries": position})
    return position


coded(globals())
