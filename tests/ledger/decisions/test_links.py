"""A budget, fee plan, settlement or contract cites the owners' decision that approved it; the public reads
“approved by the owners on …” or “approved by the committee only”."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ledger import services
from ledger.budgets import services as budgets
from ledger.decisions import services as decisions
from ledger.models import Budget
from repairs import services as repairs
from tests.ledger.decisions.builders import TODAY, flat, put, vote
from trustmgmt.base.refusals import codes


@pytest.fixture
def homes(db):
    return [flat(101, "80.00"), flat(102, "70.00"), flat(103, "50.00")]


def decided(committee, steward, homes, *, topic, passing=True):
    decision = put(committee, topic=topic, closes_on=TODAY, title=f"About the {topic}")
    for home in homes if passing else homes[:1]:
        vote(decision, home, "agree", steward)
    decisions.decision_close(decision=decision, by=committee)
    return decision


@pytest.fixture
def draft(db, steward, homes):
    plan = services.fee_plan_create(year=2025)
    draft = budgets.budget_new_draft(fee_plan=plan, by=steward)
    budgets.budget_line_add(budget=draft, pool="garbage", label="清运", amount="1000.00")
    return draft


def test_a_budget_approved_by_the_owners_says_so_in_public(client, committee, steward, homes, draft):
    decision = decided(committee, steward, homes, topic="budget")
    budgets.budget_approve(budget=draft, by=committee, decision=decision)
    data = client.get(reverse("disclosure:budget_json", args=["2025"])).json()
    assert data["approval"] == {
        "by": "owners",
        "decision": decision.pk,
        "title": "About the budget",
        "closed_on": TODAY.isoformat(),
        "participation": {"area": "1.0000", "owners": "1.0000"},
        "agreement": {"area": "1.0000", "owners": "1.0000"},
        "url": reverse("disclosure:decision", args=[decision.pk]),
    }
    client.cookies["django_language"] = "en"
    page = client.get(reverse("disclosure:budget", args=["2025"])).content.decode()
    assert f"Approved by the owners on {TODAY.isoformat()}: participation 100.00% of the area" in page


def test_a_budget_the_committee_alone_approved_says_that(client, committee, draft):
    budgets.budget_approve(budget=draft, by=committee)
    assert client.get(reverse("disclosure:budget_json", args=["2025"])).json()["approval"] == {"by": "committee"}


@pytest.mark.parametrize(
    ("topic", "passing", "code"), [("budget", False, "decision_not_passed"), ("contract", True, "decision_other_topic")]
)
def test_only_a_passed_decision_on_the_topic_is_cited(committee, steward, homes, draft, topic, passing, code):
    decision = decided(committee, steward, homes, topic=topic, passing=passing)
    with pytest.raises(ValidationError) as error:
        budgets.budget_approve(budget=draft, by=committee, decision=decision)
    assert codes(error.value) == [code]
    draft.refresh_from_db()
    assert draft.is_draft and draft.decision is None


def test_an_open_decision_is_not_cited(committee, steward, homes, draft):
    decision = put(committee, topic="budget")
    with pytest.raises(ValidationError) as error:
        budgets.budget_approve(budget=draft, by=committee, decision=decision)
    assert codes(error.value) == ["decision_not_passed"]


def test_the_budget_page_approves_citing_a_decision(client, committee, steward, homes, draft):
    decision = decided(committee, steward, homes, topic="budget")
    client.force_login(committee)
    client.post(reverse("ledger:budget_approve", args=[2025, draft.version]), {"decision": decision.pk})
    assert Budget.objects.get(pk=draft.pk).decision == decision


def test_a_fee_plan_cites_its_decision(committee, steward, homes):
    plan = services.fee_plan_create(year=2025)
    decision = decided(committee, steward, homes, topic="fee_plan")
    decisions.fee_plan_cite(fee_plan=plan, decision=decision, by=committee)
    plan.refresh_from_db()
    assert plan.decision == decision
    with pytest.raises(ValidationError) as error:
        decisions.fee_plan_cite(fee_plan=plan, decision=None, by=steward)
    assert codes(error.value) == ["plan_not_committee"]


def test_a_contract_cites_its_decision(committee, steward, homes):
    decision = decided(committee, steward, homes, topic="contract")
    contractor = repairs.contractor_create(
        company="宁波安居物业维修有限公司", contact_person="张师傅", phone="13700000000"
    )
    contract = repairs.contract_create(
        contractor=contractor,
        title="维修承揽合同",
        signed_on=date(2025, 3, 1),
        starts_on=date(2025, 3, 15),
        votes_for=3,
        votes_against=0,
        households=3,
        created_by=committee,
        decision=decision,
    )
    assert contract.decision == decision


def test_the_fee_plans_page_records_who_approved_the_fees(client, committee, steward, homes):
    plan = services.fee_plan_create(year=2025)
    decision = decided(committee, steward, homes, topic="fee_plan")
    client.force_login(committee)
    assert decision.title in client.get(reverse("ledger:fee_plans")).content.decode()
    client.post(reverse("ledger:fee_plan_cite"), {"fee_plan": plan.pk, "decision": decision.pk})
    plan.refresh_from_db()
    assert plan.decision == decision
    data = client.get(reverse("disclosure:budget_json", args=["2025"]))
    assert data.status_code == 404  # no budget yet; the fees' approval shows with the budget


def test_the_settlement_form_cites_the_owners_decision(client, committee, steward, homes):
    from ledger.settlement.forms import FeeYearCloseForm

    decision = decided(committee, steward, homes, topic="settlement")
    form = FeeYearCloseForm(
        {"electricity": "carry", "maintenance": "carry", "garbage": "carry", "minute": "x", "decision": decision.pk}
    )
    assert form.is_valid() and form.cleaned_data["decision"] == decision
    other = decided(committee, steward, homes, topic="budget")
    assert not FeeYearCloseForm({"minute": "x", "decision": other.pk}).is_valid()


def test_the_contract_form_offers_passed_contract_decisions(committee, steward, homes):
    from repairs.forms import ContractForm

    decision = decided(committee, steward, homes, topic="contract")
    failed = decided(committee, steward, homes, topic="contract", passing=False)
    choices = list(ContractForm().fields["decision"].queryset)
    assert choices == [decision] and failed not in choices
