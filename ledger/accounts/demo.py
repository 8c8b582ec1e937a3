"""The demo's money in its places: the committee's bank account, the steward's cash box, a WeChat Pay collection
account settled to the bank once a month (less the platform's fee), month-end deposits, the bank's own
statements (imported through the importer, in two banks' layouts), a bank fee each quarter, interest, one
line the books do not have yet, and a cash difference at this month's day-close.

The statements are written the way the bank would have seen the books' movements: money paid by Alipay or
bank transfer and spending from the account on their own day, cash deposits and WeChat settlements the next
day. So every ended month reconciles to the fen, with the month-end deposit and settlement in transit.
"""

import csv
import io
import tempfile
from datetime import date, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from ledger import figures
from ledger.accounts import selectors, services
from ledger.models import POOLS, Account, AccountKind, Kind, MethodAccount, Movement, StatementLine, Transfer
from trustmgmt.base import clock
from trustmgmt.base.dates import last_day, next_month
from trustmgmt.base.money import CENT, ZERO

BANK_NAME = "中国工商银行宁波海曙支行"
BANK_NUMBER = "3901 1100 0920 0123 456"
FEE = Decimal("2.00")  # 账户管理费, each quarter
COLLECTION_NAME = "微信收款账户"
PLATFORM = "财付通"
PLATFORM_PAYER = "财付通支付科技有限公司"
PLATFORM_RATE = Decimal("0.006")  # what WeChat Pay keeps of what it collects
INTEREST_RATE = Decimal("0.0035")  # demand deposits, a year
CORPORATE = ["交易日期", "借方发生额", "贷方发生额", "余额", "对方户名", "摘要", "流水号"]
ICBC = [
    "交易日期",
    "摘要",
    "交易场所",
    "交易国家或地区简称",
    "钞/汇",
    "交易金额(收入)",
    "交易金额(支出)",
    "交易币种",
    "记账金额(收入)",
    "记账金额(支出)",
    "记账币种",
    "余额",
    "对方户名",
]


def _lines_from_books(bank: Account, cash: Account, today: date) -> list[dict]:
    """What the bank saw: one line per movement of the account, deposits the day after, by date."""
    lines = []
    movements = (
        Movement.objects.filter(account=bank, value_date__lte=today)
        .select_related("entry", "entry__household")
        .order_by("value_date", "entry_id")
    )
    for movement in movements:
        entry = movement.entry
        if entry.kind in (Kind.PAYMENT, Kind.PAYMENT_REVERSAL):
            who, memo = entry.household.owner_name, f"{entry.counterparty} 综合服务费"
        elif entry.kind == Kind.OPENING:
            who, memo = "", "原账户余额转入"
        else:
            who, memo = entry.counterparty, entry.memo[:40]
        lines.append({"day": movement.value_date, "amount": movement.amount, "who": who, "memo": memo})
    for transfer in Transfer.objects.filter(to_account=bank).order_by("moved_on", "id"):
        day = transfer.moved_on + timedelta(days=1)
        if day <= today:
            if transfer.from_account_id == cash.pk:
                who, memo = "", f"现金缴存 {transfer.slip_number}"
            else:
                who, memo = PLATFORM_PAYER, f"微信支付结算 {transfer.slip_number}"
            lines.append({"day": day, "amount": transfer.amount, "who": who, "memo": memo})
    lines.sort(key=lambda line: line["day"])
    return lines


def _deposit_month_ends(cash: Account, bank: Account, steward, first: date, today: date) -> None:
    """On each month's last day the steward takes the box's cash to the bank (缴存)."""
    month = first
    number = 1
    while last_day(month) < today:
        end = last_day(month)
        held = selectors.cash_on_hand(cash, end)
        if held > 0:
            with clock.at(clock.moment(end, time(16, 30))):
                services.deposit_record(
                    cash_box=cash,
                    bank=bank,
                    amount=held,
                    deposited_on=end,
                    slip_number=f"JC{end:%Y%m}{number:03d}",
                    by=steward,
                )
            number += 1
        month = next_month(month)


