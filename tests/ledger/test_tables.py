"""The lists: filters, sorting, paging, CSV/XLSX export, masked phones, and a fixed number of queries."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ledger import services
from ledger.models import Household
from tests.builders import fund, households, pay

D = Decimal
HOUSEHOLDS = reverse("ledger:households")
PAYMENTS = reverse("ledger:payments")
EXPENDITURES = reverse("ledger:expenditures")
ARREARS = reverse("ledger:arrears")


def rows_of_csv(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def grow(count: int, plan, steward):
    """`count` flats; every other one pays part, every third spending of the steward (from funded pools)."""
    fund(steward)
    flats = households(count)
    for index, flat in enumerate(flats):
        if index % 2 == 0:
            payment = pay(flat, plan, steward, "50.00", method="wechat" if index % 4 else "cash")
            if index % 6 == 0:
                services.payment_reverse(payment=payment, reason="错", by=steward)
        if index % 3 == 0:
            services.expenditure_record(
                spent_on=date(2024, 4, 1 + index % 28),
                pool=("electricity", "maintenance", "garbage")[index % 3 - 0],
                payee=f"商户{index}",
                amount=D("12.30"),
                description="灯泡",
                recorded_by=steward,
            )
    return flats


@pytest.mark.parametrize("url", [HOUSEHOLDS, PAYMENTS, EXPENDITURES, ARREARS])
def test_anonymous_visitors_are_sent_to_log_in(client, url):
    assert client.get(url)["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("url", [HOUSEHOLDS, PAYMENTS, EXPENDITURES, ARREARS])
def test_an_outsider_is_refused(signed_in, outsider, url):
    assert signed_in(outsider).get(url).status_code == 403


@pytest.mark.parametrize("url", [HOUSEHOLDS, PAYMENTS, EXPENDITURES, ARREARS])
@pytest.mark.parametrize("user", ["steward", "committee"])
def test_staff_see_the_lists(signed_in, request, plan, url, user):
    assert signed_in(request.getfixturevalue(user)).get(url).status_code == 200


# How many queries each list takes, whatever the number of rows: session, user, permissions, count, page,
# and the filter form's fee-year choices where it has them.
QUERIES = {HOUSEHOLDS: 6, PAYMENTS: 7, EXPENDITURES: 7, ARREARS: 9}


@pytest.mark.parametrize("url", [HOUSEHOLDS, PAYMENTS, EXPENDITURES, ARREARS])
@pytest.mark.parametrize("count", [4, 40])
def test_each_list_takes_a_fixed_number_of_queries(signed_in, steward, plan, url, count, django_assert_max_num_queries):
    grow(count, plan, steward)
    client = signed_in(steward)
    with django_assert_max_num_queries(QUERIES[url]):
        response = client.get(url)
    assert len(response.context["table"].page.object_list) > 0


@pytest.mark.parametrize("url", [HOUSEHOLDS, PAYMENTS, EXPENDITURES, ARREARS])
@pytest.mark.parametrize("count", [4, 40])
def test_each_export_takes_a_fixed_number_of_queries(
    signed_in, steward, plan, url, count, django_assert_max_num_queries
):
    grow(count, plan, steward)
    client = signed_in(steward)
    with django_assert_max_num_queries(QUERIES[url]):
        response = client.get(url, {"_export": "csv"})
    assert response.status_code == 200


def test_households_show_masked_phones_in_the_table_and_the_export(signed_in, steward, household):
    client = signed_in(steward)
    html = client.get(HOUSEHOLDS).content.decode()
    assert "138****0001" in html and "13800000001" not in html
    rows = rows_of_csv(client.get(HOUSEHOLDS, {"_export": "csv"}))
    assert rows == [{"Flat": "12-2-301", "Owner": "王堃", "Phone": "138****0001", "Occupancy": "Occupied", "Since": ""}]


@pytest.mark.parametrize(
    ("query", "flats"),
    [
        ({"building": "12"}, ["12-2-301", "12-2-302"]),
        ({"building": "3"}, ["3-1-101"]),
        ({"occupancy": "vacant"}, ["12-2-302"]),
        ({"q": "12-2-302"}, ["12-2-302"]),
        ({"q": "业主"}, ["3-1-101"]),
        ({"q": "喆"}, ["12-2-302"]),
        ({"sort": "-label"}, ["12-2-302", "12-2-301", "3-1-101"]),
        ({"sort": "owner_name"}, ["3-1-101", "12-2-302", "12-2-301"]),
    ],
)
def test_households_filter_and_sort(signed_in, steward, household, vacant_household, query, flats):
    households(1)
    response = signed_in(steward).get(HOUSEHOLDS, query)
    assert [row.record.label for row in response.context["table"].paginated_rows] == flats


def test_households_page(signed_in, steward, plan):
    households(60)
    client = signed_in(steward)
    first = client.get(HOUSEHOLDS)
    second = client.get(HOUSEHOLDS, {"page": 2})
    assert len(first.context["table"].page.object_list) == 50
    assert len(second.context["table"].page.object_list) == 10
    assert "Page 1 of 2 (60 in all)" in first.content.decode()


@pytest.fixture
def history(household, vacant_household, plan, steward):
    services.fee_plan_create(year=2023)
    first = pay(household, plan, steward, "100.00", method="cash", paid_on=date(2024, 1, 10))
    pay(vacant_household, plan, steward, "140.00", method="alipay", paid_on=date(2024, 2, 20))
    third = pay(household, plan, steward, "100.00", method="wechat", paid_on=date(2024, 3, 30))
    services.payment_reverse(payment=third, reason="重复收款", by=steward)
    return first


@pytest.mark.parametrize(
    ("query", "receipts"),
    [
        ({}, ["2024-000003", "2024-000002", "2024-000001"]),
        ({"method": "cash"}, ["2024-000001"]),
        ({"fee_year": "2024"}, ["2024-000003", "2024-000002", "2024-000001"]),
        ({"fee_year": "2023"}, []),
        ({"paid_from": "2024-02-01", "paid_until": "2024-02-29"}, ["2024-000002"]),
        ({"reversed": "yes"}, ["2024-000003"]),
        ({"reversed": "no"}, ["2024-000002", "2024-000001"]),
        ({"q": "12-2-301"}, ["2024-000003", "2024-000001"]),
        ({"sort": "amount"}, ["2024-000001", "2024-000003", "2024-000002"]),
        ({"sort": "receipt"}, ["2024-000001", "2024-000002", "2024-000003"]),
    ],
)
def test_payments_filter_and_sort(signed_in, steward, history, query, receipts):
    response = signed_in(steward).get(PAYMENTS, query)
    assert [row.record.receipt_no for row in response.context["table"].paginated_rows] == receipts


def test_payments_export_as_csv_and_xlsx(signed_in, committee, history):
    client = signed_in(committee)
    rows = rows_of_csv(client.get(PAYMENTS, {"_export": "csv", "sort": "receipt"}))
    assert [(row["Receipt"], row["Amount"], row["Reversal"]) for row in rows] == [
        ("2024-000001", "100.00", ""),
        ("2024-000002", "140.00", ""),
        ("2024-000003", "100.00", "Reversed"),
    ]
    response = client.get(PAYMENTS, {"_export": "xlsx", "sort": "receipt"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "Receipt" and values[1][0] == "2024-000001" and len(values) == 4


@pytest.fixture
def spending(steward, committee, plan, funded):
    small = services.expenditure_record(
        spent_on=date(2024, 4, 2),
        pool="electricity",
        payee="供电公司",
        amount=D("320.50"),
        description="电费",
        recorded_by=steward,
    )
    services.expenditure_record(
        spent_on=date(2024, 5, 9),
        pool="maintenance",
        payee="维修队",
        amount=D("900.00"),
        description="水泵",
        recorded_by=steward,
    )
    reversed_one = services.expenditure_record(
        spent_on=date(2024, 6, 1),
        pool="garbage",
        payee="环卫处",
        amount=D("60.00"),
        description="清运",
        recorded_by=steward,
    )
    services.expenditure_reverse(expenditure=reversed_one, reason="重复", by=committee)
    return small


@pytest.mark.parametrize(
    ("query", "payees"),
    [
        ({}, ["环卫处", "维修队", "供电公司"]),
        ({"pool": "electricity"}, ["供电公司"]),
        ({"status": "pending"}, ["维修队"]),
        ({"status": "posted"}, ["环卫处", "供电公司"]),
        ({"spent_from": "2024-05-01", "spent_until": "2024-05-31"}, ["维修队"]),
        ({"reversed": "yes"}, ["环卫处"]),
        ({"q": "水泵"}, ["维修队"]),
        ({"sort": "amount"}, ["环卫处", "供电公司", "维修队"]),
    ],
)
def test_expenditures_filter_and_sort(signed_in, committee, spending, query, payees):
    response = signed_in(committee).get(EXPENDITURES, query)
    assert [row.record.payee for row in response.context["table"].paginated_rows] == payees


def test_expenditures_export(signed_in, steward, spending):
    rows = rows_of_csv(signed_in(steward).get(EXPENDITURES, {"_export": "csv", "pool": "electricity"}))
    assert [(row["Payee"], row["Amount"], row["Pool"], row["Status"]) for row in rows] == [
        ("供电公司", "320.50", "Public electricity", "Posted")
    ]


@pytest.fixture
def owing(household, vacant_household, plan, steward):
    pay(household, plan, steward, "50.00")
    other = services.household_create(building=3, unit=1, room=101, owner_name="周昇", occupancy="occupied")
    pay(other, plan, steward, "200.00")
    return household


def test_arrears_list_who_owes_and_what_per_pool(signed_in, committee, owing):
    response = signed_in(committee).get(ARREARS)
    assert response.context["fee_plan"].year == 2024
    rows = [(row.record.household.label, row.record.outstanding) for row in response.context["table"].paginated_rows]
    assert rows == [("12-2-301", D("150.00")), ("12-2-302", D("140.00"))]
    assert response.context["owed"] == {"electricity": D("87.50"), "maintenance": D("157.50"), "garbage": D("45.00")}
    assert "2 households still owe 290.00 yuan." in response.content.decode()


def test_arrears_filter_by_building_and_year(signed_in, steward, owing):
    services.fee_plan_create(year=2023)
    client = signed_in(steward)
    response = client.get(ARREARS, {"building": "3"})
    assert list(response.context["table"].paginated_rows) == []
    response = client.get(ARREARS, {"year": "2023"})
    assert response.context["fee_plan"].year == 2023
    assert len(response.context["table"].paginated_rows) == 3
    assert client.get(ARREARS, {"year": "1999"}).status_code == 404


def test_arrears_export_the_outstanding_per_pool(signed_in, steward, owing):
    response = signed_in(steward).get(ARREARS, {"_export": "csv"})
    assert 'filename="arrears-2024.csv"' in response["Content-Disposition"]
    rows = rows_of_csv(response)
    assert rows[0]["Flat"] == "12-2-301" and rows[0]["Phone"] == "138****0001"
    assert [
        rows[0][f"Owed: {label}"] for label in ("Public electricity", "Facility maintenance", "Garbage removal")
    ] == [
        "37.50",
        "67.50",
        "45.00",
    ]
    assert rows[0]["Outstanding"] == "150.00"


def test_arrears_without_any_fee_plan_is_not_found(signed_in, steward, db):
    Household.objects.none()
    assert signed_in(steward).get(ARREARS).status_code == 404


def test_the_reversal_shows_as_a_badge_in_the_row_not_as_a_column_of_blanks(signed_in, committee, history, spending):
    client = signed_in(committee)
    for url in (PAYMENTS, EXPENDITURES):
        page = client.get(url).content.decode()
        head = page.split("<thead", 1)[1].split("</thead>", 1)[0]
        assert "Reversal" not in head
        assert page.count('class="badge badge-bad">Reversed</span>') == 1
    assert '100.00 <span class="badge badge-bad">Reversed</span>' in client.get(PAYMENTS).content.decode()
