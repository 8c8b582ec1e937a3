"""The old ledgers by upload: a preview of what the file will do, every bad row with its line, and nothing
written until the confirm, which writes all of it or nothing (and nothing if the preview went stale)."""

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from ledger.imports import services
from ledger.models import Entry, Expenditure, Household, ImportStatus, LedgerImport, Payment
from tests.builders import pay

D = Decimal
HOUSEHOLDS = ["building", "unit", "room", "owner_name", "phone", "occupancy"]
PAYMENTS = ["household", "fee_year", "paid_on", "amount", "method", "receipt_no"]
EXPENDITURES = ["spent_on", "pool", "payee", "amount", "description"]
FLATS = [HOUSEHOLDS, [12, 2, 301, "王堃", "13800000001", "occupied"], [12, 2, 302, "李喆", "", "vacant"]]


def page(kind: str) -> str:
    return reverse("ledger:import", args=[kind])


def csv_file(rows, name="ledger.csv", encoding="utf-8") -> SimpleUploadedFile:
    text = "\n".join(",".join("" if cell is None else str(cell) for cell in row) for row in rows) + "\n"
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def xlsx_file(rows, name="ledger.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def stored_files() -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / "imports"
    return sorted(folder.iterdir()) if folder.exists() else []


def counts() -> tuple:
    return (
        Household.objects.count(),
        Payment.objects.count(),
        Expenditure.objects.count(),
        Entry.objects.count(),
        LedgerImport.objects.filter(status=ImportStatus.PREVIEWED).count(),
    )


@pytest.fixture(autouse=True)
def _no_files_left_over():
    """Each test starts with no stored import and leaves none (the worker's media folder is its own)."""
    for path in stored_files():
        path.unlink()
    yield
    for path in stored_files():
        path.unlink()


def upload(client, kind, file, **data):
    return client.post(page(kind), {"file": file, **data})


def confirm(client, kind):
    token = LedgerImport.objects.get(kind=kind, status=ImportStatus.PREVIEWED).token
    return client.post(reverse("ledger:import_confirm", args=[kind]), {"token": str(token)})


# The journey: upload, preview, confirm


def test_households_are_previewed_then_written_on_confirm(signed_in, steward, plan, django_capture_on_commit_callbacks):
    client = signed_in(steward)
    response = upload(client, "households", csv_file(FLATS))
    assert response["Location"] == page("households")
    assert Household.objects.count() == 0  # nothing written yet
    assert len(stored_files()) == 1

    preview = client.get(page("households"))
    pending = preview.context["pending"]
    assert (pending.preview["created"], pending.preview["rows"]) == (2, 2)
    assert pending.preview["totals"] == [
        {"occupancy": "occupied", "created": 1, "updated": 0, "unchanged": 0},
        {"occupancy": "vacant", "created": 1, "updated": 0, "unchanged": 0},
    ]
    body = preview.content.decode()
    assert "12-2-301" in body and "王堃" in body and "Import these 2 rows" in body

    with django_capture_on_commit_callbacks(execute=True):
        response = confirm(client, "households")
    assert response["Location"] == reverse("ledger:start")
    assert sorted(Household.objects.values_list("room", flat=True)) == [301, 302]
    record = LedgerImport.objects.get()
    assert (record.status, record.uploaded_by, record.file.name) == (ImportStatus.CONFIRMED, steward, "")
    assert stored_files() == []  # the file goes once it is imported


def test_payments_preview_shows_the_totals_per_year_and_pool(signed_in, committee, household, vacant_household, plan):
    rows = [
        PAYMENTS,
        ["12-2-301", 2024, "2024-01-15", "200", "cash", "2024-000007"],
        ["12-2-302", 2024, "2024-01-16", "70", "wechat", ""],
    ]
    client = signed_in(committee)
    upload(client, "payments", xlsx_file(rows))
    pending = client.get(page("payments")).context["pending"]
    assert pending.preview["totals"] == [
        {
            "year": 2024,
            "count": 2,
            "electricity": "75.00",
            "maintenance": "135.00",
            "garbage": "60.00",
            "total": "270.00",
        }
    ]
    assert [row["receipt_no"] for row in pending.preview["first"]] == ["2024-000007", "2024-000008"]
    assert Payment.objects.count() == 0

    confirm(client, "payments")
    assert sorted(Payment.objects.values_list("receipt_number", "amount")) == [(7, D("200.00")), (8, D("70.00"))]
    assert set(Payment.objects.values_list("recorded_by__username", flat=True)) == {"committee"}


def test_expenditures_preview_sums_each_year_and_pool(signed_in, steward, plan):
    rows = [
        EXPENDITURES,
        ["2023-12-30", "electricity", "供电公司", "312.40", "12月电费"],
        ["2024-01-05", "maintenance", "李师傅", "80", "换灯泡"],
        ["2024-02-05", "maintenance", "李师傅", "1200.50", "修水泵"],
    ]
    client = signed_in(steward)
    upload(client, "expenditures", csv_file(rows))
    totals = client.get(page("expenditures")).context["pending"].preview["totals"]
    assert totals == [
        {
            "year": 2023,
            "count": 1,
            "electricity": "312.40",
            "maintenance": "0.00",
            "garbage": "0.00",
            "total": "312.40",
        },
        {
            "year": 2024,
            "count": 2,
            "electricity": "0.00",
            "maintenance": "1280.50",
            "garbage": "0.00",
            "total": "1280.50",
        },
    ]
    confirm(client, "expenditures")
    assert Expenditure.objects.filter(status="posted").count() == 3


def test_discarding_writes_nothing_and_removes_the_file(signed_in, steward, plan, django_capture_on_commit_callbacks):
    client = signed_in(steward)
    upload(client, "households", csv_file(FLATS))
    token = LedgerImport.objects.get().token
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("ledger:import_discard", args=["households"]), {"token": str(token)})
    assert response["Location"] == page("households")
    assert LedgerImport.objects.get().status == ImportStatus.DISCARDED
    assert Household.objects.count() == 0 and stored_files() == []
    # and it can no longer be confirmed
    client.post(reverse("ledger:import_confirm", args=["households"]), {"token": str(token)})
    assert Household.objects.count() == 0


