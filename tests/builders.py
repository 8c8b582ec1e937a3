"""Builders shared by the tests: each makes its object through the real service, as a user would, with
defaults a test overrides by keyword. Fixtures stay in the conftest files; the functions a test calls are here.

    pay(household, plan, user, "200.00")                  a payment (ledger.services.payment_record)
    spend(user, "80.00", pool="garbage", approved=True)   an expenditure (ledger.services.expenditure_record)
    fund(user, "500.00", pools=["maintenance"])           money in the pools before spending from them
    households(5)                                         flats in one building, every fifth vacant
    report(user) / advance(order, "done", user)           a work order, and the steps to a status
    fault_report()                                        a resident's fault report from the public form

and the few helpers several test modules share:

    in_rollback(example)                                  one Hypothesis example in a thrown-away transaction
    together(call, call)                                  calls in threads released at once (PostgreSQL locks)
    raw("UPDATE …", params)                               SQL around every trigger, as an intruder would
    field_codes(error)                                    {field: [codes]} of a ValidationError
    refusal_params(error)                                 the parameters of each refusal in a ValidationError
                                                          (what a message names: an amount, a flat, a line), as
                                                          `trustmgmt.base.refusals.codes` gives their codes
    two_months(plan, …)                                   January and February 2024 of a small complex (the
                                                          disclosure's and the staff documents' `ledger`)
"""

import threading
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import connection, connections, transaction

from ledger import db as ledger_db
from ledger import services as ledger_services
from repairs import services as repairs_services
from repairs.faults import services as fault_services
from repairs.models import Category, Contract, Contractor, CostLine, Status, WorkOrder

D = Decimal

# Payees the budget tests spend with (the report's utilities and a hardware shop).
GRID = "国网宁波供电公司"
SANITATION = "海曙区环境卫生管理处"
HARDWARE = "月湖五金水电商行"


def pay(household, plan, user, amount, **fields):
    """A payment of `amount` (a string in yuan) for `household`'s fee year `plan`; cash on 5 March 2024 unless said."""
    fields.setdefault("paid_on", date(2024, 3, 5))
    fields.setdefault("method", "cash")
    return ledger_services.payment_record(
        household=household, fee_plan=plan, amount=D(amount), recorded_by=user, **fields
    )


def fund(user, amount="10000.00", *, pools=("electricity", "maintenance", "garbage"), on: date = date(2024, 1, 1)):
    """`amount` in each of `pools` from `on`: the balances a complex brings over from its paper ledger
    (ledger.services.opening_balance_record), so a test's spending does not overdraw a pool. Live spending below
    zero is refused (REFUSE_POOL_OVERDRAW, on in the tests as in every real complex)."""
    return ledger_services.opening_balance_record(
        value_date=on, amounts={pool: D(amount) for pool in pools}, memo="承接纸质台账余额", by=user
    )


def spend(
    user,
    amount,
    *,
    pool: str = "maintenance",
    spent_on: date = date(2024, 3, 6),
    payee: str = "宁波某物业维修公司",
    description: str = "更换楼道灯",
    **fields,
):
    """Spending of `amount` from `pool`, recorded by `user`: posted at once up to the approval threshold, above it
    pending for the committee (or posted with `approved=True`, as the importer does)."""
    return ledger_services.expenditure_record(
        spent_on=spent_on, pool=pool, payee=payee, amount=D(amount), description=description, recorded_by=user, **fields
    )


def households(count: int, *, building: int = 3, start_room: int = 101):
    """`count` flats in one building, each through the service (dues and all); every fifth is vacant."""
    return [
        ledger_services.household_create(
            building=building,
            unit=1 + index // 50,
            room=start_room + index % 50,
            owner_name=f"业主{index}",
            phone=f"139{index:08d}",
            occupancy="vacant" if index % 5 == 4 else "occupied",
        )
        for index in range(count)
    ]


def report(by, **fields):
    """A lighting fault in building 12, unit 2, reported by `by` on 6 May 2024 (fields override)."""
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
    return repairs_services.work_order_report(**values)


