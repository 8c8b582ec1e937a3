"""Accounts, bank statements and the overdraw rule: the rule is on here, as in a real complex."""

from decimal import Decimal

import pytest

from ledger.accounts import services as accounts
from ledger.models import Account, AccountKind

D = Decimal


@pytest.fixture(autouse=True)
def default_accounts(request):
    """The accounts migration 0008 makes; a transactional test's flush removes them, so make them again."""
    if "transactional_db" in request.fixturenames:
        request.getfixturevalue("transactional_db")
    elif "db" in request.fixturenames or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")
    else:
        return
    accounts.default_accounts_ensure()


@pytest.fixture
def bank(db) -> Account:
    account = Account.objects.get(kind=AccountKind.BANK)
    account.bank_name, account.number = "中国工商银行宁波海曙支行", "3901 1100 0920 0123 456"
    account.save()
    return account


@pytest.fixture
def cash_box(db) -> Account:
    return Account.objects.get(kind=AccountKind.CASH)


@pytest.fixture
def collection(bank) -> Account:
    """A WeChat Pay collection account (its platform 财付通) that settles to the bank; WeChat payments land in it."""
    from ledger.models import MethodAccount

    account = Account.objects.create(
        name="微信收款账户", kind=AccountKind.COLLECTION, bank_name="财付通", settles_to=bank
    )
    MethodAccount.objects.update_or_create(method="wechat", defaults={"account": account})
    return account
