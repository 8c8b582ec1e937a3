"""Bank statements: read as the banks export them, checked line by line, merged without duplicates, matched."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from ledger import importers
from ledger.accounts import selectors
from ledger.accounts import services as accounts
from ledger.models import Match, StatementImport, StatementLine
from tests.builders import pay
from tests.ledger.accounts.builders import spend

D = Decimal
pytestmark = pytest.mark.django_db

CORPORATE_HEADER = "交易日期,借方发生额,贷方发生额,余额,对方户名,摘要,流水号"
TITLE = "账号：3901110009200123456\n户名：游河小区业主委员会\n起止日期：2024-03-01至2024-03-31\n"


def write(tmp_path, text: str, *, name="statement.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def corporate(*rows: str) -> str:
    return TITLE + CORPORATE_HEADER + "\n" + "\n".join(rows) + "\n"


def counts():
    return StatementImport.objects.count(), StatementLine.objects.count(), Match.objects.count()


def test_a_corporate_statement_is_read_and_matched(
    household, vacant_household, plan, steward, committee, bank, cash_box, tmp_path
):
    pay(household, plan, steward, "200.00", paid_on=date(2024, 3, 5))
    transfer = pay(vacant_household, plan, steward, "140.00", paid_on=date(2024, 3, 5), method="bank")
    deposit = accounts.deposit_record(
        cash_box=cash_box, bank=bank, amount=D("200.00"), deposited_on=date(2024, 3, 6), slip_number="0012", by=steward
    )
    bill = spend(steward, "45.60", day=date(2024, 3, 8))
    path = write(
        tmp_path,
        corporate(
            "2024-03-05,,140.00,140.00,李喆,12-2-302 物业费,A001",
            "2024-03-06,,200.00,340.00,,现金缴存 0012,A002",
            "2024-03-09,45.60,,294.40,供电公司,电费,A003",
            "2024-03-21,,0.35,294.75,,结息,A004",
            "2024-03-21,2.00,,292.75,,手续费,A005",
            "合计,47.60,340.35,,,,",
        ),
    )
    result = accounts.statement_import(account=bank, path=path, by=committee)
    assert (result.read, result.added, result.matched, result.proposed) == (5, 5, 3, 0)
    assert Match.objects.get(line__serial="A001").movement.entry.payment == transfer
    assert Match.objects.get(line__serial="A002").transfer == deposit
    assert Match.objects.get(line__serial="A003").movement.entry.expenditure == bill
    assert [line.serial for line in selectors.unmatched_lines(bank)] == ["A005", "A004"]
    accounts.line_book_interest(line=StatementLine.objects.get(serial="A004"), pool="maintenance", by=committee)
    accounts.line_book_fee(line=StatementLine.objects.get(serial="A005"), pool="maintenance", by=committee)
    assert not selectors.unmatched_lines(bank).exists()
    march = selectors.reconciliation(date(2024, 3, 1))
    assert (march.bank_balance, march.cash_on_hand, march.in_transit, march.difference) == (
        D("292.75"),
        D("0.00"),
        D("0.00"),
        D("0.00"),
    )
    assert march.reconciled


def test_importing_the_same_statement_again_changes_nothing(bank, committee, tmp_path):
    path = write(tmp_path, corporate("2024-03-05,,140.00,140.00,李喆,物业费,A001"))
    accounts.statement_import(account=bank, path=path, by=committee)
    before = counts()
    result = accounts.statement_import(account=bank, path=path, by=committee)
    assert result.added == 0 and counts() == before


def test_overlapping_statements_merge_without_duplicates(bank, committee, tmp_path):
    first = write(
        tmp_path,
        corporate("2024-03-05,,140.00,140.00,李喆,物业费,", "2024-03-06,,60.00,200.00,王堃,物业费,"),
        name="a.csv",
    )
    second = write(
        tmp_path,
        corporate("2024-03-06,,60.00,200.00,王堃,物业费,", "2024-03-07,10.00,,190.00,,手续费,"),
        name="b.csv",
    )
    accounts.statement_import(account=bank, path=first, by=committee)
    result = accounts.statement_import(account=bank, path=second, by=committee)
    assert result.added == 1
    assert list(StatementLine.objects.order_by("position").values_list("balance", flat=True)) == [
        D("140.00"),
        D("200.00"),
        D("190.00"),
    ]


def test_a_statement_whose_running_balance_breaks_is_refused_at_that_line(bank, committee, tmp_path):
    path = write(
        tmp_path, corporate("2024-03-05,,140.00,140.00,李喆,物业费,A1", "2024-03-06,,60.00,210.00,王堃,物业费,A2")
    )
    with pytest.raises(importers.ImportFailed) as failure:
        accounts.statement_import(account=bank, path=path, by=committee)
    [problem] = failure.value.problems
    assert problem.line == 6  # three title rows, the header, then the lines
    assert "210.00" in problem.message
    assert counts() == (0, 0, 0)


def test_a_statement_that_does_not_follow_the_one_imported_is_refused(bank, committee, tmp_path):
    accounts.statement_import(
        account=bank, path=write(tmp_path, corporate("2024-03-05,,140.00,140.00,,x,A1"), name="a.csv"), by=committee
    )
    before = counts()
    with pytest.raises(importers.ImportFailed):
        accounts.statement_import(
            account=bank, path=write(tmp_path, corporate("2024-03-08,,10.00,99.00,,x,A2"), name="b.csv"), by=committee
        )
    assert counts() == before


def test_duplicate_lines_are_refused(bank, committee, tmp_path):
    path = write(
        tmp_path, corporate("2024-03-05,,140.00,140.00,李喆,物业费,A1", "2024-03-06,,60.00,200.00,王堃,物业费,A1")
    )
    with pytest.raises(importers.ImportFailed) as failure:
        accounts.statement_import(account=bank, path=path, by=committee)
    assert [problem.line for problem in failure.value.problems] == [6]
    assert counts() == (0, 0, 0)


def test_an_unknown_layout_is_refused_naming_its_columns(bank, committee, tmp_path):
    path = write(tmp_path, "日期,金额,备注\n2024-03-05,140.00,物业费\n")
    with pytest.raises(importers.ImportFailed) as failure:
        accounts.statement_import(account=bank, path=path, by=committee)
    [problem] = failure.value.problems
    assert "日期, 金额, 备注" in problem.message and "corporate" in problem.message
    assert counts() == (0, 0, 0)


ICBC = (
    "交易日期,摘要,交易场所,交易国家或地区简称,钞/汇,交易金额(收入),交易金额(支出),交易币种,记账金额(收入),"
    "记账金额(支出),记账币种,余额,对方户名\n"
)


def test_a_gbk_file_keeps_its_chinese_names(bank, committee, tmp_path):
    # Newest first, as ICBC lists it; names in GBK (堃 and 喆 are outside GB2312).
    text = ICBC + (
        "2024-03-06,转账,,CHN,钞,60.00,,人民币,60.00,,人民币,200.00,王堃\n"
        "2024-03-05,转账,,CHN,钞,140.00,,人民币,140.00,,人民币,140.00,李喆\n"
    )
    accounts.statement_import(account=bank, path=write(tmp_path, text, encoding="gbk"), by=committee)
    assert list(StatementLine.objects.order_by("position").values_list("counterparty", "balance")) == [
        ("李喆", D("140.00")),
        ("王堃", D("200.00")),
    ]
    assert StatementImport.objects.get().layout == "icbc"


def test_a_gbk_file_with_a_bad_line_writes_nothing(bank, committee, tmp_path):
    text = ICBC + "2024-03-05,转账,,CHN,钞,一百,,人民币,,,人民币,140.00,李喆\n"
    with pytest.raises(importers.ImportFailed) as failure:
        accounts.statement_import(account=bank, path=write(tmp_path, text, encoding="gbk"), by=committee)
    assert "一百" in failure.value.problems[0].message
    assert counts() == (0, 0, 0)


def test_an_abc_workbook_with_one_signed_amount(bank, committee, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(
        ["交易日期", "交易时间", "交易摘要", "交易金额", "本次余额", "对手信息", "日 志 号", "交易渠道", "交易附言"]
    )
    sheet.append(["20240305", "101010", "转存", "+140.00", "140.00", "李喆", "369396693", "超级网银", "物业费"])
    sheet.append(["20240306", "", "代扣", "-40.00", "100.00", "供电公司", "369396694", "", "电费"])
    path = tmp_path / "abc.xlsx"
    workbook.save(path)
    accounts.statement_import(account=bank, path=path, by=committee)
    assert list(StatementLine.objects.order_by("position").values_list("amount", "serial", "memo")) == [
        (D("140.00"), "369396693", "转存 物业费"),
        (D("-40.00"), "369396694", "代扣 电费"),
    ]


def test_the_command_imports_and_reports_bad_lines_with_a_non_zero_exit(bank, tmp_path, capsys):
    good = write(tmp_path, corporate("2024-03-05,,140.00,140.00,李喆,物业费,A1"), name="good.csv")
    call_command("import_bank_statement", str(good), "--account", bank.name)
    assert "1 new" in capsys.readouterr().out
    bad = write(tmp_path, corporate("2024-03-06,,60.00,999.00,王堃,物业费,A2"), name="bad.csv")
    with pytest.raises(CommandError) as error:
        call_command("import_bank_statement", str(bad), "--account", bank.name)
    assert "line 5" in str(error.value) and "The balance 999.00 does not follow" in str(error.value)
    with pytest.raises(CommandError, match="There is no account “没有这个账户”"):
        call_command("import_bank_statement", str(good), "--account", "没有这个账户")
    assert StatementLine.objects.count() == 1


def test_a_likely_match_is_proposed_for_the_steward_to_confirm(
    household, vacant_household, plan, steward, bank, committee, tmp_path
):
    pay(household, plan, steward, "200.00", paid_on=date(2024, 3, 5), method="bank")
    pay(vacant_household, plan, steward, "140.00", paid_on=date(2024, 3, 1), method="bank")
    path = write(tmp_path, corporate("2024-03-07,,140.00,140.00,,转账,B1"))  # six days after: not sure
    result = accounts.statement_import(account=bank, path=path, by=committee)
    assert (result.matched, result.proposed) == (0, 1)
    line = StatementLine.objects.get()
    accounts.match_confirm(line=line, by=steward)
    assert Match.objects.get().confirmed
