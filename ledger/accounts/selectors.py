"""Reads about where the money sits: balances of accounts, the cash box's day, the month's reconciliation.

Each function runs a fixed number of queries for a given set of accounts (a complex has two or three),
whatever the number of entries or statement lines.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import connection
from django.db.models import Q, QuerySet

from ledger.models import (
    Account,
    AccountKind,
    DayClose,
    Entry,
    Kind,
    Match,
    Movement,
    StatementLine,
    Transfer,
    TransferKind,
)
from trustmgmt.base import clock
from trustmgmt.base.dates import last_day
from trustmgmt.base.money import CENT, ZERO, money_sum


def accounts() -> list[Account]:
    return list(Account.objects.order_by("id"))


def book_balance(account: Account, as_of: date, *, after: date | None = None) -> Decimal:
    """What the books say `account` holds at the end of `as_of` (or moved in (after, as_of]). Three queries."""
    moved = Movement.objects.filter(account=account, value_date__lte=as_of)
    into = Transfer.objects.filter(to_account=account, moved_on__lte=as_of)
    out = Transfer.objects.filter(from_account=account, moved_on__lte=as_of)
    if after is not None:
        moved, into, out = (
            moved.filter(value_date__gt=after),
            into.filter(moved_on__gt=after),
            out.filter(moved_on__gt=after),
        )
    return (
        moved.aggregate(total=money_sum("amount"))["total"]
        + into.aggregate(total=money_sum("amount"))["total"]
        - out.aggregate(total=money_sum("amount"))["total"]
    )


def lowest_book_balance(account: Account, since: date) -> tuple[Decimal, date]:
    """The least the books say `account` held at the end of `since` or of any later day, and that day: what
    may still leave it on `since` without a later day going below zero. Six queries."""
    balance = book_balance(account, since)
    changes: dict[date, Decimal] = {}
    for queryset, date_field, sign in (
        (Movement.objects.filter(account=account), "value_date", 1),
        (Transfer.objects.filter(to_account=account), "moved_on", 1),
        (Transfer.objects.filter(from_account=account), "moved_on", -1),
    ):
        rows = queryset.filter(**{f"{date_field}__gt": since}).values(date_field).annotate(total=money_sum("amount"))
        for row in rows.order_by():
            day = _as_date(row[date_field])
            changes[day] = changes.get(day, ZERO) + sign * row["total"]
    lowest, on = balance, since
    for day in sorted(changes):
        balance += changes[day]
        if balance < lowest:
            lowest, on = balance, day
    return lowest, on


def collection_balances(as_of: date) -> list[tuple[Account, Decimal]]:
    """Each collection account (WeChat/Alipay) and what it holds at the end of `as_of`, for the settlement page."""
    return [
        (account, book_balance(account, as_of))
        for account in Account.objects.filter(kind=AccountKind.COLLECTION).select_related("settles_to").order_by("id")
    ]


def settlements(limit: int = 12) -> QuerySet[Transfer]:
    """The latest settlements of collection accounts, newest first."""
    return (
        Transfer.objects.filter(kind=TransferKind.SETTLEMENT)
        .select_related("from_account", "to_account", "recorded_by")
        .order_by("-moved_on", "-id")[:limit]
    )


def last_close(account: Account, before: date, *, inclusive: bool = False) -> DayClose | None:
    """The latest day-close of the cash box before `before` (or on it), as corrected: a close that was
    corrected is replaced by its correction."""
    closes = DayClose.objects.filter(account=account, correction__isnull=True)
    closes = closes.filter(day__lte=before) if inclusive else closes.filter(day__lt=before)
    return closes.order_by("-day", "-id").first()


def cash_on_hand(account: Account, as_of: date) -> Decimal:
    """What the cash box holds at the end of `as_of`: the last count, and what moved since (the books, if never
    counted). A difference found at a count is therefore in it, never smoothed away."""
    close = last_close(account, as_of, inclusive=True)
    if close is None:
        return book_balance(account, as_of)
    return close.counted + book_balance(account, as_of, after=close.day)


@dataclass(frozen=True)
class DaySheet:
    account: Account
    day: date
    opening: Decimal
    received: Decimal
    paid_out: Decimal
    deposited: Decimal
    previous: DayClose | None

    @property
    def expected(self) -> Decimal:
        return self.opening + self.received - self.paid_out - self.deposited


def day_sheet(account: Account, day: date) -> DaySheet:
    """The cash box's day: opening (the last count, and what moved since), cash received, paid out and
    deposited on `day`, and so what the box should hold at its end."""
    previous = last_close(account, day)
    if previous is None:
        opening = book_balance(account, day - _DAY)
    else:
        opening = previous.counted + book_balance(account, day - _DAY, after=previous.day)
    moved = Movement.objects.filter(account=account, value_date=day).aggregate(
        received=money_sum("amount", filter=Q(amount__gt=0)), paid=money_sum("amount", filter=Q(amount__lt=0))
    )
    transfers = Transfer.objects.filter(moved_on=day).aggregate(
        out=money_sum("amount", filter=Q(from_account=account)), into=money_sum("amount", filter=Q(to_account=account))
    )
    return DaySheet(
        account=account,
        day=day,
        opening=opening,
        received=moved["received"],
        paid_out=-moved["paid"],
        deposited=transfers["out"] - transfers["into"],
        previous=previous,
    )


def day_receipts(account: Account, day: date) -> QuerySet[Movement]:
    """The day's cash movements, for the day-close slip: receipt numbers, flats, amounts."""
    return (
        Movement.objects.filter(account=account, value_date=day)
        .select_related("entry")
        .order_by("entry_id")
        .only("amount", "value_date", "entry__reference", "entry__counterparty", "entry__kind")
    )


