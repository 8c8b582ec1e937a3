"""Proposing a budget from the past years' real spending gives known figures, to the fen."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from ledger import services
from ledger.budgets import selectors as budget_figures
from ledger.budgets import services as budgets
from ledger.models import Budget, BudgetLine, BudgetStatus
from tests.builders import GRID, HARDWARE, SANITATION, refusal_params
from trustmgmt.base.refusals import codes

D = Decimal


def test_it_averages_each_payees_spending_over_the_last_three_years(history, steward):
    budget = budgets.budget_propose(fee_plan=history.plans[2025], by=steward)

    assert budget.status == BudgetStatus.DRAFT and budget.version == 1
    assert budget.history_years == "2022, 2023, 2024"
    lines = [(line.pool, line.payee, line.amount) for line in budget.lines.order_by("id")]
    assert lines == [
        ("electricity", GRID, D("1100.00")),  # 3300.01 / 3 = 1100.0033
        ("maintenance", HARDWARE, D("133.36")),  # 400.09 / 3 = 133.3633
        ("garbage", SANITATION, D("400.00")),  # 1200.00 / 3
    ]
    hardware = budget.lines.get(payee=HARDWARE)
    assert hardware.history == [[2022, "300.10"], [2023, "0.00"], [2024, "99.99"]] and hardware.basis == ""


def test_the_basis_reads_as_a_sentence_in_the_readers_language(history, steward):
    line = budgets.budget_propose(fee_plan=history.plans[2025], by=steward).lines.get(payee=HARDWARE)

    with translation.override("en"):
        assert (
            line.basis_text()
            == "Average of the real spending: 300.10 yuan in 2022, 0.00 yuan in 2023, 99.99 yuan in 2024."
        )
    with translation.override("zh-hans"):
        assert line.basis_text() == "按往年实际支出的平均数：2022年300.10元，2023年0.00元，2024年99.99元。"
    line.basis = "Plus a new pump."
    with translation.override("en"):
        assert line.basis_text().endswith("99.99 yuan in 2024. Plus a new pump.")


def test_it_plans_income_from_households_dues_and_last_years_rates(history, steward):
    budget = budgets.budget_propose(fee_plan=history.plans[2025], by=steward)

    assert (budget.households_occupied, budget.households_vacant) == (4, 1)
    assert (budget.expected_rate_occupied, budget.expected_rate_vacant) == (D("0.7500"), D("1.0000"))
    # 4 x 50 x 0.75 + 1 x 50 x 1; 4 x 90 x 0.75 + 1 x 90 x 1; 4 x 60 x 0.75 + 1 x 0 x 1
    assert budget.planned_income() == {"electricity": D("200.00"), "maintenance": D("360.00"), "garbage": D("180.00")}


def test_it_shows_the_fee_per_household_that_would_cover_the_spending(history, steward):
    budget = budgets.budget_propose(fee_plan=history.plans[2025], by=steward)
    spending = budget_figures.planned_spending(list(budget.lines.all()))

    fees = budgets.covering_fees(budget, spending)

    # paying units: 4 x 0.75 + 1 x 1 (vacant pay electricity and maintenance in full, no garbage)
    assert fees == {"electricity": D("275.00"), "maintenance": D("33.34"), "garbage": D("133.34")}


def test_it_learns_from_as_many_years_as_asked(history, steward):
    budget = budgets.budget_propose(fee_plan=history.plans[2025], by=steward, years=1)

    assert budget.history_years == "2024"
    assert {line.payee: line.amount for line in budget.lines.all()} == {GRID: D("1200.01"), HARDWARE: D("99.99")}


def test_it_counts_spending_net_of_reversals(history, steward, committee):
    spending = history.plans[2024]
    extra = services.expenditure_record(
        spent_on=spending.starts_on.replace(month=5),
        pool="garbage",
        payee=SANITATION,
        amount=D("30.00"),
        description="x",
        recorded_by=steward,
        history=True,  # from the old ledger, like the rest of the history
    )
    services.expenditure_reverse(expenditure=extra, reason="wrong", by=committee)  # disclosed today, not in 2024

    budget = budgets.budget_propose(fee_plan=history.plans[2025], by=steward)

    assert budget.lines.get(payee=SANITATION).amount == D("410.00")  # (600 + 600 + 30) / 3


def test_it_refuses_a_second_draft_and_writes_nothing(history, steward):
    budgets.budget_propose(fee_plan=history.plans[2025], by=steward)
    counts = Budget.objects.count(), BudgetLine.objects.count()

    with pytest.raises(ValidationError) as error:
        budgets.budget_propose(fee_plan=history.plans[2025], by=steward)

    assert codes(error.value) == ["draft_exists"]
    assert refusal_params(error.value) == [{"year": 2025}]
    assert (Budget.objects.count(), BudgetLine.objects.count()) == counts


def test_it_refuses_a_year_without_history(history, steward):
    with pytest.raises(ValidationError) as error:
        budgets.budget_propose(fee_plan=history.plans[2022], by=steward)

    assert codes(error.value) == ["no_history"]
    assert refusal_params(error.value) == [{"year": 2022}]
    assert not Budget.objects.exists()


@pytest.mark.parametrize("years", [0, 11, -1])
def test_it_refuses_a_silly_number_of_years(history, steward, years):
    with pytest.raises(ValidationError) as error:
        budgets.budget_propose(fee_plan=history.plans[2025], by=steward, years=years)

    assert codes(error.value) == ["years_invalid"]
    assert not Budget.objects.exists()


def test_the_proposal_takes_a_fixed_number_of_queries(history, steward, django_assert_max_num_queries):
    # full_clean() checks each constraint in a query of its own; none of it grows with the ledger.
    with django_assert_max_num_queries(30):
        budgets.budget_propose(fee_plan=history.plans[2025], by=steward)
