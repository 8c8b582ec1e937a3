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
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from ledger import budget_figures
from ledger.budgets import covering_fees
from ledger.models import Budget, FeePlan, Occupancy, Pool
from ledger.money import ZERO
from trustmgmt.disclosure import charts

POOL_LABELS = dict(Pool.choices)
OVER_COLOUR = "#a61b1b"


def _money(amount: Decimal) -> str:
    return f"{amount:.2f}"


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
        "expected_collection": {
            occupancy: {
                "households": getattr(budget, f"households_{occupancy}"),
                "rate": str(getattr(budget, f"expected_rate_{occupancy}")),
                "fee": _money(fee_plan.total(occupancy)),
            }
            for occupancy in Occupancy.values
        },
        "pools": [
            {
                "code": pool.code,
                "fee_occupied": _money(fee_plan.amounts(Occupancy.OCCUPIED)[pool.code]),
                "fee_vacant": _money(fee_plan.amounts(Occupancy.VACANT)[pool.code]),
                "fee_to_cover": _money(fees[pool.code]) if fees[pool.code] is not None else None,
                "planned_income": _money(pool.planned_income),
                "actual_income": _money(pool.actual_income),
                "collected": pool.collected,
                "planned_expenditure": _money(pool.planned_expenditure),
                "actual_expenditure": _money(pool.actual_expenditure),
                "used": pool.used,
                "over_budget": pool.over_budget,
                "unplanned_expenditure": _money(pool.unplanned),
                "lines": [
                    {
                        "item": item.line.label,
                        "payee": item.line.payee,
                        "planned": _money(item.line.amount),
                        "actual": _money(item.actual) if item.actual is not None else None,
                        "used": item.used,
                        "over_budget": item.over_budget,
                        "basis": item.line.basis,
                    }
                    for item in pool.lines
                ],
            }
            for pool in pools
        ],
        "totals": {
            **{field: _money(amount) for field, amount in totals.items()},
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
                {**line, "planned": Decimal(line["planned"]), "actual": _decimal(line["actual"])}
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
        "over_budget": any(pool["over_budget"] for pool in pools),
        "chart": budget_chart(pools),
        "urls": budget_urls(data["fee_year"]),
    }


def budget_urls(year: int) -> dict[str, str]:
    return {
        "page": reverse("disclosure:budget", kwargs={"year": f"{year:04d}"}),
        "json": reverse("disclosure:budget_json", kwargs={"year": f"{year:04d}"}),
    }


def budget_chart(pools: list[dict]) -> SafeString:
    """Per pool, spending so far against the planned spending: the plan as an outlined bar, the actual as a
    filled one (red when over the plan), each with its amount and share."""
    width, bar, label_room, top = 360, 16, 150, 28  # room right of the longest bar for "5,328.85 (102.9%)"
    group = 22 + 2 * bar + 4 + 12
    height = top + group * len(pools)
    scale_max = max(
        [pool["planned_expenditure"] for pool in pools] + [pool["actual_expenditure"] for pool in pools] + [Decimal(1)]
    )
    usable = Decimal(width - label_room)
    body = charts._legend(
        14,
        [
            (_("Planned"), {"fill": charts.MUTED, "stroke": charts.MUTED, "opacity": "0.15"}),
            (_("Spent"), {"fill": charts.MUTED}),
        ],
    )
    y = top
    for pool in pools:
        colour = charts.POOL_COLOURS.get(pool["code"], charts.MUTED)
        body.append(charts._text(0, y + 15, pool["label"], weight="700", fill=colour))
        planned, spent = pool["planned_expenditure"], pool["actual_expenditure"]
        spent_colour = OVER_COLOUR if pool["over_budget"] else colour
        share = charts_share(pool["used"])
        for offset, amount, style, note in (
            (22, planned, {"fill": colour, "stroke": colour, "opacity": "0.15"}, ""),
            (22 + bar + 4, spent, {"fill": spent_colour}, share),
        ):
            length = usable * amount / scale_max if amount > 0 else Decimal(0)
            body.append(charts._rect(0, y + offset, max(length, Decimal(1)), bar, **style))
            text = f"{charts._yuan(amount)} {note}".strip()
            body.append(charts._text(length + 5, y + offset + 13, text, size=13, fill=charts.MUTED))
        y += group
    return charts._svg(width, height, _("Spending so far against the budget, by pool"), body, "chart-budget")


def charts_share(rate: str | None) -> str:
    if rate is None:
        return ""
    return f"({Decimal(rate) * 100:.1f}%)"


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
