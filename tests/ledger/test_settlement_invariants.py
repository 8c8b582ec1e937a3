"""Over random histories: a settlement moves no money, credits no one past their due, and months still add up."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger import figures, journal, services
from ledger.models import POOLS, Entry, Expenditure, Flow, Household
from ledger.settlement import services as settlement
from tests.ledger.test_figures import in_rollback
from trustmgmt.disclosure.services import publish

D = Decimal

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


def _apply(history, plan, next_plan, flats, steward, committee):
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


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(history=st.lists(operation, max_size=30), decisions=st.tuples(decision, decision, decision))
def test_a_settlement_moves_no_money_and_credits_no_one_past_their_due(db, steward, committee, history, decisions):
    def example():
        plan = services.fee_plan_create(year=2024)
        next_plan = services.fee_plan_create(year=2025)
        flats = [
            services.household_create(
                building=1, unit=1, room=101 + i, owner_name=f"户{i}", occupancy="vacant" if i == 4 else "occupied"
            )
            for i in range(5)
        ]
        services.opening_balance_record(
            value_date=date(2023, 12, 1), amounts={"maintenance": D("33.33")}, memo="paper ledger", by=steward
        )
        _apply(history, plan, next_plan, flats, steward, committee)
        pools = {pool.code: pool for pool in settlement.preview(plan)}
        chosen = {
            code: choice if choice == "carry" or pools[code].can_credit else "carry"
            for code, choice in zip(POOLS, decisions, strict=True)
        }
        before = figures.balances()
        last_before = Entry.objects.order_by("-id").values_list("id", flat=True).first() or 0

        closing = settlement.fee_year_close(fee_plan=plan, decisions=chosen, minute="minute 1", by=committee)

        assert figures.balances() == before
        assert sum(figures.balances().values()) == sum(before.values())
        settled = Entry.objects.filter(id__gt=last_before)
        assert settled.count() == closing.entries().count()
        assert {entry.flow for entry in settled} <= {Flow.TRANSFER}
        assert len({entry.period for entry in settled}) <= 1
        for row in closing.pools.all():
            pool = pools[row.pool]
            assert row.closing_balance == pool.closing == before[row.pool] - _later_than(plan, row.pool)
            assert row.credited + row.carried == row.closing_balance
            assert row.credited <= max(pool.surplus, D("0.00"))
            assert sum(getattr(entry, row.pool) for entry in settled) == 0
        for status in [figures.year_status(flat, next_plan) for flat in Household.objects.all()]:
            assert all(status.paid[pool] <= status.due[pool] for pool in POOLS)
        for entry in settled[:1]:
            for flow in figures.month_flows(entry.period):
                assert flow.closing == flow.opening + flow.income - flow.expenditure
                assert flow.closing == figures.balances(entry.period)[flow.code]
        assert journal.verify()[1] is None
        assert not Expenditure.objects.filter(status="pending").exists()

    in_rollback(example)


def _later_than(plan, pool: str) -> Decimal:
    """What entered a pool after the year ended (nothing here: every history is dated within 2024)."""
    return sum((getattr(entry, pool) for entry in Entry.objects.filter(value_date__gt=plan.ends_on)), D("0.00"))
