"""A closed fee year's budget stays as it was approved: no new version, no new draft, and no button offering one."""

import pytest
from django.urls import reverse

from ledger.budgets import services as budgets
from ledger.models import Budget
from ledger.settlement import services as settlement
from trustmgmt.base.refusals import codes

CARRY = {"electricity": "carry", "maintenance": "carry", "garbage": "carry"}


@pytest.fixture
def closed_2022(history, steward, committee):
    draft = budgets.budget_new_draft(fee_plan=history.plans[2022], by=steward)
    budgets.budget_line_add(budget=draft, pool="electricity", label="公共照明", amount="1000.00")
    budgets.budget_approve(budget=draft, by=committee)
    settlement.fee_year_close(fee_plan=history.plans[2022], decisions=CARRY, minute="纪要第1号", by=committee)
    return history.plans[2022]


@pytest.mark.parametrize("write", [budgets.budget_new_version, budgets.budget_new_draft, budgets.budget_propose])
def test_the_service_refuses_a_new_version_of_a_closed_years_budget(closed_2022, steward, write):
    before = Budget.objects.count()
    with pytest.raises(Exception) as refused:
        write(fee_plan=closed_2022, by=steward)
    assert codes(refused.value) == ["year_closed"]
    assert Budget.objects.count() == before


def test_the_budgets_page_offers_no_new_version_for_a_closed_year(signed_in, committee, closed_2022):
    page = signed_in(committee).get(reverse("ledger:budgets")).content.decode()
    assert reverse("ledger:budget_new_version", args=[2022]) not in page
    assert reverse("ledger:budget_propose", args=[2022]) not in page
    assert "This fee year is closed" in page
    assert reverse("ledger:budget_propose", args=[2025]) in page  # an open year still offers it


def test_posting_the_form_anyway_is_refused(signed_in, committee, closed_2022):
    before = Budget.objects.count()
    signed_in(committee).post(reverse("ledger:budget_new_version", args=[2022]))
    assert Budget.objects.count() == before
