"""The committee's quarterly statement (季度收支报表): one context function for its PDF and its XLSX.

Staff only: its income lines name flats and its arrears list names owners. Long lists are cut into
pages here, a fixed number of printed lines each (a long payee or owner name wraps onto a second line
rather than being cut), so every printed page carries its own total and the running total brought forward
(承前页 / 过次页), as a paper ledger does.
"""

import io
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from ledger import figures
from ledger.accounts.selectors import reconciliation
from ledger.journal import fingerprint
from ledger.models import POOLS, Kind, Occupancy, Pool
from repairs.figures import work_orders_completed
from trustmgmt.base.dates import last_day, month_label, next_month, quarter_months, this_month
from trustmgmt.base.money import ZERO, grouped
from trustmgmt.disclosure.budget import budget_context, budget_for_month, budget_sheet

LINES_PER_PAGE = 50
SIGNATURE_LINES = 10  # what the fingerprint and the two signature lines take, in lines of a list


@dataclass(frozen=True)
class Column:
    label: str
    width: int  # percent of the table
    text: Callable[[object], str]
    amount: Callable[[object], Decimal] | None = None  # numeric columns come last and are totalled
    wrap: int | None = None  # half-width places a line holds; longer text goes on to the next line

    @property
    def numeric(self) -> bool:
        return self.amount is not None


@dataclass
class Section:
    """A long list printed as pages of at most LINES_PER_PAGE lines, each page with its total and the running
    total.

    WeasyPrint lays out and draws a table cell by cell: a thousand rows of nine cells took it 15 seconds
    here. So a printed page is one table row whose cells each hold a whole column as preformatted text,
    one line per entry (fixed line height, so the columns stay level): nine text blocks a page instead of
    hundreds of cells, which keeps a 1,143-household statement to a few seconds. An entry whose text is
    too long for its column is wrapped here, and the other columns get blank lines to stay level.
    """

    key: str
    title: str
    columns: list[Column]
    rows: list
    final_label: str
    pages: list[dict] = field(default_factory=list)

    def __post_init__(self):
        self.paginate()

    def paginate(self, room_at_end: int = 0) -> None:
        """Cut the rows into pages, leaving `room_at_end` lines free on the last one (for the signatures)."""
        self.pages = []
        numeric = [column for column in self.columns if column.numeric]
        running = [ZERO] * len(numeric)
        chunks = self._chunks(room_at_end)
        for index, chunk in enumerate(chunks):
            total = [sum((column.amount(row) for row, _ in chunk), ZERO) for column in numeric]
            brought = running
            running = [a + b for a, b in zip(running, total, strict=True)]
            self.pages.append(
                {
                    "number": index + 1,
                    "cells": [
                        (column, "\n".join(line for _, cells in chunk for line in cells[number]))
                        for number, column in enumerate(self.columns)
                    ],
                    "brought_forward": brought if index else None,
                    "total": total,
                    "carried_forward": running,
                    "last": index == len(chunks) - 1,
                }
            )

    def _chunks(self, room_at_end: int) -> list[list[tuple[object, list[list[str]]]]]:
        """The rows, each with its columns' lines (padded to the same height), cut into pages of at most
        LINES_PER_PAGE lines; a page holds at least one row. Always one page, if an empty one."""
        chunks, chunk, height, heights = [], [], 0, []
        for row in self.rows:
            cells = [
                wrap(column.text(row), column.wrap) if column.wrap else [column.text(row)] for column in self.columns
            ]
            lines = max(len(cell) for cell in cells)
            cells = [cell + [""] * (lines - len(cell)) for cell in cells]
            if chunk and height + lines > LINES_PER_PAGE:
                chunks.append(chunk)
                chunk, height = [], 0
            chunk.append((row, cells))
            heights.append(lines)
            height += lines
        # The last page's tail moves to a page of its own when the signatures would not fit under it.
        tail = []
        while room_at_end and len(chunk) > 1 and height > LINES_PER_PAGE - room_at_end:
            tail.insert(0, chunk.pop())
            height -= heights.pop()
        chunks.append(chunk)
        if tail:
            chunks.append(tail)
        return chunks

    @property
    def lead(self) -> int:
        """How many text columns the label of a totals row spans."""
        return sum(1 for column in self.columns if not column.numeric)


def wrap(text: str, width: int) -> list[str]:
    """`text` as lines of at most `width` half-width places (a Chinese character takes two), broken at a
    space where one is near, else between any two characters (as Chinese is)."""
    lines, line, used = [], "", 0
    for character in text:
        size = 2 if unicodedata.east_asian_width(character) in "WF" else 1
        if used + size > width and line:
            space = line.rfind(" ")
            if space > len(line) // 2:  # carry the last word over rather than split it
                lines.append(line[:space])
                line = line[space + 1 :]
            else:
                lines.append(line)
                line = ""
            used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)
        line += character
        used += size
    lines.append(line)
    return [item.rstrip() for item in lines]


