"""Hypothesis: no sequence of live services leaves a pool below zero on any day, except through an advance."""

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger import services
from ledger.models import POOLS, Entry, Payment
from tests.builders import in_rollback
from trustmgmt.base.money import money_sum

D = Decimal
days = st.dates(min_value=date(2024, 1, 1), max_value=date(2024, 6, 30))
fen = st.integers(min_value=1, max_value=40_000)
operation = st.one_of(
    st.tuples(st.just("pay"), st.integers(0, 2), days, fen),
    st.tuples(st.just("spend"), st.sampled_from(POOLS), days, fen),
    st.tuples(st.just("approve"), st.sampled_from(POOLS), days, st.integers(50_001, 200_000)),
    st.tuples(st.just("reverse_payment"), st.integers(0, 20), days, st.just(0)),
    st.tuples(st.just("reverse_spending"), st.integers(0, 20), days, st.just(0)),
    st.tuples(st.just("advance"), st.sampled_from([(a, b) for a in POOLS for b in POOLS if a != b]), days, fen),
)


def _lowest_by_day() -> dict[str, Decimal]:
    rows = (
        Entry.objects.values("value_date").annotate(**{pool: money_sum(pool) for pool in POOLS}).order_by("value_date")
    )
    balance = dict.fromkeys(POOLS, D("0.00"))
    lowest = dict(balance)
    for row in rows:
        for pool in POOLS:
            balance[pool] += row[pool]
            lowest[pool] = min(lowest[pool], balance[pool])
    return lowest


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(history=st.lists(operation, max_size=14))
def test_no_live_sequence_leaves_a_pool_negative(history, plan, steward, committee):
    def run():
        flats = [
            services.household_create(building=1, unit=1, room=101 + i, owner_name="业主", occupancy="occupied")
            for i in range(3)
        ]
        spending = []
        for action, target, day, cents in history:
            try:
                if action == "pay":
                    services.payment_record(
                        household=flats[target],
                        fee_plan=plan,
                        amount=min(D(cents) / 100, D("200.00")),
                        method="cash",
                        paid_on=day,
                        recorded_by=steward,
                    )
                elif action in ("spend", "approve"):
                    spent = services.expenditure_record(
                        spent_on=day,
                        pool=target,
                        payee="供电公司",
                        amount=D(cents) / 100,
                        description="x",
                        recorded_by=steward,
                    )
                    if spent.status == "pending":
                        services.expenditure_approve(expenditure=spent, by=committee)
                    spending.append(spent)
                elif action == "reverse_payment":
                    payments = list(Payment.objects.order_by("id"))
                    if payments:
                        services.payment_reverse(payment=payments[target % len(payments)], reason="错", by=steward)
                elif action == "reverse_spending" and spending:
                    services.expenditure_reverse(expenditure=spending[target % len(spending)], reason="错", by=steward)
                elif action == "advance":
                    services.pool_advance_approve(
                        from_pool=target[0],
                        to_pool=target[1],
                        amount=D(cents) / 100,
                        value_date=day + timedelta(days=0),
                        reason="调剂",
                        by=committee,
                    )
            except ValidationError:
                pass
            lowest = _lowest_by_day()
            assert all(value >= 0 for value in lowest.values()), (action, lowest)

    in_rollback(run)
