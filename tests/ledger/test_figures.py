from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger import figures, journal, services
from ledger.models import POOLS, Expenditure, Household
from tests.builders import in_rollback
from trustmgmt.base.dates import next_month
from trustmgmt.disclosure.services import publish

D = Decimal


months = st.integers(min_value=1, max_value=6)
fen = st.integers(min_value=1, max_value=30_000)
operation = st.one_of(
    st.tuples(st.just("pay"), st.integers(0, 3), months, fen),
    st.tuples(st.just("spend"), st.sampled_from(POOLS), months, fen),
    st.tuples(st.just("reverse_payment"), st.integers(0, 50), months, st.just(0)),
    st.tuples(st.just("reverse_spending"), st.integers(0, 50), months, st.just(0)),
    st.tuples(st.just("publish"), st.just(0), months, st.just(0)),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(history=st.lists(operation, max_size=25))
def test_each_month_closes_at_opening_plus_income_minus_expenditure(db, steward, committee, history):
    def example():
        plan = services.fee_plan_create(year=2024)
        flats = [
            services.household_create(
                building=1, unit=1, room=101 + i, owner_name=f"户{i}", occupancy="vacant" if i == 3 else "occupied"
            )
            for i in range(4)
        ]
        services.opening_balance_record(
            value_date=date(2024, 1, 2), amounts={"electricity": D("10.00")}, memo="paper ledger", by=steward
        )
        payments, spending = [], []
        for action, target, month, cents in history:
            day = date(2024, month, 15)
            try:
                if action == "pay":
                    payments.append(
                        services.payment_record(
                            household=flats[target],
                            fee_plan=plan,
                            amount=D(cents) / 100,
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
                            payee="p",
                            amount=D(cents) / 100,
                            description="d",
                            recorded_by=steward,
                            history=True,  # imported history may take a pool below zero; its months are flagged
                        )
                    )
                elif action == "reverse_payment" and payments:
                    services.payment_reverse(payment=payments[target % len(payments)], reason="r", by=steward)
                elif action == "reverse_spending" and spending:
                    services.expenditure_reverse(expenditure=spending[target % len(spending)], reason="r", by=steward)
                elif action == "publish":
                    publish(month=services.next_month_to_publish() or day, by=committee)
            except ValidationError:
                pass  # refused operations (overpaying, reversing twice, ...) write nothing

        previous_closing = {pool: D("0.00") for pool in POOLS}
        month = date(2024, 1, 1)
        while month <= timezone.localdate():  # reversals are dated today
            flows = figures.month_flows(month)
            assert [f.code for f in flows] == list(POOLS)
            for flow in flows:
                assert flow.opening == previous_closing[flow.code]
                assert flow.closing == flow.opening + flow.income - flow.expenditure
                previous_closing[flow.code] = flow.closing
            month = next_month(month)
        assert figures.balances() == previous_closing
        paid = sum(p.amount for p in payments if not p.entries.filter(kind="payment_reversal").exists())
        spent = sum(e.amount for e in spending if not e.entries.filter(kind="expenditure_reversal").exists())
        assert sum(previous_closing.values()) == D("10.00") + paid - spent
        for flat in flats:
            status = figures.year_status(flat, plan)
            assert all(D("0") <= status.paid[pool] <= status.due[pool] for pool in POOLS)
        assert journal.verify()[1] is None

    in_rollback(example)


def test_collection_counts_paid_in_full_per_occupancy(plan, steward):
    flats = [
        services.household_create(
            building=3, unit=1, room=100 + i, owner_name="x", occupancy="vacant" if i >= 7 else "occupied"
        )
        for i in range(10)
    ]
    for flat in flats[:6]:  # six of seven occupied pay in full
        services.payment_record(
            household=flat,
            fee_plan=plan,
            amount=D("200.00"),
            method="cash",
            paid_on=date(2024, 1, 10),
            recorded_by=steward,
        )
    services.payment_record(
        household=flats[6],
        fee_plan=plan,
        amount=D("199.99"),
        method="cash",
        paid_on=date(2024, 1, 10),
        recorded_by=steward,
    )
    services.payment_record(
        household=flats[7],
        fee_plan=plan,
        amount=D("140.00"),
        method="cash",
        paid_on=date(2024, 2, 10),
        recorded_by=steward,
    )
    result = figures.collection(plan)
    assert (result.occupied.households, result.occupied.paid, result.occupied.rate) == (7, 6, "0.8571")
    assert (result.vacant.households, result.vacant.paid, result.vacant.rate) == (3, 1, "0.3333")
    january = figures.collection(plan, as_of=date(2024, 1, 1))
    assert (january.vacant.paid, january.vacant.rate) == (0, "0.0000")
    assert figures.collection_by_building(plan) == [(3, figures.Rate(10, 7))]
    assert [due.household.room for due in figures.arrears(plan)] == [106, 108, 109]
    assert figures.arrears(plan).first().outstanding == D("0.01")


def test_a_rate_rounds_half_up():
    assert figures.Rate(8, 1).rate == "0.1250"
    assert figures.Rate(16, 1).rate == "0.0625"
    assert figures.Rate(32, 1).rate == "0.0313"  # 0.03125 -> up
    assert figures.Rate(0, 0).rate is None


def test_figures_take_a_fixed_number_of_queries(plan, steward, django_assert_num_queries):
    for room in range(20):
        flat = services.household_create(building=5, unit=1, room=101 + room, owner_name="x", occupancy="occupied")
        services.payment_record(
            household=flat,
            fee_plan=plan,
            amount=D("200.00"),
            method="cash",
            paid_on=date(2024, 1, 10),
            recorded_by=steward,
        )
    services.expenditure_record(
        spent_on=date(2024, 1, 11), pool="garbage", payee="p", amount=D("1.00"), description="d", recorded_by=steward
    )
    with django_assert_num_queries(1):
        figures.month_flows(date(2024, 1, 1))
    with django_assert_num_queries(1):
        figures.collection(plan, as_of=date(2024, 1, 1))
    with django_assert_num_queries(1):
        figures.balances()
    flat = Household.objects.first()
    with django_assert_num_queries(1):
        figures.household_years(flat)
    with django_assert_num_queries(1):
        list(figures.arrears(plan))
    assert Expenditure.objects.for_public_display().count() == 1