def test_a_second_file_replaces_the_first_preview(signed_in, steward, plan, django_capture_on_commit_callbacks):
    client = signed_in(steward)
    upload(client, "households", csv_file(FLATS))
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, "households", csv_file(FLATS[:2], name="second.csv"))
    assert list(LedgerImport.objects.values_list("original_name", "status").order_by("id")) == [
        ("ledger.csv", ImportStatus.DISCARDED),
        ("second.csv", ImportStatus.PREVIEWED),
    ]
    assert len(stored_files()) == 1


def test_confirming_twice_writes_once(signed_in, steward, plan):
    client = signed_in(steward)
    upload(client, "households", csv_file(FLATS))
    token = str(LedgerImport.objects.get().token)
    url = reverse("ledger:import_confirm", args=["households"])
    client.post(url, {"token": token})
    response = client.post(url, {"token": token})
    assert response.status_code == 302 and Household.objects.count() == 2


# Stale previews


def test_a_preview_gone_stale_is_refused_and_shown_anew(signed_in, steward, household, plan):
    """A desk payment between the preview and the confirm takes receipt 1: the file's payment would now get 2."""
    client = signed_in(steward)
    upload(client, "payments", csv_file([PAYMENTS, ["12-2-301", 2024, "2024-01-15", "100", "cash", ""]]))
    assert client.get(page("payments")).context["pending"].preview["first"][0]["receipt_no"] == "2024-000001"
    pay(household, plan, steward, "50.00")

    response = confirm(client, "payments")
    assert response["Location"] == page("payments")
    assert Payment.objects.count() == 1  # only the desk's
    preview = client.get(page("payments"))
    assert "The ledger changed since the preview" in preview.content.decode()
    assert preview.context["pending"].preview["first"][0]["receipt_no"] == "2024-000002"

    confirm(client, "payments")
    assert sorted(Payment.objects.values_list("receipt_number", "amount")) == [(1, D("50.00")), (2, D("100.00"))]


