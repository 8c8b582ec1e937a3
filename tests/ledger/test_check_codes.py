"""Check codes: 80 random bits per desk payment, none for imported ones, unique, never changed; typed
codes normalised; the flat masked for the public; a reversal's category."""

from datetime import date

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction

from ledger import check_tokens
from ledger.models import Payment, ReceiptCheck
from tests.builders import pay
from trustmgmt.base.privacy import mask_flat
from trustmgmt.base.records import AppendOnlyError


@pytest.fixture
def payment(household, plan, steward):
    return pay(household, plan, steward, "150.00", method="wechat", paid_on=date(2024, 3, 5))


def test_a_payment_at_the_desk_gets_a_check_code_of_80_random_bits(payment, household, plan, steward):
    token = payment.check_code.token
    assert len(token) == 16 and set(token) <= set(check_tokens.ALPHABET)  # 16 x 5 bits
    assert "000001" not in token and "2024" not in token
    other = pay(household, plan, steward, "10.00")
    assert other.check_code.token != token


def test_codes_are_unique_in_the_database(payment, household, plan, steward):
    other = pay(household, plan, steward, "10.00")
    with pytest.raises(IntegrityError), transaction.atomic():
        ReceiptCheck.objects.create(payment=other, token=payment.check_code.token)


def test_an_imported_payment_gets_no_code_its_paper_has_none(tmp_path, household, plan, steward):
    from tests.ledger.importing import run, write_csv

    path = write_csv(
        tmp_path / "payments.csv",
        [
            ["household", "fee_year", "paid_on", "amount", "method", "receipt_no"],
            ["12-2-301", 2024, "2024-02-01", "50", "cash", ""],
        ],
    )
    run("import_payments", path, "--user", steward.username)
    assert Payment.objects.count() == 1 and not ReceiptCheck.objects.exists()


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("ABCD-EFGH-JKMN-PQRS", "ABCDEFGHJKMNPQRS"),
        ("abcd efgh jkmn pqrs", "ABCDEFGHJKMNPQRS"),
        ("ABCDEFGHJKMNPQRO", "ABCDEFGHJKMNPQR0"),  # O read as 0, I and L as 1
        ("iLCDEFGHJKMNPQRS", "11CDEFGHJKMNPQRS"),
        ("ABCD-EFGH-JKMN-PQR", None),
        ("ABCD-EFGH-JKMN-PQRSS", None),
        ("ABCD-EFGH-JKMN-PQRU", None),
        ("", None),
        ("ABCD-EFGH-JKMN-PQR!", None),
        ("Ａ" * 16, None),
    ],
)
def test_a_typed_code_is_normalised(typed, expected):
    assert check_tokens.normalise(typed) == expected


def test_a_check_code_never_changes_even_around_the_orm(payment):
    with pytest.raises(AppendOnlyError):
        ReceiptCheck.objects.filter(payment=payment).update(token="0" * 16)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE ledger_receiptcheck SET token = '0000000000000000'")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM ledger_receiptcheck")
    assert ReceiptCheck.objects.get(payment=payment).token == payment.check_code.token


@pytest.mark.parametrize(
    ("flat", "masked"),
    [("12-2-301", "12-2-3**"), ("1-1-1201", "1-1-12**"), ("3-1-5", "3-1-*"), ("3-1-12", "3-1-**"), ("", "")],
)
def test_the_public_sees_the_flat_masked(flat, masked):
    assert mask_flat(flat) == masked
