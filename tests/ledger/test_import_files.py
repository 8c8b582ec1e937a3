"""Reading the steward's files: CSV in UTF-8 (with or without BOM) or GB18030, XLSX; a header is required."""

import re

import pytest
from django.core.management import CommandError

from ledger import importers
from ledger.models import Household
from tests.ledger.importing import run, write_csv, write_xlsx

HEADER = ["building", "unit", "room", "owner_name", "phone", "occupancy"]
ROWS = [HEADER, [12, 2, 301, "王堃", "13800000001", "occupied"], [12, 2, 302, "李喆", "", "vacant"]]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_in_each_encoding_excel_writes(tmp_path, plan, encoding):
    path = write_csv(tmp_path / "households.csv", ROWS, encoding)
    run("import_households", path)
    assert list(Household.objects.values_list("owner_name", flat=True)) == ["王堃", "李喆"]


def test_names_outside_gb2312_in_a_gb18030_file(tmp_path, plan):
    rows = [HEADER, [1, 1, 101, "陈珺", "", "occupied"], [1, 1, 102, "周昇", "", "occupied"]]
    run("import_households", write_csv(tmp_path / "h.csv", rows, "gb18030"))
    assert set(Household.objects.values_list("owner_name", flat=True)) == {"陈珺", "周昇"}


def test_xlsx_with_numbers_as_numbers(tmp_path, plan):
    run("import_households", write_xlsx(tmp_path / "households.xlsx", ROWS))
    household = Household.objects.get(room=301)
    assert (household.building, household.unit, household.phone) == (12, 2, "13800000001")


def test_columns_in_any_order_and_extra_columns_ignored(tmp_path, plan):
    rows = [
        ["Occupancy", "ROOM", "unit", "building", "备注", "owner_name", "phone"],
        ["vacant", 302, 2, 12, "x", "李喆", ""],
    ]
    run("import_households", write_csv(tmp_path / "h.csv", rows))
    assert Household.objects.get().occupancy == "vacant"


def test_blank_rows_are_skipped_and_lines_keep_their_numbers(tmp_path, plan):
    rows = [HEADER, [12, 2, 301, "王堃", "", "occupied"], [], [12, 2, 302, "李喆", "", "sometimes"]]
    with pytest.raises(CommandError, match=re.escape("line 4: occupancy “sometimes” is not one of occupied, vacant.")):
        run("import_households", write_csv(tmp_path / "h.csv", rows))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty"),
        (b"\n\n", "The file is empty"),
        (b"building,unit,room,owner_name,phone,occupancy\n", "line 1: The file has a header but no rows below it."),
        (b"building,unit,room\n1,1,101\n", "line 1: The header lacks the column(s) owner_name, phone, occupancy"),
        (b"12,2,301,x,,occupied\n", "line 1: The header lacks the column(s) building, unit, room"),
        (b"building,unit,room,room,owner_name,phone,occupancy\n", "The header has the column “room” twice."),
        ("楼,单元\n".encode("utf-16"), "neither UTF-8 nor GB18030"),
    ],
)
def test_a_file_without_a_usable_header_or_rows(tmp_path, plan, content, message):
    path = tmp_path / "h.csv"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=re.escape(message)):
        run("import_households", path)
    assert not Household.objects.exists()


def test_another_kind_of_file_is_refused(tmp_path, plan):
    path = tmp_path / "households.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(CommandError, match=re.escape("Use a .csv or .xlsx file")):
        run("import_households", path)


def test_a_broken_xlsx_is_refused(tmp_path, plan):
    path = tmp_path / "households.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(CommandError, match="cannot be read as an Excel workbook"):
        run("import_households", path)


def test_a_missing_file_is_refused(tmp_path, plan):
    with pytest.raises(CommandError, match="There is no file"):
        run("import_households", tmp_path / "nowhere.csv")


@pytest.mark.parametrize("command", ["import_households", "import_payments", "import_expenditures"])
def test_each_command_explains_itself(command, capsys):
    from django.core.management import get_commands, load_command_class

    parser = load_command_class(get_commands()[command], command).create_parser("manage.py", command)
    text = " ".join(parser.format_help().split())
    assert "All or nothing" in text and "line number" in text and "--dry-run" in text


def test_a_dry_run_checks_but_writes_nothing(tmp_path, plan):
    out = run("import_households", write_csv(tmp_path / "h.csv", ROWS), "--dry-run")
    assert "Dry run, nothing written." in out and "2 new" in out
    assert not Household.objects.exists()


@pytest.mark.parametrize(
    ("value", "parsed"),
    [
        ("2024-03-05", "2024-03-05"),
        ("2024/3/5", "2024-03-05"),
        ("2024.03.05", "2024-03-05"),
        ("2024年3月5日", "2024-03-05"),
    ],
)
def test_dates_as_the_steward_writes_them(value, parsed):
    assert importers.day(value, "paid_on").isoformat() == parsed
