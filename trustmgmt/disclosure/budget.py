"""The open budget (开放式预算) as published: the fee year's approved budget beside its actuals.

`budget_data` is the JSON served at /disclosure/<yyyy>/budget.json and stored in a month's document (as
of that month's end, so a published month keeps the budget-against-actual it was published with).
`budget_context` turns it into what the partial `disclosure/parts/budget.html` shows, in the page, the
notice and the quarterly statement alike. No personal data: who approved it is not named.
"""

from datetime import date, datetime
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ledger import figures
from ledger.budgets import selectors as budget_figures
from ledger.budgets.services import covering_fees
from ledger.models import Budget, FeePlan, Occupancy, Pool
from ledger.models.budgets import history_sentence
from trustmgmt.base.money import ZERO, as_text
from trustmgmt.disclosure import charts
from trustmgmt.disclosure.approval import approval_of

POOL_LABELS = dict(Pool.choices)


def budget_data(fee_plan: FeePlan | None, as_of: date) -> dict | None:
    """The fee year's budget in force against its actuals through month `as_of`; None without an
    approved budget. Four queries."""
    budget = budget_figures.budget_in_force(fee_plan)
    if budget is None:
        return None
    actual = budget_figures.actuals(fee_plan, as_of=as_of)
    pools = budget_figures.against_actual(budget, actual)
    fees = covering_fees(budget, {pool.code: pool.planned_expenditure for pool in pools})
    totals = {
        field: sum((getattr(pool, field) for pool in pools), ZERO)
        for field in ("planned_income", "actual_income", "planned_expenditure", "actual_expenditure")
    }
    return {
        "fee_year": fee_plan.year,
        "currency": "CNY",
        "version": budget.version,
        "approved_on": timezone.localdate(budget.approved_at).isoformat(),
        "starts_on": fee_plan.starts_on.isoformat(),
        "ends_on": fee_plan.ends_on.isoformat(),
        "as_of": actual.as_of.strftime("%Y-%m"),
        "history_years": budget.history_years,
        "approval": approval_of(budget.decision_id),
        "fee_plan_approval": approval_of(fee_plan.decision_id),
        "expected_collection": {
            occupancy: {
                "households": getattr(budget, f"households_{occupancy}"),
                "rate": str(getattr(budget, f"expected_rate_{occupancy}")),
                "fee": as_text(fee_plan.total(occupancy)),
            }
            for occupancy in Occupancy.values
        },
        "pools": [
            {
                "code": pool.code,
                "fee_occupied": as_text(fee_plan.amounts(Occupancy.OCCUPIED)[pool.code]),
                "fee_vacant": as_text(fee_plan.amounts(Occupancy.VACANT)[pool.code]),
                "fee_to_cover": as_text(fees[pool.code]) if fees[pool.code] is not None else None,
                "planned_income": as_text(pool.planned_income),
                "actual_income": as_text(pool.actual_income),
                "collected": pool.collected,
                "planned_expenditure": as_text(pool.planned_expenditure),
                "actual_expenditure": as_text(pool.actual_expenditure),
                "used": pool.used,
                "over_budget": pool.over_budget,
                "unplanned_expenditure": as_text(pool.unplanned),
                "lines": [
                    {
                        "item": item.line.label,
                        "payee": item.line.payee,
                        "planned": as_text(item.line.amount),
                        "actual": as_text(item.actual) if item.actual is not None else None,
                        "used": item.used,
                        "over_budget": item.over_budget,
                        "basis": item.line.basis_text(),
                        "history": item.line.history,
                        "note": item.line.basis,
                    }
                    for item in pool.lines
                ],
            }
            for pool in pools
        ],
        "totals": {
            **{field: as_text(amount) for field, amount in totals.items()},
            "used": budget_figures.share(totals["actual_expenditure"], totals["planned_expenditure"]),
        },
    }


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def budget_context(data: dict | None) -> dict | None:
    """What the budget partial shows, from `budget_data` (as served, or as a month's document stored it)."""
    if not data:
        return None
    money = ("planned_income", "actual_income", "planned_expenditure", "actual_expenditure")
    pools = [
        {
            **pool,
            "label": POOL_LABELS[pool["code"]],
            **{field: Decimal(pool[field]) for field in (*money, "unplanned_expenditure", "fee_occupied")},
            "fee_to_cover": _decimal(pool["fee_to_cover"]),
            "lines": [
                {**line, "planned": Decimal(line["planned"]), "actual": _decimal(line["actual"]), "basis": _basis(line)}
                for line in pool["lines"]
            ],
        }
        for pool in data["pools"]
    ]
    return {
        **data,
        "pools": pools,
        "totals": {**{field: Decimal(data["totals"][field]) for field in money}, "used": data["totals"]["used"]},
        "as_of_month": datetime.strptime(data["as_of"], "%Y-%m").date(),
        "history_year_list": [year for year in data["history_years"].split(", ") if year],
        "over_budget": any(pool["over_budget"] for pool in pools),
        "chart": charts.budget_chart(pools),
        "urls": budget_urls(data["fee_year"]),
    }


