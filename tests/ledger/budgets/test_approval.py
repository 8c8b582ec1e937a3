"""Approving a budget freezes it: the services, the model, QuerySet.update and the database refuse changes."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction

from ledger.budgets import selectors as budget_figures
from ledger.budgets import services as budgets
from ledger.models import Budget, BudgetFrozenError, BudgetLine, BudgetStatus
from tests.builders import refusal_params
from trustmgmt.base.refusals import codes

D = Decimal


def test_a_committee_member_approves_a_draft(history, steward, committee):
    draft = budgets.budget_propose(fee_plan=history.plans[2025], by=steward)

    budget = budgets.budget_approve(budget=draft, by=committee)

    budget.refresh_from_db()
    assert budget.status == BudgetStatus.APPROVED
    assert budget.approved_by == committee and budget.approved_at is not None
    assert budget_figures.budget_in_force(history.plans[2025]) == budget


def test_a_steward_cannot_approve(history, steward):
    draft = budgets.budget_propose(fee_plan=history.plans[2025], by=steward)

    with pytest.raises(ValidationError) as error:
        budgets.budget_approve(budget=draft, by=steward)

    assert codes(error.value) == ["approver_not_committee"]
    draft.refresh_from_db()
    assert draft.status == BudgetStatus.DRAFT


def test_a_budget_without_lines_cannot_be_approved(history, steward, committee):
    draft = budgets.budget_propose(fee_plan=history.plans[2025], by=steward)
    for line in draft.lines.all():
        budgets.budget_line_remove(line=line)

    with pytest.raises(ValidationError) as error:
        budgets.budget_approve(budget=draft, by=committee)

    assert codes(error.value) == ["no_lines"]
    draft.refresh_from_db()
    assert draft.status == BudgetStatus.DRAFT


def test_the_services_refuse_to_change_an_approved_budget(approved):
    line = approved.lines.first()
    attempts = [
        lambda: budgets.budget_update(budget=approved, expected_rate_occupied="0.9", expected_rate_vacant="0.9"),
        lambda: budgets.budget_line_add(budget=approved, pool="garbage", label="x", amount="1.00"),
        lambda: budgets.budget_line_update(line=line, pool="garbage", label="x", amount="1.00"),
        lambda: budgets.budget_line_remove(line=line),
        lambda: budgets.budget_discard(budget=approved),
        lambda: budgets.budget_approve(budget=approved, by=approved.approved_by),
    ]
    before = list(BudgetLine.objects.values_list("pool", "label", "amount"))
    for attempt in attempts:
        with pytest.raises(ValidationError) as error:
            attempt()
        assert codes(error.value) == ["not_draft"]
    assert list(BudgetLine.objects.values_list("pool", "label", "amount")) == before
    approved.refresh_from_db()
    assert approved.expected_rate_occupied == D("0.7500")


def test_the_model_refuses_save_and_delete(approved):
    approved.notes = "changed"
    with pytest.raises(BudgetFrozenError):
        approved.save()
    with pytest.raises(BudgetFrozenError):
        approved.delete()
    line = approved.lines.first()
    line.amount = D("1.00")
    with pytest.raises(BudgetFrozenError):
        line.save()
    with pytest.raises(BudgetFrozenError):
        line.delete()
    with pytest.raises(BudgetFrozenError):
        BudgetLine(budget=approved, pool="garbage", label="x", amount=D("1.00")).save()


def test_querysets_refuse_update_and_delete(approved):
    with pytest.raises(BudgetFrozenError):
        Budget.objects.filter(pk=approved.pk).update(notes="changed")
    with pytest.raises(BudgetFrozenError):
        Budget.objects.all().delete()
    with pytest.raises(BudgetFrozenError):
        BudgetLine.objects.filter(budget=approved).update(amount=D("1.00"))
    with pytest.raises(BudgetFrozenError):
        BudgetLine.objects.filter(budget=approved).delete()
    assert Budget.objects.get(pk=approved.pk).notes == ""


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE ledger_budget SET notes = 'changed' WHERE id = %(budget)s",
        "UPDATE ledger_budget SET status = 'draft' WHERE id = %(budget)s",
        "DELETE FROM ledger_budget WHERE id = %(budget)s",
        "UPDATE ledger_budgetline SET amount = 1 WHERE budget_id = %(budget)s",
        "DELETE FROM ledger_budgetline WHERE budget_id = %(budget)s",
        "INSERT INTO ledger_budgetline (budget_id, pool, label, payee, amount, basis) "
        "VALUES (%(budget)s, 'garbage', 'x', '', 1, '')",
    ],
)
def test_the_database_refuses_changes_around_the_orm(approved, sql):
    lines = BudgetLine.objects.filter(budget=approved).count()

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql % {"budget": int(approved.pk)})

    assert BudgetLine.objects.filter(budget=approved).count() == lines
    assert Budget.objects.get(pk=approved.pk).status == BudgetStatus.APPROVED


def test_the_database_lets_drafts_change(history, steward):
    draft = budgets.budget_propose(fee_plan=history.plans[2025], by=steward)

    with connection.cursor() as cursor:
        cursor.execute("UPDATE ledger_budgetline SET amount = 2 WHERE budget_id = %s", [draft.pk])

    assert set(draft.lines.values_list("amount", flat=True)) == {D("2.00")}


def test_a_new_version_starts_as_a_draft_copy_and_supersedes_when_approved(approved, steward, committee):
    draft = budgets.budget_new_version(fee_plan=approved.fee_plan, by=steward)
    assert (draft.version, draft.status) == (2, BudgetStatus.DRAFT)
    assert list(draft.lines.values_list("pool", "label", "amount")) == list(
        approved.lines.values_list("pool", "label", "amount")
    )
    line = draft.lines.get(pool="maintenance")
    budgets.budget_line_update(line=line, pool="maintenance", label="Repairs", amount="500.00", payee=line.payee)

    budgets.budget_approve(budget=draft, by=committee)

    in_force = budget_figures.budget_in_force(approved.fee_plan)
    assert in_force.version == 2
    assert [line.amount for line in in_force.lines.all() if line.pool == "maintenance"] == [D("500.00")]
    assert approved.lines.get(pool="maintenance").amount == D("133.36")  # version 1 as it was approved


def test_a_new_version_needs_an_approved_one(history, steward):
    with pytest.raises(ValidationError) as error:
        budgets.budget_new_version(fee_plan=history.plans[2025], by=steward)

    assert codes(error.value) == ["nothing_approved"]
    assert refusal_params(error.value) == [{"year": 2025}]
    assert not Budget.objects.exists()


def test_a_draft_can_be_discarded(history, steward):
    draft = budgets.budget_propose(fee_plan=history.plans[2025], by=steward)

    budgets.budget_discard(budget=draft)

    assert not Budget.objects.exists() and not BudgetLine.objects.exists()
