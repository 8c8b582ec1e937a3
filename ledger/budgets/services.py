"""Writes of the open budget (开放式预算). Like `ledger.services`: keyword-only, atomic, and refusing
with one of the messages below (having written nothing).

A fee year's budget is drafted (proposed from the past years' real spending, or copied from the version
in force), edited while a draft, and approved by a committee member. Approval freezes it for good (also
in the database, `ledger.db`): a change is a new version, drafted and approved in its turn.
"""

import math
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from ledger import figures
from ledger.budgets import selectors as budget_figures
from ledger.decisions.services import check_citable
from ledger.models import (
    POOLS,
    Budget,
    BudgetLine,
    BudgetStatus,
    FeePlan,
    FeeYearClosing,
    JointDecision,
    Occupancy,
    Topic,
)
from trustmgmt.base import clock
from trustmgmt.base.money import CENT, MAX_AMOUNT, ZERO, AmountError, as_text, parse_amount
from trustmgmt.base.refusals import coded, refuse

DRAFT_EXISTS = _("There is already a draft budget for %(year)s: edit it, or discard it first.")
NO_HISTORY = _("There is no fee year before %(year)s to learn from; draft the budget line by line.")
NOTHING_APPROVED = _("No budget for %(year)s has been approved yet; propose one from history.")
NOT_DRAFT = _("This budget is approved and cannot change; draft a new version instead.")
NO_LINES = _("A budget needs at least one line of planned spending before it is approved.")
APPROVER_NOT_COMMITTEE = _("Only a committee member can approve a budget.")
RATE_INVALID = _("Enter the rate as a fraction from 0 to 1 with at most four places, e.g. 0.85.")
AMOUNT_INVALID = _("Enter an amount in yuan, more than zero, with at most two decimal places.")
POOL_INVALID = _("Choose one of the three pools.")
LABEL_REQUIRED = _("Name the item.")
YEARS_INVALID = _("Learn from 1 to 10 past fee years.")
YEAR_CLOSED = _("The fee year %(year)s is closed: its budget stays as it was approved.")
# The report's figures: prepaid rate above 85%, vacant units above 80% (used when there is no history).
DEFAULT_RATES = {Occupancy.OCCUPIED: Decimal("0.8500"), Occupancy.VACANT: Decimal("0.8000")}
RATE_PLACES = Decimal("0.0001")
LINE_FIELDS = ("pool", "label", "payee", "amount", "basis")


def parse_rate(value, field: str) -> Decimal:
    try:
        rate = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise refuse(RATE_INVALID, field) from None
    if not rate.is_finite() or rate < 0 or rate > 1 or rate != rate.quantize(RATE_PLACES):
        raise refuse(RATE_INVALID, field)
    return rate.quantize(RATE_PLACES)


def _amount(value, field: str = "amount") -> Decimal:
    try:
        amount = parse_amount(value)
    except AmountError:
        raise refuse(AMOUNT_INVALID, field) from None
    if amount <= 0 or amount > MAX_AMOUNT:
        raise refuse(AMOUNT_INVALID, field)
    return amount


def planned_income(fee_plan: FeePlan, households: dict[str, int], rates: dict[str, Decimal]) -> dict[str, Decimal]:
    """Per pool: households x what each owes x the expected collection rate, summed over occupancies,
    rounded half up to the fen."""
    return {
        pool: sum(
            (households[occupancy] * fee_plan.amounts(occupancy)[pool] * rates[occupancy] for occupancy in rates),
            ZERO,
        ).quantize(CENT, rounding=ROUND_HALF_UP)
        for pool in POOLS
    }


def covering_fees(budget: Budget, spending: dict[str, Decimal]) -> dict[str, Decimal | None]:
    """Per pool, the fee per occupied household that would cover the planned spending at the expected
    collection rates, vacant units paying in the fee plan's proportion; rounded up to the fen."""
    plan = budget.fee_plan
    result: dict[str, Decimal | None] = {}
    for pool in POOLS:
        occupied, vacant = plan.amounts(Occupancy.OCCUPIED)[pool], plan.amounts(Occupancy.VACANT)[pool]
        # In exact fractions: a quotient rounded to 28 digits (vacant / occupied, say) can leave the fee a fen short.
        vacant_share = Fraction(vacant) / Fraction(occupied) if occupied else Fraction(0)
        payers = (
            budget.households_occupied * Fraction(budget.expected_rate_occupied)
            + budget.households_vacant * Fraction(budget.expected_rate_vacant) * vacant_share
        )
        result[pool] = CENT * math.ceil(Fraction(spending[pool]) / payers / Fraction(CENT)) if payers else None
    return result


