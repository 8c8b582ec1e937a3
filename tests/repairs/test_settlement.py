"""Settling pays the contractor through the ledger: one expenditure, the right pool and amount, once."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ledger import services as ledger_services
from ledger.models import Entry, Expenditure, ExpenditureStatus, Kind
from repairs import services
from repairs.models import Status
from tests.builders import advance, report
from trustmgmt.base.refusals import codes

D = Decimal


def booked():
    """The journal's entries after the pools were funded (the `funded` opening balance)."""
    return Entry.objects.exclude(kind=Kind.OPENING)


@pytest.fixture
def threshold(settings):
    settings.EXPENDITURE_APPROVAL_THRESHOLD = D("500.00")
    return settings


def test_settlement_posts_one_ledger_entry_against_the_maintenance_pool(order_at, steward, contractor, threshold):
    order = order_at("settled")

    expenditure = Expenditure.objects.get()
    assert order.settlement == expenditure and order.status == Status.SETTLED
    assert (expenditure.pool, expenditure.amount, expenditure.payee) == ("maintenance", D("45.00"), contractor.company)
    assert (expenditure.reference, expenditure.spent_on, expenditure.status) == (
        order.number,
        date(2024, 5, 12),
        ExpenditureStatus.POSTED,
    )
    assert expenditure.description == f"维修工单 {order.number}：照明，12幢2单元"
    entry = booked().get()
    assert (entry.kind, entry.maintenance, entry.electricity, entry.garbage, entry.reference) == (
        Kind.EXPENDITURE,
        D("-45.00"),
        D("0.00"),
        D("0.00"),
        order.number,
    )


def test_an_order_charged_to_another_pool_is_paid_from_it(order_at, threshold):
    order_at("settled", pool="electricity")
    entry = booked().get()
    assert (entry.electricity, entry.maintenance) == (D("-45.00"), D("0.00"))


def test_a_second_settlement_is_refused(order_at, steward, threshold):
    order = order_at("settled")
    with pytest.raises(ValidationError) as refused:
        services.work_order_settle(order=order, by=steward)
    assert codes(refused.value) == ["illegal_step"]
    assert Expenditure.objects.count() == 1 and booked().count() == 1


def test_an_expenditure_already_in_the_ledger_under_the_number_refuses_settlement(order_at, steward, threshold):
    order = order_at("accepted")
    ledger_services.expenditure_record(
        spent_on=date(2024, 5, 11),
        pool="maintenance",
        payee="宁波海曙安居物业维修服务有限公司",
        amount=D("45.00"),
        description="手工记账",
        reference=order.number,
        recorded_by=steward,
    )
    with pytest.raises(ValidationError) as refused:
        services.work_order_settle(order=order, settled_on=date(2024, 5, 12), by=steward)
    assert codes(refused.value) == ["settlement_exists"]
    order.refresh_from_db()
    assert order.status == Status.ACCEPTED and Expenditure.objects.count() == 1


def test_the_database_refuses_a_second_expenditure_with_the_order_number(order_at, steward, threshold):
    order = order_at("settled")
    with pytest.raises(IntegrityError), transaction.atomic():
        Expenditure.objects.create(
            spent_on=date(2024, 5, 12),
            pool="maintenance",
            payee="x",
            amount=D("45.00"),
            description="x",
            reference=order.number,
            status=ExpenditureStatus.PENDING,
            recorded_by=steward,
        )


def test_up_to_the_threshold_it_is_posted_at_once(order_at, steward, lamp, gutter, threshold):
    order = advance(report(steward), "accepted", steward, lines=[(lamp, "10"), (gutter, "4")])  # 450 + 50
    services.work_order_settle(order=order, settled_on=date(2024, 5, 12), by=steward)
    assert Expenditure.objects.get().amount == D("500.00")
    assert booked().get().amount == D("-500.00")


def test_above_the_threshold_it_waits_for_a_committee_member(order_at, steward, committee, lamp, threshold):
    order = advance(report(steward), "accepted", steward, lines=[(lamp, "11.13")])  # 500.85
    order = services.work_order_settle(order=order, settled_on=date(2024, 5, 12), by=steward)

    assert order.status == Status.SETTLED
    assert order.settlement.status == ExpenditureStatus.PENDING and order.settlement.amount == D("500.85")
    assert booked().count() == 0

    ledger_services.expenditure_approve(expenditure=order.settlement, by=committee, note="已核对")
    assert booked().get().amount == D("-500.85")