def cash_differences(limit: int = 10) -> QuerySet[DayClose]:
    """Day-closes whose count differed from the books, newest first: the committee's dashboard shows them."""
    return (
        DayClose.objects.exclude(difference=0)
        .select_related("account", "closed_by", "correction")
        .order_by("-day", "-id")[:limit]
    )


@dataclass(frozen=True)
class Item:
    """A reconciling item: in the books, not yet in the bank (or the other way round)."""

    day: date
    account: str
    description: str
    amount: Decimal
    side: str  # "books" (recorded, not yet in the bank) or "bank" (in the bank, not in the books)


@dataclass
class Reconciliation:
    month: date
    ledger_closing: Decimal
    bank_balance: Decimal | None
    cash_on_hand: Decimal
    in_transit: Decimal
    items: list[Item] = field(default_factory=list)
    accounts: list[dict] = field(default_factory=list)

    @property
    def difference(self) -> Decimal:
        return self.ledger_closing - (self.bank_balance or ZERO) - self.cash_on_hand - self.in_transit

    @property
    def has_statement(self) -> bool:
        return self.bank_balance is not None

    @property
    def reconciled(self) -> bool:
        return self.has_statement and self.difference == 0


_DAY = date(2000, 1, 2) - date(2000, 1, 1)


def _money(value) -> Decimal | None:
    """An amount as the database hands back a sum or a subquery (SQLite: Decimal('13906.8000000000'), or a
    float), to the fen."""
    return None if value is None else Decimal(str(value)).quantize(CENT)


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])  # SQLite hands back text


def _sql(text: str) -> str:
    """The reconciliation's SQL with the tables' real names (they follow the models, not the text)."""
    names = {
        "account": Account,
        "entry": Entry,
        "movement": Movement,
        "transfer": Transfer,
        "line": StatementLine,
        "match": Match,
        "dayclose": DayClose,
    }
    return text.format(**{key: model._meta.db_table for key, model in names.items()})


# Each account at the month's end: its statement's balance (or, before its first line, that statement's
# opening), its last day-close not corrected since, and what the books moved up to the end and after that
# close; with the pools' total (the ledger's closing) once, in every row. One query, however many accounts.
ACCOUNTS_SQL = """
SELECT a.id, a.name, a.kind, a.bank_name, a.number,
  (SELECT s.balance FROM {line} s WHERE s.account_id = a.id AND s.line_date <= %s
     ORDER BY s.position DESC LIMIT 1),
  (SELECT s.balance - s.amount FROM {line} s WHERE s.account_id = a.id AND s.line_date > %s
     ORDER BY s.position LIMIT 1),
  c.day, c.counted,
  (SELECT SUM(m.amount) FROM {movement} m WHERE m.account_id = a.id AND m.value_date <= %s),
  (SELECT SUM(t.amount) FROM {transfer} t WHERE t.to_account_id = a.id AND t.moved_on <= %s),
  (SELECT SUM(t.amount) FROM {transfer} t WHERE t.from_account_id = a.id AND t.moved_on <= %s),
  (SELECT SUM(m.amount) FROM {movement} m WHERE m.account_id = a.id AND m.value_date <= %s
     AND m.value_date > c.day),
  (SELECT SUM(t.amount) FROM {transfer} t WHERE t.to_account_id = a.id AND t.moved_on <= %s
     AND t.moved_on > c.day),
  (SELECT SUM(t.amount) FROM {transfer} t WHERE t.from_account_id = a.id AND t.moved_on <= %s
     AND t.moved_on > c.day),
  (SELECT SUM(e.amount) FROM {entry} e WHERE e.value_date <= %s)
FROM {account} a
LEFT JOIN {dayclose} c ON c.id = (
  SELECT d.id FROM {dayclose} d WHERE d.account_id = a.id AND d.day <= %s
    AND NOT EXISTS (SELECT 1 FROM {dayclose} x WHERE x.corrects_id = d.id)
  ORDER BY d.day DESC, d.id DESC LIMIT 1)
ORDER BY a.id
"""