def _refresh_income(budget: Budget) -> None:
    """A draft plans income from the households as they are now."""
    households = budget_figures.households_by_occupancy(budget.fee_plan)
    budget.households_occupied = households[Occupancy.OCCUPIED]
    budget.households_vacant = households[Occupancy.VACANT]
    rates = {Occupancy.OCCUPIED: budget.expected_rate_occupied, Occupancy.VACANT: budget.expected_rate_vacant}
    for pool, amount in planned_income(budget.fee_plan, households, rates).items():
        setattr(budget, f"income_{pool}", amount)


def _check_no_draft(fee_plan: FeePlan) -> None:
    if FeeYearClosing.objects.filter(fee_plan=fee_plan).exists():
        raise refuse(YEAR_CLOSED, year=fee_plan.year)
    if Budget.objects.filter(fee_plan=fee_plan, status=BudgetStatus.DRAFT).exists():
        raise refuse(DRAFT_EXISTS, year=fee_plan.year)


def _next_version(fee_plan: FeePlan) -> int:
    return (Budget.objects.filter(fee_plan=fee_plan).aggregate(last=Max("version"))["last"] or 0) + 1


def _lock_draft(budget: Budget) -> Budget:
    budget = Budget.objects.select_for_update().select_related("fee_plan").get(pk=budget.pk)
    if not budget.is_draft:
        raise refuse(NOT_DRAFT)
    return budget


@transaction.atomic
def budget_propose(*, fee_plan: FeePlan, by, years: int = 3) -> Budget:
    """A draft from the last `years` fee years' real spending: one line per pool and payee, at the
    average per year (fen, half up), and the expected collection rates of the fee year before."""
    if not 1 <= years <= 10:
        raise refuse(YEARS_INVALID, "years")
    fee_plan = FeePlan.objects.select_for_update().get(pk=fee_plan.pk)  # one proposal at a time per year
    _check_no_draft(fee_plan)
    history = list(FeePlan.objects.filter(year__lt=fee_plan.year).order_by("-year")[:years])
    if not history:
        raise refuse(NO_HISTORY, year=fee_plan.year)
    history.reverse()
    spent = budget_figures.spending_by_payee(history)
    last = figures.collection(history[-1])
    rates = {
        Occupancy.OCCUPIED: Decimal(last.occupied.rate) if last.occupied.rate else DEFAULT_RATES[Occupancy.OCCUPIED],
        Occupancy.VACANT: Decimal(last.vacant.rate) if last.vacant.rate else DEFAULT_RATES[Occupancy.VACANT],
    }
    budget = Budget(
        fee_plan=fee_plan,
        version=_next_version(fee_plan),
        expected_rate_occupied=rates[Occupancy.OCCUPIED],
        expected_rate_vacant=rates[Occupancy.VACANT],
        history_years=", ".join(str(plan.year) for plan in history),
        created_by=by,
    )
    _refresh_income(budget)
    budget.full_clean()
    budget.save()
    keys = sorted({key for year in spent.values() for key in year}, key=lambda key: (POOLS.index(key[0]), key[1]))
    lines = []
    for pool, payee in keys:
        per_year = [spent[plan.year].get((pool, payee), ZERO) for plan in history]
        average = (sum(per_year, ZERO) / len(history)).quantize(CENT, rounding=ROUND_HALF_UP)
        if average <= 0:
            continue
        spending = [[plan.year, as_text(amount)] for plan, amount in zip(history, per_year, strict=True)]
        lines.append(
            BudgetLine(budget=budget, pool=pool, label=payee[:100], payee=payee, amount=average, history=spending)
        )
    BudgetLine.objects.bulk_create(lines)
    return budget