def _basis(line: dict) -> str:
    """The basis in the reader's language where the figures behind it are stored (documents published before
    they were kept only have the text)."""
    if "history" not in line:
        return line["basis"]
    return " ".join(part for part in (history_sentence(line["history"]), line["note"]) if part)


def budget_urls(year: int) -> dict[str, str]:
    return {
        "page": reverse("disclosure:budget", kwargs={"year": f"{year:04d}"}),
        "json": reverse("disclosure:budget_json", kwargs={"year": f"{year:04d}"}),
    }


def budget_for_month(fee_plan: FeePlan | None, month: date) -> dict | None:
    """What a month's document carries: the budget of the fee year containing it, as of its end."""
    return budget_data(fee_plan, month) if fee_plan is not None else None


def approved_budget_years() -> list[str]:
    """The fee years with an approved budget, newest first, as URL parts. One query."""
    years = Budget.objects.approved().order_by("-fee_plan__year").values_list("fee_plan__year", flat=True)
    return [f"{year:04d}" for year in dict.fromkeys(years)]


def budget_sheet(budget: dict) -> tuple[list, list, set, list]:
    """The statement workbook's budget sheet, from `budget_context`: header, rows, money columns, footer."""

    def rate(value: str | None) -> Decimal | None:
        return None if value is None else Decimal(value)

    over = _("Over budget")
    header = [
        _("Pool"),
        _("Item"),
        _("Planned spending"),
        _("Spent so far"),
        _("Used"),
        _("Planned income"),
        _("Received so far"),
        "",
    ]
    rows = []
    for pool in budget["pools"]:
        rows.append(
            [
                str(pool["label"]),
                _("Pool total"),
                pool["planned_expenditure"],
                pool["actual_expenditure"],
                rate(pool["used"]),
                pool["planned_income"],
                pool["actual_income"],
                over if pool["over_budget"] else "",
            ]
        )
        for line in pool["lines"]:
            used = rate(line["used"])
            flag = over if line["over_budget"] else ""
            rows.append([str(pool["label"]), line["item"], line["planned"], line["actual"], used, None, None, flag])
    totals = budget["totals"]
    footer = [
        _("All pools"),
        "",
        totals["planned_expenditure"],
        totals["actual_expenditure"],
        rate(totals["used"]),
        totals["planned_income"],
        totals["actual_income"],
        "",
    ]
    return header, rows, {2, 3, 5, 6}, footer


def fee_plan_in_force() -> dict | None:
    """The fee year containing today (else the latest), as the home page states it: each pool's amount for an
    occupied and for a vacant flat, and their totals. One query."""
    plan = figures.current_fee_plan()
    if plan is None:
        return None
    return {
        "year": plan.year,
        "occupied": plan.amounts(Occupancy.OCCUPIED),
        "vacant": plan.amounts(Occupancy.VACANT),
        "total_occupied": plan.total(Occupancy.OCCUPIED),
        "total_vacant": plan.total(Occupancy.VACANT),
    }