# What the bank accounts' statements and books do not share as at the month's end, in the order the page lists
# them: book movements no line up to the end is matched to, transfers likewise (between two bank accounts they
# are in transit only between them), and lines up to the end the books do not have by then. One query.
ITEMS_SQL = """
SELECT 1, m.value_date, a.name, e.kind, e.reference, e.counterparty, m.amount, m.entry_id
FROM {movement} m
JOIN {entry} e ON e.id = m.entry_id
JOIN {account} a ON a.id = m.account_id
WHERE a.kind = 'bank' AND m.value_date <= %s
  AND NOT EXISTS (SELECT 1 FROM {match} x JOIN {line} l ON l.id = x.line_id
                  WHERE x.movement_id = m.entry_id AND l.line_date <= %s)
UNION ALL
SELECT 2, t.moved_on, ta.name, t.kind, t.slip_number, '',
  CASE WHEN ta.kind = 'bank' THEN t.amount ELSE -t.amount END, t.id
FROM {transfer} t
JOIN {account} ta ON ta.id = t.to_account_id
JOIN {account} fa ON fa.id = t.from_account_id
WHERE t.moved_on <= %s AND (ta.kind = 'bank' OR fa.kind = 'bank') AND NOT (ta.kind = 'bank' AND fa.kind = 'bank')
  AND NOT EXISTS (SELECT 1 FROM {match} x JOIN {line} l ON l.id = x.line_id
                  WHERE x.transfer_id = t.id AND l.line_date <= %s)
UNION ALL
SELECT 3, l.line_date, a.name, '', l.memo, l.counterparty, l.amount, l.position
FROM {line} l
JOIN {account} a ON a.id = l.account_id
LEFT JOIN {match} x ON x.line_id = l.id
LEFT JOIN {movement} m ON m.entry_id = x.movement_id
LEFT JOIN {transfer} t ON t.id = x.transfer_id
WHERE a.kind = 'bank' AND l.line_date <= %s
  AND (x.line_id IS NULL OR m.value_date > %s OR t.moved_on > %s)
ORDER BY 1, 2, 8
"""


