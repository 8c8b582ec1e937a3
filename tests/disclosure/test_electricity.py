"""Public electricity in public: `/disclosure/electricity/`, its JSON, and the block on the month's page."""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ledger import services as ledger_services
from repairs.electricity import services as power
from trustmgmt.disclosure.cache import forget_ledger_state
from trustmgmt.disclosure.electricity import electricity_data

D = Decimal
TODAY = date(2024, 3, 15)  # the window ends at the latest month with a reading: February 2024


@pytest.fixture
def paid(ledger, steward):
    """January's electricity bill, paid on 10 February from the electricity pool."""
    return ledger_services.expenditure_record(
        spent_on=date(2024, 2, 10),
        pool="electricity",
        payee="国网宁波供电公司",
        amount=D("80.00"),
        description="公共用电电费 2024年1月",
        recorded_by=steward,
    )


@pytest.fixture
def meters(ledger, steward, committee, paid):
    """Pumps read every month from September 2023, with January 2024 far above the three months before and
    explained; the bike shed missed December; the stairwell's meter was replaced in January."""
    pumps = power.meter_create(name="二次供水水泵", place="东侧水泵房", serves="加压水泵", by=steward)
    shed = power.meter_create(name="非机动车棚", place="北门车棚", serves="车棚照明", by=steward)
    stairs = power.meter_create(name="楼道照明", place="各单元电表箱", serves="楼道灯", by=steward)
    for day, value in [
        (date(2023, 9, 30), "1000"),
        (date(2023, 10, 31), "1100"),
        (date(2023, 11, 30), "1200"),
        (date(2023, 12, 31), "1300"),
        (date(2024, 1, 31), "1600"),
        (date(2024, 2, 29), "1700"),
    ]:
        power.reading_record(meter=pumps, read_on=day, reading=value, by=steward)
    for day, value in [(date(2023, 11, 30), "500"), (date(2024, 1, 31), "580"), (date(2024, 2, 29), "620")]:
        power.reading_record(meter=shed, read_on=day, reading=value, by=steward)
    power.reading_record(meter=stairs, read_on=date(2023, 12, 31), reading="9990", by=steward)
    power.reading_record(
        meter=stairs,
        read_on=date(2024, 1, 31),
        reading="25",
        replacement=True,
        old_final="9999",
        new_start="0",
        by=steward,
    )
    power.bill_record(meter=pumps, month=date(2024, 1, 1), kwh="300", amount="53.80", expenditure=paid, by=steward)
    power.bill_record(meter=shed, month=date(2024, 1, 1), kwh="80", amount="26.20", expenditure=paid, by=steward)
    power.explanation_record(meter=pumps, month=date(2024, 1, 1), text="水泵进水阀故障空转十天，已更换", by=committee)
    return pumps, shed, stairs


def months(data, name):
    meter = next(meter for meter in data["meters"] if meter["name"] == name)
    return {row["period"]: row for row in meter["months"]}


def test_the_json_gives_each_meters_months_as_strings(meters):
    data = electricity_data(TODAY)
    assert (data["currency"], data["unit"], data["from"], data["through"]) == ("CNY", "kWh", "2022-03", "2024-02")
    assert [meter["name"] for meter in data["meters"]] == ["二次供水水泵", "楼道照明", "非机动车棚"]
    january = months(data, "二次供水水泵")["2024-01"]
    assert january == {
        "period": "2024-01",
        "status": "measured",
        "read_on": "2024-01-31",
        "reading": "1600.00",
        "replacement": False,
        "kwh": "300.00",
        "months": 1,
        "covered_by": None,
        "billed_kwh": "300.00",
        "cost": "53.80",
        "cost_per_kwh": "0.1793",  # 53.80 / 300 = 0.179333…
        "expenditure_id": january["expenditure_id"],
        "paid_on": "2024-02-10",
        "flag": {
            "rules": ["three_months"],
            "explanation": "水泵进水阀故障空转十天，已更换",
            "explained_on": january["flag"]["explained_on"],
        },
    }
    assert len(months(data, "二次供水水泵")) == 24


def test_a_missing_month_is_missing_and_the_next_one_spans_it(meters):
    shed = months(electricity_data(TODAY), "非机动车棚")
    assert shed["2023-10"]["status"] == "none"
    assert (shed["2023-11"]["status"], shed["2023-11"]["kwh"]) == ("first", None)
    assert (shed["2023-12"]["status"], shed["2023-12"]["kwh"], shed["2023-12"]["covered_by"]) == (
        "missing",
        None,
        "2024-01",
    )
    assert (shed["2024-01"]["status"], shed["2024-01"]["kwh"], shed["2024-01"]["months"]) == ("spans", "80.00", 2)
    assert shed["2024-01"]["cost_per_kwh"] == "0.3275"  # 26.20 / 80


