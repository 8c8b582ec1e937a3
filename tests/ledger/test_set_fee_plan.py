"""`manage.py set_fee_plan YEAR`: the fee-plan page's services from the command line, refused with the reason."""

import re
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from ledger.models import Due, FeePlan
from tests.builders import pay

D = Decimal


def run(*args) -> str:
    out = StringIO()
    call_command("set_fee_plan", *map(str, args), stdout=out)
    return out.getvalue()


def test_it_sets_a_past_year_on_the_default_plan_and_every_household_owes_it(household, vacant_household, plan):
    output = run(2023)
    created = FeePlan.objects.get(year=2023)
    assert (created.starts_on, created.ends_on) == (date(2023, 1, 1), date(2023, 12, 31))
    assert sorted(Due.objects.filter(fee_plan=created).values_list("total", flat=True)) == [D("140.00"), D("200.00")]
    assert "Fee plan 2023 (2023-01-01 to 2023-12-31)" in output and "2 household(s) owe it" in output
    assert "Occupied 50.00/90.00/60.00 = 200.00" in output


def test_it_takes_the_amounts_and_dates_given(db, steward):
    run(
        2025,
        "--occupied",
        "40/100/60.5",
        "--vacant",
        "40/100/0",
        "--starts-on",
        "2025-03-01",
        "--ends-on",
        "2026-02-28",
        "--user",
        "steward",
    )
    created = FeePlan.objects.get(year=2025)
    assert created.amounts("occupied") == {"electricity": D("40.00"), "maintenance": D("100.00"), "garbage": D("60.50")}
    assert (created.starts_on, created.ends_on, created.created_by) == (date(2025, 3, 1), date(2026, 2, 28), steward)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((2024,), "There is already a fee plan for 2024. To change its amounts, add --change"),
        ((2025, "--starts-on", "2024-12-01"), "The fee year overlaps the fee year 2024."),
        ((2025, "--occupied", "50/90"), "--occupied “50/90” is not three amounts in yuan"),
        ((2025, "--vacant", "50/x/0"), "--vacant “50/x/0” is not three amounts"),
        ((2025, "--occupied", "50/90/-1"), "Enter an amount of zero or more"),
        ((2025, "--starts-on", "2025-13-01"), "--starts-on “2025-13-01” is not a date"),
        ((2025, "--user", "nobody"), "There is no user “nobody”."),
        ((2023, "--change"), "There is no fee plan for 2023 to change"),
    ],
)
def test_bad_requests_are_refused_with_the_reason_and_change_nothing(plan, args, message):
    with pytest.raises(CommandError, match=re.escape(message)):
        run(*args)
    assert list(FeePlan.objects.values_list("year", flat=True)) == [2024]


def test_a_year_with_payments_is_refused_and_says_why(household, plan, steward):
    pay(household, plan, steward, "200.00")
    with pytest.raises(CommandError, match=r"1 payment\(s\) are recorded for it, so it can no longer change"):
        run(2024)
    with pytest.raises(CommandError, match=r"Payments have been recorded for 2024; its plan can no longer change\."):
        run(2024, "--change", "--occupied", "60/90/60")
    plan.refresh_from_db()
    assert plan.electricity_occupied == D("50.00")


def test_change_updates_a_plan_without_payments(household, plan):
    run(2024, "--change", "--occupied", "50/90/70")
    assert Due.objects.get(household=household).total == D("210.00")
