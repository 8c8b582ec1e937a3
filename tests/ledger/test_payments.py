from datetime import date, timedelta
from decimal import Decimal
from uuid import uuid4

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ledger import figures, services
from ledger.models import Entry, Kind, Payment
from tests.builders import pay, refusal_params
from trustmgmt.base.refusals import codes
from trustmgmt.disclosure.services import publish

D = Decimal


def test_a_full_payment_pays_each_pool_its_due(household, plan, steward):
    payment = pay(household, plan, steward, "200.00")
    entry = Entry.objects.get(payment=payment)
    assert (entry.electricity, entry.maintenance, entry.garbage, entry.amount) == (
        D("50.00"),
        D("90.00"),
        D("60.00"),
        D("200.00"),
    )
    assert entry.kind == Kind.PAYMENT and entry.period == date(2024, 3, 1)
    assert figures.year_status(household, plan).state == "paid"


def test_a_vacant_flat_owes_140_and_nothing_for_garbage(vacant_household, plan, steward):
    payment = pay(vacant_household, plan, steward, "140.00")
    entry = payment.entries.get()
    assert (entry.electricity, entry.maintenance, entry.garbage) == (D("50.00"), D("90.00"), D("0.00"))


def test_receipt_numbers_run_per_fee_year_without_gaps(household, vacant_household, plan, steward):
    first = pay(household, plan, steward, "100.00")
    second = pay(vacant_household, plan, steward, "140.00")
    third = pay(household, plan, steward, "100.00")
    assert [p.receipt_no for p in (first, second, third)] == ["2024-000001", "2024-000002", "2024-000003"]
    plan_2025 = services.fee_plan_create(year=2025)
    assert pay(household, plan_2025, steward, "200.00", paid_on=date(2024, 12, 20)).receipt_no == "2025-000001"


def test_partial_payments_split_in_proportion_and_add_up(household, plan, steward):
    pay(household, plan, steward, "33.33")
    pay(household, plan, steward, "66.67")
    status = figures.year_status(household, plan)
    assert status.state == "part"
    assert status.paid == {"electricity": D("25.00"), "maintenance": D("45.00"), "garbage": D("30.00")}
    pay(household, plan, steward, "100.00")
    status = figures.year_status(household, plan)
    assert status.paid == status.due and status.state == "paid"


def test_it_refuses_more_than_is_due_and_writes_nothing(household, plan, steward):
    pay(household, plan, steward, "150.00")
    with pytest.raises(ValidationError) as refused:
        pay(household, plan, steward, "50.01")
    assert codes(refused.value) == ["amount_exceeds_due"]
    assert refusal_params(refused.value) == [{"household": "12-2-301", "year": 2024, "outstanding": D("50.00")}]
    assert Payment.objects.count() == 1 and Entry.objects.count() == 1


def test_it_refuses_a_year_paid_in_full(household, plan, steward):
    pay(household, plan, steward, "200.00")
    with pytest.raises(ValidationError) as refused:
        pay(household, plan, steward, "1.00")
    assert codes(refused.value) == ["already_paid"]


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        ("0.00", "amount_not_positive"),
        ("-5.00", "amount_not_positive"),
        ("10.001", "amount_too_precise"),
        ("2000000.00", "amount_too_large"),
    ],
)
def test_it_refuses_bad_amounts(household, plan, steward, amount, code):
    with pytest.raises(ValidationError) as refused:
        pay(household, plan, steward, amount)
    assert codes(refused.value) == [code]
    assert Payment.objects.count() == 0 and Entry.objects.count() == 0


def test_it_refuses_a_future_date(household, plan, steward):
    with pytest.raises(ValidationError) as refused:
        pay(household, plan, steward, "200.00", paid_on=timezone.localdate() + timedelta(days=1))
    assert codes(refused.value) == ["date_in_future"]
    assert Payment.objects.count() == 0


def test_it_refuses_an_unknown_method(household, plan, steward):
    with pytest.raises(ValidationError) as refused:
        pay(household, plan, steward, "200.00", method="gold")
    assert codes(refused.value) == ["invalid_choice"]
    assert Payment.objects.count() == 0 and Entry.objects.count() == 0


def test_the_same_form_sent_twice_records_once(household, plan, steward):
    key = uuid4()
    first = pay(household, plan, steward, "200.00", request_key=key)
    again = pay(household, plan, steward, "200.00", request_key=key)
    assert again.pk == first.pk
    assert Payment.objects.count() == 1 and Entry.objects.count() == 1


def test_an_imported_receipt_number_is_kept_and_the_counter_follows(household, vacant_household, plan, steward):
    assert pay(household, plan, steward, "200.00", receipt_number=45).receipt_no == "2024-000045"
    assert pay(vacant_household, plan, steward, "10.00").receipt_no == "2024-000046"
    with pytest.raises(ValidationError) as refused:
        pay(vacant_household, plan, steward, "10.00", receipt_number=46)
    assert codes(refused.value) == ["receipt_taken"]
    assert refusal_params(refused.value) == [{"receipt": "2024-000046"}]


def test_a_reversal_restores_what_is_due_and_keeps_the_original(household, plan, steward):
    payment = pay(household, plan, steward, "200.00")
    balances_before = figures.balances()
    reversal = services.payment_reverse(payment=payment, reason="wrong flat", by=steward)
    assert reversal.reverses == payment.entries.get(kind=Kind.PAYMENT)
    assert reversal.amount == D("-200.00") and reversal.memo == "wrong flat"
    assert Payment.objects.filter(pk=payment.pk).exists()
    assert figures.year_status(household, plan).state == "unpaid"
    assert figures.balances() == {
        pool: balances_before[pool] - amount
        for pool, amount in {"electricity": D("50.00"), "maintenance": D("90.00"), "garbage": D("60.00")}.items()
    }
    assert pay(household, plan, steward, "200.00").receipt_no == "2024-000002"


def test_a_reversal_needs_a_reason_and_happens_once(household, plan, steward):
    payment = pay(household, plan, steward, "200.00")
    with pytest.raises(ValidationError) as refused:
        services.payment_reverse(payment=payment, reason="  ", by=steward)
    assert codes(refused.value) == ["reason_required"]
    services.payment_reverse(payment=payment, reason="duplicate", by=steward)
    with pytest.raises(ValidationError) as refused:
        services.payment_reverse(payment=payment, reason="again", by=steward)
    assert codes(refused.value) == ["already_reversed"]
    assert Entry.objects.count() == 2


def test_a_payment_for_last_year_received_after_publication_is_disclosed_in_the_open_month(
    household, plan, steward, committee
):
    pay(household, plan, steward, "100.00", paid_on=date(2024, 3, 5))
    publish(month=date(2024, 3, 1), by=committee)
    late = pay(household, plan, steward, "100.00", paid_on=date(2024, 3, 30))
    entry = late.entries.get()
    assert entry.value_date == date(2024, 3, 30) and entry.period == date(2024, 4, 1)
