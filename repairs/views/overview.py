"""The repairs overview: what is still open, how fast repairs are done, what they cost per month."""

from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from repairs import figures
from repairs.faults import selectors as fault_selectors
from repairs.models import Category
from trustmgmt.base.dates import add_months, month_start
from trustmgmt.base.money import ZERO
from trustmgmt.base.roles import permission_required


def _months_back(today: date, count: int) -> list[date]:
    this = month_start(today)
    return [add_months(this, -back) for back in range(count - 1, -1, -1)]


@permission_required("repairs.view_workorder")
def overview(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    months = _months_back(today, 12)
    first_day = months[0]
    costs = figures.monthly_cost(first_day, today)
    open_orders = figures.open_orders(today)
    categories = [(code, label) for code, label in Category.choices]
    rows = [
        {
            "month": month,
            "costs": [costs.get(month, {}).get(code, ZERO) for code, _label in categories],
            "total": sum(costs.get(month, {}).values(), ZERO),
        }
        for month in months
    ]
    totals = [sum((row["costs"][i] for row in rows), ZERO) for i in range(len(categories))]
    context = {
        "open_orders": open_orders,
        "contract_ending": figures.contract_ending(today),
        "awaiting": figures.awaiting_charge_approval().count(),
        "reports_waiting": fault_selectors.pending_count(),
        "oldest": open_orders[:10],
        "over_a_week": sum(1 for order in open_orders if order.age > 7),
        "times": figures.repair_times(first_day, today),
        "categories": categories,
        "rows": rows,
        "totals": totals,
        "grand_total": sum(totals, ZERO),
        "first_day": first_day,
        "today": today,
    }
    return render(request, "repairs/overview.html", context)
