"""Two people at once, on PostgreSQL: one draft per fee year, a draft approved once, no line slips into it."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from ledger.budgets import services as budgets
from ledger.models import Budget, BudgetLine, BudgetStatus
from tests.builders import together

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")


def test_two_proposals_at_once_make_one_draft(transactional_db, history, steward, committee):
    plan = history.plans[2025]

    results = together(
        lambda: budgets.budget_propose(fee_plan=plan, by=steward),
        lambda: budgets.budget_propose(fee_plan=plan, by=committee),
    )

    assert sum(isinstance(result, Budget) for result in results) == 1
    [refusal] = [result for result in results if not isinstance(result, Budget)]
    assert isinstance(refusal, ValidationError)
    assert Budget.objects.count() == 1


def test_a_line_added_while_approving_is_in_it_or_refused(transactional_db, history, steward, committee):
    draft = budgets.budget_propose(fee_plan=history.plans[2025], by=steward)
    lines = BudgetLine.objects.count()

    added, approved = together(
        lambda: budgets.budget_line_add(budget=draft, pool="garbage", label="Bins", amount="80.00"),
        lambda: budgets.budget_approve(budget=draft, by=committee),
    )

    assert Budget.objects.get().status == BudgetStatus.APPROVED
    assert isinstance(approved, Budget)
    if isinstance(added, BudgetLine):
        assert BudgetLine.objects.count() == lines + 1  # it came first, and was approved with the rest
    else:
        assert isinstance(added, ValidationError) and BudgetLine.objects.count() == lines
