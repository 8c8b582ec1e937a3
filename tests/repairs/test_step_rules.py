"""The rules of each step live in `repairs.services`: a caller without the step's permission is refused there,
not only by the page, and nothing changes."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from repairs import services
from repairs.models import Status, Transition
from trustmgmt.base.refusals import codes

STEPS = [
    (Status.REPORTED, lambda order, by: services.work_order_assign(order=order, assigned_on=date(2024, 5, 7), by=by)),
    (Status.ASSIGNED, lambda order, by: services.work_order_complete(order=order, done_on=date(2024, 5, 9), by=by)),
    (Status.DONE, lambda order, by: services.work_order_send_back(order=order, reason="没修好", by=by)),
    (Status.DONE, lambda order, by: services.work_order_accept(order=order, accepted_on=date(2024, 5, 10), by=by)),
    (Status.ACCEPTED, lambda order, by: services.work_order_settle(order=order, settled_on=date(2024, 5, 12), by=by)),
    (Status.REPORTED, lambda order, by: services.work_order_cancel(order=order, reason="重复报修", by=by)),
]


@pytest.mark.parametrize(("status", "step"), STEPS)
def test_a_user_without_the_steps_permission_is_refused_by_the_service(order_at, outsider, status, step):
    order = order_at(status)
    taken = Transition.objects.filter(order=order).count()
    with pytest.raises(ValidationError) as refused:
        step(order, outsider)
    assert codes(refused.value) == ["step_not_allowed"]
    order.refresh_from_db()
    assert order.status == status
    assert Transition.objects.filter(order=order).count() == taken


@pytest.mark.parametrize(("status", "step"), STEPS)
def test_the_steward_may_take_each_step(order_at, steward, status, step):
    order = order_at(status)
    moved = step(order, steward)
    assert moved.status != status