def test_a_preview_whose_rows_turned_bad_is_refused_with_them(signed_in, steward, household, plan):
    client = signed_in(steward)
    upload(client, "payments", csv_file([PAYMENTS, ["12-2-301", 2024, "2024-01-15", "200", "cash", ""]]))
    pay(household, plan, steward, "200.00")  # paid in full at the desk meanwhile
    response = confirm(client, "payments")
    assert response.status_code == 200 and response.context["problems"]
    assert "12-2-301 has already paid 2024 in full." in response.content.decode()
    assert Payment.objects.count() == 1 and LedgerImport.objects.get().status == ImportStatus.DISCARDED


def test_a_stored_file_changed_on_disk_is_refused(signed_in, steward, plan):
    client = signed_in(steward)
    upload(client, "households", csv_file(FLATS))
    Path(LedgerImport.objects.get().file.path).write_bytes(
        b"building,unit,room,owner_name,phone,occupancy\n9,9,9,x,,vacant\n"
    )
    response = confirm(client, "households")
    assert response["Location"] == page("households")
    assert Household.objects.count() == 0
    assert "The stored file has changed" in client.get(page("households")).content.decode()


def test_only_the_uploader_confirms(signed_in, steward, committee, plan):
    upload(signed_in(steward), "households", csv_file(FLATS))
    client = signed_in(committee)
    assert client.get(page("households")).context["pending"] is None
    confirm(client, "households")
    assert Household.objects.count() == 0
    assert LedgerImport.objects.get().status == ImportStatus.PREVIEWED


def test_a_forged_token_is_not_found(signed_in, steward, plan):
    client = signed_in(steward)
    for token in ("", "x", "00000000-0000-0000-0000-000000000000"):
        response = client.post(reverse("ledger:import_confirm", args=["households"]), {"token": token})
        assert response.status_code == 404


# Bad files: each shows its line and writes nothing


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_in_utf8_and_gbk_is_accepted(signed_in, steward, plan, encoding):
    client = signed_in(steward)
    upload(client, "households", csv_file(FLATS, encoding=encoding))
    confirm(client, "households")
    assert sorted(Household.objects.values_list("owner_name", flat=True)) == ["李喆", "王堃"]


def refused(client, kind, file, **data):
    before = counts()
    files = stored_files()
    response = upload(client, kind, file, **data)
    assert response.status_code == 200 and response.context["pending"] is None
    assert counts() == before and stored_files() == files
    return response.context["problems"], response.content.decode()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("ledger.pdf", b"%PDF-1.4 ...", "Use a .csv or .xlsx file (this one is “.pdf”)."),
        ("ledger.txt", b"building,unit\n", "Use a .csv or .xlsx file (this one is “.txt”)."),
        ("ledger", b"building", "Use a .csv or .xlsx file"),
        ("ledger.xlsx", b"building,unit,room\n", "cannot be read as an Excel workbook"),
        ("ledger.csv", "楼,单元\n".encode("utf-16"), "neither UTF-8 nor GB18030"),
        ("ledger.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "neither UTF-8 nor GB18030"),
        ("ledger.csv", b"building,unit,room\n1,1,101\n", "The header lacks the column(s) owner_name, phone, occupancy"),
        ("ledger.csv", b"building,unit,room,owner_name,phone,occupancy\n", "no rows below it"),
    ],
)
def test_files_that_are_not_a_ledger_are_refused(signed_in, steward, plan, name, content, message):
    problems, body = refused(signed_in(steward), "households", SimpleUploadedFile(name, content))
    assert problems[0].line == 1 and message in problems[0].message
    assert "Nothing was imported" in body


