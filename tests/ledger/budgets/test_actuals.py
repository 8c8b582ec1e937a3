"""Budget against actual: the actual figures are the ledger's, to the fen."""

from datetime import date
from decimal import Decimal

from ledger import figures, services
from ledger.budgets import selectors as budget_figures
from tests.builders import GRID, HARDWARE, pay, spend

D = Decimal


def _year_2025(history, steward, committee):
    pay(history.flats[0], history.plans[2025], steward, "200.00", paid_on=date(2024, 12, 20))  # paid ahead
    pay(history.flats[4], history.plans[2025], steward, "70.00", paid_on=date(2025, 2, 1))
    spend(steward, "300.00", spent_on=date(2025, 3, 10), pool="electricity", payee=GRID, history=True)
    spend(steward, "200.00", spent_on=date(2025, 5, 10), pool="maintenance", payee=HARDWARE, history=True)
    spend(steward, "20.00", spent_on=date(2025, 5, 11), pool="maintenance", payee="水管维修", history=True)
    late = spend(steward, "15.00", spent_on=date(2025, 12, 1), pool="garbage", payee="x", history=True)
    services.expenditure_reverse(expenditure=late, reason="wrong", by=committee)  # disclosed now: after 2025


def test_actuals_equal_the_month_pages_added_up(approved, history, steward, committee):
    _year_2025(history, steward, committee)

    actual = budget_figures.actuals(history.plans[2025], as_of=date(2025, 6, 1))

    months = [date(2025, month, 1) for month in range(1, 7)]
    spent = {
        pool: sum((flow.expenditure for m in months for flow in figures.month_flows(m) if flow.code == pool), D(0))
        for pool in ("electricity", "maintenance", "garbage")
    }
    assert actual.expenditure == spent == {"electricity": D("300.00"), "maintenance": D("220.00"), "garbage": D("0.00")}
    # 200 split 50/90/60, 70 of a vacant 140 split 25/45/0
    assert actual.income == {"electricity": D("75.00"), "maintenance": D("135.00"), "garbage": D("60.00")}


def test_the_whole_year_stops_at_its_last_month(approved, history, steward, committee):
    _year_2025(history, steward, committee)

    actual = budget_figures.actuals(history.plans[2025])

    assert actual.as_of == date(2025, 12, 1)
    assert actual.expenditure["garbage"] == D("15.00")  # its reversal is disclosed in a later month


def test_each_pool_and_line_against_its_plan(approved, history, steward, committee):
    _year_2025(history, steward, committee)
    budget = budget_figures.budget_in_force(history.plans[2025])

    pools = budget_figures.against_actual(budget, budget_figures.actuals(history.plans[2025], as_of=date(2025, 6, 1)))

    electricity, maintenance, garbage = pools
    assert (electricity.planned_expenditure, electricity.actual_expenditure) == (D("1100.00"), D("300.00"))
    assert electricity.used == "0.2727" and not electricity.over_budget
    assert (maintenance.planned_expenditure, maintenance.actual_expenditure) == (D("133.36"), D("220.00"))
    assert maintenance.used == "1.6497" and maintenance.over_budget
    [line] = maintenance.lines
    assert (line.line.payee, line.actual, line.used, line.over_budget) == (HARDWARE, D("200.00"), "1.4997", True)
    assert maintenance.unplanned == D("20.00")
    assert (garbage.used, garbage.over_budget) == ("0.0000", False)
    assert (electricity.planned_income, electricity.actual_income, electricity.collected) == (
        D("200.00"),
        D("75.00"),
        "0.3750",
    )


def test_the_figures_take_a_fixed_number_of_queries(approved, history, steward, committee, django_assert_num_queries):
    _year_2025(history, steward, committee)
    with django_assert_num_queries(4):
        budget = budget_figures.budget_in_force(history.plans[2025])
        budget_figures.against_actual(budget, budget_figures.actuals(history.plans[2025]))