def reconciliation(month: date) -> Reconciliation:
    """The month's bank reconciliation (银行存款余额调节表), as at its last day.

    ledger closing (every pool, by the day money moved) = the bank's balance per its statement + the cash
    box as counted + money in transit (recorded in the books, not yet on the statement: deposits and bank
    payments the bank has not booked, collected payments not yet settled), to the fen; otherwise the month
    is flagged, and the statement lines the books do not have are listed.

    Two queries, written in SQL: the page is computed afresh whenever the books or a statement change, and
    building the same thing through the ORM cost more than running it (see README, "Performance").
    """
    end = last_day(month)
    with connection.cursor() as cursor:
        cursor.execute(_sql(ACCOUNTS_SQL), [end] * 10)
        rows = cursor.fetchall()
        cursor.execute(_sql(ITEMS_SQL), [end] * 7)
        found = cursor.fetchall()
    if rows:
        ledger_closing = _money(rows[0][-1]) or ZERO
    else:  # a complex without accounts (the migration makes two, so only in tests)
        ledger_closing = Entry.objects.filter(value_date__lte=end).aggregate(total=money_sum("amount"))["total"]
    bank, cash, transit = None, ZERO, ZERO
    items: list[Item] = []
    summary = []
    for (
        pk,
        name,
        kind,
        bank_name,
        number,
        stated,
        opening,
        close_day,
        counted,
        moved,
        into,
        out,
        *since,
        _,
    ) in rows:
        books = (_money(moved) or ZERO) + (_money(into) or ZERO) - (_money(out) or ZERO)
        if kind == AccountKind.BANK:
            balance = _money(stated) if stated is not None else _money(opening)  # before its first line: its opening
            if balance is not None:
                bank = (bank or ZERO) + balance
        elif kind == AccountKind.CASH:
            # As counted at the last day-close, and what moved since; the books alone if never counted.
            moved_since, into_since, out_since = (_money(value) or ZERO for value in since)
            balance = books if close_day is None else _money(counted) + moved_since + into_since - out_since
            cash += balance
        else:
            balance = books
            transit += balance
            if balance:
                items.append(Item(end, name, str(AccountKind(kind).label), balance, "books"))
        account = Account(pk=pk, name=name, kind=kind, bank_name=bank_name, number=number)
        summary.append({"account": account, "balance": balance})
    for group, day, account, kind, reference, counterparty, amount, _order in found:
        amount = _money(amount)
        if group == 1:
            description = f"{Kind(kind).label} {reference} {counterparty}".strip()
        elif group == 2:
            description = f"{TransferKind(kind).label} {reference}"
        else:
            description = reference or counterparty
        if group != 3:
            transit += amount
        items.append(Item(_as_date(day), account, description, amount, "bank" if group == 3 else "books"))
    return Reconciliation(
        month=month,
        ledger_closing=ledger_closing,
        bank_balance=bank,
        cash_on_hand=cash,
        in_transit=transit,
        items=items,
        accounts=summary,
    )


def unmatched_lines(account: Account | None = None) -> QuerySet[StatementLine]:
    lines = StatementLine.objects.filter(match__isnull=True).select_related("account")
    if account is not None:
        lines = lines.filter(account=account)
    return lines.order_by("-line_date", "-position")


def proposed_matches() -> QuerySet[Match]:
    return (
        Match.objects.filter(confirmed=False)
        .select_related("line", "line__account", "movement", "movement__entry", "transfer")
        .order_by("line__line_date", "line__position")
    )


def unmatched_movements(account: Account) -> QuerySet[Movement]:
    """Book items on a bank account no statement line has been matched to yet."""
    return (
        Movement.objects.filter(account=account, match__isnull=True)
        .select_related("entry")
        .order_by("-value_date", "-entry_id")
    )


def today() -> date:

    return clock.today()


def advances_disclosed(month: date) -> QuerySet:
    """The advances between pools disclosed in `month` (by their journal entries' month)."""
    from ledger.models import PoolAdvance

    return PoolAdvance.objects.filter(out_entry__period=month).order_by("value_date", "id")


def state_sql() -> str:
    """Columns for `ledger.figures.ledger_state`'s one query: what a reconciliation follows besides the journal
    (statement lines, matches, transfers, day-closes), so a cached disclosure or reconciliation is rebuilt when
    a statement is imported, a line matched, cash deposited or a day closed."""
    lines, matches = StatementLine._meta.db_table, Match._meta.db_table
    transfers, closes = Transfer._meta.db_table, DayClose._meta.db_table
    return (
        f"(SELECT MAX(id) FROM {lines}), (SELECT COUNT(*) FROM {matches}), "  # noqa: S608 (model names)
        f"(SELECT MAX(matched_at) FROM {matches}), (SELECT MAX(id) FROM {transfers}), (SELECT MAX(id) FROM {closes})"
    )


def state_stamp(values: tuple) -> str:
    """`state_sql`'s columns as a cache key part; empty while a complex has none of them."""
    if not any(values):
        return ""
    return "m" + ".".join("" if value is None else str(value).replace(" ", "T").replace(":", "") for value in values)


def cached_reconciliation(month: date) -> Reconciliation:
    """The month's reconciliation for the staff page, kept while nothing it follows has changed: the journal's
    fingerprint and `state_sql`, read in one query."""
    from django.core.cache import cache

    from ledger import figures

    fingerprint, _published, _budgets, more = figures.ledger_state(state_sql())
    key = f"reconciliation:1:{month:%Y%m}:{fingerprint}:{state_stamp(more)}"
    result = cache.get(key)
    if result is None:
        result = reconciliation(month)
        cache.set(key, result, 24 * 3600)
    return result
