"""Over random histories: a settlement moves no money, credits no one past their due, and months still add up."""

from datetime import date
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger import figures, journal, services
from ledger.models import POOLS, Entry, Expenditure, Flow, Household
from ledger.settlement import services as settlement
from tests.builders import in_rollback
from tests.ledger.settlement.builders import apply_history, decision, operation

D = Decimal


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
        apply_history(history, plan, next_plan, flats, steward, committee)
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
