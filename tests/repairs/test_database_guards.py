"""The database keeps the rules when code goes around the services (`.update()`, `.delete()`, raw rows).

Each refusal must be the guard's own (its message from repairs.db, and on PostgreSQL its SQLSTATE), not any
database error that happens to be raised on the way.
"""

from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError

from repairs.db import LINES_CLOSED, NO_DELETE, ORDER_CLOSED, STEPS
from repairs.models import CostLine, Photo, Status, Transition, WorkOrder
from trustmgmt.base.records import AppendOnlyError

RESTRICT_VIOLATION = "23001"  # the SQLSTATE the PostgreSQL triggers raise with


def refused(action, message: str) -> None:
    with pytest.raises(DatabaseError) as caught, transaction.atomic():
        action()
    assert message in str(caught.value), f"not the guard's refusal: {caught.value!r}"
    if connection.vendor == "postgresql":
        assert caught.value.__cause__.sqlstate == RESTRICT_VIOLATION, caught.value.__cause__


def test_a_settled_order_cannot_be_changed(order_at):
    order = order_at("settled")
    refused(lambda: WorkOrder.objects.filter(pk=order.pk).update(description="改过"), ORDER_CLOSED)
    refused(
        lambda: WorkOrder.objects.filter(pk=order.pk).update(status=Status.CANCELLED, cancel_reason="x"), ORDER_CLOSED
    )


def test_a_cancelled_order_cannot_be_changed(order_at):
    order = order_at("cancelled")
    refused(lambda: WorkOrder.objects.filter(pk=order.pk).update(status=Status.REPORTED), ORDER_CLOSED)


def test_work_orders_are_never_deleted(order_at):
    order = order_at("reported")
    # The ORM stops first: the order's steps protect it.
    with pytest.raises(ProtectedError), transaction.atomic():
        WorkOrder.objects.filter(pk=order.pk).delete()
    # Around the ORM, the database's own guard refuses.
    refused(lambda: _raw("DELETE FROM repairs_workorder WHERE id = %s", order.pk), NO_DELETE)
    assert WorkOrder.objects.filter(pk=order.pk).exists()


def test_the_cost_lines_of_a_settled_order_cannot_change(order_at, steward):
    order = order_at("settled")
    line = order.cost_lines.get()
    refused(lambda: CostLine.objects.filter(pk=line.pk).update(quantity=Decimal("2")), LINES_CLOSED)
    refused(lambda: CostLine.objects.filter(pk=line.pk).delete(), LINES_CLOSED)
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
        ),
        LINES_CLOSED,
    )


def test_no_photo_is_added_to_a_cancelled_order_behind_the_service(order_at, steward):
    order = order_at("cancelled")
    refused(lambda: Photo.objects.create(order=order, image="x.jpg", uploaded_by=steward), LINES_CLOSED)


def test_steps_are_append_only(order_at):
    order = order_at("done")
    step = order.transitions.first()
    refused(lambda: _raw("UPDATE repairs_transition SET note = 'x' WHERE id = %s", step.pk), STEPS)
    with pytest.raises(AppendOnlyError, match=r"repairs\.Transition rows are append-only"):
        Transition.objects.filter(pk=step.pk).delete()
    refused(lambda: _raw("DELETE FROM repairs_transition WHERE id = %s", step.pk), STEPS)


def test_an_open_order_and_its_lines_may_change(order_at):
    order = order_at("assigned")
    WorkOrder.objects.filter(pk=order.pk).update(description="楼道灯闪烁")
    CostLine.objects.filter(order=order).update(quantity=Decimal("2"), amount=Decimal("90.00"))
    assert WorkOrder.objects.with_total().get(pk=order.pk).total == Decimal("90.00")


def _raw(sql: str, pk: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk])