def test_a_rejected_settlement_reopens_the_order_to_be_corrected_and_settled_again(
    order_at, steward, committee, lamp, threshold
):
    order = advance(report(steward), "accepted", steward, lines=[(lamp, "12")])  # 540.00, should have been 2
    order = services.work_order_settle(order=order, settled_on=date(2024, 5, 12), by=steward)
    ledger_services.expenditure_reject(expenditure=order.settlement, by=committee, reason="数量有误，只换了2只")

    order = services.work_order_reopen(order=order, by=steward)
    assert (order.status, order.settlement, order.settled_on) == (Status.ACCEPTED, None, None)
    assert order.transitions.last().note == "数量有误，只换了2只"

    services.cost_line_remove(line=order.cost_lines.get(), by=steward)
    services.cost_line_add(order=order, price_item=lamp, quantity=D("2"), by=steward)
    order = services.work_order_settle(order=order, settled_on=date(2024, 5, 14), by=steward)

    assert order.settlement.status == ExpenditureStatus.POSTED and order.settlement.amount == D("90.00")
    assert list(Expenditure.objects.order_by("id").values_list("status", flat=True)) == ["rejected", "posted"]
    assert booked().get().amount == D("-90.00")


def test_a_wrong_settlement_that_was_posted_is_reversed_in_the_ledger_and_the_order_stays_settled(order_at, steward):
    order = order_at("settled")
    ledger_services.expenditure_reverse(expenditure=order.settlement, reason="重复付款", by=steward)
    assert sum(booked().values_list("amount", flat=True)) == D("0.00")
    order.refresh_from_db()
    assert order.status == Status.SETTLED
    with pytest.raises(ValidationError) as refused:
        services.work_order_reopen(order=order, by=steward)
    assert codes(refused.value) == ["reopen_not_rejected"]


def test_an_order_without_cost_is_settled_without_an_expenditure(steward, contract):
    order = advance(report(steward), "settled", steward)
    assert order.status == Status.SETTLED and order.settlement is None
    assert Expenditure.objects.count() == 0


def test_charges_above_the_reference_need_the_committee_before_settlement(steward, committee, roof, threshold):
    order = advance(report(steward, category="walls_roofs"), "accepted", steward, lines=[(roof, "2")])
    with pytest.raises(ValidationError) as refused:
        services.work_order_settle(order=order, settled_on=date(2024, 5, 12), by=steward)
    assert codes(refused.value) == ["charges_need_approval"]
    assert Expenditure.objects.count() == 0

    services.work_order_approve_charges(order=order, by=committee)
    order = services.work_order_settle(order=order, settled_on=date(2024, 5, 12), by=steward)
    assert order.settlement.amount == D("190.00")
    assert [t.action for t in order.transitions.all()][-2:] == ["approve_charges", "settle"]


def test_a_steward_cannot_approve_charges(steward, roof):
    order = advance(report(steward), "accepted", steward, lines=[(roof, "1")])
    with pytest.raises(ValidationError) as refused:
        services.work_order_approve_charges(order=order, by=steward)
    assert codes(refused.value) == ["approver_not_committee"]
    order.refresh_from_db()
    assert order.charges_approved_at is None


def test_changing_a_line_withdraws_the_approval(steward, committee, roof, lamp):
    order = advance(report(steward), "accepted", steward, lines=[(roof, "1")])
    services.work_order_approve_charges(order=order, by=committee)
    services.cost_line_add(order=order, price_item=lamp, quantity=D("1"), by=steward)
    order.refresh_from_db()
    assert order.charges_approved_at is None
    with pytest.raises(ValidationError) as refused:
        services.work_order_settle(order=order, settled_on=date(2024, 5, 12), by=steward)
    assert codes(refused.value) == ["charges_need_approval"]


def test_nothing_to_approve_is_said_so(order_at, committee):
    with pytest.raises(ValidationError) as refused:
        services.work_order_approve_charges(order=order_at("accepted"), by=committee)
    assert codes(refused.value) == ["nothing_to_approve"]


def test_a_ledger_refusal_leaves_the_order_accepted(order_at, steward):
    order = order_at("accepted")
    with pytest.raises(ValidationError) as refused:
        services.work_order_settle(order=order, settled_on=date(2024, 5, 9), by=steward)  # before acceptance
    assert codes(refused.value) == ["date_before"]
    order.refresh_from_db()
    assert order.status == Status.ACCEPTED and Expenditure.objects.count() == 0
