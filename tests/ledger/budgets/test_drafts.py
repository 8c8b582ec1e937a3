"""Editing a draft: each bad input gets a clear message and changes nothing."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ledger.budgets import services as budgets
from ledger.models import BudgetLine

D = Decimal


@pytest.fixture
def draft(history, steward):
    return budgets.budget_propose(fee_plan=history.plans[2025], by=steward)


def test_changing_the_rates_replans_income(draft):
    budget = budgets.budget_update(budget=draft, expected_rate_occupied="0.9", expected_rate_vacant="0.5", notes="n")

    budget.refresh_from_db()
    assert (budget.expected_rate_occupied, budget.expected_rate_vacant) == (D("0.9000"), D("0.5000"))
    # 4 x 50 x 0.9 + 50 x 0.5; 4 x 90 x 0.9 + 90 x 0.5; 4 x 60 x 0.9
    assert budget.planned_income() == {"electricity": D("205.00"), "maintenance": D("369.00"), "garbage": D("216.00")}
    assert budget.notes == "n"


@pytest.mark.parametrize("rate", ["1.2", "-0.1", "abc", "", "0.12345", "NaN"])
def test_a_bad_rate_is_refused(draft, rate):
    with pytest.raises(ValidationError) as error:
        budgets.budget_update(budget=draft, expected_rate_occupied=rate, expected_rate_vacant="0.8")

    assert error.value.message_dict == {
        "expected_rate_occupied": ["Enter the rate as a fraction from 0 to 1 with at most four places, e.g. 0.85."]
    }
    draft.refresh_from_db()
    assert draft.expected_rate_occupied == D("0.7500")


def test_a_line_is_added_changed_and_removed(draft):
    line = budgets.budget_line_add(
        budget=draft, pool="maintenance", label="Contractor patrols", amount="1,200.50", basis="12 x 100.04"
    )
    assert (line.pool, line.label, line.amount, line.payee) == ("maintenance", "Contractor patrols", D("1200.50"), "")

    budgets.budget_line_update(line=line, pool="garbage", label="Bins", amount="80", payee="环卫")
    line.refresh_from_db()
    assert (line.pool, line.label, line.amount, line.payee) == ("garbage", "Bins", D("80.00"), "环卫")

    budgets.budget_line_remove(line=line)
    assert not BudgetLine.objects.filter(pk=line.pk).exists()


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"pool": "water"}, {"pool": ["Choose one of the three pools."]}),
        ({"label": "  "}, {"label": ["Name the item."]}),
        ({"amount": "0"}, {"amount": ["Enter an amount in yuan, more than zero, with at most two decimal places."]}),
        ({"amount": "-5"}, {"amount": ["Enter an amount in yuan, more than zero, with at most two decimal places."]}),
        (
            {"amount": "1.005"},
            {"amount": ["Enter an amount in yuan, more than zero, with at most two decimal places."]},
        ),
        ({"amount": "lots"}, {"amount": ["Enter an amount in yuan, more than zero, with at most two decimal places."]}),
        (
            {"amount": "1E+30"},
            {"amount": ["Enter an amount in yuan, more than zero, with at most two decimal places."]},
        ),
    ],
)
def test_a_bad_line_is_refused_and_nothing_is_written(draft, fields, errors):
    count = BudgetLine.objects.count()
    values = {"pool": "maintenance", "label": "Patrols", "amount": "100.00", **fields}

    with pytest.raises(ValidationError) as error:
        budgets.budget_line_add(budget=draft, **values)

    assert error.value.message_dict == errors
    assert BudgetLine.objects.count() == count
