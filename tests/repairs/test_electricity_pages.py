"""The staff's electricity pages: a reading entered on a phone, a correction, a bill linked to its payment, a
flagged month explained; every bad input gets its message on the form and writes nothing."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from repairs.electricity import services as power
from repairs.electricity.models import ElectricityBill, Meter, MeterReading, UsageExplanation
from tests.builders import spend

D = Decimal


@pytest.fixture
def meter(steward):
    return power.meter_create(name="二次供水水泵", place="东侧水泵房", serves="加压水泵", by=steward)


@pytest.fixture
def read(meter, steward):
    def record(day, value, **fields):
        return power.reading_record(meter=meter, read_on=day, reading=value, by=steward, **fields)

    return record


def test_the_steward_adds_a_meter(signed_in, steward):
    client = signed_in(steward)
    response = client.post(reverse("repairs:meter_create"), {"name": "楼道照明", "place": "各单元", "serves": "楼道灯"})
    meter = Meter.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("repairs:meter", args=[meter.pk])
    assert client.get(reverse("repairs:electricity")).content.decode().count("楼道照明") == 1
    edited = {"name": "楼道照明（东区）", "place": "各单元", "serves": "楼道灯及门禁"}
    client.post(reverse("repairs:meter_edit", args=[meter.pk]), edited)
    meter.refresh_from_db()
    assert (meter.name, meter.serves) == ("楼道照明（东区）", "楼道灯及门禁")


def test_the_reading_form_is_ready_for_a_phone(signed_in, steward, meter):
    html = signed_in(steward).get(reverse("repairs:reading_record") + f"?meter={meter.pk}").content.decode()
    assert 'inputmode="decimal"' in html and 'type="date"' in html
    assert f'<option value="{meter.pk}" selected>' in html


def test_the_steward_enters_a_reading_and_comes_back_to_the_next(signed_in, steward, meter, read):
    read(date(2024, 1, 31), "1000")
    client = signed_in(steward)
    url = reverse("repairs:reading_record")
    response = client.post(url, {"meter": meter.pk, "read_on": "2024-02-29", "reading": "1,105.5"})
    assert response.status_code == 302 and response["Location"] == f"{url}?meter={meter.pk}"
    assert MeterReading.objects.latest("id").reading == D("1105.50")


def test_a_replacement_through_the_form(signed_in, steward, meter, read):
    read(date(2024, 1, 31), "1000")
    form = {
        "meter": meter.pk,
        "read_on": "2024-02-29",
        "reading": "12",
        "replacement": "on",
        "old_final": "1090",
        "new_start": "0",
    }
    assert signed_in(steward).post(reverse("repairs:reading_record"), form).status_code == 302
    reading = MeterReading.objects.latest("id")
    assert (reading.replacement, reading.old_final, reading.new_start) == (True, D("1090.00"), D("0.00"))


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"reading": "-1"}, "A meter reading cannot be below zero."),
        ({"reading": "一千"}, "Enter the kWh as a number"),
        ({"reading": "999"}, "The reading is below the one before it (1000.00 kWh on 2024-01-31)"),
        ({"read_on": "2024-01-15"}, "already has a reading for 2024-01"),
        ({"read_on": "FUTURE"}, "The date cannot be in the future."),
        ({"read_on": "2024-02-30"}, "Enter a valid date."),
        ({"reading": ""}, "This field is required."),
        ({"meter": "999999"}, "Select a valid choice."),
    ],
)
def test_every_bad_reading_gets_a_message_on_the_form_and_writes_nothing(
    signed_in, steward, meter, read, fields, message
):
    read(date(2024, 1, 31), "1000")
    form = {"meter": meter.pk, "read_on": "2024-02-29", "reading": "1100", **fields}
    if form["read_on"] == "FUTURE":
        form["read_on"] = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = signed_in(steward).post(reverse("repairs:reading_record"), form)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert MeterReading.objects.count() == 1


def test_a_reading_is_corrected_by_a_new_record(signed_in, steward, meter, read):
    read(date(2024, 1, 31), "1000")
    wrong = read(date(2024, 2, 29), "1900")
    client = signed_in(steward)
    url = reverse("repairs:reading_correct", args=[wrong.pk])
    assert 'value="1900.00"' in client.get(url).content.decode()
    refused = client.post(url, {"read_on": "2024-02-29", "reading": "1090", "reason": ""})
    assert refused.status_code == 200 and MeterReading.objects.count() == 2
    client.post(url, {"read_on": "2024-02-29", "reading": "1090", "reason": "抄错一位"})
    assert MeterReading.objects.count() == 3
    html = client.get(reverse("repairs:meter", args=[meter.pk])).content.decode()
    assert "<del>1900.00</del>" in html and "抄错一位" in html


@pytest.fixture
def paid(steward, funded):
    return spend(steward, "300.00", pool="electricity", spent_on=date(2024, 3, 10), payee="国网宁波供电公司")


def test_the_steward_links_a_bill_to_its_payment(signed_in, steward, meter, paid):
    client = signed_in(steward)
    url = reverse("repairs:bill_record")
    assert "¥300.00" in client.get(url).content.decode()
    form = {"meter": meter.pk, "month": "2024-02", "kwh": "500", "amount": "269.00", "expenditure": paid.pk}
    assert client.post(url, form).status_code == 302
    bill = ElectricityBill.objects.get()
    assert (bill.month, bill.amount, bill.expenditure) == (date(2024, 2, 1), D("269.00"), paid)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"amount": "300.01"}, "more than the 300.00 yuan it paid"),
        ({"amount": "-5"}, "The amount must be more than zero."),
        ({"kwh": "abc"}, "Enter the kWh as a number"),
        ({"month": "2024-13"}, "Enter a month as year-month"),
        ({"month": "2099-01"}, "The month has not begun."),
        ({"expenditure": "OTHER"}, "Select a valid choice."),
    ],
)
def test_every_bad_bill_gets_a_message_and_writes_nothing(signed_in, steward, meter, paid, fields, message):
    garbage = spend(steward, "30.00", pool="garbage", spent_on=date(2024, 3, 10))
    form = {"meter": meter.pk, "month": "2024-02", "kwh": "500", "amount": "269.00", "expenditure": paid.pk, **fields}
    if form["expenditure"] == "OTHER":
        form["expenditure"] = garbage.pk  # not offered: only electricity spending is
    response = signed_in(steward).post(reverse("repairs:bill_record"), form)
    assert response.status_code == 200 and message in response.content.decode()
    assert not ElectricityBill.objects.exists()


def _flagged(read):
    for day, value in [
        (date(2024, 1, 31), "1000"),
        (date(2024, 2, 29), "1100"),
        (date(2024, 3, 31), "1200"),
        (date(2024, 4, 30), "1300"),
        (date(2024, 5, 31), "1600"),
    ]:
        read(day, value)


def test_a_flagged_month_waits_on_the_staff_page_until_explained_then_shows_in_public(
    signed_in, steward, committee, meter, read, client
):
    _flagged(read)
    public = client.get("/disclosure/electricity/").content.decode()
    assert "Far above usual" not in public and "明显偏多" not in public
    staff = signed_in(committee)
    home = staff.get(reverse("repairs:electricity")).content.decode()
    url = reverse("repairs:flag_explain", kwargs={"pk": meter.pk, "year": 2024, "month": 5})
    assert "Not explained yet" in home and url in home
    assert staff.post(url, {"text": ""}).status_code == 200 and not UsageExplanation.objects.exists()
    assert staff.post(url, {"text": "水泵检修后试运行三天"}).status_code == 302
    client.logout()
    client.cookies.clear()
    public = client.get("/disclosure/electricity/").content.decode()
    assert "水泵检修后试运行三天" in public and "明显偏多" in public


def test_only_a_flagged_month_can_be_explained(signed_in, steward, meter, read):
    _flagged(read)
    url = reverse("repairs:flag_explain", kwargs={"pk": meter.pk, "year": 2024, "month": 4})
    assert signed_in(steward).get(url).status_code == 404
    bad = reverse("repairs:flag_explain", kwargs={"pk": meter.pk, "year": 2024, "month": 13})
    assert signed_in(steward).get(bad).status_code == 404


def test_the_committee_reads_and_explains_but_does_not_enter_readings(signed_in, committee, meter):
    client = signed_in(committee)
    assert client.get(reverse("repairs:meter", args=[meter.pk])).status_code == 200
    assert client.get(reverse("repairs:reading_record")).status_code == 403
    assert client.get(reverse("repairs:bill_record")).status_code == 403
