"""The residents' side of repairs in public: the open-faults board and its JSON, the report form (throttled), a
report's status page, and the month's median days to fix. Nothing on them names a person or a flat."""

import io
import json
from datetime import datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from repairs import services
from repairs.faults import services as faults
from repairs.models import FaultReport, Photo, Triage, WorkOrder
from tests.builders import fault_report, report

OWNER, PHONE, FLAT = "王堃", "13800000001", "12-2-301"  # the `household` fixture
CONTACT, WORDS, DESCRIPTION = "wx_wangkun_301", "王家门口那盏灯", "三楼楼道灯不亮，王阿姨差点摔倒。"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def _pages_in_english(client):
    client.cookies["django_language"] = "en"


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def current_contract(committee, today):
    contractor = services.contractor_create(
        company="宁波海曙安居物业维修服务有限公司", contact_person="张国平", phone="13906741234"
    )
    return services.contract_create(
        contractor=contractor,
        title="维修承揽合同",
        signed_on=today - timedelta(days=90),
        starts_on=today - timedelta(days=90),
        votes_for=40,
        votes_against=2,
        households=50,
        created_by=committee,
        promised_days=7,
    )


def ago(days: int) -> datetime:
    return timezone.now() - timedelta(days=days)


@pytest.fixture
def faults_now(household, steward, current_contract, today):
    """Open: a resident's report awaiting the check (today), a staff report (10 days), one with the contractor (9
    days). Fixed: 3 days after its report, 5 days ago; and one fixed 40 days ago. Cancelled: a declined report."""
    waiting = fault_report(reported_at=ago(0), place=WORDS, description=DESCRIPTION, contact=CONTACT)
    staff = report(steward, reported_on=today - timedelta(days=10), building=None, unit=None, common_area="gate")
    busy = services.work_order_assign(
        order=report(steward, reported_on=today - timedelta(days=9), category="doors", unit=None),
        by=steward,
        assigned_on=today - timedelta(days=8),
    )
    fixed = report(steward, reported_on=today - timedelta(days=8), category="drains", building=3, unit=1)
    services.work_order_assign(order=fixed, by=steward, assigned_on=today - timedelta(days=7))
    services.work_order_complete(order=fixed, by=steward, done_on=today - timedelta(days=5))
    old = report(steward, reported_on=today - timedelta(days=45))
    services.work_order_assign(order=old, by=steward, assigned_on=today - timedelta(days=44))
    services.work_order_complete(order=old, by=steward, done_on=today - timedelta(days=40))
    declined = fault_report(reported_at=ago(2))
    faults.fault_report_decline(report=declined, reason="室内管道属住户自有部分。", by=steward)
    return {"waiting": waiting, "staff": staff, "busy": busy, "fixed": fixed, "declined": declined}


def test_the_board_json_lists_open_faults_and_those_fixed_in_the_last_30_days(client, faults_now, today):
    data = client.get(reverse("faults:board_json")).json()
    day = lambda n: (today - timedelta(days=n)).isoformat()  # noqa: E731
    assert data["as_of"] == today.isoformat() and data["promised_days"] == 7
    assert [
        (row["location"], row["category"], row["reported_on"], row["days_open"], row["status"], row["expected_on"])
        for row in data["open"]
    ] == [
        ("Main gate", "lighting", day(10), 10, "waiting", day(3)),
        ("Building 12", "doors", day(9), 9, "in_progress", day(2)),
        ("Building 12, unit 2", "lighting", day(0), 0, "awaiting_check", day(-7)),
    ]
    assert [row["overdue"] for row in data["open"]] == [True, True, False]
    assert [(row["location"], row["fixed_on"], row["days_to_fix"], row["status"]) for row in data["fixed"]] == [
        ("Building 3, unit 1", day(5), 3, "fixed")
    ]
    assert data["fixed_since"] == day(30) and data["median_days_to_fix"] == "3.0"


def test_the_board_is_a_page_for_a_phone_in_two_queries(client, faults_now, django_assert_num_queries):
    with django_assert_num_queries(2):  # the contract's promise; the open and recently fixed orders
        response = client.get(reverse("faults:board"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Main gate" in text and "open 10 days" in text and "overdue" in text and "3 days to fix" in text
    assert reverse("faults:report") in text


def test_the_board_in_chinese(client, faults_now):
    client.cookies["django_language"] = "zh-hans"
    text = client.get(reverse("faults:board")).content.decode()
    assert "未修复的报修" in text and "待管家核实" in text and "维修中" in text and "用时 3 天" in text


def test_the_home_page_and_the_navigation_lead_to_the_board_and_the_form(client, db):
    text = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("faults:board")}"' in text and f'href="{reverse("faults:report")}"' in text


def jpeg_with_gps(name="IMG_0001.jpg") -> SimpleUploadedFile:
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (29.0, 52.0, 10.0), 3: "E", 4: (121.0, 33.0, 20.0)}
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (90, 140, 200)).save(buffer, "JPEG", exif=exif)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def form(**fields) -> dict:
    return {
        "category": "lighting",
        "building": "12",
        "unit": "2",
        "place": WORDS,
        "description": DESCRIPTION,
        "flat": FLAT,
        "contact": CONTACT,
        **fields,
    }


def personal(text: str) -> list[str]:
    return [value for value in (OWNER, PHONE, FLAT, "12幢2单元301", CONTACT, WORDS, DESCRIPTION) if value in text]


