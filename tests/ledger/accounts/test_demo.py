"""The demo complex, built with the overdraw rule on: every ended month's books agree with the bank, the cash
box and money in transit to the fen (run on SQLite and on PostgreSQL); this month shows the one line the books
do not have and the day-close's shortfall."""

from decimal import Decimal

import pytest

from ledger.accounts import selectors
from ledger.models import DayClose, Expenditure, Match, StatementLine, Transfer
from trustmgmt import demo
from trustmgmt.base.dates import add_months, last_day, next_month, this_month
from trustmgmt.disclosure.document import month_document

D = Decimal


@pytest.mark.django_db
def test_every_ended_month_of_the_demo_reconciles_to_the_fen():
    demo.seed(households=24, years=2, seed=11)
    assert StatementLine.objects.filter(memo__contains="手续费").exists()
    assert StatementLine.objects.filter(memo__contains="结息").exists()
    assert Transfer.objects.exists() and Match.objects.exists()
    # WeChat payments land in a collection account, settled to the bank once a month, its bank line matched.
    settlements = Transfer.objects.filter(kind="settlement", from_account__kind="collection")
    months = {transfer.moved_on.replace(day=1) for transfer in settlements}
    assert len(months) == settlements.count() >= 3  # one a month in which WeChat collected anything
    assert not settlements.filter(match__isnull=True, moved_on__lt=last_day(add_months(this_month(), -1))).exists()
    assert Expenditure.objects.filter(paid_from__kind="collection", payee="财付通").count() == settlements.count()
    first = StatementLine.objects.order_by("position").first().line_date.replace(day=1)
    month, checked = first, 0
    while next_month(month) <= this_month():
        result = selectors.reconciliation(month)
        assert result.has_statement, month
        assert result.ledger_closing == result.bank_balance + result.cash_on_hand + result.in_transit, month
        assert result.reconciled
        document = month_document(month)
        assert document["reconciliation"]["difference"] == "0.00"
        month, checked = next_month(month), checked + 1
    assert checked >= 12
    current = selectors.reconciliation(this_month())
    unbooked = [item for item in current.items if item.side == "bank"]
    assert [item.amount for item in unbooked] == [D("200.00")]
    close = DayClose.objects.exclude(difference=0).get()
    assert current.difference == -D("200.00") - close.difference
    assert not current.reconciled
