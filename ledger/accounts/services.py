"""Writes about where the money sits: deposits and settlements between accounts, the cash box's day-close,
bank statements imported and matched to the books, and a bank's fee or interest booked from its line.

Like `ledger.services`: keyword-only, one transaction each, permissions and rules checked here, refusals
with codes. The journal is only written through `ledger.services` (spending, interest).
"""

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from ledger import services as ledger_services
from ledger.accounts import selectors, statements
from ledger.models import (
    POOLS,
    Account,
    AccountKind,
    DayClose,
    Match,
    Method,
    MethodAccount,
    Movement,
    Pool,
    StatementImport,
    StatementLine,
    Transfer,
    TransferKind,
)
from trustmgmt.base.dates import check_not_future
from trustmgmt.base.money import check_amount
from trustmgmt.base.refusals import checked_text, coded, refuse

NOT_STEWARD = _("Only the steward or the committee can do this.")
NOT_CASH_BOX = _("Choose a cash box.")
NOT_BANK = _("Choose a bank account.")
DEPOSIT_EXCEEDS_CASH = _("The cash box holds only %(cash)s on %(day)s; a deposit cannot be larger.")
SAME_ACCOUNT = _("Choose two different accounts.")
DAY_ALREADY_CLOSED = _("%(day)s is already closed. If the count was wrong, record a correction that points back to it.")
CORRECTION_OF_OTHER_DAY = _("A correction is for the same cash box and day as the close it corrects.")
ALREADY_CORRECTED = _("This day-close has already been corrected; correct the latest one.")
DIFFERENCE_NEEDS_REASON = _("The count differs from the books by %(difference)s: say why.")
CORRECTION_NEEDS_REASON = _("Say why the count is corrected.")
COUNT_NEGATIVE = _("A count is zero or more.")
LINE_ALREADY_MATCHED = _("This statement line is already matched.")
ITEM_ALREADY_MATCHED = _("That item is already matched to another statement line.")
MATCH_AMOUNT_DIFFERS = _("The amounts differ (%(line)s on the statement, %(item)s in the books).")
MATCH_OTHER_ACCOUNT = _("That item moved another account.")
NOTHING_PROPOSED = _("There is no proposed match for this line.")
NOT_A_FEE = _("Only money out of the account can be a bank fee.")
NOT_INTEREST = _("Only money into the account can be interest.")
NOT_COLLECTION = _("Choose a collection account (WeChat/Alipay).")
FEE_INVALID = _("A fee is zero or more, in yuan and fen.")
SETTLEMENT_EXCEEDS_COLLECTED = _(
    "The collection account holds only %(held)s on %(day)s; the settlement and its fee (%(total)s) cannot be larger."
)
SETTLEMENT_POOL_INVALID = _("Choose the pool that bears the fee.")

# How far a statement line may lie from the book date it matches: banks book a day or a few later.
WINDOW_BEFORE = timedelta(days=2)
WINDOW_AFTER = timedelta(days=7)
SURE_WITHIN = timedelta(days=3)


def _check(by, permission: str) -> None:
    if not by.has_perm(permission):
        raise refuse(NOT_STEWARD)


def _lock(account: Account) -> Account:
    return Account.objects.select_for_update().get(pk=account.pk)


# Setting up

DEFAULT_BANK = "业委会银行账户"
DEFAULT_CASH_BOX = "管家现金箱"


@transaction.atomic
def default_accounts_ensure() -> tuple[Account, Account]:
    """The bank account and cash box every complex has (migration 0008 makes them too), with cash landing in
    the box and every other method in the bank, unless the complex has said otherwise. Changes nothing that
    exists."""
    bank = Account.objects.main_bank() or Account.objects.create(name=DEFAULT_BANK, kind=AccountKind.BANK)
    cash = Account.objects.filter(kind=AccountKind.CASH).order_by("id").first()
    cash = cash or Account.objects.create(name=DEFAULT_CASH_BOX, kind=AccountKind.CASH)
    for method in Method.values:
        MethodAccount.objects.get_or_create(method=method, defaults={"account": cash if method == "cash" else bank})
    return bank, cash


