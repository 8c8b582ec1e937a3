"""Editing a draft: each bad input gets a clear message and changes nothing."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ledger.budgets import services as budgets
from ledger.models import BudgetLine
from tests.builders import field_codes

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

    assert field_codes(error.value) == {"expected_rate_occupied": ["rate_invalid"]}
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
        ({"pool": "water"}, {"pool": ["pool_invalid"]}),
        ({"label": "  "}, {"label": ["label_required"]}),
        ({"amount": "0"}, {"amount": ["amount_invalid"]}),
        ({"amount": "-5"}, {"amount": ["amount_invalid"]}),
        (
            {"amount": "1.005"},
            {"amount": ["amount_invalid"]},
        ),
        ({"amount": "lots"}, {"amount": ["amount_invalid"]}),
        (
            {"amount": "1E+30"},
            {"amount": ["amount_invalid"]},
        ),
    ],
)
def test_a_bad_line_is_refused_and_nothing_is_written(draft, fields, errors):
    count = BudgetLine.objects.count()
    values = {"pool": "maintenance", "label": "Patrols", "amount": "100.00", **fields}

    with pytest.raises(ValidationError) as error:
        budgets.budget_line_add(budget=draft, **values)

    assert field_codes(error.value) == errors
    assert BudgetLine.objects.count() == count
