"""Reading a bank statement as Chinese online banking exports it, and merging it into what is stored.

A file is a CSV (UTF-8, with or without BOM, or GBK/GB18030) or an XLSX; banks put a few title rows (account,
period) above the header, so the header is the first row that fits a layout. A layout maps the columns:
transaction date, the amount (one signed column, or money in and money out in two: 收入/支出, or 贷方/借方
for a corporate account, where 贷方 is money in), the running balance, the counterparty, the memo
(摘要/附言) and, where the bank gives one, the serial number (流水号). The presets follow the banks' own
exports (ICBC, CCB and ABC personal accounts, and the corporate layout most online banks share).

Every line's balance must follow from the one before it (previous balance + amount); a file listed newest
first is read oldest first. A line is known by its serial number or, without one, by its date, amount,
balance, counterparty and memo, so a line imported before is skipped and overlapping statements merge.
All problems are reported with their line numbers (the header's row is counted, as in the spreadsheet).
"""

import hashlib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from ledger.importers import ImportFailed, Problem, RowError, _cell_text, _csv_rows, _xlsx_rows, day
from ledger.models import Account, StatementLine
from trustmgmt.base.money import AmountError, parse_amount
from trustmgmt.base.refusals import coded

# Column names, as each bank writes them (normalised: no spaces, ASCII brackets). The first name found wins.
LAYOUTS: dict[str, dict[str, tuple[str, ...]]] = {
    # 中国工商银行 personal account: 交易日期, 摘要, …, 交易金额(收入), 交易金额(支出), …, 余额, 对方户名
    "icbc": {
        "date": ("交易日期",),
        "income": ("交易金额(收入)", "收入金额"),
        "expense": ("交易金额(支出)", "支出金额"),
        "balance": ("余额", "账户余额"),
        "counterparty": ("对方户名", "对方账户名"),
        "memo": ("摘要", "附言", "用途"),
        "serial": ("流水号", "交易流水号"),
    },
    # 中国建设银行: 记账日, 交易日期, 交易时间, 支出, 收入, 账户余额, 币种, 摘要, 对方账号, 对方户名, 交易地点
    "ccb": {
        "date": ("交易日期", "记账日"),
        "income": ("收入",),
        "expense": ("支出",),
        "balance": ("账户余额",),
        "counterparty": ("对方户名",),
        "memo": ("摘要", "交易地点"),
        "serial": ("流水号",),
    },
    # 中国农业银行: 交易日期, 交易时间, 交易摘要, 交易金额 (signed), 本次余额, 对手信息, 日志号, 交易渠道, 交易附言
    "abc": {
        "date": ("交易日期",),
        "amount": ("交易金额",),
        "balance": ("本次余额",),
        "counterparty": ("对手信息", "对方户名"),
        "memo": ("交易摘要", "交易附言"),
        "serial": ("日志号",),
    },
    # Corporate accounts (对公账户明细), as most online banks export them: 借方发生额 out, 贷方发生额 in.
    "corporate": {
        "date": ("交易日期", "记账日期", "交易时间"),
        "income": ("贷方发生额", "贷方金额"),
        "expense": ("借方发生额", "借方金额"),
        "balance": ("余额", "账户余额"),
        "counterparty": ("对方户名", "对方单位名称", "对方账户名称"),
        "memo": ("摘要", "附言", "用途"),
        "serial": ("流水号", "交易流水号", "凭证号"),
    },
}
REQUIRED = ("date", "balance")
HEADER_SEARCH_ROWS = 20

UNKNOWN_LAYOUT = _(
    "The file fits no statement layout. Its columns: %(columns)s. Known layouts: %(layouts)s. "
    "Export the account's transaction details (账户明细) as CSV or Excel, or choose the layout."
)
UNKNOWN_LAYOUT_NAME = _("There is no statement layout “%(layout)s”; choose one of %(layouts)s.")
NO_LINES = _("The statement has a header but no lines below it.")
BAD_AMOUNT = _("%(column)s “%(value)s” is not an amount.")
NO_AMOUNT = _("The line moves no money (no amount in or out).")
BOTH_AMOUNTS = _("The line has money both in and out; a statement line has one.")
BALANCE_BREAKS = _(
    "The balance %(balance)s does not follow from the line before (%(previous)s %(sign)s %(amount)s = %(expected)s)."
)
REPEATED_LINE = _("This line repeats line %(line)s.")
CONFLICTS_STORED = _(
    "The statement for %(day)s differs from the one already imported for this account; check the file and account."
)
BALANCE_BREAKS_STORED = _(
    "The balance %(balance)s does not follow from the statement already imported (%(previous)s on %(day)s)."
)


def _normalise(name: str) -> str:
    return "".join(name.split()).replace("（", "(").replace("）", ")").lstrip("\ufeff").lower()


