"""Reads of public electricity: each meter's use month by month, its cost, and the months flagged.

How a month's use is counted (one rule, here): a reading belongs to the month of the day it was taken. The use
of a month is its reading minus the reading before it on the same meter (for a meter replacement: what the old
meter ran up to its final reading, plus what the new one ran from its start). When a month has no reading, it is
shown as missing, never guessed: the next reading's use then covers the missing months too and says how many
(`months`), so the total over any stretch is still exact. A meter's first reading has no use (nothing before it).

Cost comes from the grid company's bills (one a meter and month): the amount billed for the month, and the cost
per kWh = amount / kWh billed, rounded half up (四舍五入) to 0.0001 yuan (a hundredth of a fen), because tariffs
are quoted to three or four places (0.538 元/kWh) and two would hide a change of the price.

A month is flagged when its use (of that month alone) is more than 1.5 times the use of the same month a year
earlier, or more than 1.5 times the mean of the three months before it (all three measured). Both compare in
exact decimals, without rounding: use × 2 > a year earlier × 3; use × 2 > the sum of the three months. A month
that covers missing months is never flagged, nor used as a base (its use is not one month's).

Four queries for any number of meters and months: the meters, their current readings (from a year and a quarter
before the first month shown, and the one before that), the current bills with their expenditures, and the
explanations.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import OuterRef, Q, Subquery

from repairs.electricity.models import ElectricityBill, Meter, MeterReading, UsageExplanation
from trustmgmt.base.dates import add_months, month_start
from trustmgmt.base.money import ZERO

PRICE_PLACES = Decimal("0.0001")  # cost per kWh, in yuan
FACTOR_NUMERATOR, FACTOR_DENOMINATOR = 3, 2  # 1.5 times, as a fraction so that nothing is rounded
LOOKBACK_MONTHS = 13  # a year before the first month shown, and the month before that, for its use


def current_readings():
    """Readings no later record corrects: exactly one per meter and month (see the models' invariants)."""
    return MeterReading.objects.filter(correction__isnull=True)


def current_bills():
    return ElectricityBill.objects.filter(correction__isnull=True)


@dataclass
class MonthUse:
    """One meter, one month."""

    month: date
    status: str  # "measured", "spans" (covers missing months too), "missing", "first" (nothing before it)
    reading: MeterReading | None = None
    kwh: Decimal | None = None
    months: int = 1  # how many months `kwh` covers
    covered_by: date | None = None  # for a missing month: the month whose reading covers it
    bill: ElectricityBill | None = None
    rules: tuple[str, ...] = ()  # the flag's rules that fired: "year", "three_months"
    explanation: UsageExplanation | None = None

    @property
    def cost(self) -> Decimal | None:
        return self.bill.amount if self.bill else None

    @property
    def cost_per_kwh(self) -> Decimal | None:
        return price_per_kwh(self.bill.amount, self.bill.kwh) if self.bill else None

    @property
    def flagged(self) -> bool:
        return bool(self.rules)

    @property
    def single(self) -> bool:
        """Use of this month alone, so it can be compared."""
        return self.status == "measured"


@dataclass
class MeterUse:
    meter: Meter
    months: list[MonthUse] = field(default_factory=list)  # oldest first, only the window asked for


def price_per_kwh(amount: Decimal, kwh: Decimal) -> Decimal:
    return (amount / kwh).quantize(PRICE_PLACES, rounding=ROUND_HALF_UP)


def use_between(before: MeterReading, after: MeterReading) -> Decimal:
    if after.replacement:
        return (after.old_final - before.reading) + (after.reading - after.new_start)
    return after.reading - before.reading


def _series(readings: list[MeterReading], through: date) -> dict[date, MonthUse]:
    """Every month from the first reading to `through`, each measured, spanned, missing or first."""
    series: dict[date, MonthUse] = {}
    previous = None
    for reading in readings:
        if previous is None:
            series[reading.month] = MonthUse(reading.month, "first", reading=reading)
        else:
            gap = (reading.month.year - previous.month.year) * 12 + reading.month.month - previous.month.month
            for skipped in range(1, gap):
                month = add_months(previous.month, skipped)
                series[month] = MonthUse(month, "missing", covered_by=reading.month)
            status = "measured" if gap == 1 else "spans"
            series[reading.month] = MonthUse(
                reading.month, status, reading=reading, kwh=use_between(previous, reading), months=gap
            )
        previous = reading
    if previous is not None:
        month = add_months(previous.month, 1)
        while month <= through:
            series[month] = MonthUse(month, "missing")
            month = add_months(month, 1)
    return series


def flag_rules(series: dict[date, MonthUse], month: date) -> tuple[str, ...]:
    use = series.get(month)
    if use is None or not use.single:
        return ()
    rules = []
    year_ago = series.get(add_months(month, -12))
    if year_ago is not None and year_ago.single and use.kwh * FACTOR_DENOMINATOR > year_ago.kwh * FACTOR_NUMERATOR:
        rules.append("year")
    before = [series.get(add_months(month, -offset)) for offset in (1, 2, 3)]
    # use > 1.5 × (a + b + c) / 3  <=>  2 × use > a + b + c
    measured = all(row is not None and row.single for row in before)
    if measured and use.kwh * FACTOR_DENOMINATOR > sum(row.kwh for row in before):
        rules.append("three_months")
    return tuple(rules)


def _readings(meters: list[Meter], first: date) -> dict[int, list[MeterReading]]:
    """Current readings from `first` minus the lookback on, and the one before that of each meter. One query."""
    cutoff = add_months(first, -LOOKBACK_MONTHS)
    latest_before = (
        current_readings().filter(meter=OuterRef("meter"), month__lt=cutoff).order_by("-month").values("month")[:1]
    )
    rows = (
        current_readings()
        .filter(meter__in=meters)
        .filter(Q(month__gte=cutoff) | Q(month=Subquery(latest_before)))
        .order_by("meter", "month")
    )
    grouped: dict[int, list[MeterReading]] = defaultdict(list)
    for reading in rows:
        grouped[reading.meter_id].append(reading)
    return grouped


def usage(first: date, through: date, meters: list[Meter] | None = None) -> list[MeterUse]:
    """Each meter's months from `first` to `through` (both first days), with bills, flags and explanations."""
    meters = list(Meter.objects.order_by("name", "id")) if meters is None else meters
    if not meters:
        return []
    readings = _readings(meters, first)
    bills = {
        (bill.meter_id, bill.month): bill
        for bill in current_bills()
        .filter(meter__in=meters, month__gte=first, month__lte=through)
        .select_related("expenditure")
    }
    explanations = {
        (row.meter_id, row.month): row
        for row in UsageExplanation.objects.filter(meter__in=meters, month__gte=first, month__lte=through).order_by(
            "id"
        )
    }  # the latest explanation of a month wins
    result = []
    for meter in meters:
        series = _series(readings.get(meter.pk, []), through)
        rows = []
        month = first
        while month <= through:
            use = series.get(month) or MonthUse(month, "none")  # "none": before the meter's first reading
            use.bill = bills.get((meter.pk, month))
            use.rules = flag_rules(series, month)
            use.explanation = explanations.get((meter.pk, month)) if use.rules else None
            rows.append(use)
            month = add_months(month, 1)
        result.append(MeterUse(meter, rows))
    return result


def meter_records(meter: Meter) -> tuple:
    """Every reading and bill of `meter` on record, corrected ones too (staff), newest first. Two queries."""
    readings = (
        MeterReading.objects.filter(meter=meter).select_related("correction", "recorded_by").order_by("-month", "-id")
    )
    bills = (
        ElectricityBill.objects.filter(meter=meter)
        .select_related("expenditure", "correction")
        .order_by("-month", "-id")
    )
    return readings, bills


def window(through: date, months: int = 24) -> tuple[date, date]:
    through = month_start(through)
    return add_months(through, -(months - 1)), through


def last_month_with_data(today: date) -> date:
    """The latest month with a reading or a bill, not after this month (this month if there is none)."""
    latest = max(
        filter(
            None,
            [
                current_readings().order_by("-month").values_list("month", flat=True).first(),
                current_bills().order_by("-month").values_list("month", flat=True).first(),
            ],
        ),
        default=None,
    )
    this = month_start(today)
    return this if latest is None or latest > this else latest


def flagged_months(meter: Meter) -> set[date]:
    """Every month of `meter`'s whole history that is flagged."""
    readings = list(current_readings().filter(meter=meter).order_by("month"))
    if not readings:
        return set()
    series = _series(readings, readings[-1].month)
    return {month for month in series if flag_rules(series, month)}


def month_totals(uses: list[MeterUse]) -> list[dict]:
    """Per month across meters: kWh measured in that month alone, and what the month's bills cost."""
    if not uses:
        return []
    totals = []
    for index, first_use in enumerate(uses[0].months):
        rows = [use.months[index] for use in uses]
        measured = [row.kwh for row in rows if row.single]
        totals.append(
            {
                "month": first_use.month,
                "kwh": sum(measured, ZERO),
                "complete": all(row.single or row.status == "none" for row in rows),
                "cost": sum((row.cost for row in rows if row.cost is not None), ZERO),
            }
        )
    return totals


# Saving one of these changes what the public pages show (`state_sql`).
STATE_MODELS = (Meter, MeterReading, ElectricityBill, UsageExplanation)


def state_sql() -> str:
    """Columns for `ledger.figures.ledger_state`'s one query: what the public pages show of electricity follows
    these (a new reading, bill or explanation is a new row; a meter renamed changes its `changed_at`)."""
    tables = [model._meta.db_table for model in (MeterReading, ElectricityBill, UsageExplanation)]
    meter = connection.ops.quote_name(Meter._meta.db_table)
    columns = [f"(SELECT MAX(id) FROM {table})" for table in tables]  # noqa: S608 (model names)
    return ", ".join([*columns, f"(SELECT MAX(changed_at) FROM {meter})"])  # noqa: S608


def state_stamp(values: tuple) -> str:
    if not any(values):
        return ""
    return "e" + ".".join("" if value is None else str(value).replace(" ", "T").replace(":", "") for value in values)
