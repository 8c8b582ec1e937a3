"""One context function per public document, feeding both its HTML page and its PDF."""

from datetime import date, datetime
from decimal import Decimal
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from ledger import figures
from ledger.models import Pool
from ledger.public_journal import SHORT, grouped
from repairs.figures import median_days
from repairs.models import Category
from trustmgmt.base.dates import month_label, short_month_label, this_month
from trustmgmt.base.money import ZERO, percent_text
from trustmgmt.base.pdf import qr_svg
from trustmgmt.disclosure import charts, rows
from trustmgmt.disclosure.account import account_years
from trustmgmt.disclosure.budget import approved_budget_years, budget_context
from trustmgmt.disclosure.document import PUBLISHED
from trustmgmt.disclosure.reconciliation import money_place_context

# Lazy labels, looked up by code: going through the enums costs more than the rest of a row.
POOL_LABELS = dict(Pool.choices)
CATEGORY_LABELS = dict(Category.choices)


def _category_label(code: str, fallback: str) -> str:
    label = CATEGORY_LABELS.get(code)
    return str(label) if label is not None else fallback


def buildings_blocks(buildings: list[dict], *, per_column: int = 40, groups: int = 3) -> list[list[list[str]]]:
    """The per-building rates for print: tables of `groups` side by side, each group four columns of
    text with one line per building (see `statement.Section` for why text columns: WeasyPrint lays out
    a table of hundreds of cells many times slower)."""
    label = _("Building %(building)s")
    lines = [
        (label % {"building": row["building"]}, str(row["households"]), str(row["paid"]), percent_text(row["rate"]))
        for row in buildings
    ]
    per_table = per_column * groups
    tables = []
    for start in range(0, len(lines), per_table):
        chunk = lines[start : start + per_table]
        size = -(-len(chunk) // groups)
        tables.append(
            [
                ["\n".join(line[column] for line in chunk[index : index + size]) for column in range(4)]
                for index in range(0, len(chunk), size)
            ]
        )
    return tables


def month_urls(month: date) -> dict[str, str]:
    args = {"year": f"{month.year:04d}", "month": f"{month.month:02d}"}
    return {
        "page": reverse("disclosure:month", kwargs=args),
        "json": reverse("disclosure:month_json", kwargs=args),
        "pdf": reverse("disclosure:month_pdf", kwargs=args),
    }


def fingerprint_check(fingerprint: str, *, for_pdf: bool = False) -> dict:
    """The short fingerprint in groups of four (to read aloud), and where anyone checks it: a QR code on paper."""
    check_url = f"{reverse('verify:fingerprint')}?{urlencode({'fingerprint': fingerprint[:SHORT]})}"
    public_check_url = settings.PUBLIC_BASE_URL + check_url
    return {
        "fingerprint_short": grouped(fingerprint),
        "fingerprint_check_url": check_url,
        "fingerprint_check_public_url": public_check_url,
        "fingerprint_qr": qr_svg(public_check_url) if for_pdf else None,
        "verifier_url": reverse("disclosure:verifier"),
        "receipt_check_url": settings.PUBLIC_BASE_URL + reverse("verify:receipt_start"),
        "household_lookup_url": settings.PUBLIC_BASE_URL + reverse("verify:household"),
        "disclosure_root": settings.PUBLIC_BASE_URL + reverse("disclosure:index"),
    }


def month_context(document: dict, *, fingerprint_now: str, for_pdf: bool = False) -> dict:
    """What the month's page and its notice show, from the month's document (`document.month_document`)."""
    month = datetime.strptime(document["period"], "%Y-%m").date()
    pools = [
        {
            "code": pool["code"],
            "label": POOL_LABELS[pool["code"]],
            **{field: Decimal(pool[field]) for field in ("opening", "income", "expenditure", "closing")},
        }
        for pool in document["pools"]
    ]
    totals = {
        field: sum((pool[field] for pool in pools), ZERO) for field in ("opening", "income", "expenditure", "closing")
    }
    expenditures = [
        {
            **line,
            "spent_on": date.fromisoformat(line["spent_on"]),
            "amount": Decimal(line["amount"]),
            "pool_label": POOL_LABELS[line["pool"]],
        }
        for line in document["expenditures"]
    ]
    orders = [
        {
            **order,
            "category_label": _category_label(order["category"], order.get("category_label", "")),
            "reported_on": date.fromisoformat(order["reported_on"]),
            "completed_on": date.fromisoformat(order["completed_on"]),
            "cost": Decimal(order["cost"]),
        }
        for order in document["work_orders"]
    ]
    trend = [
        {
            "period": row["period"],
            "month": datetime.strptime(row["period"], "%Y-%m").date(),
            **{field: Decimal(row[field]) for field in ("income", "expenditure", "closing")},
        }
        for row in document["trend"]
    ]
    collection = document["collection"]
    if collection:
        collection = {
            "fee_year": collection["fee_year"],
            **{key: collection[key] for key in ("occupied", "vacant", "all") if key in collection},
        }
    published = document["status"] == PUBLISHED
    urls = month_urls(month)
    public_url = settings.PUBLIC_BASE_URL + urls["page"]
    return {
        "document": document,
        "month": month,
        "month_label": month_label(month),
        "published": published,
        "published_at": datetime.fromisoformat(document["published_at"]) if published else None,
        "pools": pools,
        "totals": totals,
        "expenditures": expenditures,
        "expenditure_total": sum((line["amount"] for line in expenditures), ZERO),
        "work_orders": orders,
        "work_orders_cost": sum((order["cost"] for order in orders), ZERO),
        "work_orders_median_days": median_days([(o["completed_on"] - o["reported_on"]).days for o in orders]),
        "collection": collection,
        "buildings": bool(document["collection_by_building"]),
        "buildings_rows": rows.building_rows(document["collection_by_building"]),
        "expenditure_rows": rows.expenditure_rows(expenditures, links=not for_pdf),
        "work_order_rows": rows.work_order_rows(orders),
        "trend": trend,
        "charts": {
            "pools": charts.pool_flows_chart(pools),
            "trend": charts.trend_chart(trend),
            "balance": charts.balance_chart(trend),
        },
        "fingerprint": document["ledger_fingerprint"],
        "fingerprint_now": fingerprint_now,
        **fingerprint_check(document["ledger_fingerprint"], for_pdf=for_pdf),
        "urls": urls,
        "public_url": public_url,
        "qr": qr_svg(public_url) if for_pdf else None,
        "buildings_blocks": buildings_blocks(document["collection_by_building"]) if for_pdf else None,
        "complex_name": document.get("complex") or settings.COMPLEX_NAME,
        "budget": budget_context(document.get("budget")),  # None in months published before budgets
        **money_place_context(document),
    }


def index_context() -> dict:
    """Every month with a disclosure, newest first, this fee year's collection so far, and the years with an
    approved budget or a year-end account. Seven queries."""
    published = figures.publications()
    totals = figures.monthly_totals(date(2000, 1, 1), this_month())
    months = sorted(set(totals) | set(published))
    rows, balance = [], ZERO
    for month in months:
        flows = totals.get(month, {})
        income = sum(flows.get("income", {}).values(), ZERO)
        spent = sum(flows.get("expenditure", {}).values(), ZERO)
        balance = balance + income - spent
        rows.append(
            {
                "month": month,
                "label": month_label(month),
                "short_label": short_month_label(month),
                "urls": month_urls(month),
                "income": income,
                "expenditure": spent,
                "closing": balance,
                "published": month in published,
            }
        )
    rows.reverse()
    years: list[dict] = []
    for row in rows:
        if not years or years[-1]["year"] != row["month"].year:
            years.append({"year": row["month"].year, "months": []})
        years[-1]["months"].append(row)
    plan = figures.fee_plan_for_month(this_month())
    collection = None
    if plan is not None:
        current = figures.collection(plan)
        collection = {
            "fee_year": current.fee_year,
            **{
                key: {
                    "households": rate.households,
                    "paid": rate.paid,
                    "rate": rate.rate,
                }
                for key, rate in (("occupied", current.occupied), ("vacant", current.vacant), ("all", current.all))
            },
        }
    latest = rows[0] if rows else None
    return {
        "years": years,
        "latest": latest,
        "collection": collection,
        "balance": latest["closing"] if latest else ZERO,
        "title": _("Disclosure of accounts"),
        "budget_years": approved_budget_years(),
        "account_years": account_years(),
    }
