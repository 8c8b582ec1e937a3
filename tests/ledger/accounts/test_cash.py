"""The cash box: which account each payment moved, deposits (缴存) and the day-close (日结)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection

from ledger.accounts import selectors
from ledger.accounts import services as accounts
from ledger.models import DayClose, Movement, Transfer
from tests.builders import pay
from tests.ledger.accounts.builders import spend
from trustmgmt.base.refusals import codes

D = Decimal
pytestmark = pytest.mark.django_db
DAY = date(2024, 3, 5)


def test_each_payment_and_expenditure_says_which_account_it_moved(
    household, vacant_household, plan, steward, bank, cash_box
):
    cash = pay(household, plan, steward, "200.00")
    wechat = pay(vacant_household, plan, steward, "140.00", method="wechat")
    spent = spend(steward, "30.00", paid_from=cash_box)
    assert Movement.objects.get(entry__payment=cash).account == cash_box
    assert Movement.objects.get(entry__payment=wechat).account == bank
    assert Movement.objects.get(entry__expenditure=spent).amount == D("-30.00")
    assert selectors.book_balance(cash_box, DAY) == D("200.00")  # spent on the 6th
    assert selectors.book_balance(cash_box, date(2024, 3, 6)) == D("170.00")


def test_a_deposit_moves_cash_to_the_bank(household, plan, steward, bank, cash_box):
    pay(household, plan, steward, "200.00")
    accounts.deposit_record(
        cash_box=cash_box, bank=bank, amount=D("150.00"), deposited_on=DAY, slip_number="0012", by=steward
    )
    assert selectors.cash_on_hand(cash_box, DAY) == D("50.00")
    assert selectors.book_balance(bank, DAY) == D("150.00")


def test_a_deposit_larger_than_the_cash_box_is_refused(household, plan, steward, bank, cash_box):
    pay(household, plan, steward, "200.00")
    with pytest.raises(ValidationError) as error:
        accounts.deposit_record(cash_box=cash_box, bank=bank, amount=D("200.01"), deposited_on=DAY, by=steward)
    assert codes(error.value) == ["deposit_exceeds_cash"]
    assert Transfer.objects.count() == 0


def test_the_day_close_records_a_difference_with_its_reason(household, vacant_household, plan, steward, bank, cash_box):
    pay(household, plan, steward, "200.00")
    pay(vacant_household, plan, steward, "140.00")
    accounts.deposit_record(cash_box=cash_box, bank=bank, amount=D("100.00"), deposited_on=DAY, by=steward)
    sheet = selectors.day_sheet(cash_box, DAY)
    assert (sheet.opening, sheet.received, sheet.paid_out, sheet.deposited, sheet.expected) == (
        D("0.00"),
        D("340.00"),
        D("0.00"),
        D("100.00"),
        D("240.00"),
    )
    with pytest.raises(ValidationError) as error:
        accounts.day_close(account=cash_box, day=DAY, counted=D("230.00"), by=steward)
    assert codes(error.value) == ["difference_needs_reason"]
    assert DayClose.objects.count() == 0
    close = accounts.day_close(account=cash_box, day=DAY, counted=D("230.00"), reason="找零差错", by=steward)
    assert close.difference == D("-10.00")
    assert selectors.cash_on_hand(cash_box, DAY) == D("230.00")
    assert list(selectors.cash_differences()) == [close]
    assert selectors.day_sheet(cash_box, date(2024, 3, 6)).opening == D("230.00")


def test_a_second_day_close_for_one_day_is_refused_and_a_correction_points_back(household, plan, steward, cash_box):
    pay(household, plan, steward, "200.00")
    first = accounts.day_close(account=cash_box, day=DAY, counted=D("190.00"), reason="少十元", by=steward)
    with pytest.raises(ValidationError) as error:
        accounts.day_close(account=cash_box, day=DAY, counted=D("200.00"), by=steward)
    assert codes(error.value) == ["day_already_closed"]
    assert DayClose.objects.count() == 1
    fixed = accounts.day_close(
        account=cash_box, day=DAY, counted=D("200.00"), reason="复点：十元夹在收据本里", corrects=first, by=steward
    )
    assert fixed.corrects == first and fixed.difference == 0
    assert selectors.cash_on_hand(cash_box, DAY) == D("200.00")
    with pytest.raises(ValidationError) as error:
        accounts.day_close(account=cash_box, day=DAY, counted=D("200.00"), reason="x", corrects=first, by=steward)
    assert codes(error.value) == ["already_corrected"]


def test_only_the_steward_or_committee_close_a_day(cash_box, outsider):
    with pytest.raises(ValidationError) as error:
        accounts.day_close(account=cash_box, day=DAY, counted=D("0.00"), by=outsider)
    assert codes(error.value) == ["not_steward"]


@pytest.mark.parametrize("sql", ["UPDATE ledger_dayclose SET counted = 0", "DELETE FROM ledger_transfer"])
def test_the_database_refuses_changing_day_closes_and_deposits(sql, household, plan, steward, bank, cash_box):
    pay(household, plan, steward, "200.00")
    accounts.deposit_record(cash_box=cash_box, bank=bank, amount=D("100.00"), deposited_on=DAY, by=steward)
    accounts.day_close(account=cash_box, day=DAY, counted=D("100.00"), by=steward)
    with pytest.raises(DatabaseError), connection.cursor() as cursor:
        cursor.execute(sql)