def advance(order, status, steward, *, lines=()):
    """Take `order` (reported) step by step to `status`, by the steward (the committee only approves);
    `lines` are (price_item, quantity) added once it is assigned."""
    if status == Status.REPORTED:
        return order
    if status == Status.CANCELLED:
        return repairs_services.work_order_cancel(order=order, reason="重复报修", by=steward)
    order = repairs_services.work_order_assign(order=order, assigned_on=date(2024, 5, 7), by=steward)
    for item, quantity in lines:
        repairs_services.cost_line_add(order=order, price_item=item, quantity=D(quantity), by=steward)
    if status == Status.ASSIGNED:
        return order
    order = repairs_services.work_order_complete(order=order, done_on=date(2024, 5, 9), by=steward)
    if status == Status.DONE:
        return order
    order = repairs_services.work_order_accept(order=order, accepted_on=date(2024, 5, 10), by=steward)
    if status == Status.ACCEPTED:
        return order
    return repairs_services.work_order_settle(order=order, settled_on=date(2024, 5, 12), by=steward)


def fault_report(**fields):
    """A resident of 12-2-301 reports a dark stairwell in building 12, unit 2, at 19:30 on 6 May 2024 (fields
    override; the flat must exist, e.g. the `household` fixture)."""
    values = {
        "flat": "12-2-301",
        "contact": "13912345678",
        "category": "lighting",
        "building": 12,
        "unit": 2,
        "description": "三楼楼道灯不亮，晚上上楼看不见台阶。",
        "reported_at": datetime(2024, 5, 6, 19, 30, tzinfo=ZoneInfo("Asia/Shanghai")),
        **fields,
    }
    return fault_services.fault_report_create(**values)


def field_codes(error) -> dict[str, list[str]]:
    """The codes of the refusals in `error` by the field each is on ("__all__" for one above the form)."""
    if not hasattr(error, "error_dict"):
        return {"__all__": [item.code for item in error.error_list]}
    return {field: [item.code for item in items] for field, items in error.error_dict.items()}


def refusal_params(error) -> list[dict]:
    """The parameters of every refusal in `error`, in the order `codes(error)` gives their codes."""
    items = (
        error.error_list
        if not hasattr(error, "error_dict")
        else [item for items in error.error_dict.values() for item in items]
    )
    return [item.params or {} for item in items]


class Rollback(Exception):
    pass


def in_rollback(test):
    """Run one Hypothesis example in a transaction that is thrown away, so examples do not add up."""
    try:
        with transaction.atomic():
            test()
            raise Rollback
    except Rollback:
        pass


def together(*calls):
    """Run the calls in threads released at the same moment; return what each returned or raised."""
    results = [None] * len(calls)
    start = threading.Barrier(len(calls))

    def run(index, call):
        try:
            start.wait()
            results[index] = call()
        except Exception as error:
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def raw(sql, params=()):
    """Tamper the way an intruder with the database's superuser would: around every trigger."""
    with ledger_db.unlocked(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")


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


def two_months(plan, household, vacant_household, steward) -> Ledger:
    """January: opening balance, one payment, electricity. February: two payments, garbage, a repair."""
    third = ledger_services.household_create(
        building=3, unit=1, room=101, owner_name="赵阿毛", phone="13900000003", occupancy="occupied"
    )
    ledger_services.opening_balance_record(
        value_date=date(2024, 1, 1),
        amounts={"electricity": Decimal("100.00"), "maintenance": Decimal("300.00"), "garbage": Decimal("0.00")},
        memo="原纸质台账结余",
        by=steward,
    )
    pay = dict(fee_plan=plan, method="wechat", recorded_by=steward)
    ledger_services.payment_record(household=household, amount=Decimal("200.00"), paid_on=date(2024, 1, 10), **pay)
    ledger_services.expenditure_record(
        spent_on=date(2024, 1, 15),
        pool="electricity",
        payee="国网宁波供电公司",
        amount=Decimal("35.50"),
        description="楼道灯电费 2024年1月",
        recorded_by=steward,
    )
    ledger_services.payment_record(
        household=vacant_household, amount=Decimal("140.00"), paid_on=date(2024, 2, 5), **pay
    )
    ledger_services.payment_record(household=third, amount=Decimal("50.00"), paid_on=date(2024, 2, 20), **pay)
    ledger_services.expenditure_record(
        spent_on=date(2024, 2, 12),
        pool="garbage",
        payee="海曙区环境卫生管理处",
        amount=Decimal("20.00"),
        description="垃圾清运费 2024年2月",
        recorded_by=steward,
    )
    _repair(steward)
    ledger_services.expenditure_record(
        spent_on=date(2024, 2, 18),
        pool="maintenance",
        payee="宁波海曙安居物业维修服务有限公司",
        amount=Decimal("80.00"),
        description="疏通12幢2单元下水道",
        reference="WO-2024-0001",
        recorded_by=steward,
    )
    return Ledger(households=[household, vacant_household, third], plan=plan)
