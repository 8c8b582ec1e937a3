"""The figures of the open budget (开放式预算): past spending to plan from, and the budget against actual.

Like `ledger.figures`, each function aggregates in SQL with a fixed number of queries. A fee year's
spending is what was disclosed in its months (`Entry.period` from its first month to its last), net of
reversals: the same figures as the month pages, added up. Its income is what was paid for that fee year
(net of reversals), whenever it was paid, since fees are collected in advance.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q

from ledger.figures import PAYMENT_KINDS
from ledger.models import POOLS, Budget, BudgetLine, Due, Entry, FeePlan, Flow, Occupancy, Pool
from trustmgmt.base.dates import month_start
from trustmgmt.base.money import CENT, ZERO, money_sum

RATE_PLACES = Decimal("0.0001")


def share(part: Decimal, whole: Decimal) -> str | None:
    """part / whole as a fraction string with four places, rounded half up; None when whole is 0."""
    if not whole:
        return None
    return str((part / whole).quantize(RATE_PLACES, rounding=ROUND_HALF_UP))


def households_by_occupancy(fee_plan: FeePlan) -> dict[str, int]:
    """How many households owe the fee year, per occupancy. One query."""
    rows = Due.objects.filter(fee_plan=fee_plan).values("occupancy").annotate(n=Count("id")).order_by()
    counts = {row["occupancy"]: row["n"] for row in rows}
    return {occupancy: counts.get(occupancy, 0) for occupancy in Occupancy.values}


def spending_by_payee(fee_plans: list[FeePlan]) -> dict[int, dict[tuple[str, str], Decimal]]:
    """{fee year: {(pool, payee): spent}} over the given fee years, net of reversals. One query."""
    if not fee_plans:
        return {}
    first = min(month_start(plan.starts_on) for plan in fee_plans)
    last = max(month_start(plan.ends_on) for plan in fee_plans)
    rows = (
        Entry.objects.filter(flow=Flow.EXPENDITURE, period__gte=first, period__lte=last)
        .values("period", "expenditure__pool", "expenditure__payee")
        .annotate(spent=money_sum("amount"))
        .order_by()
    )
    result: dict[int, dict[tuple[str, str], Decimal]] = {plan.year: {} for plan in fee_plans}
    for row in rows:
        for plan in fee_plans:
            if month_start(plan.starts_on) <= row["period"] <= month_start(plan.ends_on):
                spent = result[plan.year]
                key = (row["expenditure__pool"], row["expenditure__payee"])
                spent[key] = spent.get(key, ZERO) - row["spent"]
    return result


@dataclass(frozen=True)
class Actuals:
    """A fee year's income and spending per pool, as of a month's end."""

    as_of: date
    income: dict[str, Decimal]
    expenditure: dict[str, Decimal]
    by_payee: dict[tuple[str, str], Decimal]  # (pool, payee) -> spent


def actuals(fee_plan: FeePlan, as_of: date | None = None) -> Actuals:
    """Income paid for the fee year and spending disclosed in its months, through month `as_of`
    (default: the fee year's last month). Two queries."""
    last = month_start(fee_plan.ends_on)
    as_of = min(month_start(as_of), last) if as_of else last
    income = Q(fee_plan=fee_plan, kind__in=PAYMENT_KINDS)
    spent = Q(flow=Flow.EXPENDITURE, period__gte=month_start(fee_plan.starts_on))
    sums = {}
    for pool in POOLS:
        sums[f"{pool}_income"] = money_sum(pool, filter=income)
        sums[f"{pool}_spent"] = money_sum(pool, filter=spent)
    totals = Entry.objects.filter(period__lte=as_of).filter(income | spent).aggregate(**sums)
    rows = (
        Entry.objects.filter(spent, period__lte=as_of)
        .values("expenditure__pool", "expenditure__payee")
        .annotate(spent=money_sum("amount"))
        .order_by()
    )
    return Actuals(
        as_of=as_of,
        income={pool: totals[f"{pool}_income"] for pool in POOLS},
        expenditure={pool: -totals[f"{pool}_spent"] for pool in POOLS},
        by_payee={(row["expenditure__pool"], row["expenditure__payee"]): -row["spent"] for row in rows},
    )


def budget_in_force(fee_plan: FeePlan | None) -> Budget | None:
    """The fee year's latest approved budget, with its lines. Two queries (one if there is none)."""
    if fee_plan is None:
        return None
    budgets = Budget.objects.approved().filter(fee_plan=fee_plan).select_related("fee_plan")
    return budgets.prefetch_related("lines").order_by("-version").first()


@dataclass(frozen=True)
class LineBudget:
    """A planned item beside what was paid to its payee from its pool (None when it names no payee)."""

    line: BudgetLine
    actual: Decimal | None

    @property
    def used(self) -> str | None:
        return None if self.actual is None else share(self.actual, self.line.amount)

    @property
    def over_budget(self) -> bool:
        return self.actual is not None and self.actual > self.line.amount


@dataclass(frozen=True)
class PoolBudget:
    code: str
    planned_income: Decimal
    actual_income: Decimal
    planned_expenditure: Decimal
    actual_expenditure: Decimal
    lines: list[LineBudget]
    unplanned: Decimal  # spending from the pool that no line names a payee for

    @property
    def label(self) -> str:
        return Pool(self.code).label

    @property
    def used(self) -> str | None:
        """Share of the planned spending used so far."""
        return share(self.actual_expenditure, self.planned_expenditure)

    @property
    def collected(self) -> str | None:
        """Share of the planned income received so far."""
        return share(self.actual_income, self.planned_income)

    @property
    def over_budget(self) -> bool:
        return self.actual_expenditure > self.planned_expenditure


def planned_spending(lines: list[BudgetLine]) -> dict[str, Decimal]:
    totals = {pool: ZERO for pool in POOLS}
    for line in lines:
        totals[line.pool] += line.amount
    return totals


def against_actual(budget: Budget, actual: Actuals) -> list[PoolBudget]:
    """Per pool, in pool order: the budget's plan beside the actuals. No query if its lines are prefetched."""
    lines = list(budget.lines.all())
    planned = planned_spending(lines)
    result = []
    for pool in POOLS:
        pool_lines, named = [], set()
        for line in lines:
            if line.pool != pool:
                continue
            # Two lines naming the same payee share its spending: the first one counts it.
            counts = bool(line.payee) and line.payee not in named
            named.add(line.payee)
            pool_lines.append(LineBudget(line, actual.by_payee.get((pool, line.payee), ZERO) if counts else None))
        matched = sum((item.actual for item in pool_lines if item.actual is not None), ZERO)
        result.append(
            PoolBudget(
                code=pool,
                planned_income=getattr(budget, f"income_{pool}").quantize(CENT),
                actual_income=actual.income[pool],
                planned_expenditure=planned[pool],
                actual_expenditure=actual.expenditure[pool],
                lines=pool_lines,
                unplanned=actual.expenditure[pool] - matched,
            )
        )
    return result