@dataclass(frozen=True)
class ParsedLine:
    number: int  # the line in the file
    line_date: date
    amount: Decimal
    balance: Decimal
    counterparty: str
    memo: str
    serial: str

    @property
    def key(self) -> str:
        if self.serial:
            return self.serial[:64]
        content = "|".join(
            [self.line_date.isoformat(), str(self.amount), str(self.balance), self.counterparty, self.memo]
        )
        return hashlib.sha256(content.encode()).hexdigest()


@dataclass(frozen=True)
class Parsed:
    layout: str
    lines: list[ParsedLine]


def _fit(header: list[str], layout: dict[str, tuple[str, ...]]) -> dict[str, list[int]] | None:
    positions: dict[str, list[int]] = {}
    for role, names in layout.items():
        found = [header.index(name) for name in names if name in header]
        if role == "memo":
            positions[role] = found
        elif found:
            positions[role] = found[:1]
    if any(role not in positions for role in REQUIRED):
        return None
    if "amount" not in positions and not ("income" in positions and "expense" in positions):
        return None
    if "amount" in layout and "amount" not in positions:
        return None
    return positions


def _find_layout(rows: list[list], layout: str | None) -> tuple[str, int, dict[str, list[int]]]:
    if layout is not None and layout not in LAYOUTS:
        raise ImportFailed([Problem(1, str(UNKNOWN_LAYOUT_NAME % {"layout": layout, "layouts": ", ".join(LAYOUTS)}))])
    names = [layout] if layout else list(LAYOUTS)
    first_header = None
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        header = [_normalise(_cell_text(cell)) for cell in row]
        if not any(header):
            continue
        if first_header is None and sum(1 for cell in header if cell) >= 3:
            first_header = (index, header)
        for name in names:
            positions = _fit(header, LAYOUTS[name])
            if positions is not None:
                return name, index, positions
    columns = ", ".join(cell for cell in (first_header[1] if first_header else []) if cell) or "—"
    known = "; ".join(
        f"{name} ({', '.join(spec[role][0] for role in spec)})" for name, spec in LAYOUTS.items() if name in names
    )
    line = first_header[0] + 1 if first_header else 1
    raise ImportFailed([Problem(line, str(UNKNOWN_LAYOUT % {"columns": columns, "layouts": known}))])


def _money(value, column: str) -> Decimal | None:
    if isinstance(value, float | int | Decimal) and not isinstance(value, bool):
        raw = value
    else:
        raw = _cell_text(value).replace("+", "")
        if raw in ("", "-", "--"):
            return None
    try:
        return parse_amount(raw)
    except AmountError:
        raise RowError(BAD_AMOUNT % {"column": column, "value": _cell_text(value)}) from None


def _date(value) -> date:
    text = _cell_text(value)
    if len(text) >= 8 and text[:8].isdigit():  # 20240105 (ABC), 20240105 10:11:12
        text = f"{text[:4]}-{text[4:6]}-{text[6:8]}"
    else:
        text = text.split()[0] if text and not hasattr(value, "year") else text
    return day(value if hasattr(value, "year") else text, "交易日期")


