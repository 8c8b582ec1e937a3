"""A collection account (WeChat/Alipay) settled to the bank: the platform pays out what it collected, less its
fee; the fee is spending from a pool, the rest a transfer the bank's line matches."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from ledger import figures
from ledger.accounts import selectors
from ledger.accounts import services as accounts
from ledger.models import Entry, Expenditure, Match, Movement, Transfer
from tests.builders import pay
from trustmgmt.base.refusals import codes

D = Decimal
pytestmark = pytest.mark.django_db
END = date(2024, 3, 31)


def settle(steward, collection, amount="198.80", fee="1.20", **fields):
    values = {"settled_on": END, "reference": "WX20240331001", "pool": "maintenance", **fields}
    return accounts.settlement_record(collection=collection, amount=D(amount), fee=D(fee), by=steward, **values)


def written():
    return Transfer.objects.count(), Entry.objects.count(), Expenditure.objects.count(), Movement.objects.count()


def test_a_settlement_moves_the_net_to_the_bank_and_spends_the_fee_from_a_pool(
    household, plan, steward, bank, collection
):
    payment = pay(household, plan, steward, "200.00", method="wechat")
    assert Movement.objects.get(entry__payment=payment).account == collection
    transfer = settle(steward, collection)
    assert (transfer.kind, transfer.amount, transfer.slip_number) == ("settlement", D("198.80"), "WX20240331001")
    assert (transfer.from_account, transfer.to_account) == (collection, bank)
    assert selectors.book_balance(collection, END) == D("0.00")
    assert selectors.book_balance(bank, END) == D("198.80")
    fee = Expenditure.objects.get()
    assert (fee.pool, fee.amount, fee.payee, fee.reference, fee.status) == (
        "maintenance",
        D("1.20"),
        "财付通",
        "WX20240331001",
        "posted",
    )
    assert Movement.objects.get(entry__expenditure=fee, entry__kind="expenditure").account == collection
    assert figures.balances() == {"electricity": D("50.00"), "maintenance": D("88.80"), "garbage": D("60.00")}


def test_a_settlement_without_a_fee_writes_no_spending(household, plan, steward, bank, collection):
    pay(household, plan, steward, "200.00", method="wechat")
    settle(steward, collection, amount="200.00", fee="0")
    assert Expenditure.objects.count() == 0
    assert selectors.book_balance(bank, END) == D("200.00")


def test_the_bank_line_matches_the_settlement_and_the_months_reconcile(
    household, plan, steward, committee, bank, collection, tmp_path
):
    pay(household, plan, steward, "200.00", method="wechat")
    transfer = settle(steward, collection)
    march = selectors.reconciliation(date(2024, 3, 1))
    assert (march.ledger_closing, march.bank_balance, march.in_transit, march.difference) == (
        D("198.80"),
        None,  # no statement yet
        D("198.80"),
        D("0.00"),
    )
    path = tmp_path / "statement.csv"
    path.write_text(
        "交易日期,借方发生额,贷方发生额,余额,对方户名,摘要,流水号\n"
        "2024-04-01,,198.80,198.80,财付通支付科技有限公司,微信支付结算 WX20240331001,B0001\n",
        encoding="utf-8",
    )
    result = accounts.statement_import(account=bank, path=path, by=committee)
    assert (result.matched, result.proposed) == (1, 0)
    assert Match.objects.get().transfer == transfer
    april = selectors.reconciliation(date(2024, 4, 1))
    assert (april.bank_balance, april.in_transit, april.difference, april.reconciled) == (
        D("198.80"),
        D("0.00"),
        D("0.00"),
        True,
    )


@pytest.mark.parametrize(
    "fields,code",
    [
        ({"amount": "0"}, "amount_not_positive"),
        ({"amount": "-5.00"}, "amount_not_positive"),
        ({"amount": "198.801"}, "amount_too_precise"),
        ({"fee": "-1.20"}, "fee_invalid"),
        ({"fee": "1.205"}, "fee_invalid"),
        ({"amount": "199.00", "fee": "1.01"}, "settlement_exceeds_collected"),
        ({"reference": "  "}, "text_required"),
        ({"reference": "W" * 41}, "text_too_long"),
        ({"pool": "parking"}, "settlement_pool_invalid"),
        ({"settled_on": "tomorrow"}, "date_in_future"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(household, plan, steward, bank, collection, fields, code):
    pay(household, plan, steward, "200.00", method="wechat")
    if fields.get("settled_on") == "tomorrow":
        fields = {**fields, "settled_on": timezone.localdate() + timedelta(days=1)}
    before = written()
    with pytest.raises(ValidationError) as error:
        settle(steward, collection, **fields)
    assert codes(error.value) == [code]
    assert written() == before


def test_only_a_collection_account_settles_and_only_to_a_bank(household, plan, steward, bank, cash_box, collection):
    pay(household, plan, steward, "200.00", method="wechat")
    before = written()
    with pytest.raises(ValidationError) as error:
        settle(steward, bank)
    assert codes(error.value) == ["not_collection"]
    with pytest.raises(ValidationError) as error:
        settle(steward, collection, bank=cash_box)
    assert codes(error.value) == ["not_bank"]
    assert written() == before


def test_a_settlement_dated_back_may_not_take_what_a_later_one_already_took(household, plan, steward, bank, collection):
    pay(household, plan, steward, "200.00", method="wechat")
    settle(steward, collection, amount="200.00", fee="0")
    before = written()
    with pytest.raises(ValidationError) as error:
        settle(steward, collection, amount="100.00", fee="0", settled_on=date(2024, 3, 20), reference="WX2")
    assert codes(error.value) == ["settlement_exceeds_collected"]
    assert written() == before


def test_a_fee_that_would_overdraw_its_pool_is_refused(vacant_household, plan, steward, bank, collection):
    pay(vacant_household, plan, steward, "140.00", method="wechat")  # 50 / 90 / 0: garbage holds nothing
    before = written()
    with pytest.raises(ValidationError) as error:
        settle(steward, collection, amount="139.00", fee="1.00", pool="garbage")
    assert codes(error.value) == ["pool_would_overdraw"]
    assert written() == before


def test_only_the_steward_records_a_settlement(household, plan, steward, committee, outsider, bank, collection):
    pay(household, plan, steward, "200.00", method="wechat")
    before = written()
    for user in (committee, outsider):
        with pytest.raises(ValidationError) as error:
            settle(user, collection)
        assert codes(error.value) == ["not_steward"]
    assert written() == before


def test_the_steward_settles_on_the_page(signed_in, household, plan, steward, bank, collection):
    today = timezone.localdate()
    pay(household, plan, steward, "200.00", method="wechat", paid_on=today)
    client = signed_in(steward)
    page = client.get(reverse("ledger:settlement"))
    assert page.status_code == 200 and "微信收款账户" in page.content.decode()
    form = {
        "collection": collection.pk,
        "amount": "198.80",
        "fee": "1.20",
        "settled_on": today.isoformat(),
        "reference": "WX0001",
        "pool": "maintenance",
    }
    too_much = client.post(reverse("ledger:settlement"), {**form, "amount": "199.00"})
    assert too_much.status_code == 200 and written()[0] == 0
    assert "field-invalid" in too_much.content.decode()
    not_an_amount = client.post(reverse("ledger:settlement"), {**form, "fee": "一块二"})
    assert not_an_amount.status_code == 200 and written()[0] == 0
    done = client.post(reverse("ledger:settlement"), form)
    assert done.status_code == 302
    assert Transfer.objects.get().amount == D("198.80")
    assert "WX0001" in client.get(reverse("ledger:settlement")).content.decode()


def test_the_page_says_so_when_the_complex_has_no_collection_account(signed_in, steward):
    page = signed_in(steward).get(reverse("ledger:settlement"))
    assert page.status_code == 200
    assert b"no collection account" in page.content
