"""import_payments: the old ledger's payments, split and posted like desk payments, all or nothing."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError
from django.utils import timezone

from ledger import figures, journal
from ledger.models import Entry, Payment
from tests.builders import pay
from tests.ledger.importing import run, write_csv, write_xlsx

D = Decimal
HEADER = ["household", "fee_year", "paid_on", "amount", "method", "receipt_no"]


def rows(*body):
    return [HEADER, *body]


def test_payments_are_split_numbered_and_chained(tmp_path, household, vacant_household, plan):
    path = write_csv(
        tmp_path / "p.csv",
        rows(
            ["12-2-301", 2024, "2024-01-15", "200.00", "cash", ""],
            ["12-2-302", 2024, "2024/02/01", "70", "wechat", "2024-000045"],
            ["12-2-302", 2024, "2024-02-03", "70", "alipay", ""],
        ),
    )
    out = run("import_payments", path)
    assert "3 new rows posted" in out
    assert [p.receipt_no for p in Payment.objects.order_by("id")] == ["2024-000001", "2024-000045", "2024-000046"]
    assert figures.year_status(vacant_household, plan).state == "paid"
    entry = Entry.objects.get(payment__receipt_number=45)
    assert (entry.electricity, entry.maintenance, entry.garbage) == (D("25.00"), D("45.00"), D("0.00"))
    assert journal.verify()[1] is None
    importer = User.objects.get(username="import")
    assert not importer.is_active and not importer.has_usable_password()
    assert set(Payment.objects.values_list("recorded_by", flat=True)) == {importer.pk}


def test_receipt_numbers_as_plain_numbers_and_from_xlsx(tmp_path, household, plan, steward):
    path = write_xlsx(tmp_path / "p.xlsx", rows(["12-2-301", 2024, date(2024, 3, 1), 120.5, "bank", 7]))
    run("import_payments", path, "--user", "steward")
    payment = Payment.objects.get()
    assert (payment.receipt_no, payment.amount, payment.paid_on, payment.recorded_by) == (
        "2024-000007",
        D("120.50"),
        date(2024, 3, 1),
        steward,
    )


def test_an_unknown_user_is_refused(tmp_path, household, plan):
    path = write_csv(tmp_path / "p.csv", rows(["12-2-301", 2024, "2024-01-15", "200.00", "cash", ""]))
    with pytest.raises(CommandError, match=re.escape("There is no user “nobody”.")):
        run("import_payments", path, "--user", "nobody")
    assert not Payment.objects.exists()


TOMORROW = (timezone.localdate() + timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (["12-2-301", 2024, "2024-01-15", "-50", "cash", ""], "amount: The amount must be more than zero."),
        (["12-2-301", 2024, "2024-01-15", "0", "cash", ""], "amount: The amount must be more than zero."),
        (["12-2-301", 2024, "2024-01-15", "10.005", "cash", ""], "An amount has at most two decimal places (fen)."),
        (["12-2-301", 2024, "2024-01-15", "二百", "cash", ""], "amount “二百” is not an amount in yuan"),
        (["12-2-301", 2024, "2024-01-15", "", "cash", ""], "amount is empty."),
        (["12-2-301", 2024, "2024-01-15", "250", "cash", ""], "amount: That is more than is still due"),
        (["99-9-999", 2024, "2024-01-15", "200", "cash", ""], "There is no household 99-9-999"),
        (
            ["12 楼 301", 2024, "2024-01-15", "200", "cash", ""],
            "household “12 楼 301” is not written building-unit-room",
        ),
        (["12-2-301", 2030, "2024-01-15", "200", "cash", ""], "There is no fee plan for 2030"),
        (["12-2-301", "二〇二四", "2024-01-15", "200", "cash", ""], "fee_year “二〇二四” is not a whole number"),
        (["12-2-301", 2024, "2024-02-30", "200", "cash", ""], "paid_on “2024-02-30” is not a date"),
        (["12-2-301", 2024, "last spring", "200", "cash", ""], "paid_on “last spring” is not a date"),
        (["12-2-301", 2024, TOMORROW, "200", "cash", ""], "paid_on: The date cannot be in the future."),
        (["12-2-301", 2024, "2024-01-15", "200", "paypal", ""], "method “paypal” is not one of cash, wechat"),
        (["12-2-301", 2024, "2024-01-15", "200", "cash", "2023-000001"], "belongs to the fee year 2023, not 2024"),
        (["12-2-301", 2024, "2024-01-15", "200", "cash", "No.5"], "receipt_no “No.5” is not a receipt number"),
        (["12-2-301", 2024, "2024-01-15", "200", "cash", "0"], "receipt_no “0” is not a receipt number"),
        (["12-2-301", 2024, "2024-01-15", "200", "cash", "<script>"], "receipt_no “<script>” is not a receipt"),
    ],
)
def test_a_bad_row_is_named_and_nothing_is_written(tmp_path, household, vacant_household, plan, row, message):
    good = ["12-2-302", 2024, "2024-01-10", "140.00", "cash", ""]
    with pytest.raises(CommandError, match=re.escape("line 3: ") + ".*" + re.escape(message)):
        run("import_payments", write_csv(tmp_path / "p.csv", rows(good, row)))
    assert not Payment.objects.exists() and not Entry.objects.exists()


def test_a_taken_receipt_number_is_refused(tmp_path, household, vacant_household, plan, steward):
    pay(vacant_household, plan, steward, "140.00")
    path = write_csv(tmp_path / "p.csv", rows(["12-2-301", 2024, "2024-01-15", "200", "cash", "1"]))
    with pytest.raises(
        CommandError, match=re.escape("line 2: receipt_no: Receipt number 2024-000001 is already used.")
    ):
        run("import_payments", path)
    assert Payment.objects.count() == 1


def test_payments_that_add_up_to_more_than_due_are_refused_at_the_row_that_overflows(tmp_path, household, plan):
    path = write_csv(
        tmp_path / "p.csv",
        rows(
            ["12-2-301", 2024, "2024-01-15", "150", "cash", ""],
            ["12-2-301", 2024, "2024-02-15", "60", "cash", ""],
        ),
    )
    with pytest.raises(
        CommandError, match=re.escape("line 3: amount: That is more than is still due: 12-2-301 owes 50.00")
    ):
        run("import_payments", path)
    assert not Payment.objects.exists()


def test_duplicate_rows_in_the_file_are_reported(tmp_path, household, vacant_household, plan):
    path = write_csv(
        tmp_path / "p.csv",
        rows(
            ["12-2-301", 2024, "2024-01-15", "50", "cash", ""],
            ["12-2-301", 2024, "2024-01-15", "50", "cash", ""],
            ["12-2-302", 2024, "2024-01-15", "50", "cash", "9"],
            ["12-2-301", 2024, "2024-01-16", "50", "cash", "2024-000009"],
        ),
    )
    with pytest.raises(CommandError) as raised:
        run("import_payments", path)
    message = str(raised.value)
    assert "line 3: This row repeats line 2" in message
    assert "line 5: receipt_no 2024-000009 is also on line 4." in message
    assert not Payment.objects.exists()


def test_every_bad_row_is_reported_at_once(tmp_path, household, plan):
    path = write_csv(
        tmp_path / "p.csv",
        rows(
            ["12-2-301", 2024, "2024-01-15", "-1", "cash", ""],
            ["12-2-301", 2024, "2024-01-15", "20", "cash", ""],
            ["12-2-301", 2024, "yesterday", "abc", "card", ""],
        ),
    )
    with pytest.raises(CommandError) as raised:
        run("import_payments", path)
    message = str(raised.value)
    assert "2 problem(s)" in message and "line 2:" in message and "line 4:" in message
    assert "paid_on “yesterday”" in message and "amount “abc”" in message and "method “card”" in message
    assert not Payment.objects.exists()


def test_missing_columns(tmp_path, household, plan):
    path = write_csv(tmp_path / "p.csv", [["household", "fee_year", "amount"], ["12-2-301", 2024, 200]])
    with pytest.raises(CommandError, match=re.escape("lacks the column(s) paid_on, method, receipt_no")):
        run("import_payments", path)


def test_a_year_without_plan_names_the_command_and_the_page(tmp_path, household, plan):
    from django.conf import settings
    from django.urls import reverse

    rows = [HEADER, ["12-2-301", 2023, "2023-01-15", "200", "cash", ""]]
    with pytest.raises(CommandError) as error:
        run("import_payments", write_csv(tmp_path / "p.csv", rows))
    assert "line 2: There is no fee plan for 2023" in str(error.value)
    assert "manage.py set_fee_plan 2023" in str(error.value)
    assert settings.PUBLIC_BASE_URL + reverse("ledger:fee_plans") in str(error.value)
    assert Payment.objects.count() == 0


def test_a_chinese_ledger_s_header_and_words_are_understood(tmp_path, household, vacant_household, plan):
    path = write_csv(
        tmp_path / "p.csv",
        [
            ["住户", "收费年度", "缴费日期", "金额", "付款方式", "收据号"],
            ["12-2-301", 2024, "2024-01-15", "200.00", "现金", ""],
            ["12-2-302", 2024, "2024-02-01", "70", "微信", ""],
            ["12-2-302", 2024, "2024-02-03", "70", "银行转账", ""],
        ],
    )
    assert "3 new rows posted" in run("import_payments", path)
    assert list(Payment.objects.order_by("id").values_list("method", flat=True)) == ["cash", "wechat", "bank"]
