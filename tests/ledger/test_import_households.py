"""import_households: new flats are added, changed ones updated, the same file twice changes nothing."""

import re
from datetime import date

import pytest
from django.core.management import CommandError
from django.utils import timezone

from ledger import figures, services
from ledger.models import Due, Household
from tests.builders import pay
from tests.ledger.importing import run, write_csv

HEADER = ["building", "unit", "room", "owner_name", "phone", "occupancy"]


def rows(*body):
    return [HEADER, *body]


def test_new_flats_are_added_and_owe_every_fee_year(tmp_path, plan):
    services.fee_plan_create(year=2023)
    out = run(
        "import_households",
        write_csv(
            tmp_path / "h.csv",
            rows([12, 2, 301, "王堃", "13800000001", "occupied"], [12, 2, 302, "李喆", "", "vacant"]),
        ),
    )
    assert "2 new, 0 updated, 0 unchanged" in out
    assert Due.objects.count() == 4
    vacant = Household.objects.get(room=302)
    assert figures.year_status(vacant, plan).due_total == 140


def test_the_same_file_twice_changes_nothing(tmp_path, plan):
    path = write_csv(tmp_path / "h.csv", rows([12, 2, 301, "王堃", "13800000001", "occupied"]))
    run("import_households", path)
    household = Household.objects.get()
    stamp, history = household.updated_at, household.history.count()
    out = run("import_households", path)
    assert "0 new, 0 updated, 1 unchanged" in out
    household.refresh_from_db()
    assert household.updated_at == stamp and household.history.count() == history
    assert Due.objects.count() == 1


def test_a_changed_row_updates_owner_and_phone_but_keeps_notes(tmp_path, household):
    services.household_update(household=household, owner_name="王堃", phone="13800000001", notes="老人独居")
    run("import_households", write_csv(tmp_path / "h.csv", rows([12, 2, 301, "王昇", "13900000009", "occupied"])))
    household.refresh_from_db()
    assert (household.owner_name, household.phone, household.notes) == ("王昇", "13900000009", "老人独居")


def test_a_changed_occupancy_goes_through_the_service(tmp_path, household, plan):
    services.fee_plan_create(year=timezone.localdate().year + 1)
    run(
        "import_households",
        write_csv(tmp_path / "h.csv", rows([12, 2, 301, "王堃", "13800000001", "vacant"])),
        "--since",
        f"{timezone.localdate().year}-01-01",
    )
    household.refresh_from_db()
    assert household.occupancy == "vacant" and household.occupancy_since == date(timezone.localdate().year, 1, 1)
    dues = dict(Due.objects.filter(household=household).values_list("fee_plan__year", "total"))
    assert dues[2024] == 200 and dues[timezone.localdate().year + 1] == 140


def test_an_occupancy_the_payments_forbid_is_refused_with_its_line(tmp_path, household, plan, steward):
    pay(household, plan, steward, "200.00")
    path = write_csv(tmp_path / "h.csv", rows([12, 2, 301, "王堃", "13800000001", "vacant"]))
    with pytest.raises(CommandError, match=r"line 2: .*has paid more into Garbage removal for 2024"):
        run("import_households", path, "--since", "2024-01-01")
    household.refresh_from_db()
    assert household.occupancy == "occupied"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ([0, 2, 301, "王堃", "", "occupied"], "building “0” is not a whole number above zero."),
        ([-1, 2, 301, "王堃", "", "occupied"], "building “-1” is not a whole number above zero."),
        ([12, 2.5, 301, "王堃", "", "occupied"], "unit “2.5” is not a whole number above zero."),
        ([12, "二", 301, "王堃", "", "occupied"], "unit “二” is not a whole number above zero."),
        ([12, 2, "", "王堃", "", "occupied"], "room is empty."),
        ([12, 2, 301, "", "", "occupied"], "owner_name is empty."),
        ([12, 2, 301, "王" * 51, "", "occupied"], "owner_name is longer than 50 characters."),
        ([12, 2, 301, "王堃", "1" * 21, "occupied"], "phone is longer than 20 characters."),
        ([12, 2, 301, "王堃", "call me", "occupied"], "phone “call me” may hold only digits"),
        ([12, 2, 301, "王堃", "", "rented"], "occupancy “rented” is not one of occupied, vacant."),
        ([12, 2, 301, "王堃", "", ""], "occupancy is empty."),
    ],
)
def test_a_bad_row_is_named_and_nothing_is_written(tmp_path, plan, row, message):
    path = write_csv(tmp_path / "h.csv", rows([1, 1, 101, "周昇", "", "occupied"], row))
    with pytest.raises(CommandError, match=re.escape("line 3: " + message)):
        run("import_households", path)
    assert not Household.objects.exists() and not Due.objects.exists()