def _income_section(lines: list[figures.IncomeLine]) -> Section:
    """Date, receipt and flat share one column: dates and receipt numbers are all the same width, so the
    flats still line up, and a page draws five blocks of text instead of seven."""
    opening = str(dict(Kind.choices)[Kind.OPENING])

    def entry(line):
        day = line.value_date.isoformat()
        if line.kind == Kind.OPENING:
            return f"{day}  {opening}"
        text = f"{day}  {line.receipt_no}  {line.household}"
        return f"{text}  {_('reversed')}" if line.kind == Kind.PAYMENT_REVERSAL else text

    pool_columns = [
        Column(
            str(Pool(code).label),
            14,
            lambda line, code=code: grouped(line.amounts[code]),
            lambda line, code=code: line.amounts[code],
        )
        for code in POOLS
    ]
    columns = [
        Column(_("Date · receipt · flat"), 43, entry),
        *pool_columns,
        Column(_("Amount"), 15, lambda line: grouped(line.amount), lambda line: line.amount),
    ]
    return Section("income", _("Income lines"), columns, lines, _("Total income of the quarter"))


def _spending_section(lines: list[figures.ExpenditureLine]) -> Section:
    def what_for(line):
        return (_("Reversal (红冲):") + " " if line.reversal else "") + line.description

    columns = [
        Column(_("Date"), 12, lambda line: line.spent_on.isoformat()),
        Column(_("Pool"), 12, lambda line: str(line.pool_label)),
        Column(_("Paid to"), 20, lambda line: line.payee, wrap=22),
        Column(_("What for"), 29, what_for, wrap=34),
        Column(_("Work order"), 12, lambda line: line.work_order or "—"),
        Column(_("Voucher"), 6, lambda line: "✓" if line.voucher_on_file else "—"),
        Column(_("Amount"), 13, lambda line: grouped(line.amount), lambda line: line.amount),
    ]
    return Section("spending", _("Spending lines"), columns, lines, _("Total spending of the quarter"))


def _arrears_section(dues: list, year: int | None) -> Section:
    occupancy = dict(Occupancy.choices)
    columns = [
        Column(_("Flat"), 14, lambda due: due.household.label),
        Column(_("Owner"), 22, lambda due: due.household.owner_name, wrap=16),
        Column(_("Occupancy"), 13, lambda due: str(occupancy.get(due.occupancy, due.occupancy))),
        Column(_("Due"), 17, lambda due: grouped(due.total), lambda due: due.total),
        Column(_("Paid"), 17, lambda due: grouped(due.paid), lambda due: due.paid),
        Column(_("Outstanding"), 17, lambda due: grouped(due.outstanding), lambda due: due.outstanding),
    ]
    title = _("Households that have not paid %(year)s in full") % {"year": year}
    return Section("arrears", title, columns, dues, _("Total outstanding"))


def _with_room_for_signatures(sections: list[Section]) -> list[Section]:
    if sections:
        sections[-1].paginate(room_at_end=SIGNATURE_LINES)
    return sections


def statement_context(year: int, quarter: int) -> dict:
    """Everything the statement prints. About ten queries, whatever the size of the quarter."""
    if not 1 <= quarter <= 4:
        raise Http404("no such quarter")
    first, last = quarter_months(year, quarter)
    if first > this_month():
        raise Http404("a quarter that has not begun")
    last = min(last, this_month())
    opening = figures.month_flows(first)
    totals = figures.monthly_totals(first, last)
    published = figures.publications()
    if not totals and first not in published:
        raise Http404("nothing disclosed in this quarter")
    pools = []
    for flow in opening:
        income = sum((totals[m].get("income", {}).get(flow.code, ZERO) for m in totals), ZERO)
        spent = sum((totals[m].get("expenditure", {}).get(flow.code, ZERO) for m in totals), ZERO)
        moved = sum((totals[m].get("transfer", {}).get(flow.code, ZERO) for m in totals), ZERO)  # advances
        pools.append(
            {
                "code": flow.code,
                "label": Pool(flow.code).label,
                "opening": flow.opening,
                "income": income,
                "expenditure": spent,
                "closing": flow.opening + income - spent + moved,
            }
        )
    pool_totals = {
        key: sum((pool[key] for pool in pools), ZERO) for key in ("opening", "income", "expenditure", "closing")
    }
    income = figures.income_lines(first, last)
    spending = figures.expenditure_lines(first, last)
    orders = work_orders_completed(first, last_day(last))
    plan = figures.fee_plan_for_month(last)
    collection = figures.collection(plan, as_of=last) if plan else None
    buildings = figures.collection_by_building(plan, as_of=last) if plan else []
    arrears = list(figures.arrears(plan, as_of=last)) if plan else []
    months = []
    month = first
    while month <= last:
        months.append(month)
        month = next_month(month)
    return {
        "year": year,
        "quarter": quarter,
        "first": first,
        "last": last,
        "period_label": _("%(first)s to %(last)s") % {"first": month_label(first), "last": month_label(last)},
        "final": all(m in published for m in months),
        "pools": pools,
        "pool_codes": POOLS,
        "totals": pool_totals,
        "income": income,
        "income_total": sum((line.amount for line in income), ZERO),
        "spending": spending,
        "spending_total": sum((line.amount for line in spending), ZERO),
        "work_orders": orders,
        "work_orders_cost": sum((order.cost for order in orders), ZERO),
        "collection": collection,
        "buildings": buildings,
        "arrears": arrears,
        "arrears_total": sum((due.outstanding for due in arrears), ZERO),
        "sections": _with_room_for_signatures(
            [
                section
                for section in (
                    _income_section(income),
                    _spending_section(spending),
                    _arrears_section(arrears, plan.year if plan else None),
                )
                if section.rows
            ]
        ),
        "fee_year": plan.year if plan else None,
        "budget": budget_context(budget_for_month(plan, last)),  # the fee year's budget at the quarter's end
        # The bank reconciliation of each month (银行存款余额调节表), every reconciling item listed.
        "reconciliations": [reconciliation(m) for m in months],
        "fingerprint": fingerprint(),
        "printed_at": timezone.localtime(),
        "kind_labels": dict(Kind.choices),
        "complex_name": settings.COMPLEX_NAME,
        "occupancy_labels": dict(Occupancy.choices),
    }


