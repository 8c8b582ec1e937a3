"""Year-end settlement (年终结算): what the staff read before and after closing a fee year (`services` closes it)."""

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from django.db.models import F, Q
from django.utils import timezone

from ledger import figures
from ledger.allocation import split
from ledger.models import (
    POOLS,
    Entry,
    FeePlan,
    FeeYearClosing,
    Flow,
    Kind,
    Pool,
)
from trustmgmt.base.money import ZERO


@dataclass(frozen=True)
class PoolYear:
    """One pool over a fee year: what it held at the start, took in, spent, and held at the end."""

    code: str
    opening: Decimal
    income: Decimal
    expenditure: Decimal
    advance_in: Decimal = ZERO  # this year's fees paid before it began (in `opening`)
    advance_out: Decimal = ZERO  # later years' fees paid during it (in `income`)
    # If credited: {household id: share} and what of the surplus cannot be credited (owed nothing more).
    credits: dict[int, Decimal] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return Pool(self.code).label

    @property
    def closing(self) -> Decimal:
        return self.opening + self.income - self.expenditure

    @property
    def surplus(self) -> Decimal:
        return self.income - self.expenditure - self.advance_out + self.advance_in

    @property
    def creditable_limit(self) -> Decimal:
        """At most the surplus, and no more than the pool holds: a pool still in deficit credits nothing."""
        return min(self.surplus, self.closing)

    @property
    def creditable(self) -> Decimal:
        return sum(self.credits.values(), ZERO)

    @property
    def can_credit(self) -> bool:
        return self.creditable_limit > 0 and self.creditable > 0


def year_flows(plan: FeePlan) -> list[PoolYear]:
    """Each pool's opening, income, expenditure in the fee year, by the date money moved. One query.

    Transfers (earlier settlements) are neither income nor spending; they net to zero per pool.
    """
    within = Q(value_date__gte=plan.starts_on, value_date__lte=plan.ends_on)
    fees = Q(kind__in=[Kind.PAYMENT, Kind.PAYMENT_REVERSAL])
    sums = {}
    for pool in POOLS:
        sums[f"{pool}_before"] = figures.money_sum(pool, filter=Q(value_date__lt=plan.starts_on))
        sums[f"{pool}_income"] = figures.money_sum(pool, filter=within & Q(flow=Flow.INCOME))
        sums[f"{pool}_spent"] = figures.money_sum(pool, filter=within & Q(flow=Flow.EXPENDITURE))
        sums[f"{pool}_in"] = figures.money_sum(pool, filter=fees & Q(value_date__lt=plan.starts_on, fee_plan=plan))
        sums[f"{pool}_out"] = figures.money_sum(pool, filter=within & fees & Q(fee_plan__starts_on__gt=plan.ends_on))
    totals = Entry.objects.filter(value_date__lte=plan.ends_on).aggregate(**sums)
    return [
        PoolYear(
            pool,
            opening=totals[f"{pool}_before"],
            income=totals[f"{pool}_income"],
            expenditure=-totals[f"{pool}_spent"],
            advance_in=totals[f"{pool}_in"],
            advance_out=totals[f"{pool}_out"],
        )
        for pool in POOLS
    ]


