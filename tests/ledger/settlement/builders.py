"""Builders for the year-end settlement's tests (and the public account's): a known fee year 2024, closing it,
and random histories of payments, spending, reversals and publications for the invariants."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from hypothesis import strategies as st

from ledger import figures, services
from ledger.models import POOLS
from ledger.settlement import services as settlement
from tests.builders import pay, spend
from trustmgmt.disclosure.services import publish

D = Decimal
JUNE = date(2024, 6, 1)
CARRY = {"electricity": "carry", "maintenance": "carry", "garbage": "carry"}
CREDIT = {"electricity": "credit", "maintenance": "credit", "garbage": "credit"}


def year_2024_history(plan, household, vacant_household, steward):
    """2024: the occupied flat paid 200, the vacant one 140; 100 electricity, 50 maintenance, 20 garbage spent."""
    services.opening_balance_record(
        value_date=date(2023, 12, 31), amounts={"electricity": D("10.00")}, memo="paper ledger", by=steward
    )
    pay(household, plan, steward, "200.00")
    pay(vacant_household, plan, steward, "140.00")
    spend(steward, "100.00", pool="electricity", spent_on=JUNE)
    spend(steward, "50.00", pool="maintenance", spent_on=JUNE)
    spend(steward, "20.00", pool="garbage", spent_on=JUNE)
    return plan


def close(plan, committee, decisions=CARRY, minute="业委会 2025-01 会议纪要第3号"):
    return settlement.fee_year_close(fee_plan=plan, decisions=decisions, minute=minute, by=committee)


days = st.dates(min_value=date(2023, 12, 1), max_value=date(2024, 12, 31))
fen = st.integers(min_value=1, max_value=30_000)
operation = st.one_of(
    st.tuples(st.just("pay"), st.integers(0, 4), days, fen),
    st.tuples(st.just("prepay"), st.integers(0, 4), st.dates(date(2024, 10, 1), date(2024, 12, 31)), fen),
    st.tuples(st.just("spend"), st.sampled_from(POOLS), days, fen),
    st.tuples(st.just("reverse_payment"), st.integers(0, 50), days, st.just(0)),
    st.tuples(st.just("reverse_spending"), st.integers(0, 50), days, st.just(0)),
    st.tuples(st.just("publish"), st.just(0), days, st.just(0)),
)
decision = st.sampled_from(["carry", "credit"])


def apply_history(history, plan, next_plan, flats, steward, committee):
    """Apply a list drawn from `operation` to the flats, skipping what the services refuse."""
    payments, spending = [], []
    for action, target, day, cents in history:
        try:
            if action in ("pay", "prepay"):
                year = plan if action == "pay" else next_plan
                status = figures.year_status(flats[target], year)
                amount = min(D(cents) / 100, status.outstanding_total)
                if amount > 0:
                    payments.append(
                        services.payment_record(
                            household=flats[target],
                            fee_plan=year,
                            amount=amount,
                            method="cash",
                            paid_on=day,
                            recorded_by=steward,
                        )
                    )
            elif action == "spend":
                spending.append(
                    services.expenditure_record(
                        spent_on=day,
                        pool=target,
                        payee="供电公司",
                        amount=D(cents) / 100,
                        description="x",
                        recorded_by=steward,
                        history=True,  # spending that already happened, so a year may end in deficit
                    )
                )
            elif action == "reverse_payment" and payments:
                services.payment_reverse(payment=payments[target % len(payments)], reason="wrong", by=steward)
            elif action == "reverse_spending" and spending:
                services.expenditure_reverse(expenditure=spending[target % len(spending)], reason="wrong", by=steward)
            elif action == "publish":
                publish(month=day, by=committee)
        except ValidationError:
            pass  # refusals are part of a random history