# Deposits and settlements


@transaction.atomic
def transfer_record(
    *,
    kind: str,
    from_account: Account,
    to_account: Account,
    amount: Decimal,
    moved_on: date,
    by,
    slip_number: str = "",
    scan=None,
) -> Transfer:
    """Money moved from one account to another. From the cash box (a deposit, 缴存), never more than it holds."""
    _check(by, "ledger.add_transfer")
    from_account = _lock(from_account)
    check_amount(amount)
    check_not_future(moved_on, "moved_on")
    if from_account.pk == to_account.pk:
        raise refuse(SAME_ACCOUNT, "to_account")
    if kind == TransferKind.DEPOSIT and from_account.kind != AccountKind.CASH:
        raise refuse(NOT_CASH_BOX, "from_account")
    if to_account.kind != AccountKind.BANK:
        raise refuse(NOT_BANK, "to_account")
    if from_account.kind == AccountKind.CASH:
        # On its day and on every later one: a deposit dated back must not empty a box already counted since.
        for day in (moved_on, max(moved_on, selectors.today())):
            cash = selectors.cash_on_hand(from_account, day)
            if amount > cash:
                raise refuse(DEPOSIT_EXCEEDS_CASH, "amount", cash=cash, day=day.isoformat())
    slip_number = checked_text(slip_number, "slip_number", 40, required=False)
    transfer = Transfer(
        kind=kind,
        moved_on=moved_on,
        from_account=from_account,
        to_account=to_account,
        amount=amount,
        slip_number=slip_number,
        scan=scan or "",
        recorded_by=by,
    )
    transfer.full_clean()
    transfer.save()
    return transfer


def deposit_record(
    *, cash_box: Account, bank: Account, amount: Decimal, deposited_on: date, by, slip_number="", scan=None
):
    return transfer_record(
        kind=TransferKind.DEPOSIT,
        from_account=cash_box,
        to_account=bank,
        amount=amount,
        moved_on=deposited_on,
        slip_number=slip_number,
        scan=scan,
        by=by,
    )


@transaction.atomic
def settlement_record(
    *,
    collection: Account,
    amount: Decimal,
    fee: Decimal,
    settled_on: date,
    reference: str,
    by,
    pool: str = Pool.MAINTENANCE,
    bank: Account | None = None,
) -> Transfer:
    """The platform (WeChat Pay, Alipay) pays out what a collection account collected, less its fee, to the
    committee's bank: `amount` is what reaches the bank (the line on its statement, matched to this transfer),
    `fee` what the platform kept, spending from `pool` paid from the collection account through the journal.
    Together they may not be more than the account holds on `settled_on` or on any later day."""
    _check(by, "ledger.add_transfer")
    collection = _lock(collection)
    if collection.kind != AccountKind.COLLECTION:
        raise refuse(NOT_COLLECTION, "collection")
    bank = bank or collection.settles_to or Account.objects.main_bank()
    if bank is None or bank.kind != AccountKind.BANK:
        raise refuse(NOT_BANK, "bank")
    check_amount(amount)
    if fee is None or not fee.is_finite() or fee < 0 or fee != fee.quantize(Decimal("0.01")):
        raise refuse(FEE_INVALID, "fee")
    check_not_future(settled_on, "settled_on")
    reference = checked_text(reference, "reference", 40)
    if pool not in POOLS:
        raise refuse(SETTLEMENT_POOL_INVALID, "pool")
    held, day = selectors.lowest_book_balance(collection, settled_on)
    if amount + fee > held:
        raise refuse(SETTLEMENT_EXCEEDS_COLLECTED, "amount", held=held, day=day.isoformat(), total=amount + fee)
    if fee:
        ledger_services.expenditure_record(
            spent_on=settled_on,
            pool=pool,
            payee=(collection.bank_name or collection.name)[:100],
            amount=fee,
            description=str(_("Fee for settling %(account)s")) % {"account": collection.name},
            reference=reference,
            recorded_by=by,
            approved=True,  # the platform has already kept it
            paid_from=collection,
        )
    return transfer_record(
        kind=TransferKind.SETTLEMENT,
        from_account=collection,
        to_account=bank,
        amount=amount,
        moved_on=settled_on,
        slip_number=reference,
        by=by,
    )


