"""Importing the steward's old Excel and CSV ledgers: households, payments, expenditures.

One shape for all three: read the file (.csv in UTF-8, with or without BOM, or GB18030 as Excel in China
writes it; or .xlsx), check the header, parse every row into Python values, then write each row through
`ledger.services` inside one transaction. Every problem is collected with its line number (the header is
line 1, as in the spreadsheet); if there is any, the transaction is rolled back and nothing is written.
The rules stay in the services: a row the service refuses is reported with the service's own message.
"""

import csv
import functools
import io
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Count, Sum
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from ledger import services
from ledger.models import (
    MAX_FLOOR_AREA,
    POOLS,
    Entry,
    Expenditure,
    FeePlan,
    Household,
    Kind,
    Method,
    Occupancy,
    Pool,
)
from trustmgmt.base.money import (
    AMOUNT_TOO_LARGE,
    AMOUNT_TOO_PRECISE,
    CENT,
    AmountError,
    AmountTooLarge,
    AmountTooPrecise,
    parse_amount,
)
from trustmgmt.base.refusals import coded

HOUSEHOLD_COLUMNS = ("building", "unit", "room", "owner_name", "phone", "occupancy")
# Floor area (m²) may be left out: files without it stay valid, and an empty cell leaves the area as it is.
HOUSEHOLD_OPTIONAL_COLUMNS = ("area",)
PAYMENT_COLUMNS = ("household", "fee_year", "paid_on", "amount", "method", "receipt_no")
EXPENDITURE_COLUMNS = ("spent_on", "pool", "payee", "amount", "description")
# The same columns as a Chinese ledger heads them (what the pages call each field, and the usual other words);
# a header may use either name. Matched after removing spaces, so "业主 姓名" is 业主姓名.
COLUMN_NAMES_ZH = {
    "building": ("幢", "楼栋", "楼号", "栋"),
    "unit": ("单元",),
    "room": ("室", "房号", "房间号", "门牌号"),
    "owner_name": ("业主", "业主姓名", "姓名"),
    "phone": ("电话", "联系电话", "手机", "手机号"),
    "occupancy": ("居住状态", "常住或空户"),
    "area": ("面积", "专有部分面积", "专有部分面积（平方米）", "建筑面积"),
    "household": ("住户", "房屋", "户号"),
    "fee_year": ("收费年度", "年度"),
    "paid_on": ("缴费日期", "收款日期"),
    "amount": ("金额",),
    "method": ("付款方式", "缴费方式"),
    "receipt_no": ("收据号", "收据编号"),
    "spent_on": ("支出日期",),
    "pool": ("资金类别",),
    "payee": ("收款方", "收款单位"),
    "description": ("摘要", "用途"),
}
_COLUMN_BY_NAME = {name: column for column, names in COLUMN_NAMES_ZH.items() for name in names}
# Words a Chinese ledger writes for a choice, beyond the pages' own (常住/空户, 现金/微信支付/…, 公共电费/…).
CHOICE_WORDS_ZH = {"常住户": "occupied", "空置": "vacant", "空置户": "vacant", "微信": "wechat", "转账": "bank"}
# Who an imported payment or expenditure was recorded by, when the command is not told (--user).
IMPORT_USERNAME = "import"

