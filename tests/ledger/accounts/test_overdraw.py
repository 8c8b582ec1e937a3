"""No pool overdrawn in silence: live spending below zero is refused unless the committee advanced money
from another pool; imported history is accepted and flagged on the months it was below zero."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ledger import figures, importers, services
from ledger.models import Entry, Expenditure, Flow, Kind, PoolAdvance
from tests.builders import pay
from tests.ledger.accounts.builders import spend
from trustmgmt.base.refusals import codes
from trustmgmt.disclosure.document import build_document

D = Decimal
pytestmark = pytest.mark.django_db


def test_spending_more_than_the_pool_holds_is_refused_and_nothing_is_written(household, plan, steward):
    pay(household, plan, steward, "200.00")  # electricity 50
    entries, spending = Entry.objects.count(), Expenditure.objects.count()
    with pytest.raises(ValidationError) as error:
        spend(steward, "50.01")
    assert codes(error.value) == ["pool_would_overdraw"]
    assert (Entry.objects.count(), Expenditure.objects.count()) == (entries, spending)
    assert spend(steward, "50.00").status == "posted"


def test_spending_dated_back_may_not_overdraw_a_later_day(household, plan, steward):
    pay(household, plan, steward, "200.00", paid_on=date(2024, 3, 1))
    spend(steward, "40.00", day=date(2024, 3, 10))
    with pytest.raises(ValidationError) as error:
        spend(steward, "20.00", day=date(2024, 3, 5))  # 50 - 20 = 30 on the 5th, but 30 - 40 on the 10th
    assert codes(error.value) == ["pool_would_overdraw"]


def test_approving_spending_above_the_threshold_is_refused_too(household, plan, steward, committee):
    pay(household, plan, steward, "200.00")
    pending = spend(steward, "9000.00")
    assert pending.status == "pending"
    with pytest.raises(ValidationError) as error:
        services.expenditure_approve(expenditure=pending, by=committee)
    assert codes(error.value) == ["pool_would_overdraw"]
    pending.refresh_from_db()
    assert pending.status == "pending"


def test_an_advance_from_another_pool_covers_it_and_nets_to_zero(household, plan, steward, committee):
    pay(household, plan, steward, "200.00")  # 50 / 90 / 60
    advance = services.pool_advance_approve(
        from_pool="maintenance",
        to_pool="electricity",
        amount=D("30.00"),
        value_date=date(2024, 3, 6),
        reason="电费超支，业委会 2024-03 会议同意由维修池调剂",
        by=committee,
    )
    spend(steward, "80.00")
    assert figures.balances() == {"electricity": D("0.00"), "maintenance": D("60.00"), "garbage": D("60.00")}
    assert {advance.out_entry.flow, advance.in_entry.flow} == {Flow.TRANSFER}
    assert advance.out_entry.amount + advance.in_entry.amount == 0
    month = {pool.code: pool for pool in figures.month_flows(date(2024, 3, 1))}
    assert month["electricity"].transfers == D("30.00")
    assert month["electricity"].closing == D("0.00")
    document = build_document(date(2024, 3, 1))
    assert document["advances"] == [
        {
            "value_date": "2024-03-06",
            "from_pool": "maintenance",
            "to_pool": "electricity",
            "amount": "30.00",
            "reason": "电费超支，业委会 2024-03 会议同意由维修池调剂",
        }
    ]
    assert [pool["transfers"] for pool in document["pools"]] == ["30.00", "-30.00", "0.00"]


def test_only_the_committee_approves_an_advance_and_the_lender_may_not_go_below_zero(
    household, plan, steward, committee
):
    pay(household, plan, steward, "200.00")
    cases = [
        ({"by": steward}, "advance_not_committee"),
        ({"amount": D("90.01")}, "pool_would_overdraw"),
        ({"to_pool": "maintenance"}, "advance_same_pool"),
        ({"reason": " "}, "reason_required"),
    ]
    for change, code in cases:
        arguments = {
            "from_pool": "maintenance",
            "to_pool": "electricity",
            "amount": D("10.00"),
            "value_date": date(2024, 3, 6),
            "reason": "调剂",
            "by": committee,
            **change,
        }
        with pytest.raises(ValidationError) as error:
            services.pool_advance_approve(**arguments)
        assert codes(error.value) == [code]
    assert PoolAdvance.objects.count() == 0


def test_reversing_a_payment_whose_money_was_spent_is_refused(household, plan, steward):
    payment = pay(household, plan, steward, "200.00")
    spend(steward, "50.00")
    with pytest.raises(ValidationError) as error:
        services.payment_reverse(payment=payment, reason="录错", by=steward)
    assert codes(error.value) == ["pool_would_overdraw"]
    assert not Entry.objects.filter(kind=Kind.PAYMENT_REVERSAL).exists()


def test_imported_history_is_accepted_and_its_months_flagged(household, plan, steward, tmp_path):
    pay(household, plan, steward, "200.00")
    path = tmp_path / "old.csv"
    path.write_text("spent_on,pool,payee,amount,description\n2024-03-20,electricity,供电公司,80.00,三月电费\n")
    importers.import_expenditures(path, recorded_by=steward)
    [row] = figures.overdrawn(date(2024, 3, 1))
    assert (row.code, row.lowest, row.on) == ("electricity", D("-30.00"), date(2024, 3, 20))
    assert build_document(date(2024, 3, 1))["overdrawn"] == [
        {"pool": "electricity", "lowest": "-30.00", "on": "2024-03-20"}
    ]
    assert figures.overdrawn(date(2024, 2, 1)) == []