def test_a_replaced_meter_counts_both_meters(meters):
    stairs = months(electricity_data(TODAY), "楼道照明")
    assert (stairs["2024-01"]["kwh"], stairs["2024-01"]["replacement"]) == (
        "34.00",
        True,
    )  # 9 on the old, 25 on the new


def test_an_unexplained_flag_is_not_public(ledger, steward):
    meter = power.meter_create(name="大门照明", place="南门", serves="道闸", by=steward)
    for day, value in [
        (date(2023, 10, 31), "0"),
        (date(2023, 11, 30), "10"),
        (date(2023, 12, 31), "20"),
        (date(2024, 1, 31), "30"),
        (date(2024, 2, 29), "100"),
    ]:
        power.reading_record(meter=meter, read_on=day, reading=value, by=steward)
    february = months(electricity_data(TODAY), "大门照明")["2024-02"]
    assert february["kwh"] == "70.00" and february["flag"] is None


def test_the_page_shows_the_explanation_the_missing_month_and_a_chart(client, meters):
    page = client.get("/disclosure/electricity/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "水泵进水阀故障空转十天，已更换" in html
    assert "本月未抄表：用电计入 2024-01。" in html  # the pages speak Chinese unless asked otherwise
    assert html.count('class="chart chart-electricity"') == 3
    assert "style=" not in html


def test_the_page_in_english(client, meters, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/disclosure/electricity/").content.decode()
    assert "Public electricity use" in html and "No reading this month: its use is counted in 2024-01." in html


def test_the_json_is_open_data(client, meters):
    response = client.get("/disclosure/electricity.json")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    data = json.loads(response.content)
    # 300 + 34 measured in January alone; the bike shed's 80 covers December too, so the month is not complete.
    assert set(data) == {"currency", "unit", "from", "through", "cost_per_kwh_places", "meters", "totals"}
    assert {"period": "2024-01", "kwh": "334.00", "complete": False, "cost": "80.00"} in data["totals"]


def _queries(client, url: str) -> int:
    cache.clear()
    forget_ledger_state()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/disclosure/electricity/", "/disclosure/electricity.json"])
def test_the_page_costs_the_same_queries_with_more_meters_and_readings(client, meters, steward, url):
    small = _queries(client, url)
    more = power.meter_create(name="地下车库", place="地下一层", serves="车库照明", by=steward)
    for month in range(1, 13):
        power.reading_record(meter=more, read_on=date(2023, month, 28), reading=str(month * 10), by=steward)
    assert _queries(client, url) == small == 6  # the window's end (two), meters, readings, bills, explanations


def test_the_month_page_has_the_months_electricity(client, meters, django_assert_num_queries):
    html = client.get("/disclosure/2024/01/").content.decode()
    assert "公共用电" in html and "水泵进水阀故障空转十天，已更换" in html and "0.1793" in html
    data = json.loads(client.get("/disclosure/2024/01.json").content)
    pumps = next(row for row in data["electricity"]["meters"] if row["name"] == "二次供水水泵")
    assert (data["electricity"]["period"], pumps["kwh"], pumps["cost"]) == ("2024-01", "300.00", "53.80")


def test_the_month_json_keeps_its_keys_and_adds_electricity_only_when_metered(client, ledger):
    before = json.loads(client.get("/disclosure/2024/01.json").content)
    assert "electricity" not in before


def test_a_new_reading_shows_on_the_cached_month_page_at_once(client, meters, steward):
    assert "大门照明" not in client.get("/disclosure/2024/02/").content.decode()
    gate = power.meter_create(name="大门照明", place="南门", serves="道闸", by=steward)
    power.reading_record(meter=gate, read_on=date(2024, 1, 31), reading="100", by=steward)
    power.reading_record(meter=gate, read_on=date(2024, 2, 29), reading="142.5", by=steward)
    html = client.get("/disclosure/2024/02/").content.decode()
    assert "大门照明" in html and "42.50" in html


def test_the_month_page_reads_no_meter_while_there_is_none(client, ledger):
    cache.clear()
    forget_ledger_state()
    with CaptureQueriesContext(connection) as queries:
        client.get("/disclosure/2024/02/")
    # Only the one query of the ledger's state names the tables (to notice the first meter); nothing else does.
    assert sum("repairs_meter" in query["sql"] for query in queries.captured_queries) == 1