def statement_xlsx(context: dict) -> bytes:
    """The same statement as a workbook: one sheet per part, amounts as numbers with two places."""
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    money_format = "#,##0.00"

    def cells(worksheet, values, money_columns, *, strong=False):
        row = []
        for index, value in enumerate(values):
            cell = WriteOnlyCell(worksheet, value=value)
            if index in money_columns and isinstance(value, Decimal):
                cell.number_format = money_format
            if strong:
                cell.font = bold
            row.append(cell)
        return row

    def add_sheet(title, header, rows, money_columns, footer=None):
        worksheet = workbook.create_sheet(title)
        worksheet.freeze_panes = "A2"
        worksheet.append(cells(worksheet, header, set(), strong=True))
        for values in rows:
            worksheet.append(cells(worksheet, values, money_columns))
        if footer:
            worksheet.append(cells(worksheet, footer, money_columns, strong=True))

    pool_labels = [str(Pool(code).label) for code in POOLS]
    add_sheet(
        _("Summary"),
        [_("Pool"), _("Opening"), _("Income"), _("Spending"), _("Closing")],
        [[str(p["label"]), p["opening"], p["income"], p["expenditure"], p["closing"]] for p in context["pools"]],
        {1, 2, 3, 4},
        footer=[_("All pools"), *(context["totals"][k] for k in ("opening", "income", "expenditure", "closing"))],
    )
    income_rows = [
        [
            line.value_date,
            str(context["kind_labels"].get(line.kind, line.kind)),
            line.receipt_no,
            line.household,
            line.fee_year,
            *(line.amounts[code] for code in POOLS),
            line.amount,
        ]
        for line in context["income"]
    ]
    add_sheet(
        _("Income"),
        [_("Date"), _("Kind"), _("Receipt"), _("Flat"), _("Fee year"), *pool_labels, _("Amount")],
        income_rows,
        {5, 6, 7, 8},
        footer=[_("Total"), "", "", "", "", "", "", "", context["income_total"]],
    )
    add_sheet(
        _("Spending"),
        [_("Date"), _("Pool"), _("Paid to"), _("What for"), _("Work order"), _("Voucher"), _("Amount")],
        [
            [
                line.spent_on,
                str(line.pool_label),
                line.payee,
                (_("Reversal (红冲):") + " " if line.reversal else "") + line.description,
                line.work_order,
                _("on file") if line.voucher_on_file else _("not on file"),
                line.amount,
            ]
            for line in context["spending"]
        ],
        {6},
        footer=[_("Total"), "", "", "", "", "", context["spending_total"]],
    )
    add_sheet(
        _("Repairs"),
        [_("Work order"), _("Kind"), _("Where"), _("Reported"), _("Done"), _("Days"), _("Cost")],
        [
            [o.number, o.category_label, o.location, o.reported_on, o.completed_on, o.days, o.cost]
            for o in context["work_orders"]
        ],
        {6},
        footer=[_("Total"), "", "", "", "", "", context["work_orders_cost"]],
    )
    add_sheet(
        _("Collection"),
        [_("Building"), _("Households"), _("Paid in full"), _("Rate")],
        [
            [building, rate.households, rate.paid, Decimal(rate.rate) if rate.rate else None]
            for building, rate in context["buildings"]
        ],
        set(),
    )
    add_sheet(
        _("Arrears"),
        [_("Flat"), _("Owner"), _("Occupancy"), _("Due"), _("Paid"), _("Outstanding")],
        [
            [
                due.household.label,
                due.household.owner_name,
                str(context["occupancy_labels"].get(due.occupancy, due.occupancy)),
                due.total,
                due.paid,
                due.outstanding,
            ]
            for due in context["arrears"]
        ],
        {3, 4, 5},
        footer=[_("Total"), "", "", "", "", context["arrears_total"]],
    )
    if context["budget"]:
        add_sheet(_("Budget"), *budget_sheet(context["budget"]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
