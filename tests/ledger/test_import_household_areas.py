"""import_households takes an optional `area` column (m², two decimals): bad areas are named by line, all or
nothing; files without the column stay valid and leave areas as they are."""

from decimal import Decimal

import pytest
from django.core.management import CommandError

from ledger.models import Household
from tests.ledger.importing import run, write_csv, write_xlsx

HEADER = ["building", "unit", "room", "owner_name", "phone", "occupancy", "area"]


def test_areas_are_read_from_csv_and_xlsx(tmp_path, plan):
    body = [[1, 1, 101, "周昇", "", "occupied", "89.5"], [1, 1, 102, "李喆", "", "vacant", ""]]
    run("import_households", write_csv(tmp_path / "h.csv", [HEADER, *body]))
    assert dict(Household.objects.values_list("room", "area")) == {101: Decimal("89.50"), 102: None}
    run("import_households", write_xlsx(tmp_path / "h.xlsx", [HEADER, [1, 1, 103, "陈珺", "", "occupied", 76.25]]))
    assert Household.objects.get(room=103).area == Decimal("76.25")


def test_a_file_without_the_column_is_valid_and_keeps_areas(tmp_path, plan):
    run("import_households", write_csv(tmp_path / "a.csv", [HEADER, [1, 1, 101, "周昇", "", "occupied", "89.50"]]))
    out = run("import_households", write_csv(tmp_path / "b.csv", [HEADER[:-1], [1, 1, 101, "周昇", "", "occupied"]]))
    assert "0 new, 0 updated, 1 unchanged" in out
    assert Household.objects.get().area == Decimal("89.50")


def test_a_changed_area_updates_the_flat(tmp_path, plan):
    run("import_households", write_csv(tmp_path / "a.csv", [HEADER, [1, 1, 101, "周昇", "", "occupied", "89.50"]]))
    out = run("import_households", write_csv(tmp_path / "b.csv", [HEADER, [1, 1, 101, "周昇", "", "occupied", "90"]]))
    assert "0 new, 1 updated, 0 unchanged" in out
    assert Household.objects.get().area == Decimal("90.00")


@pytest.mark.parametrize("area", ["0", "-5", "89.505", "big", "20000", "NaN"])
def test_bad_areas_are_named_by_line_and_nothing_is_written(tmp_path, plan, area):
    path = write_csv(
        tmp_path / "h.csv",
        [HEADER, [1, 1, 101, "周昇", "", "occupied", "80"], [1, 1, 102, "李喆", "", "occupied", area]],
    )
    with pytest.raises(CommandError) as raised:
        run("import_households", path)
    assert f"line 3: area “{area}”" in str(raised.value)
    assert not Household.objects.exists()
