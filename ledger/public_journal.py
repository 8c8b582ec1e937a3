"""The journal as the public may read it: each entry's v2 content and hash, and where a fingerprint sits.

Nothing here returns a personal field: an entry's household, memo, who recorded it and when are only in
its `commitment` (`ledger.journal.commitment_of`), and the salt never leaves the database.

The rule that ties a month's disclosure to its journal (what `verify_disclosure.py` checks), per pool:

    opening   = the sum of every entry disclosed in an earlier month (zero for the first month published)
    income    = the sum of the month's entries of flow "income"        (payments, their reversals, openings)
    expenditure = minus the sum of the month's entries of flow "expenditure" (spending and its reversals)
    transfers = the sum of the month's entries of flow "transfer"      (settlement, advances between pools)
    closing   = opening + the sum of all the month's entries
              = opening + income - expenditure + transfers

Transfers (a fee year's close, its brought-forward opening, credits to households, an advance from one pool
to another) are neither income nor spending. A settlement's transfers net to zero per pool within the month;
an advance nets to zero across the pools. Each month's closing is the next month's opening.
`ledger.figures.month_flows` computes the same sums in SQL.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from ledger.journal import GENESIS, PAYEE_KINDS, money_text
from ledger.models import POOLS, ChainHead, Entry, Publication

_COLUMNS = (
    "position",
    "kind",
    "flow",
    "value_date",
    "period",
    *POOLS,
    "amount",
    "fee_plan__year",
    "reference",
    "counterparty",
    "expenditure_id",
    "reverses__position",
    "commitment",
    "legacy_hash",
    "prev_hash",
    "hash",
    "version",
)


def _public(row: tuple) -> dict:
    """`journal.public_content` of a row read as values (a model instance per entry costs more than the rest)."""
    values = dict(zip(_COLUMNS, row, strict=True))
    entry = {
        "version": values["version"],
        "position": values["position"],
        "kind": values["kind"],
        "flow": values["flow"],
        "value_date": values["value_date"].isoformat(),
        "period": values["period"].isoformat(),
        **{pool: money_text(values[pool]) for pool in POOLS},
        "amount": money_text(values["amount"]),
        "fee_year": values["fee_plan__year"],
        "reference": values["reference"],
        "payee": values["counterparty"] if values["kind"] in PAYEE_KINDS else "",
        "expenditure": values["expenditure_id"],
        "reverses": values["reverses__position"],
        "commitment": values["commitment"],
        "legacy_hash": values["legacy_hash"],
        "prev_hash": values["prev_hash"],
    }
    entry["hash"] = values["hash"]
    return entry


def month_entries(month: date) -> list[dict]:
    """Every entry disclosed in `month`, in chain order, as `journal.json` publishes it. One query."""
    rows = Entry.objects.filter(period=month).order_by("position").values_list(*_COLUMNS)
    return [_public(row) for row in rows]


@dataclass(frozen=True)
class Mark:
    """A published month's fingerprint and the position on the chain it was the hash (or v1 hash) of."""

    month: date
    fingerprint: str
    position: int | None  # None: no entry has that hash (the chain no longer holds it)
    published_at: object


def _position_of(column: str):
    return Subquery(Entry.objects.filter(**{column: OuterRef("fingerprint")}).values("position")[:1])


def _marks(publications) -> list[Mark]:
    rows = publications.annotate(at=Coalesce(_position_of("hash"), _position_of("legacy_hash"))).values_list(
        "month", "fingerprint", "at", "published_at"
    )
    return [
        Mark(month, fingerprint, 0 if fingerprint == GENESIS else position, published_at)
        for month, fingerprint, position, published_at in rows
    ]


def publication_mark(month: date) -> Mark | None:
    """The month's publication and where its fingerprint is on the chain, or None while it is open. One query."""
    marks = _marks(Publication.objects.filter(month=month))
    return marks[0] if marks else None


def pending_positions(month: date, position: int) -> list[int]:
    """Entries recorded before `month` was published (up to `position`) but disclosed in a later month. One query."""
    return list(
        Entry.objects.filter(position__lte=position, period__gt=month)
        .order_by("position")
        .values_list("position", flat=True)
    )


def publication_marks() -> list[Mark]:
    """Every published month, oldest first, with where its fingerprint is on the chain. One query."""
    return _marks(Publication.objects.order_by("month"))


@dataclass(frozen=True)
class Found:
    """An entry whose hash (or v1 hash) starts with a fingerprint someone typed, and the months that printed it."""

    position: int
    kind: str
    value_date: date
    period: date
    hash: str
    legacy: bool  # matched the hash the entry had before digest v2 (printed on notices of that time)
    published_months: tuple[date, ...]


def find_fingerprint(prefix: str) -> list[Found]:
    """Entries whose hash or v1 hash starts with `prefix` (lower-case hex), each with the months published
    at it. Two queries."""
    # A range on the unique index finds the prefix; startswith keeps it exact in any collation.
    by_hash = Q(hash__gte=prefix, hash__lt=prefix + "g", hash__startswith=prefix)
    by_legacy = Q(legacy_hash__gte=prefix, legacy_hash__lt=prefix + "g", legacy_hash__startswith=prefix)
    rows = list(
        Entry.objects.filter(by_hash | by_legacy)
        .order_by("position")
        .values_list("position", "kind", "value_date", "period", "hash", "legacy_hash")[:10]
    )
    prints = [row[4] for row in rows] + [row[5] for row in rows if row[5]]
    months: dict[str, list[date]] = {}
    for month, printed in Publication.objects.filter(fingerprint__in=prints).values_list("month", "fingerprint"):
        months.setdefault(printed, []).append(month)
    found = []
    for position, kind, value_date, period, chain_hash, legacy_hash in rows:
        legacy = not chain_hash.startswith(prefix)
        printed = legacy_hash if legacy else chain_hash
        found.append(Found(position, kind, value_date, period, printed, legacy, tuple(sorted(months.get(printed, [])))))
    return found


def head() -> tuple[str, int]:
    """The chain's latest hash and its length. One query."""
    row = ChainHead.objects.filter(id=1).values_list("hash", "entries").first()
    return row if row else (GENESIS, 0)


def published_entry_count(through: date) -> int:
    return Entry.objects.filter(period__lte=through).count()


SHORT, WHOLE = 16, 64
_SEPARATORS = str.maketrans("", "", " \t\r\n-—–‐_:")


class NotAFingerprint(ValueError):
    """Text that is not a fingerprint: `code` is "length" or "alphabet"."""

    def __init__(self, code: str, length: int = 0):
        super().__init__(code)
        self.code, self.length = code, length


def parse_fingerprint(text: str) -> str:
    """A fingerprint as people copy it from paper: whole (64 hex) or its first 16, in groups of four with
    spaces or dashes, either case. Returns it in lower case without separators."""
    cleaned = (text or "").translate(_SEPARATORS).lower()
    if any(character not in "0123456789abcdef" for character in cleaned):
        raise NotAFingerprint("alphabet", len(cleaned))
    if len(cleaned) not in (SHORT, WHOLE):
        raise NotAFingerprint("length", len(cleaned))
    return cleaned


def grouped(fingerprint: str, length: int = SHORT) -> str:
    """ "3f9a1c2b7d4e5a60…" -> "3F9A 1C2B 7D4E 5A60": the short fingerprint as it is printed and read aloud."""
    head = fingerprint[:length].upper()
    return " ".join(head[index : index + 4] for index in range(0, len(head), 4))