def test_a_resident_reports_a_fault_and_follows_it_on_a_page_that_names_nobody(client, household):
    response = client.post(reverse("faults:report"), form(photos=[jpeg_with_gps()]))
    report = FaultReport.objects.get()
    status_url = reverse("faults:status", args=[report.reference])
    assert response.status_code == 302 and response["Location"] == f"{status_url}?sent=1"
    assert report.household == household and report.contact == CONTACT and report.place == WORDS
    assert report.order.description == DESCRIPTION and report.triage == Triage.PENDING
    with Photo.objects.get(order=report.order).image.open("rb") as handle:
        stored = Image.open(io.BytesIO(handle.read()))
    assert not stored.getexif()  # the GPS position is gone from the file kept

    page = client.get(response["Location"]).content.decode()
    assert report.reference in page and "Thank you, your report is received." in page
    assert "Awaiting the steward&#x27;s check" in page or "Awaiting the steward's check" in page
    assert "Building 12, unit 2" in page and report.order.number in page
    for url in (status_url, reverse("faults:board"), reverse("faults:board_json")):
        text = client.get(url).content.decode()
        assert not personal(json.dumps(json.loads(text), ensure_ascii=False) if url.endswith(".json") else text)


def test_the_status_page_follows_each_triage(client, household, steward, current_contract, today):
    merged_into = services.work_order_assign(order=report(steward, reported_on=today), by=steward, assigned_on=today)
    reports = {fate: fault_report(reported_at=ago(0), contact=CONTACT) for fate in ("accept", "merge", "decline")}
    faults.fault_report_accept(report=reports["accept"], by=steward)
    faults.fault_report_merge(report=reports["merge"], into=merged_into, by=steward)
    faults.fault_report_decline(report=reports["decline"], reason="室内管道属住户自有部分。", by=steward)
    pages = {
        fate: client.get(reverse("faults:status", args=[r.reference])).content.decode() for fate, r in reports.items()
    }
    assert "Waiting for the contractor" in pages["accept"]
    assert merged_into.number in pages["merge"] and "With the contractor" in pages["merge"]
    assert "The same fault was already reported" in pages["merge"]
    assert "室内管道属住户自有部分。" in pages["decline"] and "Declined" in pages["decline"]
    for page in pages.values():
        assert not personal(page)
    services.work_order_complete(order=merged_into, by=steward, done_on=today)
    page = client.get(reverse("faults:status", args=[reports["merge"].reference])).content.decode()
    assert "Fixed" in page and "0 days" in page


def test_an_unknown_reference_is_not_found_and_a_lower_case_one_is_found(client, household):
    reference = fault_report().reference
    assert client.get(reverse("faults:status", args=["ABCD-EFGH"])).status_code == 404
    assert client.get(reverse("faults:status", args=[reference.lower()])).status_code == 200


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"flat": "99-9-999"}, "flat"),
        ({"contact": ""}, "contact"),
        ({"building": "", "unit": "", "place": ""}, "place"),
        ({"category": "fireworks"}, "category"),
        ({"photos": [SimpleUploadedFile("photo.jpg", b"MZ not an image", content_type="image/jpeg")]}, "photos"),
    ],
)
def test_a_refused_report_says_what_is_wrong_and_writes_nothing(client, household, fields, field):
    response = client.post(reverse("faults:report"), form(**fields))
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in response.content.decode() or "form-errors" in response.content.decode()
    assert WorkOrder.objects.count() == 0 and FaultReport.objects.count() == 0 and Photo.objects.count() == 0


def test_a_20_mb_photo_is_refused_with_its_size(client, household):
    head = jpeg_with_gps().read()
    big = SimpleUploadedFile("big.jpg", head + b"\0" * (20 * 1024 * 1024), content_type="image/jpeg")
    response = client.post(reverse("faults:report"), form(photos=[big]))
    assert response.status_code == 200 and "the limit is 8 MB" in response.content.decode()
    assert WorkOrder.objects.count() == 0 and FaultReport.objects.count() == 0


def test_reports_from_one_address_are_throttled_with_a_friendly_page(client, household, settings):
    settings.FAULT_REPORTS_PER_HOUR = 2
    for _ in range(2):
        assert client.post(reverse("faults:report"), form()).status_code == 302
    response = client.post(reverse("faults:report"), form())
    assert response.status_code == 429 and "Please try again later" in response.content.decode()
    assert FaultReport.objects.count() == 2
    other = client.post(reverse("faults:report"), form(), REMOTE_ADDR="10.0.0.9")  # another address is not held up
    assert other.status_code == 302 and FaultReport.objects.count() == 3


def test_refused_tries_are_throttled_too_so_the_form_cannot_test_flats(client, household, settings):
    settings.FAULT_REPORTS_PER_HOUR = 1
    statuses = [client.post(reverse("faults:report"), form(flat=f"12-2-{room}")).status_code for room in range(1, 7)]
    assert statuses == [200, 200, 200, 200, 429, 429]
    assert FaultReport.objects.count() == 0


# The month: the median days from report to done of the month's repairs


def test_the_month_shows_its_median_days_to_fix(client, ledger):
    data = client.get("/disclosure/2024/02.json").json()
    assert data["work_orders_median_days"] == "3.0"
    assert data["work_orders"][0]["days"] == 3  # the keys that were there stay as they were
    assert client.get("/disclosure/2024/01.json").json()["work_orders_median_days"] is None
    text = client.get("/disclosure/2024/02/").content.decode()
    assert "Median time to fix this month: <strong>3.0 days</strong>" in text
