"""The year-end account (年度决算) of a closed fee year: page, JSON and PDF, linked from the index and months."""

from datetime import date

import pytest
from django.urls import reverse

from ledger import services
from tests.builders import spend
from tests.ledger.settlement.builders import D, close, year_2024_history
from tests.pdfs import pdf_text


@pytest.fixture
def next_plan(plan):
    return services.fee_plan_create(year=2025)


@pytest.fixture
def year_2024(plan, next_plan, household, vacant_household, steward):
    return year_2024_history(plan, household, vacant_household, steward)


@pytest.fixture
def closed(year_2024, next_plan, committee, steward):
    spend(steward, "30.00", pool="maintenance", spent_on=date(2024, 6, 1), payee="供电公司", description="电费")
    services.expenditure_record(
        spent_on=year_2024.starts_on.replace(month=7),
        pool="maintenance",
        payee="月湖五金水电商行",
        amount=D("12.50"),
        description="灯泡",
        recorded_by=steward,
    )
    return close(year_2024, committee, {"electricity": "carry", "maintenance": "credit", "garbage": "credit"})


def test_the_account_json_adds_up_per_pool(client, closed, household):
    data = client.get(reverse("disclosure:account_json", args=["2024"])).json()
    assert data["fee_year"] == 2024 and data["next_fee_year"] == 2025
    pools = {pool["code"]: pool for pool in data["pools"]}
    maintenance = pools["maintenance"]
    assert maintenance["expenditure"] == "92.50"
    assert maintenance["spending_by_payee"] == [
        {"payee": "宁波某物业维修公司", "amount": "50.00"},
        {"payee": "供电公司", "amount": "30.00"},
        {"payee": "月湖五金水电商行", "amount": "12.50"},
    ]
    assert maintenance["spending_by_category"] == [{"category": "not_a_repair", "amount": "92.50"}]
    assert (maintenance["decision"], maintenance["households_credited"]) == ("credit", 2)
    assert pools["electricity"]["decision"] == "carry" and pools["electricity"]["carried"] == "10.00"
    assert data["settlement"] == {"minute": "业委会 2025-01 会议纪要第3号", "approval": {"by": "committee"}}
    text = str(data)
    assert household.owner_name not in text and household.label not in text


def test_the_page_and_the_notice(client, closed, household):
    client.cookies["django_language"] = "en"
    page = client.get(reverse("disclosure:account", args=["2024"])).content.decode()
    assert "Year-end account for the 2024 fee year" in page and "月湖五金水电商行" in page
    assert household.owner_name not in page
    pdf = client.get(reverse("disclosure:account_pdf", args=["2024"]))
    assert pdf["Content-Type"] == "application/pdf" and "月湖五金水电商行" in pdf_text(pdf.content)


def test_the_index_and_the_year_s_months_link_to_it(client, closed):
    account = reverse("disclosure:account", args=["2024"])
    assert account in client.get(reverse("disclosure:index")).content.decode()
    assert account in client.get(reverse("disclosure:month", args=["2024", "06"])).content.decode()


def test_an_open_year_has_no_account(client, year_2024):
    assert client.get(reverse("disclosure:account", args=["2024"])).status_code == 404
    assert client.get(reverse("disclosure:account_json", args=["2024"])).status_code == 404
    assert client.get(reverse("disclosure:account_pdf", args=["1999"])).status_code == 404