def test_every_bad_row_is_reported(tmp_path, plan):
    path = write_csv(
        tmp_path / "h.csv",
        rows(
            [1, 1, 101, "周昇", "", "occupied"],
            [1, 1, 102, "", "", "occupied"],
            [1, 1, 103, "陈珺", "", "empty"],
            [1, 1, 104, "李喆", "", "vacant"],
            [1, 1, 101, "周昇", "", "occupied"],
        ),
    )
    with pytest.raises(CommandError) as raised:
        run("import_households", path)
    message = str(raised.value)
    assert "3 problem(s)" in message
    assert "line 3: owner_name is empty." in message
    assert "line 4: occupancy “empty”" in message
    assert "line 6: The flat 1-1-101 is also on line 2." in message
    assert not Household.objects.exists()


def test_script_tags_are_stored_as_text(tmp_path, plan):
    run(
        "import_households",
        write_csv(tmp_path / "h.csv", rows([1, 1, 101, "<script>alert(1)</script>", "", "occupied"])),
    )
    assert Household.objects.get().owner_name == "<script>alert(1)</script>"


def test_a_future_since_is_refused(tmp_path, household):
    path = write_csv(tmp_path / "h.csv", rows([12, 2, 301, "王堃", "13800000001", "vacant"]))
    with pytest.raises(CommandError, match=re.escape("line 2: occupancy: The date cannot be in the future.")):
        run("import_households", path, "--since", "2999-01-01")
    with pytest.raises(CommandError, match="is not a date"):
        run("import_households", path, "--since", "soon")


def test_a_chinese_ledger_s_header_and_words_are_understood(tmp_path, plan):
    """A steward's own spreadsheet heads its columns in Chinese and writes 常住/空户: the same households."""
    path = write_csv(
        tmp_path / "h.csv",
        [
            ["楼栋", "单元", "房号", "业主 姓名", "联系电话", "居住状态", "面积"],
            [12, 2, 301, "王堃", "13800000001", "常住", "89.50"],
            [12, 2, 302, "李喆", "", "空户", ""],
            [12, 2, 303, "赵敏", "", "空置户", ""],
        ],
    )
    assert "3 new, 0 updated, 0 unchanged" in run("import_households", path)
    assert list(Household.objects.order_by("room").values_list("room", "owner_name", "occupancy")) == [
        (301, "王堃", "occupied"),
        (302, "李喆", "vacant"),
        (303, "赵敏", "vacant"),
    ]
    assert str(Household.objects.get(room=301).area) == "89.50"


def test_a_chinese_word_that_is_no_occupancy_is_refused_and_nothing_is_written(tmp_path, plan):
    path = write_csv(
        tmp_path / "h.csv", [["幢", "单元", "室", "业主", "电话", "居住状态"], [12, 2, 301, "王堃", "", "出租"]]
    )
    with pytest.raises(CommandError, match="line 2: occupancy “出租” is not one of occupied, vacant"):
        run("import_households", path)
    assert Household.objects.count() == 0


def test_a_header_in_neither_language_names_what_is_missing(tmp_path, plan):
    path = write_csv(
        tmp_path / "h.csv", [["幢", "单元", "室", "户主", "电话", "居住状态"], [12, 2, 301, "王堃", "", "常住"]]
    )
    with pytest.raises(CommandError, match="lacks the column\\(s\\) owner_name"):
        run("import_households", path)
    assert Household.objects.count() == 0
