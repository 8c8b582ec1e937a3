"""The database keeps the rules when code goes around the services (`.update()`, `.delete()`, raw rows)."""

from decimal import Decimal

import pytest
from django.db import DatabaseError, transaction

from repairs.models import CostLine, Photo, Status, Transition, WorkOrder


def refused(action) -> None:
    with pytest.raises(DatabaseError), transaction.atomic():
        action()


def test_a_settled_order_cannot_be_changed(order_at):
    order = order_at("settled")
    refused(lambda: WorkOrder.objects.filter(pk=order.pk).update(description="改过"))
    refused(lambda: WorkOrder.objects.filter(pk=order.pk).update(status=Status.CANCELLED, cancel_reason="x"))


def test_a_cancelled_order_cannot_be_changed(order_at):
    order = order_at("cancelled")
    refused(lambda: WorkOrder.objects.filter(pk=order.pk).update(status=Status.REPORTED))


def test_work_orders_are_never_deleted(order_at):
    order = order_at("reported")
    refused(lambda: WorkOrder.objects.filter(pk=order.pk).delete())


def test_the_cost_lines_of_a_settled_order_cannot_change(order_at, steward):
    order = order_at("settled")
    line = order.cost_lines.get()
    refused(lambda: CostLine.objects.filter(pk=line.pk).update(quantity=Decimal("2")))
    refused(lambda: CostLine.objects.filter(pk=line.pk).delete())
    refused(
        lambda: CostLine.objects.create(
            order=order,
            description="补记",
            unit="项",
            quantity=Decimal("1"),
            unit_price=Decimal("10.00"),
            amount=Decimal("10.00"),
            justification="x",
            created_by=steward,
        )
    )


def test_no_photo_is_added_to_a_cancelled_order_behind_the_service(order_at, steward):
    order = order_at("cancelled")
    refused(lambda: Photo.objects.create(order=order, image="x.jpg", uploaded_by=steward))


def test_steps_are_append_only(order_at):
    order = order_at("done")
    step = order.transitions.first()
    refused(lambda: _raw_update(step.pk))
    with pytest.raises(Exception, match="append-only"):
        Transition.objects.filter(pk=step.pk).delete()
    refused(lambda: _raw_delete(step.pk))


def _raw_delete(pk):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM repairs_transition WHERE id = %s", [pk])


def test_an_open_order_and_its_lines_may_change(order_at):
    order = order_at("assigned")
    WorkOrder.objects.filter(pk=order.pk).update(description="楼道灯闪烁")
    CostLine.objects.filter(order=order).update(quantity=Decimal("2"), amount=Decimal("90.00"))
    assert WorkOrder.objects.with_total().get(pk=order.pk).total == Decimal("90.00")


def _raw_update(pk):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("UPDATE repairs_transition SET note = 'x' WHERE id = %s", [pk])
