"""Two desks at once, on PostgreSQL: the cash box is never deposited twice over, a day is closed once, and two
spendings that each fit a pool never together take it below zero."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from ledger import figures, services
from ledger.accounts import services as accounts
from ledger.models import Account, AccountKind, DayClose, Expenditure, Transfer
from tests.builders import together
from trustmgmt.base.refusals import codes

D = Decimal
DAY = date(2024, 3, 5)
pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")


def _race(*calls):
    """Run the calls at once (`together`: each in its own thread and connection); returns the refusal codes seen,
    and fails on any other error (a bug)."""
    outcomes = together(*calls)
    errors = [
        outcome for outcome in outcomes if isinstance(outcome, Exception) and not isinstance(outcome, ValidationError)
    ]
    assert errors == []
    return [code for outcome in outcomes if isinstance(outcome, ValidationError) for code in codes(outcome)]


@pytest.fixture
def funded(transactional_db, steward):
    accounts.default_accounts_ensure()
    plan = services.fee_plan_create(year=2024)
    flat = services.household_create(building=1, unit=1, room=101, owner_name="王堃", occupancy="occupied")
    services.payment_record(
        household=flat, fee_plan=plan, amount=D("200.00"), method="cash", paid_on=DAY, recorded_by=steward
    )
    return Account.objects.get(kind=AccountKind.CASH), Account.objects.get(kind=AccountKind.BANK)


def test_two_deposits_that_each_fit_never_overdraw_the_box(funded, steward, committee):
    cash, bank = funded
    refused = _race(
        *[
            lambda: accounts.deposit_record(cash_box=cash, bank=bank, amount=D("150.00"), deposited_on=DAY, by=steward)
            for _ in range(2)
        ]
    )
    assert refused == ["deposit_exceeds_cash"]
    assert Transfer.objects.count() == 1


def test_a_day_is_closed_once_whoever_closes_it(funded, steward):
    cash, _bank = funded
    refused = _race(
        *[lambda: accounts.day_close(account=cash, day=DAY, counted=D("200.00"), by=steward) for _ in range(2)]
    )
    assert refused == ["day_already_closed"]
    assert DayClose.objects.count() == 1


def test_two_spendings_that_each_fit_never_together_overdraw_a_pool(funded, steward):
    def spend():
        services.expenditure_record(
            spent_on=DAY,
            pool="electricity",
            payee="供电公司",
            amount=D("30.00"),
            description="电费",
            recorded_by=steward,
        )

    refused = _race(spend, spend)
    assert refused == ["pool_would_overdraw"]
    assert Expenditure.objects.count() == 1
    assert figures.balances()["electricity"] == D("20.00")
