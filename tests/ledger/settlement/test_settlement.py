"""Year-end settlement: closing a fee year carries each pool into the next, or credits its surplus to households."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ledger import figures, journal, services
from ledger.models import Entry, Expenditure, FeeYearClosing, Flow, Kind, PoolSettlement
from ledger.settlement import services as settlement
from tests.builders import field_codes, fund, pay, refusal_params, spend
from tests.ledger.settlement.builders import CARRY, close, year_2024_history
from trustmgmt.base.refusals import codes

D = Decimal
JUNE = date(2024, 6, 1)


@pytest.fixture
def next_plan(plan):
    return services.fee_plan_create(year=2025)


def counts():
    return Entry.objects.count(), FeeYearClosing.objects.count(), PoolSettlement.objects.count()


@pytest.fixture
def year_2024(plan, next_plan, household, vacant_household, steward):
    return year_2024_history(plan, household, vacant_household, steward)


def test_the_year_s_figures_are_by_date_within_the_year(year_2024):
    flows = {flow.code: flow for flow in settlement.year_flows(year_2024)}
    electricity = flows["electricity"]
    assert (electricity.opening, electricity.income, electricity.expenditure) == (D("10.00"), D("100.00"), D("100.00"))
    assert (electricity.surplus, electricity.closing) == (D("0.00"), D("10.00"))
    assert (flows["maintenance"].surplus, flows["maintenance"].closing) == (D("130.00"), D("130.00"))
    assert (flows["garbage"].surplus, flows["garbage"].closing) == (D("40.00"), D("40.00"))


def test_carrying_forward_keeps_every_balance_and_opens_the_next_year_with_it(year_2024, next_plan, committee):
    before = figures.balances()
    closing = close(year_2024, committee)
    assert figures.balances() == before
    entries = list(closing.entries())
    assert [(e.kind, e.flow, e.amount, e.value_date) for e in entries] == [
        (Kind.YEAR_CLOSE, Flow.TRANSFER, D("-10.00"), date(2025, 1, 1)),
        (Kind.YEAR_CLOSE, Flow.TRANSFER, D("-130.00"), date(2025, 1, 1)),
        (Kind.YEAR_CLOSE, Flow.TRANSFER, D("-40.00"), date(2025, 1, 1)),
        (Kind.YEAR_OPEN, Flow.TRANSFER, D("10.00"), date(2025, 1, 1)),
        (Kind.YEAR_OPEN, Flow.TRANSFER, D("130.00"), date(2025, 1, 1)),
        (Kind.YEAR_OPEN, Flow.TRANSFER, D("40.00"), date(2025, 1, 1)),
    ]
    assert {e.fee_plan_id for e in entries[:3]} == {year_2024.pk}
    assert {e.fee_plan_id for e in entries[3:]} == {next_plan.pk}
    assert all(e.reference == "SETTLE-2024" and e.memo == "业委会 2025-01 会议纪要第3号" for e in entries)
    rows = list(closing.pools.values_list("pool", "decision", "closing_balance", "credited", "carried"))
    assert rows == [
        ("electricity", "carry", D("10.00"), D("0.00"), D("10.00")),
        ("maintenance", "carry", D("130.00"), D("0.00"), D("130.00")),
        ("garbage", "carry", D("40.00"), D("0.00"), D("40.00")),
    ]
    assert journal.verify()[1] is None


def test_a_settlement_is_not_income_or_spending_in_its_month(year_2024, committee):
    close(year_2024, committee)
    for flow in figures.month_flows(date(2025, 1, 1)):
        assert (flow.income, flow.expenditure) == (D("0.00"), D("0.00"))
        assert flow.closing == flow.opening == figures.balances(date(2025, 1, 1))[flow.code]
    assert figures.income_lines(date(2025, 1, 1)) == []
    assert figures.expenditure_lines(date(2025, 1, 1)) == []


def test_crediting_splits_the_surplus_over_those_who_paid_in_full(
    year_2024, next_plan, household, vacant_household, committee, steward
):
    unpaid = services.household_create(building=12, unit=2, room=303, owner_name="张三", occupancy="occupied")
    assert figures.year_status(unpaid, year_2024).state == "unpaid"
    before = figures.balances()
    closing = close(year_2024, committee, {"electricity": "carry", "maintenance": "credit", "garbage": "credit"})
    assert figures.balances() == before
    # maintenance: 130 surplus, both paid 90 into it -> 65 each; garbage: 40, only the occupied flat paid into it.
    occupied = figures.year_status(household, next_plan)
    assert occupied.paid == {"electricity": D("0.00"), "maintenance": D("65.00"), "garbage": D("40.00")}
    assert occupied.credited == D("105.00") and occupied.outstanding_total == D("95.00")
    vacant = figures.year_status(vacant_household, next_plan)
    assert vacant.paid == {"electricity": D("0.00"), "maintenance": D("65.00"), "garbage": D("0.00")}
    assert figures.year_status(unpaid, next_plan).paid_total == D("0.00")
    credits = Entry.objects.filter(kind=Kind.CREDIT).order_by("id")
    assert [(e.counterparty, e.amount, e.fee_plan_id) for e in credits] == [
        ("12-2-301", D("105.00"), next_plan.pk),
        ("12-2-302", D("65.00"), next_plan.pk),
    ]
    rows = list(closing.pools.values_list("pool", "credited", "carried", "households"))
    assert rows == [
        ("electricity", D("0.00"), D("10.00"), 0),
        ("maintenance", D("130.00"), D("0.00"), 2),
        ("garbage", D("40.00"), D("0.00"), 1),
    ]
    # The next payment is split over what is still owed after the credit.
    payment = pay(household, next_plan, steward, "95.00", paid_on=timezone.localdate())
    assert figures.year_status(household, next_plan).state == "paid"
    assert payment.entries.get().amounts() == {
        "electricity": D("50.00"),
        "maintenance": D("25.00"),
        "garbage": D("20.00"),
    }


def test_shares_go_by_largest_remainder_in_fen(plan, next_plan, steward, committee):
    flats = [
        services.household_create(building=1, unit=1, room=101 + i, owner_name=f"户{i}", occupancy="occupied")
        for i in range(3)
    ]
    for flat in flats:
        pay(flat, plan, steward, "200.00")
    spend(steward, "149.99", pool="electricity", spent_on=JUNE)  # 0.01 surplus: the first flat gets it
    spend(steward, "269.90", pool="maintenance", spent_on=JUNE)  # 0.10 surplus over three: 0.04, 0.03, 0.03
    close(plan, committee, {"electricity": "credit", "maintenance": "credit", "garbage": "carry"})
    paid = [figures.year_status(flat, next_plan).paid for flat in flats]
    assert [p["electricity"] for p in paid] == [D("0.01"), D("0.00"), D("0.00")]
    assert [p["maintenance"] for p in paid] == [D("0.04"), D("0.03"), D("0.03")]


def test_a_credit_never_exceeds_what_is_still_owed_the_rest_is_carried(
    year_2024, next_plan, household, vacant_household, committee, steward
):
    pay(household, next_plan, steward, "200.00", paid_on=date(2024, 12, 20))  # paid 2025 ahead
    before = figures.balances()
    closing = close(year_2024, committee, {"electricity": "carry", "maintenance": "credit", "garbage": "carry"})
    assert figures.balances() == before
    assert figures.year_status(household, next_plan).paid_total == D("200.00")  # not more than its due
    maintenance = closing.pools.get(pool="maintenance")
    # The prepayment is in 2024's balance (270 in, 50 out) but not its surplus (130): it is carried forward.
    assert (maintenance.income, maintenance.closing_balance, maintenance.surplus) == (
        D("270.00"),
        D("220.00"),
        D("130.00"),
    )
    assert (maintenance.credited, maintenance.carried, maintenance.households) == (D("65.00"), D("155.00"), 1)


def test_closed_years_refuse_entries_dated_in_them(year_2024, household, committee, steward):
    close(year_2024, committee)
    before = counts()
    with pytest.raises(ValidationError) as refused:
        spend(steward, "10.00", pool="maintenance", spent_on=date(2024, 12, 31))
    assert codes(refused.value) == ["year_closed"]
    assert refusal_params(refused.value) == [{"year": 2024, "day": "2024-12-31"}]
    with pytest.raises(ValidationError) as refused:
        pay(household, figures.fee_plan_for_year(2025), steward, "10.00", paid_on=date(2024, 12, 1))
    assert codes(refused.value) == ["year_closed"]
    with pytest.raises(ValidationError) as refused:
        services.opening_balance_record(
            value_date=date(2024, 1, 1), amounts={"garbage": D("1.00")}, memo="", by=steward
        )
    assert codes(refused.value) == ["year_closed"]
    with pytest.raises(ValidationError) as caught:  # above the threshold it would wait for approval: refused too
        spend(steward, "99999.00", pool="maintenance", spent_on=date(2024, 12, 31))
    assert field_codes(caught.value) == {"spent_on": ["year_closed"]}
    assert counts() == before
    assert not Expenditure.objects.filter(spent_on=date(2024, 12, 31)).exists()


def test_a_correction_goes_in_the_open_year_pointing_back(year_2024, household, committee, steward):
    close(year_2024, committee)
    fund(steward, "100.00", on=date(2025, 1, 1))  # so that taking the payment back overdraws no pool
    wrong = household.payments.get()
    reversal = services.payment_reverse(payment=wrong, reason="Wrong flat, see 2024-000001", by=steward)
    assert reversal.value_date == timezone.localdate() and reversal.reverses.payment == wrong
    # Arrears of a closed year may still be paid, dated today.
    assert pay(household, year_2024, steward, "200.00", paid_on=timezone.localdate()).paid_on == timezone.localdate()


def test_an_import_into_a_closed_year_is_refused_and_writes_nothing(tmp_path, year_2024, committee):
    from django.core.management import CommandError

    from tests.ledger.importing import run, write_csv

    close(year_2024, committee)
    before = counts()
    path = write_csv(
        tmp_path / "e.csv",
        [["spent_on", "pool", "payee", "amount", "description"], ["2024-05-01", "garbage", "环卫", "5.00", "清运"]],
    )
    with pytest.raises(CommandError, match="line 2: spent_on: The fee year 2024 is closed"):
        run("import_expenditures", path)
    assert counts() == before


@pytest.mark.parametrize(
    ("setup", "code", "params"),
    [
        ("this_year", "not_ended", {}),
        ("later_first", "previous_open", {"year": 2024}),
        ("pending", "pending_in_year", {"year": 2024, "count": 1}),
        ("closed", "already_closed", {"year": 2024}),
    ],
)
def test_a_year_that_cannot_close_is_refused(year_2024, next_plan, committee, steward, setup, code, params):
    plan = year_2024
    if setup == "this_year":
        plan = services.fee_plan_create(year=timezone.localdate().year + 1)
    elif setup == "later_first":
        plan = next_plan
    elif setup == "pending":
        spend(steward, "99999.00", pool="maintenance", spent_on=JUNE)
    elif setup == "closed":
        close(plan, committee)
    before = counts()
    with pytest.raises(ValidationError) as refused:
        close(plan, committee)
    assert codes(refused.value) == [code]
    assert params.items() <= refusal_params(refused.value)[0].items()
    assert counts() == before


def test_a_year_without_a_next_plan_is_refused(plan, household, steward, committee):
    pay(household, plan, steward, "200.00")
    with pytest.raises(ValidationError) as refused:
        close(plan, committee)
    assert codes(refused.value) == ["no_next_year"]
    assert counts() == (1, 0, 0)


def test_only_the_committee_closes_a_year(year_2024, steward):
    before = counts()
    with pytest.raises(ValidationError) as refused:
        close(year_2024, steward)
    assert codes(refused.value) == ["not_committee"]
    assert counts() == before


@pytest.mark.parametrize(
    ("decisions", "minute", "field", "code"),
    [
        (CARRY, "  ", "minute", "minute_required"),
        (CARRY, "x" * 301, "minute", "text_too_long"),
        ({"electricity": "carry", "maintenance": "carry"}, "minute", "garbage", "decision_missing"),
        ({**CARRY, "garbage": "burn"}, "minute", "garbage", "decision_missing"),
        ({**CARRY, "electricity": "credit"}, "minute", "electricity", "credit_needs_surplus"),
    ],
)
def test_bad_decisions_are_refused_and_write_nothing(year_2024, committee, decisions, minute, field, code):
    before = counts()
    with pytest.raises(ValidationError) as caught:
        close(year_2024, committee, decisions, minute)
    assert field_codes(caught.value) == {field: [code]}
    assert counts() == before


def test_crediting_a_pool_nobody_can_be_credited_from_is_refused(
    year_2024, household, vacant_household, next_plan, steward, committee
):
    pay(household, next_plan, steward, "200.00", paid_on=date(2024, 12, 20))
    pay(vacant_household, next_plan, steward, "140.00", paid_on=date(2024, 12, 20))
    before = counts()
    with pytest.raises(ValidationError) as caught:
        close(year_2024, committee, {**CARRY, "maintenance": "credit"})
    assert field_codes(caught.value) == {"maintenance": ["credit_nobody"]}
    assert counts() == before


def test_a_deficit_is_carried_forward_as_a_negative_balance(plan, next_plan, household, steward, committee):
    pay(household, plan, steward, "200.00")
    # Only history can leave a pool below zero (live spending is refused): an old ledger, imported.
    spend(steward, "80.00", pool="garbage", spent_on=JUNE, history=True)
    [overdrawn] = figures.overdrawn(JUNE)
    assert (overdrawn.code, overdrawn.lowest, overdrawn.on) == ("garbage", D("-20.00"), JUNE)
    closing = close(plan, committee)
    garbage = closing.pools.get(pool="garbage")
    assert (garbage.surplus, garbage.closing_balance, garbage.carried) == (D("-20.00"), D("-20.00"), D("-20.00"))
    assert figures.balances()["garbage"] == D("-20.00")


def test_the_next_plan_no_longer_changes_once_credited(year_2024, next_plan, committee):
    close(year_2024, committee, {**CARRY, "maintenance": "credit"})
    with pytest.raises(ValidationError) as refused:
        services.fee_plan_update(fee_plan=next_plan, occupied=services.DEFAULT_OCCUPIED, vacant=services.DEFAULT_VACANT)
    assert codes(refused.value) == ["plan_has_payments"]


def test_closings_are_append_only(year_2024, committee):
    from trustmgmt.base.records import AppendOnlyError

    closing = close(year_2024, committee)
    with pytest.raises(AppendOnlyError):
        closing.save()
    with pytest.raises(AppendOnlyError):
        PoolSettlement.objects.filter(closing=closing).update(carried=0)


def test_this_year_s_fees_paid_the_december_before_count_in_its_surplus(plan, next_plan, household, steward):
    pay(household, plan, steward, "200.00", paid_on=date(2023, 12, 15))
    flows = {flow.code: flow for flow in settlement.year_flows(plan)}
    assert (flows["garbage"].opening, flows["garbage"].income, flows["garbage"].surplus) == (
        D("60.00"),
        D("0.00"),
        D("60.00"),
    )


def test_what_a_flat_owed_in_a_closed_year_no_longer_changes(year_2024, next_plan, committee):
    flat = services.household_create(building=1, unit=1, room=101, owner_name="赵六", occupancy="occupied")
    close(year_2024, committee)
    services.household_set_occupancy(household=flat, occupancy="vacant", since=date(2024, 1, 1))
    assert figures.year_status(flat, year_2024).due["garbage"] == D("60.00")  # 2024 closed: as it was
    assert figures.year_status(flat, next_plan).due["garbage"] == D("0.00")


def test_a_closed_year_s_plan_no_longer_changes(plan, next_plan, committee):
    close(plan, committee)  # nothing was paid; the plan is still part of the closed year's record
    with pytest.raises(ValidationError) as refused:
        services.fee_plan_update(fee_plan=plan, occupied=services.DEFAULT_OCCUPIED, vacant=services.DEFAULT_VACANT)
    assert codes(refused.value) == ["plan_closed"]