def collection_account_ensure() -> Account:
    """WeChat payments land in a collection account that settles to the committee's bank: made before any
    payment is recorded, so each says where it landed."""
    account, _created = Account.objects.get_or_create(
        name=COLLECTION_NAME,
        defaults={"kind": AccountKind.COLLECTION, "bank_name": PLATFORM, "settles_to": Account.objects.main_bank()},
    )
    MethodAccount.objects.update_or_create(method="wechat", defaults={"account": account})
    return account


def settle_month_ends(collection: Account, bank: Account, steward, first: date, today: date) -> None:
    """On each month's last day WeChat Pay pays out what the collection account took in, less its fee (spent
    from the pool that can best bear it); the bank books it the next day."""
    month = first
    while last_day(month) < today:
        end = last_day(month)
        held = selectors.book_balance(collection, end)
        if held > 0:
            fee = (held * PLATFORM_RATE).quantize(CENT, rounding=ROUND_HALF_UP)
            room = {pool: figures.lowest_balance(pool, since=end)[0] for pool in POOLS}
            pool = max(room, key=room.get)
            fee = fee if room[pool] >= fee else ZERO
            services.settlement_record(
                collection=collection,
                bank=bank,
                amount=held - fee,
                fee=fee,
                settled_on=end,
                reference=f"WX{end:%Y%m%d}01",
                pool=pool,
                by=steward,
            )
        month = next_month(month)


def _with_fees_and_interest(lines: list[dict], today: date) -> list[dict]:
    """The bank's own lines: a fee each quarter's end and interest on the 21st of its last month (结息)."""
    result, balance = [], ZERO
    quarters = {3, 6, 9, 12}
    for index, line in enumerate(lines):
        result.append(line)
        balance += line["amount"]
        following = lines[index + 1]["day"] if index + 1 < len(lines) else today + timedelta(days=1)
        day = line["day"]
        while day < following and day <= today:
            day += timedelta(days=1)
            if day.month in quarters and day.day == 21 and day < following and day <= today:
                interest = (balance * INTEREST_RATE / 4).quantize(CENT, rounding=ROUND_HALF_UP)
                if interest > 0:
                    result.append({"day": day, "amount": interest, "who": "", "memo": "结息"})
                    balance += interest
                result.append({"day": day, "amount": -FEE, "who": "", "memo": "账户管理费 手续费"})
                balance -= FEE
    return result