# The day-close (日结)


@transaction.atomic
def day_close(
    *, account: Account, day: date, counted: Decimal, by, reason: str = "", corrects: DayClose | None = None
) -> DayClose:
    """The steward counts the cash box at the end of `day`. A difference is recorded with its reason, never
    hidden; one close per day; a wrong count is corrected by a new close that points back to it."""
    _check(by, "ledger.close_day")
    account = _lock(account)
    if account.kind != AccountKind.CASH:
        raise refuse(NOT_CASH_BOX, "account")
    check_not_future(day, "day")
    if counted < 0 or counted != counted.quantize(Decimal("0.01")):
        raise refuse(COUNT_NEGATIVE, "counted")
    if corrects is not None:
        corrects = DayClose.objects.select_for_update().get(pk=corrects.pk)
        if corrects.account_id != account.pk or corrects.day != day:
            raise refuse(CORRECTION_OF_OTHER_DAY)
        if DayClose.objects.filter(corrects=corrects).exists():
            raise refuse(ALREADY_CORRECTED)
    elif DayClose.objects.filter(account=account, day=day, corrects__isnull=True).exists():
        raise refuse(DAY_ALREADY_CLOSED, "day", day=day.isoformat())
    sheet = selectors.day_sheet(account, day)
    difference = counted - sheet.expected
    reason = checked_text(reason, "reason", 300, required=False)
    if corrects is not None and not reason:
        raise refuse(CORRECTION_NEEDS_REASON, "reason")
    if difference and not reason:
        raise refuse(DIFFERENCE_NEEDS_REASON, "reason", difference=difference)
    close = DayClose(
        account=account,
        day=day,
        opening=sheet.opening,
        received=sheet.received,
        paid_out=sheet.paid_out,
        deposited=sheet.deposited,
        expected=sheet.expected,
        counted=counted,
        difference=difference,
        reason=reason,
        corrects=corrects,
        closed_by=by,
    )
    try:
        with transaction.atomic():
            close.save()
    except IntegrityError:  # another desk closed the same day first
        raise refuse(DAY_ALREADY_CLOSED, "day", day=day.isoformat()) from None
    return close


# Bank statements


@dataclass(frozen=True)
class ImportResult:
    statement: StatementImport | None
    read: int
    added: int
    matched: int
    proposed: int


@transaction.atomic
def statement_import(
    *, account: Account, path, by, file_name: str = "", layout: str | None = None, command_line: bool = False
) -> ImportResult:
    """Read a bank statement (CSV in UTF-8 or GBK, or XLSX) into `account`, all or nothing, then match it.

    Lines already stored (by serial number, or by content and balance) are skipped, so importing a file
    again changes nothing and overlapping statements merge; the merged statement's running balance must
    hold at every line. Raises `ledger.importers.ImportFailed` with every problem and its line number.
    `command_line`: run by the server's operator (`import_bank_statement`), who needs no web permission,
    as with the other import commands.
    """
    if not command_line:
        _check(by, "ledger.import_statement")
    account = _lock(account)
    if account.kind != AccountKind.BANK:
        raise refuse(NOT_BANK, "account")
    parsed = statements.read_statement(path, layout=layout)
    new = statements.merge(account, parsed)
    if not new:
        return ImportResult(None, len(parsed.lines), 0, 0, 0)
    batch = StatementImport.objects.create(
        account=account,
        file_name=(file_name or str(path))[-200:],
        layout=parsed.layout,
        lines_read=len(parsed.lines),
        lines_added=len(new),
        imported_by=by,
    )
    StatementLine.objects.bulk_create(
        [StatementLine(account=account, statement=batch, **line) for line in new], batch_size=1000
    )
    matched, proposed = match_account(account=account, by=by)
    return ImportResult(batch, len(parsed.lines), len(new), matched, proposed)


