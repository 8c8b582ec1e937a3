"""The repairs cast: a contractor, its 2024 contract with a small price list, and orders at any step."""

from datetime import date
from decimal import Decimal

import pytest

from repairs import services
from repairs.models import Status

D = Decimal


@pytest.fixture
def contractor(db):
    return services.contractor_create(
        company="宁波海曙安居物业维修服务有限公司", contact_person="张国平", phone="13906741234"
    )


@pytest.fixture
def contract(contractor, committee):
    return services.contract_create(
        contractor=contractor,
        title="游河小区维修承揽合同（2024）",
        signed_on=date(2024, 3, 1),
        starts_on=date(2024, 3, 1),
        votes_for=40,
        votes_against=2,
        households=50,
        created_by=committee,
    )


def _item(contract, code, name, unit, price, reference):
    return services.price_item_add(
        contract=contract,
        code=code,
        name=name,
        unit=unit,
        unit_price=D(price),
        reference_price=D(reference),
        reference_source="宁波市住房维修参考价（2024）",
    )


@pytest.fixture
def lamp(contract):
    return _item(contract, "ZM-01", "更换楼道LED灯", "只", "45.00", "45.00")


@pytest.fixture
def gutter(contract):
    return _item(contract, "PS-01", "疏通天沟", "米", "12.50", "12.50")


@pytest.fixture
def roof(contract):
    """Dearer than the reference price: flagged for the committee."""
    return _item(contract, "QW-02", "屋面防水", "平方米", "95.00", "88.00")


def report(by, **fields):
    values = {
        "reported_on": date(2024, 5, 6),
        "reporter": "steward",
        "building": 12,
        "unit": 2,
        "category": "lighting",
        "description": "12幢2单元三楼楼道灯不亮",
        "by": by,
        **fields,
    }
    return services.work_order_report(**values)


# How to bring a fresh order to each status, by the steward; the committee only approves.
def advance(order, status, steward, *, lines=()):
    """Take `order` (reported) step by step to `status`; `lines` are (price_item, quantity) added once assigned."""
    if status == Status.REPORTED:
        return order
    if status == Status.CANCELLED:
        return services.work_order_cancel(order=order, reason="重复报修", by=steward)
    order = services.work_order_assign(order=order, assigned_on=date(2024, 5, 7), by=steward)
    for item, quantity in lines:
        services.cost_line_add(order=order, price_item=item, quantity=D(quantity), by=steward)
    if status == Status.ASSIGNED:
        return order
    order = services.work_order_complete(order=order, done_on=date(2024, 5, 9), by=steward)
    if status == Status.DONE:
        return order
    order = services.work_order_accept(order=order, accepted_on=date(2024, 5, 10), by=steward)
    if status == Status.ACCEPTED:
        return order
    return services.work_order_settle(order=order, settled_on=date(2024, 5, 12), by=steward)


@pytest.fixture
def order_at(steward, contract, lamp):
    """order_at("done") -> a lighting order at that step with one lamp replaced (45.00)."""

    def make(status, **fields):
        return advance(report(steward, **fields), status, steward, lines=[(lamp, "1")])

    return make