def test_an_empty_or_missing_file_is_refused(signed_in, steward, plan):
    client = signed_in(steward)
    before = counts()
    response = client.post(page("households"), {"file": SimpleUploadedFile("a.csv", b"")})
    assert "empty" in str(response.context["form"].errors["file"])
    response = client.post(page("households"), {})
    assert "Choose the file to import." in response.content.decode()
    assert counts() == before


def test_a_file_over_the_limit_is_refused(signed_in, steward, plan, monkeypatch):
    monkeypatch.setattr(services, "IMPORT_MB", 1)
    big = SimpleUploadedFile("big.csv", b"building,unit,room,owner_name,phone,occupancy\n" + b"1" * (1024 * 1024))
    before = counts()
    response = signed_in(steward).post(page("households"), {"file": big})
    assert "the limit is 1 MB" in response.content.decode()
    assert counts() == before and stored_files() == []


def test_every_bad_row_is_listed_with_its_line(signed_in, steward, plan):
    rows = [
        HOUSEHOLDS,
        [12, 2, 301, "王堃", "13800000001", "occupied"],
        [12, 2, "三零二", "李喆", "", "vacant"],
        [],
        [12, 2, 303, "", "", "sometimes"],
    ]
    problems, body = refused(signed_in(steward), "households", csv_file(rows))
    assert [problem.line for problem in problems] == [3, 5]
    assert "room “三零二” is not a whole number above zero." in problems[0].message
    assert problems[1].message == "owner_name is empty."
    assert "line 3" in body and "line 5" in body


def test_a_flat_twice_in_the_file_is_refused(signed_in, steward, plan):
    rows = [*FLATS, [12, 2, 301, "王堃", "13800000001", "occupied"]]
    problems, _body = refused(signed_in(steward), "households", csv_file(rows))
    assert [(problem.line, problem.message) for problem in problems] == [(4, "The flat 12-2-301 is also on line 2.")]


def test_a_payment_twice_in_the_file_is_refused(signed_in, steward, household, plan):
    row = ["12-2-301", 2024, "2024-01-15", "100", "cash", ""]
    problems, _body = refused(signed_in(steward), "payments", csv_file([PAYMENTS, row, row]))
    assert problems[0].line == 3 and "repeats line 2" in problems[0].message


def test_a_payment_for_a_year_without_plan_names_the_command_and_the_page(signed_in, steward, household, plan):
    rows = [
        PAYMENTS,
        ["12-2-301", 2024, "2024-01-15", "100", "cash", ""],
        ["12-2-301", 2023, "2023-01-15", "200", "cash", ""],
    ]
    problems, _body = refused(signed_in(steward), "payments", csv_file(rows))
    assert problems[0].line == 3
    assert "manage.py set_fee_plan 2023" in problems[0].message
    assert settings.PUBLIC_BASE_URL + reverse("ledger:fee_plans") in problems[0].message


def test_a_payment_for_an_unknown_flat_or_over_the_due_is_refused(signed_in, steward, household, plan):
    rows = [
        PAYMENTS,
        ["9-9-909", 2024, "2024-01-15", "100", "cash", ""],
        ["12-2-301", 2024, "2024-01-15", "250", "cash", ""],
    ]
    problems, _body = refused(signed_in(steward), "payments", csv_file(rows))
    assert [problem.line for problem in problems] == [2, 3]
    assert "There is no household 9-9-909" in problems[0].message
    assert "more than is still due" in problems[1].message


def test_a_bad_expenditure_row_is_refused(signed_in, steward, plan):
    rows = [EXPENDITURES, ["2024-01-05", "water", "李师傅", "80", "x"], ["2099-01-05", "garbage", "李师傅", "80", "x"]]
    problems, _body = refused(signed_in(steward), "expenditures", csv_file(rows))
    assert [problem.line for problem in problems] == [2, 3]


