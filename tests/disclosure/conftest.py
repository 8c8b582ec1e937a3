"""A small complex with two months of known figures (January and February 2024), and a finished repair."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache

from ledger import services
from repairs.models import Category, Contract, Contractor, CostLine, Status, WorkOrder
from trustmgmt.disclosure.cache import forget_ledger_state


@pytest.fixture(autouse=True)
def _overdraw_rule(settings):
    """These suites fund their pools before spending (or record history), so they run with the rule on."""
    settings.REFUSE_POOL_OVERDRAW = True


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with nothing cached, also not the ledger's state a worker keeps for a second."""
    cache.clear()
    forget_ledger_state()
    yield
    cache.clear()
    forget_ledger_state()


@dataclass
class Ledger:
    households: list
    plan: object


def _repair(user) -> WorkOrder:
    contractor = Contractor.objects.create(
        company="宁波海曙安居物业维修服务有限公司", contact_person="张师傅", phone="13900000099"
    )
    contract = Contract.objects.create(
        contractor=contractor,
        title="2024年维修承揽合同",
        signed_on=date(2024, 1, 1),
        starts_on=date(2024, 1, 1),
        ends_on=date(2024, 12, 31),
        votes_for=40,
        votes_against=2,
        households=50,
        created_by=user,
    )
    order = WorkOrder.objects.create(
        contract=contract,
        number="WO-2024-0001",
        year=2024,
        sequence=1,
        reported_on=date(2024, 2, 6),
        reporter="steward",
        category=Category.DRAINS,
        description="12幢2单元下水道堵塞",
        status=Status.DONE,
        done_on=date(2024, 2, 9),
        created_by=user,
        building=12,
        unit=2,
    )
    CostLine.objects.create(
        order=order,
        description="疏通下水道",
        unit="次",
        quantity=Decimal("1"),
        unit_price=Decimal("80.00"),
        amount=Decimal("80.00"),
        justification="政府指导价",
        created_by=user,
    )
    return order


@pytest.fixture
def ledger(db, plan, household, vacant_household, steward) -> Ledger:
    """January: opening balance, one payment, electricity. February: two payments, garbage, a repair."""
    third = services.household_create(
        building=3, unit=1, room=101, owner_name="赵阿毛", phone="13900000003", occupancy="occupied"
    )
    services.opening_balance_record(
        value_date=date(2024, 1, 1),
        amounts={"electricity": Decimal("100.00"), "maintenance": Decimal("300.00"), "garbage": Decimal("0.00")},
        memo="原纸质台账结余",
        by=steward,
    )
    pay = dict(fee_plan=plan, method="wechat", recorded_by=steward)
    services.payment_record(household=household, amount=Decimal("200.00"), paid_on=date(2024, 1, 10), **pay)
    services.expenditure_record(
        spent_on=date(2024, 1, 15),
        pool="electricity",
        payee="国网宁波供电公司",
        amount=Decimal("35.50"),
        description="楼道灯电费 2024年1月",
        recorded_by=steward,
    )
    services.payment_record(household=vacant_household, amount=Decimal("140.00"), paid_on=date(2024, 2, 5), **pay)
    services.payment_record(household=third, amount=Decimal("50.00"), paid_on=date(2024, 2, 20), **pay)
    services.expenditure_record(
        spent_on=date(2024, 2, 12),
        pool="garbage",
        payee="海曙区环境卫生管理处",
        amount=Decimal("20.00"),
        description="垃圾清运费 2024年2月",
        recorded_by=steward,
    )
    _repair(steward)
    services.expenditure_record(
        spent_on=date(2024, 2, 18),
        pool="maintenance",
        payee="宁波海曙安居物业维修服务有限公司",
        amount=Decimal("80.00"),
        description="疏通12幢2单元下水道",
        reference="WO-2024-0001",
        recorded_by=steward,
    )
    return Ledger(households=[household, vacant_household, third], plan=plan)
