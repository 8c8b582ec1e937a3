"""Every refusal carries a code (its constant's name), and text is refused when too long, never cut short."""

import importlib
from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.utils.functional import Promise

from ledger import services
from ledger.models import Entry, Expenditure, ExpenditureStatus
from trustmgmt.base.refusals import TEXT_TOO_LONG, checked_text, code_of, codes, refuse

SERVICE_MODULES = [
    "ledger.services",
    "ledger.journal",
    "ledger.budgets.services",
    "ledger.settlement.services",
    "ledger.inspections.services",
    "repairs.services",
    "repairs.lifecycle",
    "trustmgmt.base.money",
    "trustmgmt.base.dates",
    "trustmgmt.base.refusals",
]


@pytest.mark.parametrize("module_name", SERVICE_MODULES)
def test_every_refusal_of_a_service_module_has_a_code(module_name):
    module = importlib.import_module(module_name)
    constants = {name: value for name, value in vars(module).items() if name.isupper() and isinstance(value, Promise)}
    assert constants
    for name, value in constants.items():
        assert code_of(value) is not None, name
    own = {name for name, value in constants.items() if code_of(value) == name.lower()}
    assert own  # a module's own refusals are named after their constant


def test_a_refusal_carries_its_code_on_its_field():
    error = refuse(TEXT_TOO_LONG, "note", limit=3, length=4)
    assert codes(error) == ["text_too_long"]
    assert error.error_dict["note"][0].messages == ["Keep this under 3 characters (it has 4)."]
    assert codes(refuse(services.ALREADY_REVERSED)) == ["already_reversed"]
    assert codes(refuse(TEXT_TOO_LONG, code="custom", limit=1, length=2)) == ["custom"]


def test_checked_text_strips_and_refuses_but_never_cuts():
    assert checked_text("  修灯  ", "note", 5) == "修灯"
    assert checked_text("", "note", 5, required=False) == ""
    with pytest.raises(ValidationError) as empty:
        checked_text("   ", "note", 5)
    assert codes(empty.value) == ["text_required"]
    with pytest.raises(ValidationError) as long:
        checked_text("长" * 6, "note", 5)
    assert codes(long.value) == ["text_too_long"]


@pytest.fixture
def pending(steward, plan, settings, funded):
    settings.EXPENDITURE_APPROVAL_THRESHOLD = D("100.00")
    return services.expenditure_record(
        spent_on=date(2024, 5, 2), pool="maintenance", payee="五金店", amount=D("460.00"), description="水泵",
        recorded_by=steward,
    )  # fmt: skip


def test_an_overlong_approval_note_is_refused_and_nothing_is_posted(pending, committee):
    with pytest.raises(ValidationError) as refused:
        services.expenditure_approve(expenditure=pending, by=committee, note="批" * 301)
    assert codes(refused.value) == ["text_too_long"]
    pending.refresh_from_db()
    assert pending.status == ExpenditureStatus.PENDING and not Entry.objects.filter(expenditure=pending).exists()


def test_an_overlong_rejection_reason_is_refused(pending, committee):
    with pytest.raises(ValidationError) as refused:
        services.expenditure_reject(expenditure=pending, by=committee, reason="否" * 301)
    assert codes(refused.value) == ["text_too_long"]
    assert Expenditure.objects.get(pk=pending.pk).status == ExpenditureStatus.PENDING


def test_an_overlong_opening_memo_is_refused(committee, plan):
    with pytest.raises(ValidationError) as refused:
        services.opening_balance_record(
            value_date=date(2024, 1, 1), amounts={"maintenance": D("10.00")}, memo="账" * 301, by=committee
        )
    assert codes(refused.value) == ["text_too_long"]
    assert not Entry.objects.exists()


def test_an_overlong_reversal_reason_is_refused(household, plan, steward):
    payment = services.payment_record(
        household=household, fee_plan=plan, amount=D("200.00"), method="cash", paid_on=date(2024, 3, 1),
        recorded_by=steward,
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        services.payment_reverse(payment=payment, reason="错" * 301, by=steward)
    assert codes(refused.value) == ["text_too_long"]
    assert Entry.objects.count() == 1
