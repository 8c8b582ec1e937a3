"""The repairs cast: a contractor, its 2024 contract with a small price list, and orders at any step."""

from datetime import date
from decimal import Decimal

import pytest

from repairs import services
from tests.builders import advance, report

D = Decimal


@pytest.fixture
def contractor(db):
    return services.contractor_create(
        company="宁波海曙安居物业维修服务有限公司", contact_person="张国平", phone="13906741234"
    )


@pytest.fixture
def contract(contractor, committee, funded):
    """The contract in force; the pools that pay its settlements hold money (`funded`)."""
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


@pytest.fixture
def order_at(steward, contract, lamp):
    """order_at("done") -> a lighting order at that step with one lamp replaced (45.00)."""

    def make(status, **fields):
        return advance(report(steward, **fields), status, steward, lines=[(lamp, "1")])

    return make