WRONG_KIND = _("Use a .csv or .xlsx file (this one is “%(suffix)s”).")
NOT_FOUND = _("There is no file %(path)s.")
NOT_TEXT = _("The file is neither UTF-8 nor GB18030 text; save it from Excel as “CSV UTF-8”.")
NOT_XLSX = _("The file cannot be read as an Excel workbook (.xlsx).")
EMPTY_FILE = _("The file is empty: it needs a header row (%(columns)s) and rows below it.")
NO_ROWS = _("The file has a header but no rows below it.")
MISSING_COLUMNS = _("The header lacks the column(s) %(columns)s; it needs %(expected)s.")
REPEATED_COLUMN = _("The header has the column “%(column)s” twice.")
REQUIRED = _("%(column)s is empty.")
TOO_LONG = _("%(column)s is longer than %(limit)s characters.")
NOT_WHOLE_NUMBER = _("%(column)s “%(value)s” is not a whole number above zero.")
NOT_A_DATE = _("%(column)s “%(value)s” is not a date; write it as 2024-03-05.")
NOT_AN_AMOUNT = _("amount “%(value)s” is not an amount in yuan, such as 200 or 200.50.")
UNKNOWN_CHOICE = _("%(column)s “%(value)s” is not one of %(choices)s.")
BAD_AREA = _("area “%(value)s” is not a floor area in m²: more than 0, at most %(limit)s, two decimals at most.")
BAD_PHONE = _("phone “%(value)s” may hold only digits, spaces, +, - and brackets.")
BAD_FLAT = _("household “%(value)s” is not written building-unit-room, such as 12-2-301.")
UNKNOWN_HOUSEHOLD = _("There is no household %(value)s; import the households first.")
NO_FEE_PLAN = _(
    "There is no fee plan for %(value)s; the committee sets it first, on the fee-plan page (%(url)s) or with "
    "“manage.py set_fee_plan %(value)s”."
)
BAD_RECEIPT = _("receipt_no “%(value)s” is not a receipt number such as %(year)s-000045 or 45.")
RECEIPT_OTHER_YEAR = _("receipt_no %(value)s belongs to the fee year %(other)s, not %(year)s.")
RECEIPT_REPEATED = _("receipt_no %(value)s is also on line %(line)s.")
SAME_FLAT = _("The flat %(flat)s is also on line %(line)s.")
CONFLICT = _("This row conflicts with what the ledger already holds (a flat or receipt number taken).")
SAME_ROW = _("This row repeats line %(line)s; if it really is a second one, tell them apart (a receipt number).")


class RowError(ValueError):
    """One problem with one cell; the importer adds the line number."""


@dataclass(frozen=True)
class Problem:
    line: int
    message: str

    def __str__(self) -> str:
        return _("line %(line)s: %(message)s") % {"line": self.line, "message": self.message}


class ImportFailed(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


@dataclass
class Result:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    # What each row did, in the file's order (JSON-ready: amounts and dates as text), for a preview.
    rows: list[dict] = field(default_factory=list)
    # Sums per year and pool (payments, expenditures) or counts per occupancy (households), for a preview.
    totals: list[dict] = field(default_factory=list)


# Reading the file


def _cell_text(value) -> str:
    """A cell as the steward sees it: 301.0 from Excel is 301; dates stay dates (see _date)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _decode(raw: bytes) -> str:
    if b"\x00" in raw:  # UTF-16, or not text at all (GB18030 would read almost any bytes as something)
        raise ImportFailed([Problem(1, str(NOT_TEXT))])
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFailed([Problem(1, str(NOT_TEXT))])


def _csv_rows(path: Path) -> Iterable[list]:
    return list(csv.reader(io.StringIO(_decode(path.read_bytes()), newline="")))


def _xlsx_rows(path: Path) -> Iterable[list]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise ImportFailed([Problem(1, str(NOT_XLSX))]) from None
    try:
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _column_name(cell) -> str:
    """A header cell as the column it names: English as the sample file writes it, or its Chinese name."""
    name = _cell_text(cell).lstrip("\ufeff").strip().lower()
    return _COLUMN_BY_NAME.get(re.sub(r"\s+", "", name), name)


def read_rows(path: str | Path, columns: tuple[str, ...], optional: tuple[str, ...] = ()) -> list[tuple[int, dict]]:
    """[(line, {column: raw value})] of the data rows; blank rows skipped. Raises ImportFailed.

    An `optional` column may be left out of the file; its value is then None in every row."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ImportFailed([Problem(1, str(WRONG_KIND % {"suffix": path.suffix or path.name}))])
    if not path.is_file():
        raise ImportFailed([Problem(1, str(NOT_FOUND % {"path": path}))])
    rows = _csv_rows(path) if suffix == ".csv" else _xlsx_rows(path)
    numbered = [(line, row) for line, row in enumerate(rows, start=1) if any(_cell_text(cell) for cell in row)]
    if not numbered:
        raise ImportFailed([Problem(1, str(EMPTY_FILE % {"columns": ",".join(columns)}))])
    header_line, header_row = numbered[0]
    header = [_column_name(cell) for cell in header_row]
    seen = set()
    for name in header:
        if name and name in seen:
            raise ImportFailed([Problem(header_line, str(REPEATED_COLUMN % {"column": name}))])
        seen.add(name)
    missing = [column for column in columns if column not in header]
    if missing:
        message = MISSING_COLUMNS % {"columns": ", ".join(missing), "expected": ",".join(columns)}
        raise ImportFailed([Problem(header_line, str(message))])
    positions = {column: header.index(column) for column in (*columns, *optional) if column in header}
    data = [
        (
            line,
            {
                **dict.fromkeys(optional),
                **{column: row[index] if index < len(row) else None for column, index in positions.items()},
            },
        )
        for line, row in numbered[1:]
    ]
    if not data:
        raise ImportFailed([Problem(header_line, str(NO_ROWS))])
    return data


# Parsing cells


def whole_number(value, column: str) -> int:
    text = _cell_text(value)
    if not text:
        raise RowError(REQUIRED % {"column": column})
    if not text.isdigit() or int(text) <= 0 or len(text) > 6:
        raise RowError(NOT_WHOLE_NUMBER % {"column": column, "value": text})
    return int(text)


def text(value, column: str, limit: int, *, required: bool = True) -> str:
    result = _cell_text(value)
    if required and not result:
        raise RowError(REQUIRED % {"column": column})
    if len(result) > limit:
        raise RowError(TOO_LONG % {"column": column, "limit": limit})
    return result


_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]00:00(?::00)?)?")


