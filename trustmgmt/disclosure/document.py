"""The month's disclosure as one JSON document: what the JSON URL serves, what a publication stores,
and what the page and the notice are drawn from.

A month is computed live from the ledger (`ledger.figures`) and the repairs register while it is open
(status "provisional", 未定稿). `month_publish` stores the document built here in `Publication.document`;
from then on the month is served from that stored copy, so it never changes and costs one query whatever
the size of the ledger. Field names are fixed by DESIGN.md ("Interfaces that must stay stable"): fields
may be added, never renamed. Amounts are strings with two places, rates strings with four, dates ISO.
"""

from datetime import date
from decimal import Decimal
from functools import partial

from django.conf import settings
from django.utils import timezone, translation

from ledger import figures
from ledger.journal import fingerprint
from repairs.figures import median_days, work_orders_completed
from trustmgmt.base.dates import add_months, last_day
from trustmgmt.base.money import ZERO, as_text
from trustmgmt.disclosure.budget import budget_for_month
from trustmgmt.disclosure.reconciliation import advances_data, overdrawn_data, reconciliation_data

PROVISIONAL = "provisional"
PUBLISHED = "published"
TREND_MONTHS = 12


class MonthNotFound(LookupError):
    """A month that has no disclosure: not published and nothing disclosed in it."""


def _text_or_none(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _rate(rate: figures.Rate) -> dict:
    return {"households": rate.households, "paid": rate.paid, "rate": rate.rate}


def _trend(month: date, closing: Decimal, totals: dict) -> list[dict]:
    """Income, spending and closing balance of the twelve months that end with `month`.

    `totals` is `figures.monthly_totals` over those months. Each earlier closing follows from the later
    one: closing(m-1) = closing(m) - income(m) + spending(m). Months before the ledger began (nothing in
    them, nothing before them) are left out.
    """
    rows = []
    current, balance = month, closing
    for _step in range(TREND_MONTHS):
        flows = totals.get(current, {})
        income = sum(flows.get("income", {}).values(), ZERO)
        spent = sum(flows.get("expenditure", {}).values(), ZERO)
        rows.append({"period": current, "income": income, "expenditure": spent, "closing": balance})
        balance = balance - income + spent
        current = add_months(current, -1)
    rows.reverse()
    while len(rows) > 1 and not (rows[0]["income"] or rows[0]["expenditure"] or rows[0]["closing"]):
        rows.pop(0)
    return [
        {
            "period": row["period"].strftime("%Y-%m"),
            "income": as_text(row["income"]),
            "expenditure": as_text(row["expenditure"]),
            "closing": as_text(row["closing"]),
        }
        for row in rows
    ]


def build_document(month: date, *, status: str = PROVISIONAL, require_entries: bool = True) -> dict:
    """The month's figures, computed now. Twenty queries (twenty-three with an approved budget), whatever the
    size of the ledger: ten of them where the money sits (the reconciliation, advances, pools below zero).

    Raises MonthNotFound for a month with nothing disclosed in it (unless `require_entries` is off, as
    for publishing a month in which nothing happened). Text (a repair's location) is in the language the
    notices are printed in, so the stored document is the same whoever publishes it.
    """
    with translation.override(settings.LANGUAGE_CODE):
        totals_by_month = figures.monthly_totals(add_months(month, -(TREND_MONTHS - 1)), month)
        if require_entries and month not in totals_by_month:
            raise MonthNotFound(month)
        pools = figures.month_flows(month)
        trend = _trend(month, sum((pool.closing for pool in pools), ZERO), totals_by_month)
        plan = figures.fee_plan_for_month(month)
        collection = figures.collection(plan, as_of=month) if plan else None
        buildings = figures.collection_by_building(plan, as_of=month) if plan else []
        expenditures = figures.expenditure_lines(month)
        orders = work_orders_completed(month, last_day(month))
        totals = {
            field: as_text(sum((getattr(pool, field) for pool in pools), ZERO))
            for field in ("opening", "income", "expenditure", "closing")
        }
        return {
            "period": month.strftime("%Y-%m"),
            "currency": "CNY",
            "status": status,
            "complex": settings.COMPLEX_NAME,
            "pools": [
                {
                    "code": pool.code,
                    "opening": as_text(pool.opening),
                    "income": as_text(pool.income),
                    "expenditure": as_text(pool.expenditure),
                    "closing": as_text(pool.closing),
                    "transfers": as_text(pool.transfers),
                }
                for pool in pools
            ],
            "totals": totals,
            "collection": (
                {
                    "fee_year": collection.fee_year,
                    "occupied": _rate(collection.occupied),
                    "vacant": _rate(collection.vacant),
                    "all": _rate(collection.all),
                }
                if collection
                else None
            ),
            "collection_by_building": [{"building": building, **_rate(rate)} for building, rate in buildings],
            "expenditures": [
                {
                    "spent_on": line.spent_on.isoformat(),
                    "pool": line.pool,
                    "payee": line.payee,
                    "amount": as_text(line.amount),
                    "description": line.description,
                    "work_order": line.work_order,
                    "voucher_on_file": line.voucher_on_file,
                    "reversal": line.reversal,
                    "reversal_reason": line.reason,
                    "expenditure_id": line.expenditure_id,  # a public voucher and inspection requests refer to it
                }
                for line in expenditures
            ],
            "work_orders": [
                {
                    "number": order.number,
                    "category": order.category,
                    "category_label": order.category_label,
                    "location": order.location,
                    "reported_on": order.reported_on.isoformat(),
                    "completed_on": order.completed_on.isoformat(),
                    "days": order.days,
                    "cost": as_text(order.cost),
                }
                for order in orders
            ],
            "work_orders_cost": as_text(sum((order.cost for order in orders), ZERO)),
            # Added with the open-faults board: the median days from report to done of the month's repairs
            # (one decimal, a string; null without repairs). Months published before it lack the key.
            "work_orders_median_days": _text_or_none(median_days([order.days for order in orders])),
            "trend": trend,
            "budget": budget_for_month(plan, month),  # the approved budget against actual, at the month's end
            # Where the money sits at the month's end, advances between pools, pools that stood below zero.
            "reconciliation": reconciliation_data(month),
            "advances": advances_data(month),
            "overdrawn": overdrawn_data(month),
            "ledger_fingerprint": fingerprint(),
        }


# What `ledger.services.month_publish(document=...)` calls: the month as it is published, stored for good.
publication_document = partial(build_document, status=PUBLISHED, require_entries=False)


def month_document(month: date) -> dict:
    """The month as the public sees it: the stored copy once published, else computed now (provisional)."""
    publication = figures.publication(month)
    if publication is not None:
        return published(publication)
    return build_document(month)


def published(publication) -> dict:
    document = dict(publication.document)
    document["status"] = PUBLISHED
    document["published_at"] = timezone.localtime(publication.published_at).isoformat(timespec="seconds")
    return document
