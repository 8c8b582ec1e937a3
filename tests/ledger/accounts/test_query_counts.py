"""The month's reconciliation is computed afresh whenever the books or a statement change: two queries, however
many accounts, movements, transfers, statement lines and day-closes there are."""

from datetime import date
from decimal import Decimal

import pytest

from ledger.accounts import selectors
from ledger.accounts import services as accounts
from tests.builders import households, pay

D = Decimal
pytestmark = pytest.mark.django_db


def test_the_reconciliation_takes_two_queries_at_any_size(
    plan, steward, committee, bank, cash_box, collection, tmp_path, django_assert_num_queries
):
    flats = households(6)
    for index, flat in enumerate(flats):
        pay(flat, plan, steward, "50.00", method=["cash", "wechat", "bank"][index % 3], paid_on=date(2024, 3, 4))
    accounts.deposit_record(cash_box=cash_box, bank=bank, amount=D("100.00"), deposited_on=date(2024, 3, 5), by=steward)
    accounts.settlement_record(
        collection=collection,
        amount=D("99.40"),
        fee=D("0.60"),
        settled_on=date(2024, 3, 5),
        reference="WX1",
        by=steward,
    )
    accounts.day_close(account=cash_box, day=date(2024, 3, 5), counted=D("0.00"), by=steward)
    path = tmp_path / "statement.csv"
    path.write_text(
        "交易日期,借方发生额,贷方发生额,余额,对方户名,摘要,流水号\n"
        "2024-03-04,,50.00,50.00,,业主4 转账,B1\n"
        "2024-03-06,,100.00,150.00,,现金缴存,B2\n"
        "2024-03-06,,99.40,249.40,,微信支付结算 WX1,B3\n"
        "2024-03-20,,8.00,257.40,,不明来款,B4\n",
        encoding="utf-8",
    )
    accounts.statement_import(account=bank, path=path, by=committee)
    with django_assert_num_queries(2):
        march = selectors.reconciliation(date(2024, 3, 1))
    assert (march.bank_balance, march.cash_on_hand, march.in_transit) == (D("257.40"), D("0.00"), D("50.00"))
    assert [(item.side, item.amount) for item in march.items] == [("books", D("50.00")), ("bank", D("8.00"))]
    with django_assert_num_queries(2):
        selectors.reconciliation(date(2024, 2, 1))
