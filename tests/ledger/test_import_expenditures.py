"""import_expenditures: spending that already happened, posted as approved whatever its size."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import CommandError
from django.utils import timezone

from ledger import figures
from ledger.models import Entry, Expenditure, ExpenditureStatus
from tests.ledger.importing import run, write_csv, write_xlsx

D = Decimal
HEADER = ["spent_on", "pool", "payee", "amount", "description"]


def rows(*body):
    return [HEADER, *body]


def test_rows_are_posted_as_approved_whatever_their_size(tmp_path, db):
    path = write_csv(
        tmp_path / "e.csv",
        rows(
            ["2024-01-12", "electricity", "国网宁波供电公司", "4123.40", "公共照明电费 2024年1月"],
            ["2024-01-20", "garbage", "海曙区环卫处", "1.00", "清运"],
        ),
        "gb18030",
    )
    out = run("import_expenditures", path)
    assert "2 new rows posted" in out
    assert set(Expenditure.objects.values_list("status", flat=True)) == {ExpenditureStatus.POSTED}
    assert figures.balances() == {"electricity": D("-4123.40"), "maintenance": D("0.00"), "garbage": D("-1.00")}
    # History may leave a pool below zero (live spending may not): the month says so.
    assert [(row.code, row.lowest, row.on) for row in figures.overdrawn(date(2024, 1, 1))] == [
        ("electricity", D("-4123.40"), date(2024, 1, 12)),
        ("garbage", D("-1.00"), date(2024, 1, 20)),
    ]


def test_from_xlsx(tmp_path, db):
    path = write_xlsx(tmp_path / "e.xlsx", rows(["2024-03-02", "maintenance", "五金店", 46.5, "水龙头"]))
    run("import_expenditures", path)
    assert Expenditure.objects.get().amount == D("46.50")


TOMORROW = (timezone.localdate() + timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (["2024-01-12", "electricity", "供电", "-10", "x"], "amount: The amount must be more than zero."),
        (["2024-01-12", "electricity", "供电", "0", "x"], "amount: The amount must be more than zero."),
        (["2024-01-12", "electricity", "供电", "1.234", "x"], "An amount has at most two decimal places (fen)."),
        (["2024-01-12", "electricity", "供电", "a lot", "x"], "amount “a lot” is not an amount"),
        (
            ["2024-01-12", "heating", "供电", "10", "x"],
            "pool “heating” is not one of electricity, maintenance, garbage.",
        ),
        (["2024-01-12", "electricity", "", "10", "x"], "payee is empty."),
        (["2024-01-12", "electricity", "供" * 101, "10", "x"], "payee is longer than 100 characters."),
        (["2024-01-12", "electricity", "供电", "10", "电" * 301], "description is longer than 300 characters."),
        (["2024-01-12", "electricity", "供电", "10", ""], "description is empty."),
        (["12/01/2024", "electricity", "供电", "10", "x"], "spent_on “12/01/2024” is not a date"),
        ([TOMORROW, "electricity", "供电", "10", "x"], "spent_on: The date cannot be in the future."),
    ],
)
def test_a_bad_row_is_named_and_nothing_is_written(tmp_path, db, row, message):
    good = ["2024-01-10", "garbage", "环卫处", "60.00", "清运"]
    with pytest.raises(CommandError, match=re.escape("line 3: ") + ".*" + re.escape(message)):
        run("import_expenditures", write_csv(tmp_path / "e.csv", rows(good, row)))
    assert not Expenditure.objects.exists() and not Entry.objects.exists()


def test_script_tags_are_kept_as_text(tmp_path, db):
    run(
        "import_expenditures",
        write_csv(tmp_path / "e.csv", rows(["2024-01-10", "garbage", "<script>alert(1)</script>", "6", "<b>x</b>"])),
    )
    expenditure = Expenditure.objects.get()
    assert (expenditure.payee, expenditure.description) == ("<script>alert(1)</script>", "<b>x</b>")


def test_duplicate_rows_are_reported(tmp_path, db):
    row = ["2024-01-10", "garbage", "环卫处", "60.00", "清运"]
    with pytest.raises(CommandError, match=re.escape("line 4: This row repeats line 2")):
        run("import_expenditures", write_csv(tmp_path / "e.csv", rows(row, ["2024-01-11", *row[1:]], row)))
    assert not Expenditure.objects.exists()


def test_empty_file(tmp_path, db):
    path = tmp_path / "e.csv"
    path.write_text("")
    with pytest.raises(CommandError, match="The file is empty"):
        run("import_expenditures", path)


def test_a_chinese_ledger_s_header_and_words_are_understood(tmp_path, db):
    path = write_csv(
        tmp_path / "e.csv",
        [
            ["支出日期", "资金类别", "收款单位", "金额", "用途"],
            ["2024-01-12", "公共电费", "国网宁波供电公司", "4123.40", "公共照明电费 2024年1月"],
            ["2024-01-20", "生活垃圾清运", "海曙区环卫处", "1.00", "清运"],
        ],
    )
    assert "2 new rows posted" in run("import_expenditures", path)
    assert figures.balances() == {"electricity": D("-4123.40"), "maintenance": D("0.00"), "garbage": D("-1.00")}