def _statement_file(folder: Path, month: date, lines: list[dict], opening: Decimal) -> Path:
    """A month's statement: in even years as a corporate CSV in UTF-8, in odd ones as ICBC's CSV in GBK
    (newest first, as it lists)."""
    year = month.year
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    balance = opening
    rows = []
    for number, line in enumerate(lines, start=1):
        balance += line["amount"]
        amount = line["amount"]
        if year % 2 == 0:
            rows.append(
                [
                    line["day"].isoformat(),
                    f"{-amount:.2f}" if amount < 0 else "",
                    f"{amount:.2f}" if amount > 0 else "",
                    f"{balance:.2f}",
                    line["who"],
                    line["memo"],
                    f"{line['day']:%Y%m%d}{number:05d}",
                ]
            )
        else:
            rows.append(
                [
                    line["day"].isoformat(),
                    line["memo"],
                    "",
                    "CHN",
                    "钞",
                    f"{amount:.2f}" if amount > 0 else "",
                    f"{-amount:.2f}" if amount < 0 else "",
                    "人民币",
                    f"{amount:.2f}" if amount > 0 else "",
                    f"{-amount:.2f}" if amount < 0 else "",
                    "人民币",
                    f"{balance:.2f}",
                    line["who"],
                ]
            )
    if year % 2 == 0:
        writer.writerow(["账号：" + BANK_NUMBER.replace(" ", "")])
        writer.writerow(CORPORATE)
        writer.writerows(rows)
        path, encoding = folder / f"statement-{month:%Y%m}.csv", "utf-8-sig"
    else:
        writer.writerow(ICBC)
        writer.writerows(reversed(rows))
        path, encoding = folder / f"icbc-{month:%Y%m}.csv", "gb18030"
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def build(*, steward, committee) -> None:
    """The bank account's details, the month-end deposits, and each month's statement imported on the second
    of the next month, its fee and interest booked then."""
    today = clock.today()
    bank = Account.objects.main_bank()
    cash = Account.objects.filter(kind=AccountKind.CASH).order_by("id").first()
    if bank is None or cash is None or StatementLine.objects.exists():
        return
    Account.objects.filter(pk=bank.pk).update(bank_name=BANK_NAME, number=BANK_NUMBER)
    bank.refresh_from_db()
    first = Movement.objects.order_by("value_date").values_list("value_date", flat=True).first()
    if first is None:
        return
    collection = Account.objects.filter(kind=AccountKind.COLLECTION, settles_to=bank).order_by("id").first()
    if collection is not None:
        settle_month_ends(collection, bank, steward, first.replace(day=1), today)
    _deposit_month_ends(cash, bank, steward, first.replace(day=1), today)
    lines = _with_fees_and_interest(_lines_from_books(bank, cash, today), today)
    # One line the books do not have yet: an owner paid by bank transfer this month and did not tell the desk.
    lines.append({"day": today, "amount": Decimal("200.00"), "who": "陈建华", "memo": "3-1-502 物业费 转账"})
    opening = ZERO
    with tempfile.TemporaryDirectory() as folder:
        for month in sorted({line["day"].replace(day=1) for line in lines}):
            of_month = [line for line in lines if line["day"].replace(day=1) == month]
            with clock.at(clock.moment(next_month(month) + timedelta(days=1), time(10))):
                path = _statement_file(Path(folder), month, of_month, opening)
                services.statement_import(account=bank, path=path, by=committee, file_name=path.name)
                _book_bank_charges(bank, committee, today)
            opening += sum((line["amount"] for line in of_month), ZERO)
    _close_today(cash, steward, today)


def _book_bank_charges(bank: Account, committee, today: date) -> None:
    """The bank's interest and fees on the statement, booked through the ledger's services."""
    for line in StatementLine.objects.filter(account=bank, match__isnull=True, line_date__lt=today):
        if line.amount > 0 and "结息" in line.memo:
            services.line_book_interest(line=line, pool="maintenance", by=committee)
        elif line.amount < 0 and "手续费" in line.memo:
            # From the pool that can best bear it (the committee's standing decision for bank charges).
            room = {pool: figures.lowest_balance(pool, since=line.line_date)[0] for pool in POOLS}
            pool = max(room, key=room.get)
            if room[pool] >= -line.amount:
                services.line_book_fee(line=line, pool=pool, by=committee)


def _close_today(cash: Account, steward, today: date) -> None:
    """This month's day-close found a difference: recorded with its reason, for the committee to see. On the
    last day this month the box took cash (ten yuan short), or today (an empty box: ten yuan too many)."""
    days = Movement.objects.filter(account=cash, value_date__gte=today.replace(day=1), value_date__lte=today)
    day = days.filter(amount__gt=0).order_by("-value_date").values_list("value_date", flat=True).first() or today
    sheet = selectors.day_sheet(cash, day)
    if sheet.expected >= Decimal("10.00"):
        counted, reason = sheet.expected - Decimal("10.00"), "找零差错，短款十元，待查"
    else:
        counted, reason = sheet.expected + Decimal("10.00"), "多出十元，来源待查，查明后退还"
    with clock.at(clock.moment(day, time(18))):
        services.day_close(account=cash, day=day, counted=counted, reason=reason, by=steward)