def credit_shares(plan: FeePlan, next_plan: FeePlan, surpluses: dict[str, Decimal]) -> dict[str, dict[int, Decimal]]:
    """{pool: {household id: credit}} for the pools and surpluses given (see the module's rule). Two queries."""
    paid_in_full = (
        figures.dues_with_paid(plan)
        .filter(total__gt=0, paid__gte=F("total"))
        .order_by("household__building", "household__unit", "household__room")
        .values_list("household_id", *POOLS)
    )
    paid_into = {pool: {} for pool in POOLS}
    for household_id, *dues in paid_in_full:
        for pool, due in zip(POOLS, dues, strict=True):
            if due > 0:
                paid_into[pool][household_id] = due
    still_owed = {}
    for row in figures.dues_with_paid(next_plan).values("household_id", *POOLS, *(f"paid_{pool}" for pool in POOLS)):
        still_owed[row["household_id"]] = {pool: row[pool] - row[f"paid_{pool}"] for pool in POOLS}
    result = {}
    for pool, surplus in surpluses.items():
        if surplus <= 0 or not paid_into[pool]:
            result[pool] = {}
            continue
        shares = split(surplus, paid_into[pool])
        capped = {}
        for household_id, share in shares.items():
            owed = still_owed.get(household_id, {}).get(pool, ZERO)
            credit = min(share, max(owed, ZERO))
            if credit > 0:
                capped[household_id] = credit
        result[pool] = capped
    return result


def previous_plan(plan: FeePlan) -> FeePlan | None:
    return FeePlan.objects.filter(ends_on__lt=plan.starts_on).order_by("-ends_on").first()


def next_plan(plan: FeePlan) -> FeePlan | None:
    return FeePlan.objects.filter(starts_on__gt=plan.ends_on).order_by("starts_on").first()


def preview(plan: FeePlan) -> list[PoolYear]:
    """The year's pools, each with the credits it would give if the committee credits its surplus."""
    flows = year_flows(plan)
    following = next_plan(plan)
    if following is None:
        return flows
    credits = credit_shares(plan, following, {flow.code: flow.creditable_limit for flow in flows})
    return [replace(flow, credits=credits[flow.code]) for flow in flows]


@dataclass(frozen=True)
class YearState:
    plan: FeePlan
    closing: FeeYearClosing | None

    @property
    def status(self) -> str:
        if self.closing is not None:
            return "closed"
        return "ended" if self.plan.ends_on < timezone.localdate() else "open"


def year_states() -> list[YearState]:
    """Every fee year, newest first, with its closing if it has one. One query."""
    plans = FeePlan.objects.select_related("closing", "closing__closed_by").order_by("-year")
    return [YearState(plan, getattr(plan, "closing", None)) for plan in plans]


@dataclass(frozen=True)
class SpendingLine:
    pool: str
    payee: str
    reference: str
    amount: Decimal  # spent, net of reversals


def spending_lines(plan: FeePlan) -> list[SpendingLine]:
    """The fee year's spending per pool, payee and reference (a work order's number, for repairs), by the
    date money moved, like `year_flows`, so the lines of a pool add up to its expenditure. One query."""
    rows = (
        Entry.objects.filter(value_date__gte=plan.starts_on, value_date__lte=plan.ends_on, flow=Flow.EXPENDITURE)
        .values("expenditure__payee", "expenditure__reference")
        .annotate(**{pool: figures.money_sum(pool) for pool in POOLS})
        .order_by("expenditure__payee", "expenditure__reference")
    )
    lines = []
    for row in rows:
        for pool in POOLS:
            if row[pool]:
                lines.append(
                    SpendingLine(pool, row["expenditure__payee"] or "", row["expenditure__reference"] or "", -row[pool])
                )
    return lines


def closing_of(year: int) -> FeeYearClosing | None:
    """A closed fee year with its plan and pools. Two queries."""
    return (
        FeeYearClosing.objects.select_related("fee_plan", "next_plan")
        .prefetch_related("pools")
        .filter(fee_plan__year=year)
        .first()
    )


def closed_years() -> list[int]:
    """The closed fee years, newest first. One query."""
    return list(FeeYearClosing.objects.order_by("-fee_plan__year").values_list("fee_plan__year", flat=True))


def closed_year_of_month(month: date) -> int | None:
    """The fee year containing the month (its first day), if that year is closed. One query."""
    return (
        FeeYearClosing.objects.filter(fee_plan__starts_on__lte=month, fee_plan__ends_on__gte=month)
        .values_list("fee_plan__year", flat=True)
        .first()
    )
