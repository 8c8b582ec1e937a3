"""Builders shared by the tests: each makes its object through the real service, as a user would, with
defaults a test overrides by keyword. Fixtures stay in the conftest files; the functions a test calls are here.

    pay(household, plan, user, "200.00")                  a payment (ledger.services.payment_record)
    spend(user, "80.00", pool="garbage", approved=True)   an expenditure (ledger.services.expenditure_record)
    fund(user, "500.00", pools=["maintenance"])           money in the pools before spending from them
    households(5)                                         flats in one building, every fifth vacant
    report(user) / advance(order, "done", user)           a work order, and the steps to a status
"""

from datetime import date
from decimal import Decimal

from ledger import services as ledger_services
from repairs import services as repairs_services
from repairs.models import Status

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
