"""Reads about where the money sits: balances of accounts, the cash box's day, the month's reconciliation.

Each function runs a fixed number of queries for a given set of accounts (a complex has two or three),
whatever the number of entries or statement lines.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from ledger.models import (
    Account,
    AccountKind,
    DayClose,
    Entry,
    Match,
    Movement,
    StatementLine,
    Transfer,
    TransferKind,
)
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
    """A subquery's amount as SQLite hands it back (Decimal('13906.8000000000')), to the fen."""
    return None if value is None else Decimal(value).quantize(CENT)


def _book_balances(rows: list[Account], end: date) -> dict[int, tuple[Decimal, Decimal]]:
    """{account id: (its balance in the books at `end`, what moved after its last day-close)}. Three queries,
    however many accounts: movements, transfers in, transfers out, each grouped by account."""
    closes = {account.pk: _as_date(account.close_day) for account in rows if getattr(account, "close_day", None)}
    result = {account.pk: [ZERO, ZERO] for account in rows}

    def add(queryset, key: str, date_field: str, sign: int) -> None:
        sums = {"total": money_sum("amount")}
        for pk, day in closes.items():
            sums[f"after_{pk}"] = money_sum("amount", filter=Q(**{f"{date_field}__gt": day}))
        for row in queryset.filter(**{f"{date_field}__lte": end}).values(key).annotate(**sums).order_by():
            pk = row[key]
            result[pk][0] += sign * row["total"]
            if pk in closes:
                result[pk][1] += sign * row[f"after_{pk}"]

    add(Movement.objects.all(), "account_id", "value_date", 1)
    add(Transfer.objects.all(), "to_account_id", "moved_on", 1)
    add(Transfer.objects.all(), "from_account_id", "moved_on", -1)
    return {pk: (total, since) for pk, (total, since) in result.items()}


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])  # SQLite hands back text


def _matched_by(end: date):
    return Exists(Match.objects.filter(line__line_date__lte=end, movement=OuterRef("pk")))


def reconciliation(month: date) -> Reconciliation:
    """The month's bank reconciliation (银行存款余额调节表), as at its last day.

    ledger closing (every pool, by the day money moved) = the bank's balance per its statement + the cash
    box as counted + money in transit (recorded in the books, not yet on the statement: deposits and bank
    payments the bank has not booked, collected payments not yet settled), to the fen; otherwise the month
    is flagged, and the statement lines the books do not have are listed.
    """
    end = last_day(month)
    ledger_closing = Entry.objects.filter(value_date__lte=end).aggregate(total=money_sum("amount"))["total"]
    on_or_before = StatementLine.objects.filter(account=OuterRef("pk"), line_date__lte=end).order_by("-position")
    after = StatementLine.objects.filter(account=OuterRef("pk"), line_date__gt=end).order_by("position")
    counted = DayClose.objects.filter(account=OuterRef("pk"), day__lte=end, correction__isnull=True).order_by(
        "-day", "-id"
    )
    rows = list(
        Account.objects.order_by("id").annotate(
            stated=Subquery(on_or_before.values("balance")[:1]),
            next_balance=Subquery(after.values("balance")[:1]),
            next_amount=Subquery(after.values("amount")[:1]),
            close_day=Subquery(counted.values("day")[:1]),
            close_counted=Subquery(counted.values("counted")[:1]),
        )
    )
    books = _book_balances(rows, end)
    bank, cash, transit = None, ZERO, ZERO
    items: list[Item] = []
    summary = []
    for account in rows:
        if account.kind == AccountKind.BANK:
            stated = _money(account.stated)
            if stated is None and account.next_balance is not None:
                # Before its first line: that statement's opening balance.
                stated = _money(account.next_balance) - _money(account.next_amount)
            if stated is not None:
                bank = (bank or ZERO) + stated
            balance = stated
        elif account.kind == AccountKind.CASH:
            # As counted at the last day-close, and what moved since; the books alone if never counted.
            total, since_close = books[account.pk]
            balance = total if account.close_day is None else _money(account.close_counted) + since_close
            cash += balance
        else:
            balance = books[account.pk][0]
            transit += balance
            if balance:
                items.append(Item(end, account.name, str(AccountKind(account.kind).label), balance, "books"))
        summary.append({"account": account, "balance": balance})
    bank_ids = [account.pk for account in rows if account.kind == AccountKind.BANK]
    outstanding = (
        Movement.objects.filter(account_id__in=bank_ids, value_date__lte=end)
        .exclude(_matched_by(end))
        .select_related("entry", "account")
        .order_by("value_date", "entry_id")
    )
    for movement in outstanding:
        transit += movement.amount
        entry = movement.entry
        items.append(
            Item(
                movement.value_date,
                movement.account.name,
                f"{entry.get_kind_display()} {entry.reference} {entry.counterparty}".strip(),
                movement.amount,
                "books",
            )
        )
    transfers = (
        Transfer.objects.filter(Q(to_account_id__in=bank_ids) | Q(from_account_id__in=bank_ids), moved_on__lte=end)
        .exclude(Exists(Match.objects.filter(line__line_date__lte=end, transfer=OuterRef("pk"))))
        .select_related("to_account", "from_account")
        .order_by("moved_on", "id")
    )
    for transfer in transfers:
        amount = transfer.amount if transfer.to_account_id in bank_ids else -transfer.amount
        if transfer.to_account_id in bank_ids and transfer.from_account_id in bank_ids:
            continue  # between two bank accounts: in transit only between them
        transit += amount
        items.append(
            Item(
                transfer.moved_on,
                transfer.to_account.name,
                f"{transfer.get_kind_display()} {transfer.slip_number}",
                amount,
                "books",
            )
        )
    unbooked = (
        StatementLine.objects.filter(account_id__in=bank_ids, line_date__lte=end)
        .filter(Q(match__isnull=True) | Q(match__movement__value_date__gt=end) | Q(match__transfer__moved_on__gt=end))
        .select_related("account")
        .order_by("line_date", "position")
    )
    for line in unbooked:
        items.append(Item(line.line_date, line.account.name, line.memo or line.counterparty, line.amount, "bank"))
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
    from django.utils import timezone

    return timezone.localdate()


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
