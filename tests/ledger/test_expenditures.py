from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ledger import figures, services
from ledger.models import Entry, Expenditure, ExpenditureStatus, Kind
from tests.builders import field_codes, fund, spend
from trustmgmt.base.refusals import codes

D = Decimal


def test_spending_up_to_the_threshold_is_posted_at_once(steward, settings):
    settings.EXPENDITURE_APPROVAL_THRESHOLD = D("500.00")
    fund(steward, "800.00", pools=["maintenance"])
    expenditure = spend(steward, "500.00")
    assert expenditure.status == ExpenditureStatus.POSTED
    entry = expenditure.entries.get()
    assert (entry.kind, entry.maintenance, entry.amount) == (Kind.EXPENDITURE, D("-500.00"), D("-500.00"))
    assert figures.balances()["maintenance"] == D("300.00")


def test_spending_above_the_threshold_waits_for_the_committee(steward, committee, settings):
    settings.EXPENDITURE_APPROVAL_THRESHOLD = D("500.00")
    fund(steward, "500.01", pools=["maintenance"])
    expenditure = spend(steward, "500.01")
    assert expenditure.status == ExpenditureStatus.PENDING and not expenditure.entries.exists()
    services.expenditure_approve(expenditure=expenditure, by=committee)
    expenditure.refresh_from_db()
    assert expenditure.status == ExpenditureStatus.POSTED and expenditure.decided_by == committee
    assert expenditure.entries.get().amount == D("-500.01")


def test_a_steward_cannot_approve(steward, settings):
    settings.EXPENDITURE_APPROVAL_THRESHOLD = D("100.00")
    expenditure = spend(steward, "800.00")
    with pytest.raises(ValidationError) as refused:
        services.expenditure_approve(expenditure=expenditure, by=steward)
    assert codes(refused.value) == ["approver_not_committee"]
    assert Entry.objects.count() == 0


def test_nobody_approves_their_own_spending(committee, settings):
    settings.EXPENDITURE_APPROVAL_THRESHOLD = D("100.00")
    expenditure = spend(committee, "800.00")
    with pytest.raises(ValidationError) as refused:
        services.expenditure_approve(expenditure=expenditure, by=committee)
    assert codes(refused.value) == ["approver_is_recorder"]
    assert Entry.objects.count() == 0


def test_a_rejected_expenditure_is_never_posted_and_cannot_be_approved_later(steward, committee, settings):
    settings.EXPENDITURE_APPROVAL_THRESHOLD = D("100.00")
    expenditure = spend(steward, "800.00")
    with pytest.raises(ValidationError) as refused:
        services.expenditure_reject(expenditure=expenditure, by=committee, reason="")
    assert codes(refused.value) == ["reason_required"]
    services.expenditure_reject(expenditure=expenditure, by=committee, reason="报价高于政府参考价")
    with pytest.raises(ValidationError) as refused:
        services.expenditure_approve(expenditure=expenditure, by=committee)
    assert codes(refused.value) == ["not_pending"]
    assert Entry.objects.count() == 0


def test_imported_spending_is_posted_whatever_its_size(steward, settings):
    settings.EXPENDITURE_APPROVAL_THRESHOLD = D("100.00")
    fund(steward, "9000.00", pools=["maintenance"])
    assert spend(steward, "9000.00", approved=True).status == ExpenditureStatus.POSTED


def test_a_reversal_gives_the_money_back_to_the_pool(steward):
    fund(steward, "120.00", pools=["maintenance"])
    expenditure = spend(steward, "120.00")
    assert figures.balances()["maintenance"] == D("0.00")
    services.expenditure_reverse(expenditure=expenditure, reason="重复录入", by=steward)
    assert figures.balances()["maintenance"] == D("120.00")
    assert Expenditure.objects.get().status == ExpenditureStatus.POSTED


@pytest.mark.parametrize(
    ("fields", "field", "code"),
    [
        ({"pool": "heating"}, "pool", "invalid_choice"),
        ({"payee": ""}, "payee", "blank"),
        ({"payee": "x" * 101}, "payee", "max_length"),
        ({"description": ""}, "description", "blank"),
        ({"description": "长" * 301}, "description", "max_length"),
        ({"spent_on": date(2999, 1, 1)}, "spent_on", "date_in_future"),
    ],
)
def test_it_refuses_bad_fields_and_writes_nothing(steward, fields, field, code):
    with pytest.raises(ValidationError) as refused:
        spend(steward, "10.00", **fields)
    assert field_codes(refused.value) == {field: [code]}
    assert Expenditure.objects.count() == 0 and Entry.objects.count() == 0


def test_script_tags_are_kept_as_text(steward, funded):
    expenditure = spend(steward, "10.00", payee="<script>alert(1)</script>")
    assert expenditure.entries.get().counterparty == "<script>alert(1)</script>"
