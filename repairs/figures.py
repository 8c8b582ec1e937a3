"""Repair figures that pages, the overview and the public disclosure share.

Each function aggregates in SQL with a fixed number of queries (named in its docstring), whatever the
number of orders. What is public (`work_orders_completed`) carries no names and no flats: a location is
a building and unit, or a common area.
"""

import statistics
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import (
    DecimalField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
)
from django.db.models.functions import TruncMonth
from django.utils import timezone

from repairs.models import (
    COMPLETED_STATUSES,
    EDITABLE_STATUSES,
    OPEN_STATUSES,
    Category,
    CostLine,
    Status,
    WorkOrder,
    location_label,
    order_total,
)
from trustmgmt.base.money import MONEY_FIELD, money_sum

_MONEY = DecimalField(**MONEY_FIELD)


def awaiting_charge_approval() -> QuerySet[WorkOrder]:
    """Open orders with a charge above the reference price or written by hand that no committee member has
    approved yet: the committee's to-do list, and what blocks their settlement."""
    flagged = CostLine.objects.filter(order=OuterRef("pk")).filter(
        Q(price_item__isnull=True) | Q(unit_price__gt=F("reference_price"))
    )
    return WorkOrder.objects.filter(Exists(flagged), status__in=EDITABLE_STATUSES, charges_approved_at__isnull=True)


@dataclass(frozen=True)
class CompletedOrder:
    """A repair done in a period, as the public may see it."""

    number: str
    category: str
    category_label: str
    location: str
    reported_on: date
    completed_on: date
    cost: Decimal
    days: int


def work_orders_completed(first_day: date, last_day: date) -> list[CompletedOrder]:
    """Orders whose work was done between the two days (inclusive), by day done, then number. One query.

    "Done" counts orders that are done, accepted or settled, not cancelled ones. `cost` is the order's
    total so far (0.00 before any cost line); `days` is from the report to the day the work was done.
    """
    rows = (
        WorkOrder.objects.filter(status__in=COMPLETED_STATUSES, done_on__gte=first_day, done_on__lte=last_day)
        .annotate(total=order_total())
        .order_by("done_on", "number")
        .values_list("number", "category", "building", "unit", "common_area", "reported_on", "done_on", "total")
    )
    return [
        CompletedOrder(
            number=number,
            category=category,
            category_label=str(Category(category).label),
            location=location_label(building, unit, common_area),
            reported_on=reported_on,
            completed_on=done_on,
            cost=total,
            days=(done_on - reported_on).days,
        )
        for number, category, building, unit, common_area, reported_on, done_on, total in rows
    ]


@dataclass(frozen=True)
class OpenOrder:
    pk: int
    number: str
    category: str
    category_label: str
    location: str
    status: str
    status_label: str
    reported_on: date
    age: int  # days since the report


def open_orders(today: date | None = None) -> list[OpenOrder]:
    """Faults not fixed yet (reported or assigned), oldest first, with their age in days. One query."""
    today = today or timezone.localdate()
    rows = (
        WorkOrder.objects.filter(status__in=OPEN_STATUSES)
        .order_by("reported_on", "number")
        .values_list("pk", "number", "category", "building", "unit", "common_area", "status", "reported_on")
    )
    return [
        OpenOrder(
            pk=pk,
            number=number,
            category=category,
            category_label=str(Category(category).label),
            location=location_label(building, unit, common_area),
            status=status,
            status_label=str(Status(status).label),
            reported_on=reported_on,
            age=(today - reported_on).days,
        )
        for pk, number, category, building, unit, common_area, status, reported_on in rows
    ]


@dataclass(frozen=True)
class RepairTime:
    category: str
    category_label: str
    orders: int
    median_days: Decimal
    mean_days: Decimal


def repair_times(first_day: date, last_day: date) -> list[RepairTime]:
    """Per category (in category order), days from report to done for work done in the period. One query.

    The query returns one duration per order; the median is taken from them here, because SQLite has no
    percentile aggregate. Both figures are rounded to one decimal place.
    """
    days = ExpressionWrapper(F("done_on") - F("reported_on"), output_field=DurationField())
    rows = (
        WorkOrder.objects.filter(status__in=COMPLETED_STATUSES, done_on__gte=first_day, done_on__lte=last_day)
        .annotate(days=days)
        .values_list("category", "days")
    )
    per_category: dict[str, list[int]] = {}
    for category, duration in rows:
        per_category.setdefault(category, []).append(duration.days)
    tenth = Decimal("0.1")
    return [
        RepairTime(
            category=category,
            category_label=str(Category(category).label),
            orders=len(per_category[category]),
            median_days=Decimal(str(statistics.median(per_category[category]))).quantize(tenth),
            mean_days=(Decimal(sum(per_category[category])) / len(per_category[category])).quantize(tenth),
        )
        for category in Category.values
        if category in per_category
    ]


def monthly_cost(first_day: date, last_day: date) -> dict[date, dict[str, Decimal]]:
    """{month: {category: cost}} of work done in the period, by the month it was done. One query.

    Cancelled orders cost nothing; months and categories without cost are absent.
    """
    rows = (
        CostLine.objects.filter(
            order__status__in=COMPLETED_STATUSES, order__done_on__gte=first_day, order__done_on__lte=last_day
        )
        .annotate(month=TruncMonth("order__done_on"))
        .values("month", "order__category")
        .annotate(total=money_sum("amount"))
        .order_by("month", "order__category")
    )
    result: dict[date, dict[str, Decimal]] = {}
    for row in rows:
        result.setdefault(row["month"], {})[row["order__category"]] = row["total"]
    return result
