"""Public electricity in public (`/disclosure/electricity/` and `.json`, and a block on each month's page): each
meter's use, cost and cost per kWh month by month over two years, a chart per meter, and the months that used
far more than usual once the steward or the committee has explained them.

How use, cost, missing months and flags are counted is written once, in `repairs.electricity.selectors`. A
flagged month is shown here only with its explanation; before that it is on the staff page. No names: a meter is
a facility, a bill is the grid company's, the expenditure is public spending.

One function makes the data (`electricity_data`); the page renders the same data, so the two cannot disagree.
Four queries whatever the number of meters and months (`selectors.usage`) plus one for the window's end.
"""

import json
from datetime import date
from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from repairs.electricity import selectors
from trustmgmt.base.dates import month_label
from trustmgmt.base.money import ZERO, as_text
from trustmgmt.disclosure import charts

MONTHS_SHOWN = 24


def _text(value) -> str | None:
    return None if value is None else as_text(value)


def _month_row(row: selectors.MonthUse) -> dict:
    explained = row.explanation is not None
    return {
        "period": f"{row.month:%Y-%m}",
        "status": row.status,
        "read_on": row.reading.read_on.isoformat() if row.reading else None,
        "reading": _text(row.reading.reading) if row.reading else None,
        "replacement": bool(row.reading and row.reading.replacement),
        "kwh": _text(row.kwh),
        "months": row.months if row.kwh is not None else None,
        "covered_by": f"{row.covered_by:%Y-%m}" if row.covered_by else None,
        "billed_kwh": _text(row.bill.kwh) if row.bill else None,
        "cost": _text(row.cost),
        "cost_per_kwh": None if row.cost_per_kwh is None else str(row.cost_per_kwh),
        "expenditure_id": row.bill.expenditure_id if row.bill else None,
        "paid_on": row.bill.expenditure.spent_on.isoformat() if row.bill else None,
        # Public once explained: the rules that fired and the explanation.
        "flag": {
            "rules": list(row.rules),
            "explanation": row.explanation.text,
            "explained_on": row.explanation.at.date().isoformat(),
        }
        if explained
        else None,
    }


def _meter(use: selectors.MeterUse) -> dict:
    measured = [row for row in use.months if row.kwh is not None]
    return {
        "id": use.meter.pk,
        "name": use.meter.name,
        "place": use.meter.place,
        "serves": use.meter.serves,
        "kwh": as_text(sum((row.kwh for row in measured), ZERO)),
        "cost": as_text(sum((row.cost for row in use.months if row.cost is not None), ZERO)),
        "months": [_month_row(row) for row in use.months],
    }


def electricity_data(today: date | None = None) -> dict:
    """The last 24 months up to the latest with a reading or a bill, as open data (amounts and kWh as strings)."""
    first, through = selectors.window(selectors.last_month_with_data(today or timezone.localdate()), MONTHS_SHOWN)
    uses = selectors.usage(first, through)
    return {
        "currency": "CNY",
        "unit": "kWh",
        "from": f"{first:%Y-%m}",
        "through": f"{through:%Y-%m}",
        "cost_per_kwh_places": 4,
        "meters": [_meter(use) for use in uses],
        "totals": [
            {
                "period": f"{row['month']:%Y-%m}",
                "kwh": as_text(row["kwh"]),
                "complete": row["complete"],
                "cost": as_text(row["cost"]),
            }
            for row in selectors.month_totals(uses)
        ],
    }


def month_block(month: date) -> dict:
    """One month's electricity for the month's page and JSON: each meter's use, cost and explained flag."""
    uses = selectors.usage(month, month)
    meters = []
    for use in uses:
        row = _month_row(use.months[0])
        if row["status"] != "none":
            meters.append({"id": use.meter.pk, "name": use.meter.name, "serves": use.meter.serves, **row})
    return {"period": f"{month:%Y-%m}", "meters": meters}


def _chart_rows(meter: dict) -> list[dict]:
    return [
        {
            "period": row["period"],
            "status": row["status"],
            "kwh": None if row["kwh"] is None else Decimal(row["kwh"]),
            "months": row["months"],
            "flagged": row["flag"] is not None,
        }
        for row in meter["months"]
    ]


@require_GET
def electricity_page(request: HttpRequest) -> HttpResponse:
    data = electricity_data()
    meters = [
        {
            **meter,
            "chart": charts.electricity_chart(meter["name"], _chart_rows(meter)),
            "newest_first": list(reversed(meter["months"])),
        }
        for meter in data["meters"]
    ]
    context = {
        "data": data,
        "meters": meters,
        "explained": [
            (meter, row) for meter in data["meters"] for row in reversed(meter["months"]) if row["flag"] is not None
        ],
        "from_label": month_label(date.fromisoformat(f"{data['from']}-01")),
        "through_label": month_label(date.fromisoformat(f"{data['through']}-01")),
    }
    return render(request, "disclosure/electricity.html", context)


@require_GET
def electricity_json(request: HttpRequest) -> HttpResponse:
    body = json.dumps(electricity_data(), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"  # open data, like the months
    return response
