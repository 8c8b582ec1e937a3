"""Repair figures that pages, the overview and the public disclosure share.

Each function aggregates in SQL with a fixed number of queries (named in its docstring), whatever the
number of orders. What is public (`work_orders_completed`) carries no names and no flats: a location is
a building and unit, or a common area.
"""

import statistics
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

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
    Contract,
    CostLine,
    PriceItem,
    Status,
    WorkOrder,
    location_label,
    order_total,
)
from trustmgmt.base.money import CENT, MONEY_FIELD, fraction, money_sum

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


def median_days(days: list[int]) -> Decimal | None:
    """The median of whole days, to one decimal place (2.5 when two orders took 2 and 3 days); None for none."""
    if not days:
        return None
    return Decimal(str(statistics.median(days))).quantize(Decimal("0.1"))


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


def contract_in_force(day: date | None = None) -> Contract | None:
    """The contract whose term covers `day` (today), with its contractor; else the latest begun. One query."""
    day = day or timezone.localdate()
    contracts = Contract.objects.select_related("contractor").filter(starts_on__lte=day).order_by("-starts_on")
    return contracts.first()


def price_list(contract: Contract) -> list[PriceItem]:
    """The contract's price list with the government reference prices. One query."""
    return list(PriceItem.objects.filter(contract=contract).order_by("code"))


@dataclass(frozen=True)
class Charge:
    """A cost line above the government reference price, or written by hand, and its approval."""

    order: str
    item: str
    unit: str
    quantity: Decimal
    unit_price: Decimal
    reference_price: Decimal | None
    above: Decimal  # what it cost above the reference (the whole line when written by hand)
    approved_on: date | None


def charges_above_reference(contract: Contract) -> list[Charge]:
    """The contract's charges dearer than the reference price or without one, in order. One query."""
    rows = (
        CostLine.objects.filter(order__contract=contract)
        .exclude(order__status=Status.CANCELLED)
        .filter(Q(price_item__isnull=True) | Q(unit_price__gt=F("reference_price")))
        .order_by("order__year", "order__sequence", "id")
        .values_list(
            "order__number",
            "description",
            "unit",
            "quantity",
            "unit_price",
            "reference_price",
            "amount",
            "order__charges_approved_at",
        )
    )
    charges = []
    for number, item, unit, quantity, unit_price, reference, amount, approved_at in rows:
        above = (
            amount
            if reference is None
            else CostLine.compute_amount(quantity, unit_price) - CostLine.compute_amount(quantity, reference)
        )
        approved_on = timezone.localdate(approved_at) if approved_at else None
        charges.append(Charge(number, item, unit, quantity, unit_price, reference, above, approved_on))
    return charges


@dataclass(frozen=True)
class ContractorRecord:
    orders: int
    by_category: list[tuple[str, str, int]]  # (code, label, orders)
    median_days: Decimal | None
    within_promise: str | None  # share of completed orders fixed within the promised days
    repeats: int  # orders at the same place and of the same kind within 90 days of one done before
    cost: Decimal
    households: int
    cost_per_household: Decimal | None  # over the contract's year


REPEAT_DAYS = 90


def contractor_record(contract: Contract, households: int) -> ContractorRecord:
    """How the contractor did under `contract`: two queries (the orders, the cost)."""
    rows = list(
        WorkOrder.objects.filter(contract=contract)
        .exclude(status=Status.CANCELLED)
        .order_by("reported_on", "id")
        .values_list("category", "building", "unit", "common_area", "reported_on", "done_on", "status")
    )
    counts: dict[str, int] = {}
    days: list[int] = []
    last_done: dict[tuple, date] = {}
    repeats = 0
    for category, building, unit, common_area, reported_on, done_on, status in rows:
        counts[category] = counts.get(category, 0) + 1
        place = (category, building, unit, common_area)
        previous = last_done.get(place)
        if previous is not None and (reported_on - previous).days <= REPEAT_DAYS:
            repeats += 1
        if status in COMPLETED_STATUSES and done_on is not None:
            days.append((done_on - reported_on).days)
            last_done[place] = max(done_on, last_done.get(place, done_on))
    cost = money_sum("amount")
    total = CostLine.objects.filter(order__contract=contract, order__status__in=COMPLETED_STATUSES).aggregate(
        total=cost
    )["total"]
    median = Decimal(str(statistics.median(days))).quantize(Decimal("0.1")) if days else None
    return ContractorRecord(
        orders=len(rows),
        by_category=[(code, str(Category(code).label), counts[code]) for code in Category.values if code in counts],
        median_days=median,
        within_promise=fraction(sum(1 for value in days if value <= contract.promised_days), len(days)),
        repeats=repeats,
        cost=total,
        households=households,
        cost_per_household=(total / households).quantize(CENT, rounding=ROUND_HALF_UP) if households else None,
    )


def contract_ending(today: date | None = None, *, within_days: int = 60) -> Contract | None:
    """The contract in force if it ends within `within_days` and no later contract is signed yet. Two queries."""
    today = today or timezone.localdate()
    contract = Contract.objects.filter(starts_on__lte=today, ends_on__gte=today).order_by("-starts_on").first()
    if contract is None or (contract.ends_on - today).days > within_days:
        return None
    if Contract.objects.filter(starts_on__gt=contract.ends_on - timedelta(days=1)).exists():
        return None
    return contract


def categories_of(numbers) -> dict[str, str]:
    """{work-order number: category} for the given numbers (references of expenditures). One query."""
    numbers = [number for number in set(numbers) if number]
    if not numbers:
        return {}
    return dict(WorkOrder.objects.filter(number__in=numbers).values_list("number", "category"))