@transaction.atomic
def budget_new_draft(*, fee_plan: FeePlan, by) -> Budget:
    """An empty draft, to fill line by line, with the report's collection rates (85% and 80%)."""
    fee_plan = FeePlan.objects.select_for_update().get(pk=fee_plan.pk)
    _check_no_draft(fee_plan)
    budget = Budget(
        fee_plan=fee_plan,
        version=_next_version(fee_plan),
        expected_rate_occupied=DEFAULT_RATES[Occupancy.OCCUPIED],
        expected_rate_vacant=DEFAULT_RATES[Occupancy.VACANT],
        created_by=by,
    )
    _refresh_income(budget)
    budget.full_clean()
    budget.save()
    return budget


@transaction.atomic
def budget_new_version(*, fee_plan: FeePlan, by) -> Budget:
    """A draft copy of the version in force, to change and approve in its place."""
    fee_plan = FeePlan.objects.select_for_update().get(pk=fee_plan.pk)
    _check_no_draft(fee_plan)
    current = budget_figures.budget_in_force(fee_plan)
    if current is None:
        raise refuse(NOTHING_APPROVED, year=fee_plan.year)
    budget = Budget(
        fee_plan=fee_plan,
        version=_next_version(fee_plan),
        expected_rate_occupied=current.expected_rate_occupied,
        expected_rate_vacant=current.expected_rate_vacant,
        history_years=current.history_years,
        notes=current.notes,
        created_by=by,
    )
    _refresh_income(budget)
    budget.full_clean()
    budget.save()
    BudgetLine.objects.bulk_create(
        BudgetLine(
            budget=budget,
            **{field: getattr(line, field) for field in ("pool", "label", "payee", "amount", "basis", "history")},
        )
        for line in current.lines.all()
    )
    return budget


@transaction.atomic
def budget_update(*, budget: Budget, expected_rate_occupied, expected_rate_vacant, notes: str = "") -> Budget:
    budget = _lock_draft(budget)
    budget.expected_rate_occupied = parse_rate(expected_rate_occupied, "expected_rate_occupied")
    budget.expected_rate_vacant = parse_rate(expected_rate_vacant, "expected_rate_vacant")
    budget.notes = (notes or "").strip()
    _refresh_income(budget)
    budget.full_clean()
    budget.save()
    return budget


def _line_fields(pool: str, label: str, amount, payee: str, basis: str) -> dict:
    if pool not in POOLS:
        raise refuse(POOL_INVALID, "pool")
    label = (label or "").strip()
    if not label:
        raise refuse(LABEL_REQUIRED, "label")
    return {
        "pool": pool,
        "label": label,
        "amount": _amount(amount),
        "payee": (payee or "").strip(),
        "basis": (basis or "").strip(),
    }


@transaction.atomic
def budget_line_add(*, budget: Budget, pool: str, label: str, amount, payee: str = "", basis: str = "") -> BudgetLine:
    budget = _lock_draft(budget)
    line = BudgetLine(budget=budget, **_line_fields(pool, label, amount, payee, basis))
    line.full_clean()
    line.save()
    return line


@transaction.atomic
def budget_line_update(
    *, line: BudgetLine, pool: str, label: str, amount, payee: str = "", basis: str = ""
) -> BudgetLine:
    _lock_draft(line.budget)
    fields = _line_fields(pool, label, amount, payee, basis)
    for name, value in fields.items():
        setattr(line, name, value)
    line.full_clean()
    line.save()
    return line


@transaction.atomic
def budget_line_remove(*, line: BudgetLine) -> None:
    _lock_draft(line.budget)
    line.delete()


@transaction.atomic
def budget_discard(*, budget: Budget) -> None:
    """Throw a draft away (an approved version stays for good)."""
    _lock_draft(budget).delete()


@transaction.atomic
def budget_approve(*, budget: Budget, by, decision: JointDecision | None = None) -> Budget:
    """Freeze the draft as the fee year's budget in force; an earlier approved version is superseded.

    `decision`: the owners' decision that approved it (closed as passed, on a budget); without one the
    budget is published as approved by the committee only."""
    if not by.has_perm("ledger.approve_budget"):
        raise refuse(APPROVER_NOT_COMMITTEE)
    budget = _lock_draft(budget)
    check_citable(decision, Topic.BUDGET)
    budget.decision = decision
    if not budget.lines.exists():
        raise refuse(NO_LINES)
    budget.status = BudgetStatus.APPROVED
    budget.approved_by = by
    budget.approved_at = clock.now()
    budget.full_clean()
    budget.save()
    return budget


coded(globals())