def test_an_occupancy_change_takes_effect_from_the_day_given(signed_in, steward, household, plan):
    rows = [HOUSEHOLDS, [12, 2, 301, "王堃", "13800000001", "vacant"]]
    client = signed_in(steward)
    upload(client, "households", csv_file(rows), since="2024-01-01")
    assert client.get(page("households")).context["pending"].preview["first"][0]["action"] == "updated"
    confirm(client, "households")
    household.refresh_from_db()
    assert (household.occupancy, household.occupancy_since) == ("vacant", date(2024, 1, 1))
    assert household.dues.get().total == D("140.00")


# Who may


def test_anonymous_visitors_go_to_the_login_page_and_outsiders_are_refused(client, signed_in, outsider, plan):
    for url in (page("households"), reverse("ledger:import_sample", args=["payments"]), reverse("ledger:start")):
        assert client.get(url)["Location"].startswith(reverse("login"))
    client = signed_in(outsider)
    assert client.get(page("households")).status_code == 403
    assert client.post(page("households"), {"file": csv_file(FLATS)}).status_code == 403
    assert client.get(reverse("ledger:start")).status_code == 403
    assert Household.objects.count() == 0 and LedgerImport.objects.count() == 0


def test_the_service_refuses_a_user_without_the_permission(outsider, plan):
    from django.core.exceptions import ValidationError

    from trustmgmt.base.refusals import codes

    with pytest.raises(ValidationError) as error:
        services.import_preview(kind="households", upload=csv_file(FLATS), by=outsider)
    assert codes(error.value) == ["not_allowed"]


def test_an_unknown_kind_is_not_found(signed_in, steward):
    assert signed_in(steward).get(page("owners")).status_code == 404


def test_the_sample_file_opens_in_excel_and_imports(signed_in, steward, plan):
    client = signed_in(steward)
    response = client.get(reverse("ledger:import_sample", args=["households"]))
    assert response.content.startswith(b"\xef\xbb\xbf")
    upload(client, "households", SimpleUploadedFile("sample.csv", response.content))
    confirm(client, "households")
    assert Household.objects.get().owner_name == "王某"


def test_a_file_with_too_many_rows_is_refused(signed_in, steward, plan, monkeypatch):
    monkeypatch.setattr(services, "MAX_ROWS", 2)
    rows = [*FLATS, [12, 2, 303, "周昇", "", "occupied"]]
    before = counts()
    response = signed_in(steward).post(page("households"), {"file": csv_file(rows)})
    assert "The file has 3 rows; at most 2 are imported at a time." in str(response.context["form"].errors["file"])
    assert counts() == before and stored_files() == []


HEADERS_ZH = {
    "households": "幢,单元,室,业主,电话,居住状态,面积",
    "payments": "住户,收费年度,缴费日期,金额,付款方式,收据号",
    "expenditures": "支出日期,资金类别,收款方,金额,摘要",
}


@pytest.mark.parametrize("kind", HEADERS_ZH)
def test_a_chinese_page_offers_the_chinese_header_and_its_sample_imports(signed_in, steward, plan, kind):
    """In Chinese the page names the columns as a Chinese ledger heads them, and the sample file writes them so."""
    from ledger import services as ledger_services
    from ledger.models import Expenditure, Payment

    client = signed_in(steward, language="zh-hans")
    assert f"<code>{HEADERS_ZH[kind]}</code>" in client.get(page(kind)).content.decode()
    sample = client.get(reverse("ledger:import_sample", args=[kind])).content.decode("utf-8-sig")
    assert sample.splitlines()[0] == HEADERS_ZH[kind]
    if kind == "payments":  # the sample pays 2025's fee for 12-2-301
        ledger_services.fee_plan_create(year=2025)
        ledger_services.household_create(building=12, unit=2, room=301, owner_name="王某", occupancy="occupied")
    upload(client, kind, SimpleUploadedFile("sample.csv", sample.encode("utf-8-sig")))
    confirm(client, kind)
    model = {"households": Household, "payments": Payment, "expenditures": Expenditure}[kind]
    assert model.objects.count() == 1
