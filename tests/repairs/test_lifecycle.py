"""Every step from every status: the legal ones move the order and record who and when; the rest are refused."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ledger import services as ledger_services
from repairs import services
from repairs.models import Status, Transition, WorkOrder
from tests.builders import refusal_params
from trustmgmt.base.refusals import codes

STEPS = {
    "assign": lambda order, user: services.work_order_assign(order=order, assigned_on=date(2024, 5, 7), by=user),
    "complete": lambda order, user: services.work_order_complete(order=order, done_on=date(2024, 5, 9), by=user),
    "send_back": lambda order, user: services.work_order_send_back(order=order, reason="灯罩没装好", by=user),
    "accept": lambda order, user: services.work_order_accept(order=order, accepted_on=date(2024, 5, 10), by=user),
    "settle": lambda order, user: services.work_order_settle(order=order, settled_on=date(2024, 5, 12), by=user),
    "reopen": lambda order, user: services.work_order_reopen(order=order, by=user),
    "cancel": lambda order, user: services.work_order_cancel(order=order, reason="住户自行修好", by=user),
}
LEGAL = {
    ("reported", "assign"): "assigned",
    ("reported", "cancel"): "cancelled",
    ("assigned", "complete"): "done",
    ("assigned", "cancel"): "cancelled",
    ("done", "send_back"): "assigned",
    ("done", "accept"): "accepted",
    ("done", "cancel"): "cancelled",
    ("accepted", "settle"): "settled",
    ("accepted", "cancel"): "cancelled",
    ("settled", "reopen"): "accepted",  # only after the committee rejected the settlement
}
NEXT = {
    "reported": "Assign to the contractor, Cancel the order",
    "assigned": "Record the work done, Cancel the order",
    "done": "Send back for rework, Accept the work, Cancel the order",
    "accepted": "Settle, Cancel the order",
    "settled": "Reopen for correction",
    "cancelled": "none",
}
PAIRS = [(status, step) for status in Status.values for step in STEPS]


@pytest.fixture
def rejected_settlements(settings, committee):
    """Settlements wait for the committee, which rejects them: the one way a settled order may reopen."""
    settings.EXPENDITURE_APPROVAL_THRESHOLD = Decimal("10.00")

    def reject(order):
        ledger_services.expenditure_reject(expenditure=order.settlement, by=committee, reason="发票抬头不对")

    return reject


@pytest.mark.parametrize(("status", "step"), [pair for pair in PAIRS if pair in LEGAL])
def test_a_legal_step_moves_the_order_and_records_who_and_when(status, step, order_at, steward, rejected_settlements):
    order = order_at(status)
    if (status, step) == ("settled", "reopen"):
        rejected_settlements(order)
    steps_before = Transition.objects.filter(order=order).count()

    STEPS[step](order, steward)

    order.refresh_from_db()
    assert order.status == LEGAL[(status, step)]
    last = Transition.objects.filter(order=order).last()
    assert Transition.objects.filter(order=order).count() == steps_before + 1
    assert (last.action, last.from_status, last.to_status, last.by) == (step, status, order.status, steward)
    assert last.at is not None and last.effective_on is not None


@pytest.mark.parametrize(("status", "step"), [pair for pair in PAIRS if pair not in LEGAL])
def test_an_illegal_step_is_refused_with_the_possible_next_steps(status, step, order_at, steward):
    order = order_at(status)
    before = WorkOrder.objects.values().get(pk=order.pk)
    steps_before = Transition.objects.count()

    with pytest.raises(ValidationError) as refused:
        STEPS[step](order, steward)

    assert codes(refused.value) == ["illegal_step"]
    [params] = refusal_params(refused.value)
    assert (params["number"], params["status"]) == (order.number, Status(status).label)
    assert str(params["next"]) == NEXT[status]
    assert WorkOrder.objects.values().get(pk=order.pk) == before
    assert Transition.objects.count() == steps_before


def test_a_settled_order_whose_settlement_stands_cannot_be_reopened(order_at, steward):
    order = order_at("settled")
    with pytest.raises(ValidationError) as refused:
        services.work_order_reopen(order=order, by=steward)
    assert codes(refused.value) == ["reopen_not_rejected"]
    order.refresh_from_db()
    assert order.status == Status.SETTLED


def test_the_whole_way_is_recorded_in_order(order_at, steward):
    order = order_at("settled")
    steps = list(order.transitions.values_list("action", "from_status", "to_status", "effective_on"))
    assert steps == [
        ("report", "", "reported", date(2024, 5, 6)),
        ("assign", "reported", "assigned", date(2024, 5, 7)),
        ("complete", "assigned", "done", date(2024, 5, 9)),
        ("accept", "done", "accepted", date(2024, 5, 10)),
        ("settle", "accepted", "settled", date(2024, 5, 12)),
    ]
    order.refresh_from_db()
    assert (order.assigned_on, order.done_on, order.accepted_on, order.settled_on) == (
        date(2024, 5, 7),
        date(2024, 5, 9),
        date(2024, 5, 10),
        date(2024, 5, 12),
    )


def test_sending_back_clears_the_day_done_and_keeps_the_reason(order_at, steward):
    order = services.work_order_send_back(order=order_at("done"), reason="灯罩没装好", by=steward)
    assert order.done_on is None
    assert order.transitions.last().note == "灯罩没装好"


@pytest.mark.parametrize("reason", ["", "   "])
def test_cancelling_needs_a_reason(order_at, steward, reason):
    order = order_at("reported")
    with pytest.raises(ValidationError) as refused:
        services.work_order_cancel(order=order, reason=reason, by=steward)
    assert codes(refused.value) == ["reason_required"]
    order.refresh_from_db()
    assert order.status == Status.REPORTED


def test_a_cancelled_order_keeps_its_reason(order_at, steward):
    order = order_at("cancelled")
    assert order.cancel_reason == "重复报修" and order.cancelled_on is not None


def test_steps_cannot_go_back_in_time(order_at, steward):
    order = order_at("assigned")
    with pytest.raises(ValidationError) as refused:
        services.work_order_complete(order=order, done_on=date(2024, 5, 6), by=steward)
    assert codes(refused.value) == ["date_before"]


def test_steps_cannot_be_dated_in_the_future(order_at, steward):
    from django.utils import timezone

    order = order_at("reported")
    with pytest.raises(ValidationError) as refused:
        services.work_order_assign(order=order, assigned_on=timezone.localdate().replace(year=2099), by=steward)
    assert codes(refused.value) == ["date_in_future"]


def test_refusals_read_in_chinese_on_chinese_pages(order_at, steward):
    from django.utils import translation

    order = order_at("settled")
    with pytest.raises(ValidationError) as refused:
        services.work_order_assign(order=order, by=steward)
    with translation.override("zh-hans"):
        message = refused.value.messages[0]
    assert "已结算" in message and "派单" in message
    assert codes(refused.value) == ["illegal_step"]