# Matching


def _hint(line: StatementLine, candidate: dict) -> bool:
    """The line names what it pays or who paid: the flat, the receipt, the payee, the slip number."""
    text = f"{line.counterparty} {line.memo} {line.serial}"
    return any(word and word in text for word in candidate["hints"])


def _candidates(account: Account, first: date, last: date) -> dict[Decimal, list[dict]]:
    """Unmatched book items of `account` that could be on a statement from `first` to `last`, by amount,
    each list in date order."""
    pool: dict[Decimal, list[dict]] = {}
    movements = (
        Movement.objects.filter(
            account=account,
            match__isnull=True,
            value_date__gte=first - WINDOW_AFTER,
            value_date__lte=last + WINDOW_BEFORE,
        )
        .values("pk", "value_date", "amount", "entry__reference", "entry__counterparty", "entry__household__owner_name")
        .order_by("value_date", "pk")
    )
    for row in movements:
        hints = [row["entry__reference"], row["entry__counterparty"], row["entry__household__owner_name"]]
        pool.setdefault(row["amount"], []).append(
            {"movement": row["pk"], "day": row["value_date"], "hints": hints, "taken": False}
        )
    transfers = (
        Transfer.objects.filter(
            to_account=account,
            match__isnull=True,
            moved_on__gte=first - WINDOW_AFTER,
            moved_on__lte=last + WINDOW_BEFORE,
        )
        .values("pk", "moved_on", "amount", "slip_number")
        .order_by("moved_on", "pk")
    )
    for row in transfers:
        pool.setdefault(row["amount"], []).append(
            {"transfer": row["pk"], "day": row["moved_on"], "hints": [row["slip_number"]], "taken": False}
        )
    for items in pool.values():
        items.sort(key=lambda item: item["day"])
    return pool


def _near(items: list[dict], day: date) -> list[dict]:
    """The untaken items booked from WINDOW_AFTER before `day` to WINDOW_BEFORE after it (bisect on the date)."""
    start = bisect_left(items, day - WINDOW_AFTER, key=lambda item: item["day"])
    end = bisect_right(items, day + WINDOW_BEFORE, key=lambda item: item["day"])
    return [item for item in items[start:end] if not item["taken"]]


def match_account(*, account: Account, by) -> tuple[int, int]:
    """Match the account's unmatched statement lines to unmatched book items of the same amount and
    direction within a few days. One candidate close by, or one the line names (flat, receipt, payee, slip):
    a sure match. Several, or one farther off: the nearest is proposed for the steward to confirm.
    Returns (sure, proposed). A few queries, whatever the number of lines."""
    lines = list(StatementLine.objects.filter(account=account, match__isnull=True).order_by("position"))
    if not lines:
        return 0, 0
    candidates = _candidates(account, lines[0].line_date, lines[-1].line_date)
    matches = []
    sure = proposed = 0
    for line in lines:
        near = _near(candidates.get(line.amount, []), line.line_date)
        if not near:
            continue
        named = [item for item in near if _hint(line, item)]
        if len(named) == 1:
            chosen, certain = named[0], True
        else:
            chosen = min(named or near, key=lambda item: abs((line.line_date - item["day"]).days))
            certain = len(near) == 1 and abs(line.line_date - chosen["day"]) <= SURE_WITHIN
        chosen["taken"] = True
        matches.append(
            Match(
                line=line,
                movement_id=chosen.get("movement"),
                transfer_id=chosen.get("transfer"),
                confirmed=certain,
                matched_by=None,
            )
        )
        sure += certain
        proposed += not certain
    Match.objects.bulk_create(matches, batch_size=1000)
    return sure, proposed