def day(value, column: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raw = _cell_text(value)
    if not raw:
        raise RowError(REQUIRED % {"column": column})
    match = _DATE.fullmatch(raw)
    try:
        if match is None:
            raise ValueError
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        raise RowError(NOT_A_DATE % {"column": column, "value": raw}) from None


def amount(value) -> Decimal:
    raw = _cell_text(value) if not isinstance(value, float | int | Decimal) else value
    if raw == "":
        raise RowError(REQUIRED % {"column": "amount"})
    try:
        return parse_amount(raw)
    except AmountTooPrecise:
        raise RowError(AMOUNT_TOO_PRECISE) from None
    except AmountTooLarge:
        raise RowError(AMOUNT_TOO_LARGE) from None
    except AmountError:
        raise RowError(NOT_AN_AMOUNT % {"value": _cell_text(value)}) from None


@functools.cache
def _choice_words(choices: type[models.TextChoices]) -> dict[str, str]:
    """{word: value} for `choices`: its values, its labels in Chinese and English, and CHOICE_WORDS_ZH (once a
    process: a file's every row asks)."""
    words = {value: value for value in choices.values}
    words |= {word: value for word, value in CHOICE_WORDS_ZH.items() if value in choices.values}
    for language in ("zh-hans", "en"):
        with translation.override(language):
            words |= {str(label).lower(): value for value, label in choices.choices}
    return words


def choice(value, column: str, choices: type[models.TextChoices]) -> str:
    """One of `choices`, written as its value (occupied), its label in Chinese (常住) or English, or a word a
    Chinese ledger uses for it (CHOICE_WORDS_ZH)."""
    raw = _cell_text(value)
    if not raw:
        raise RowError(REQUIRED % {"column": column})
    found = _choice_words(choices).get(raw.lower())
    if found is None:
        raise RowError(UNKNOWN_CHOICE % {"column": column, "value": raw, "choices": ", ".join(choices.values)})
    return found


_PHONE = re.compile(r"[0-9+\-() ]*")
_FLAT = re.compile(r"\s*(\d{1,6})\s*-\s*(\d{1,6})\s*-\s*(\d{1,6})\s*")


def phone(value) -> str:
    result = text(value, "phone", Household._meta.get_field("phone").max_length, required=False)
    if not _PHONE.fullmatch(result):
        raise RowError(BAD_PHONE % {"value": result})
    return result


def floor_area(value) -> Decimal | None:
    """A flat's floor area in m² (`89.5`, `89.50`); empty means not given."""
    result = _cell_text(value)
    if not result:
        return None
    try:
        return services.checked_area(result)
    except ValidationError:
        raise RowError(BAD_AREA % {"value": result, "limit": MAX_FLOOR_AREA}) from None


def flat(value) -> tuple[int, int, int]:
    raw = _cell_text(value)
    if not raw:
        raise RowError(REQUIRED % {"column": "household"})
    match = _FLAT.fullmatch(raw)
    if match is None:
        raise RowError(BAD_FLAT % {"value": raw})
    building, unit, room = (int(part) for part in match.groups())
    return building, unit, room


def receipt_number(value, year: int) -> int | None:
    raw = _cell_text(value)
    if not raw:
        return None
    match = re.fullmatch(r"(?:(\d{4})-)?0*(\d{1,9})", raw)
    if match is None or int(match.group(2)) == 0:
        raise RowError(BAD_RECEIPT % {"value": raw, "year": year})
    if match.group(1) and int(match.group(1)) != year:
        raise RowError(RECEIPT_OTHER_YEAR % {"value": raw, "other": match.group(1), "year": year})
    return int(match.group(2))


# Writing through the services

# The services' field names, as the file's columns call them.
_COLUMN_OF_FIELD = {"receipt_number": "receipt_no", "since": "occupancy"}


def _service_messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        messages = []
        for name, errors in error.error_dict.items():
            column = _COLUMN_OF_FIELD.get(name, name)
            for message in ValidationError(errors).messages:
                messages.append(message if name == "__all__" else f"{column}: {message}")
        return messages
    return list(error.messages)


def _run(
    rows: list[tuple[int, dict]],
    parse: Callable,
    apply: Callable,
    *,
    dry_run: bool,
    summarise: Callable[[Result], None] | None = None,
) -> Result:
    """Parse every row, apply those that parse, and keep it all only if no row had a problem.

    `summarise` reads what was written (the totals) before a dry run is rolled back."""
    result = Result()
    parsed = []
    for line, row in rows:
        try:
            parsed.append((line, parse(line, row)))
        except RowError as error:
            result.problems.append(Problem(line, str(error)))
    try:
        with transaction.atomic():
            for line, values in parsed:
                try:
                    with transaction.atomic():
                        apply(values, result)
                except ValidationError as error:
                    result.problems.extend(Problem(line, message) for message in _service_messages(error))
                except IntegrityError:  # a race with the desk, or a duplicate the checks above did not see
                    result.problems.append(Problem(line, str(CONFLICT)))
            if result.problems:
                result.problems.sort(key=lambda problem: problem.line)
                raise ImportFailed(result.problems)
            if summarise is not None:
                summarise(result)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return result


class _DryRun(Exception):
    """Rolls back a run that only checked the file."""


def import_user(username: str | None = None):
    """The account imported rows are recorded by: the one named (or None), else a locked-out `import` account."""
    users = get_user_model()
    if username:
        return users.objects.filter(username=username).first()
    user, created = users.objects.get_or_create(
        username=IMPORT_USERNAME, defaults={"first_name": "旧台账导入", "is_active": False}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def import_households(path, *, since: date | None = None, dry_run: bool = False) -> Result:
    """New flats are created; a known flat whose owner, phone, occupancy or floor area changed is updated;
    others untouched.

    An occupancy change takes effect from `since` (default today) through `household_set_occupancy`.
    """
    rows = read_rows(path, HOUSEHOLD_COLUMNS, optional=HOUSEHOLD_OPTIONAL_COLUMNS)
    existing = {(h.building, h.unit, h.room): h for h in Household.objects.all()}
    first_line: dict[tuple, int] = {}
    name_limit = Household._meta.get_field("owner_name").max_length

    def parse(line: int, row: dict) -> dict:
        key = tuple(whole_number(row[column], column) for column in ("building", "unit", "room"))
        if key in first_line:
            raise RowError(SAME_FLAT % {"flat": "-".join(map(str, key)), "line": first_line[key]})
        first_line[key] = line
        return {
            "line": line,
            "key": key,
            "owner_name": text(row["owner_name"], "owner_name", name_limit),
            "phone": phone(row["phone"]),
            "occupancy": choice(row["occupancy"], "occupancy", Occupancy),
            "area": floor_area(row["area"]),
        }

    def apply(values: dict, result: Result) -> None:
        household = existing.get(values["key"])
        outcome = {
            "line": values["line"],
            "flat": "-".join(map(str, values["key"])),
            "owner_name": values["owner_name"],
            "phone": values["phone"],
            "occupancy": values["occupancy"],
            "area": "" if values["area"] is None else str(values["area"]),
        }
        result.rows.append(outcome)
        if household is None:
            building, unit, room = values["key"]
            services.household_create(
                building=building,
                unit=unit,
                room=room,
                owner_name=values["owner_name"],
                phone=values["phone"],
                occupancy=values["occupancy"],
                area=values["area"],
            )
            result.created += 1
            outcome["action"] = "created"
            return
        changed = False
        if (household.owner_name, household.phone) != (values["owner_name"], values["phone"]):
            services.household_update(
                household=household, owner_name=values["owner_name"], phone=values["phone"], notes=household.notes
            )
            changed = True
        if values["area"] is not None and household.area != values["area"]:
            services.household_update(
                household=household,
                owner_name=household.owner_name,
                phone=household.phone,
                notes=household.notes,
                area=values["area"],
            )
            changed = True
        if household.occupancy != values["occupancy"]:
            services.household_set_occupancy(
                household=household, occupancy=values["occupancy"], since=since or timezone.localdate()
            )
            changed = True
        if changed:
            result.updated += 1
        else:
            result.unchanged += 1
        outcome["action"] = "updated" if changed else "unchanged"

    def summarise(result: Result) -> None:
        for occupancy in Occupancy.values:
            actions = [row["action"] for row in result.rows if row["occupancy"] == occupancy]
            counts = {action: actions.count(action) for action in ("created", "updated", "unchanged")}
            result.totals.append({"occupancy": occupancy, **counts})

    return _run(rows, parse, apply, dry_run=dry_run, summarise=summarise)


def import_payments(path, *, recorded_by, dry_run: bool = False) -> Result:
    """Each row is one payment, split over the pools like one made at the desk, with its receipt number."""
    rows = read_rows(path, PAYMENT_COLUMNS)
    households = {(h.building, h.unit, h.room): h for h in Household.objects.all()}
    plans = {plan.year: plan for plan in FeePlan.objects.all()}
    seen_rows: dict[tuple, int] = {}
    seen_receipts: dict[tuple, int] = {}

    def parse(line: int, row: dict) -> dict:
        problems = []
        values = {}
        for name, read in (
            ("household", lambda: households.get(flat(row["household"]))),
            ("fee_plan", lambda: _fee_plan(row["fee_year"], plans)),
            ("paid_on", lambda: day(row["paid_on"], "paid_on")),
            ("amount", lambda: amount(row["amount"])),
            ("method", lambda: choice(row["method"], "method", Method)),
        ):
            try:
                values[name] = read()
            except RowError as error:
                problems.append(str(error))
        if "household" in values and values["household"] is None:
            problems.append(str(UNKNOWN_HOUSEHOLD % {"value": _cell_text(row["household"])}))
        if "fee_plan" in values:
            try:
                values["receipt_number"] = receipt_number(row["receipt_no"], values["fee_plan"].year)
            except RowError as error:
                problems.append(str(error))
        if problems:
            raise RowError(" ".join(problems))
        same = tuple(str(values[name]) for name in ("household", "fee_plan", "paid_on", "amount", "method"))
        same += (values["receipt_number"],)
        if same in seen_rows:
            raise RowError(SAME_ROW % {"line": seen_rows[same]})
        seen_rows[same] = line
        if values["receipt_number"] is not None:
            receipt = (values["fee_plan"].year, values["receipt_number"])
            if receipt in seen_receipts:
                raise RowError(
                    RECEIPT_REPEATED % {"value": _cell_text(row["receipt_no"]), "line": seen_receipts[receipt]}
                )
            seen_receipts[receipt] = line
        return {**values, "line": line}

    first_payment: list[int] = []

    def apply(values: dict, result: Result) -> None:
        line = values.pop("line")
        payment = services.payment_record(**values, recorded_by=recorded_by, check_code=False)
        result.created += 1
        if not first_payment:
            first_payment.append(payment.pk)
        result.rows.append(
            {
                "line": line,
                "household": values["household"].label,
                "fee_year": values["fee_plan"].year,
                "paid_on": values["paid_on"].isoformat(),
                "amount": str(values["amount"]),
                "method": values["method"],
                "receipt_no": payment.receipt_no,
            }
        )

    def summarise(result: Result) -> None:
        # Each payment is split over the pools by what the flat still owed; the journal holds the split. From the
        # first payment on, this run holds the posting lock, so every later payment entry is one of its own.
        if first_payment:
            sums = (
                Entry.objects.filter(kind=Kind.PAYMENT, payment_id__gte=first_payment[0])
                .values("fee_plan__year")
                .annotate(count=Count("id"), **{pool: Sum(pool) for pool in POOLS}, total=Sum("amount"))
                .order_by("fee_plan__year")
            )
            result.totals = [_money_row({"year": row.pop("fee_plan__year"), **row}) for row in sums]

    return _run(rows, parse, apply, dry_run=dry_run, summarise=summarise)


AMOUNT_KEYS = (*POOLS, "total")


def _money_row(row: dict) -> dict:
    return {key: str(Decimal(value).quantize(CENT)) if key in AMOUNT_KEYS else value for key, value in row.items()}


def fee_plans_url() -> str:
    return settings.PUBLIC_BASE_URL.rstrip("/") + reverse("ledger:fee_plans")


def _fee_plan(value, plans: dict[int, FeePlan]) -> FeePlan:
    year = whole_number(value, "fee_year")
    if year not in plans:
        raise RowError(NO_FEE_PLAN % {"value": year, "url": fee_plans_url()})
    return plans[year]


def import_expenditures(path, *, recorded_by, dry_run: bool = False) -> Result:
    """Spending that already happened, from the old ledger: posted as approved, whatever its size."""
    rows = read_rows(path, EXPENDITURE_COLUMNS)
    seen_rows: dict[tuple, int] = {}
    payee_limit = Expenditure._meta.get_field("payee").max_length
    description_limit = Expenditure._meta.get_field("description").max_length

    def parse(line: int, row: dict) -> dict:
        problems = []
        values = {}
        for name, read in (
            ("spent_on", lambda: day(row["spent_on"], "spent_on")),
            ("pool", lambda: choice(row["pool"], "pool", Pool)),
            ("payee", lambda: text(row["payee"], "payee", payee_limit)),
            ("amount", lambda: amount(row["amount"])),
            ("description", lambda: text(row["description"], "description", description_limit)),
        ):
            try:
                values[name] = read()
            except RowError as error:
                problems.append(str(error))
        if problems:
            raise RowError(" ".join(problems))
        same = tuple(str(value) for value in values.values())
        if same in seen_rows:
            raise RowError(SAME_ROW % {"line": seen_rows[same]})
        seen_rows[same] = line
        return {**values, "line": line}

    def apply(values: dict, result: Result) -> None:
        line = values.pop("line")
        services.expenditure_record(**values, recorded_by=recorded_by, history=True)
        result.created += 1
        result.rows.append(
            {"line": line, **values, "spent_on": values["spent_on"].isoformat(), "amount": str(values["amount"])}
        )

    def summarise(result: Result) -> None:
        years: dict[int, dict] = {}
        for row in result.rows:
            year = int(row["spent_on"][:4])
            sums = years.setdefault(year, {"count": 0, **dict.fromkeys(POOLS, Decimal(0)), "total": Decimal(0)})
            sums["count"] += 1
            sums[row["pool"]] += Decimal(row["amount"])
            sums["total"] += Decimal(row["amount"])
        result.totals = [_money_row({"year": year, **years[year]}) for year in sorted(years)]

    return _run(rows, parse, apply, dry_run=dry_run, summarise=summarise)


coded(globals())