def read_statement(path: str | Path, *, layout: str | None = None) -> Parsed:
    """Every line of the file, oldest first, its running balance checked. Raises ImportFailed."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        from ledger.importers import WRONG_KIND

        raise ImportFailed([Problem(1, str(WRONG_KIND % {"suffix": path.suffix or path.name}))])
    rows = _csv_rows(path) if suffix == ".csv" else _xlsx_rows(path)
    name, header_index, positions = _find_layout(rows, layout)
    header = [_cell_text(cell) for cell in rows[header_index]]

    def cell(row: list, role: str):
        found = positions.get(role)
        if not found:
            return None
        return row[found[0]] if found[0] < len(row) else None

    problems: list[Problem] = []
    lines: list[ParsedLine] = []
    for number, row in enumerate(rows[header_index + 1 :], start=header_index + 2):
        if not any(_cell_text(value) for value in row):
            continue
        first = _cell_text(row[positions["date"][0]]) if positions["date"][0] < len(row) else ""
        if not first or not first[:1].isdigit():
            continue  # a footer such as 合计 or 以上为本期明细
        try:
            line_date = _date(cell(row, "date"))
            if "amount" in positions:
                amount = _money(cell(row, "amount"), header[positions["amount"][0]])
                if not amount:
                    raise RowError(NO_AMOUNT)
            else:
                income = _money(cell(row, "income"), header[positions["income"][0]]) or Decimal("0.00")
                expense = _money(cell(row, "expense"), header[positions["expense"][0]]) or Decimal("0.00")
                if income and expense:
                    raise RowError(BOTH_AMOUNTS)
                if not income and not expense:
                    raise RowError(NO_AMOUNT)
                amount = income - abs(expense)
            balance = _money(cell(row, "balance"), header[positions["balance"][0]])
            if balance is None:
                raise RowError(BAD_AMOUNT % {"column": header[positions["balance"][0]], "value": ""})
        except RowError as error:
            problems.append(Problem(number, str(error)))
            continue
        memo = " ".join(
            _cell_text(row[index]) for index in positions.get("memo", []) if index < len(row) and _cell_text(row[index])
        )
        lines.append(
            ParsedLine(
                number=number,
                line_date=line_date,
                amount=amount,
                balance=balance,
                counterparty=(_cell_text(cell(row, "counterparty")) if cell(row, "counterparty") else "")[:100],
                memo=memo[:200],
                serial=_cell_text(cell(row, "serial"))[:60] if cell(row, "serial") is not None else "",
            )
        )
    if problems:
        raise ImportFailed(problems)
    if not lines:
        raise ImportFailed([Problem(header_index + 1, str(NO_LINES))])
    if lines[0].line_date > lines[-1].line_date:
        lines.reverse()  # exported newest first
    seen: dict[str, int] = {}
    for previous, line in zip([None, *lines], lines, strict=False):
        if line.key in seen:
            problems.append(Problem(line.number, str(REPEATED_LINE % {"line": seen[line.key]})))
            continue
        seen[line.key] = line.number
        if previous is not None and previous.balance + line.amount != line.balance:
            problems.append(Problem(line.number, str(_breaks(previous.balance, line))))
    if problems:
        raise ImportFailed(problems)
    return Parsed(name, lines)


def _breaks(previous: Decimal, line: ParsedLine):
    return BALANCE_BREAKS % {
        "balance": line.balance,
        "previous": previous,
        "sign": "+" if line.amount >= 0 else "−",
        "amount": abs(line.amount),
        "expected": previous + line.amount,
    }


def merge(account: Account, parsed: Parsed) -> list[dict]:
    """The lines of `parsed` not yet stored for `account`, as StatementLine fields, or ImportFailed.

    Within a day, lines keep the bank's order; a day already stored must begin the file's day the same
    way (an export made during a day, then a later one), and the statement must chain onto what is
    stored before and after it.
    """
    lines = parsed.lines
    first, last = lines[0].line_date, lines[-1].line_date
    stored = {
        row["key"]: row
        for row in StatementLine.objects.filter(account=account, line_date__gte=first, line_date__lte=last).values(
            "key", "position", "line_date", "balance"
        )
    }
    stored_days: dict[date, int] = {}
    for row in stored.values():
        stored_days[row["line_date"]] = stored_days.get(row["line_date"], 0) + 1
    problems: list[Problem] = []
    new: list[dict] = []
    index_in_day: dict[date, int] = {}
    for line in lines:
        index = index_in_day.get(line.line_date, 0)
        index_in_day[line.line_date] = index + 1
        position = line.line_date.toordinal() * 1_000_000 + index
        known = stored.get(line.key)
        if known is not None:
            if known["position"] != position:
                problems.append(Problem(line.number, str(CONFLICTS_STORED % {"day": line.line_date.isoformat()})))
            continue
        if index < stored_days.get(line.line_date, 0):
            problems.append(Problem(line.number, str(CONFLICTS_STORED % {"day": line.line_date.isoformat()})))
            continue
        new.append(
            {
                "line_date": line.line_date,
                "amount": line.amount,
                "balance": line.balance,
                "counterparty": line.counterparty,
                "memo": line.memo,
                "serial": line.serial,
                "key": line.key,
                "position": position,
                "_number": line.number,
            }
        )
    if problems:
        raise ImportFailed(problems)
    if new:
        _check_chain_with_stored(account, lines, new)
    for row in new:
        row.pop("_number")
    return new


def _check_chain_with_stored(account: Account, lines: list[ParsedLine], new: list[dict]) -> None:
    start, end = new[0], new[-1]
    before = (
        StatementLine.objects.filter(account=account, position__lt=start["position"])
        .order_by("-position")
        .values("balance", "line_date")
        .first()
    )
    first_new_is_first_line = lines[0].key == start["key"]
    if before is not None and first_new_is_first_line and before["balance"] + start["amount"] != start["balance"]:
        message = BALANCE_BREAKS_STORED % {
            "balance": start["balance"],
            "previous": before["balance"],
            "day": before["line_date"].isoformat(),
        }
        raise ImportFailed([Problem(start["_number"], str(message))])
    after = (
        StatementLine.objects.filter(account=account, position__gt=end["position"])
        .order_by("position")
        .values("balance", "amount", "line_date")
        .first()
    )
    if after is not None and lines[-1].key == end["key"] and end["balance"] + after["amount"] != after["balance"]:
        message = BALANCE_BREAKS_STORED % {
            "balance": after["balance"],
            "previous": end["balance"],
            "day": after["line_date"].isoformat(),
        }
        raise ImportFailed([Problem(end["_number"], str(message))])


coded(globals())