@transaction.atomic
def match_confirm(*, line: StatementLine, by) -> Match:
    _check(by, "ledger.change_match")
    match = Match.objects.select_for_update().filter(line=line, confirmed=False).first()
    if match is None:
        raise refuse(NOTHING_PROPOSED)
    Match.objects.filter(pk=match.pk).update(confirmed=True, matched_by=by)
    match.refresh_from_db()
    return match


@transaction.atomic
def match_reject(*, line: StatementLine, by) -> None:
    """A proposed match is wrong: the line goes back to the unmatched list (a confirmed match stays)."""
    _check(by, "ledger.change_match")
    if not Match.objects.filter(line=line, confirmed=False).exists():
        raise refuse(NOTHING_PROPOSED)
    Match.objects.filter(line=line, confirmed=False).delete()


@transaction.atomic
def match_make(*, line: StatementLine, by, movement: Movement | None = None, transfer: Transfer | None = None) -> Match:
    """The steward pairs a line with a book item by hand."""
    _check(by, "ledger.change_match")
    line = StatementLine.objects.select_for_update().get(pk=line.pk)
    if Match.objects.filter(line=line).exists():
        raise refuse(LINE_ALREADY_MATCHED)
    if movement is not None:
        if movement.account_id != line.account_id:
            raise refuse(MATCH_OTHER_ACCOUNT)
        amount, taken = movement.amount, Match.objects.filter(movement=movement).exists()
    else:
        amount = transfer.amount if transfer.to_account_id == line.account_id else -transfer.amount
        taken = Match.objects.filter(transfer=transfer).exists()
    if taken:
        raise refuse(ITEM_ALREADY_MATCHED)
    if amount != line.amount:
        raise refuse(MATCH_AMOUNT_DIFFERS, line=line.amount, item=amount)
    return Match.objects.create(line=line, movement=movement, transfer=transfer, confirmed=True, matched_by=by)


@transaction.atomic
def line_book_fee(*, line: StatementLine, pool: str, by) -> Match:
    """A bank fee on the statement is the owners' spending: recorded from its pool, paid from the account."""
    _check(by, "ledger.change_match")
    line = StatementLine.objects.select_for_update().select_related("account").get(pk=line.pk)
    if Match.objects.filter(line=line).exists():
        raise refuse(LINE_ALREADY_MATCHED)
    if line.amount >= 0:
        raise refuse(NOT_A_FEE)
    expenditure = ledger_services.expenditure_record(
        spent_on=line.line_date,
        pool=pool,
        payee=(line.account.bank_name or line.counterparty or line.account.name)[:100],
        amount=-line.amount,
        description=(line.memo or str(_("Bank fee")))[:300],
        recorded_by=by,
        approved=True,  # the bank has already taken it
        paid_from=line.account,
    )
    movement = Movement.objects.get(entry__expenditure=expenditure, entry__kind="expenditure")
    return Match.objects.create(line=line, movement=movement, confirmed=True, matched_by=by)


@transaction.atomic
def line_book_interest(*, line: StatementLine, pool: str, by) -> Match:
    """Interest on the statement is the owners' income, into the pool the committee chooses."""
    _check(by, "ledger.change_match")
    line = StatementLine.objects.select_for_update().select_related("account").get(pk=line.pk)
    if Match.objects.filter(line=line).exists():
        raise refuse(LINE_ALREADY_MATCHED)
    if line.amount <= 0:
        raise refuse(NOT_INTEREST)
    entry = ledger_services.interest_record(
        account=line.account,
        value_date=line.line_date,
        amount=line.amount,
        pool=pool,
        memo=(line.memo or str(_("Bank interest")))[:300],
        by=by,
    )
    return Match.objects.create(line=line, movement=entry.movement, confirmed=True, matched_by=by)


coded(globals())
