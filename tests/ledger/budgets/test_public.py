"""The published budget: JSON and page beside the months, the block on the month page and its notice."""

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from ledger import services
from ledger.budgets import services as budgets
from ledger.journal import fingerprint
from ledger.models import Household
from tests.builders import GRID, HARDWARE, pay, spend
from tests.pdfs import pdf_text
from trustmgmt.disclosure.cache import forget_ledger_state
from trustmgmt.disclosure.services import publish

D = Decimal


@pytest.fixture
def year_2025(approved, history, steward):
    pay(history.flats[0], history.plans[2025], steward, "200.00", paid_on=date(2025, 1, 20))
    spend(steward, "300.00", spent_on=date(2025, 3, 10), pool="electricity", payee=GRID, history=True)
    spend(steward, "200.00", spent_on=date(2025, 5, 10), pool="maintenance", payee=HARDWARE, history=True)
    return approved


def test_the_json_holds_the_budget_and_its_actuals(client, year_2025):
    response = client.get("/disclosure/2025/budget.json")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = response.json()
    assert (data["fee_year"], data["currency"], data["version"], data["as_of"]) == (2025, "CNY", 1, "2025-12")
    assert data["expected_collection"] == {
        "occupied": {"households": 4, "rate": "0.7500", "fee": "200.00"},
        "vacant": {"households": 1, "rate": "1.0000", "fee": "140.00"},
    }
    electricity, maintenance, garbage = data["pools"]
    assert electricity == {
        "code": "electricity",
        "fee_occupied": "50.00",
        "fee_vacant": "50.00",
        "fee_to_cover": "275.00",
        "planned_income": "200.00",
        "actual_income": "50.00",
        "collected": "0.2500",
        "planned_expenditure": "1100.00",
        "actual_expenditure": "300.00",
        "used": "0.2727",
        "over_budget": False,
        "unplanned_expenditure": "0.00",
        "lines": [
            {
                "item": GRID,
                "payee": GRID,
                "planned": "1100.00",
                "actual": "300.00",
                "used": "0.2727",
                "over_budget": False,
                "basis": "Average of the real spending: 1,000.00 yuan in 2022, 1,100.00 yuan in 2023, "
                "1,200.01 yuan in 2024.",
                "history": [[2022, "1000.00"], [2023, "1100.00"], [2024, "1200.01"]],
                "note": "",
            }
        ],
    }
    assert (maintenance["used"], maintenance["over_budget"], maintenance["lines"][0]["over_budget"]) == (
        "1.4997",
        True,
        True,
    )
    assert garbage["actual_expenditure"] == "0.00"
    assert data["ledger_fingerprint"] == fingerprint()
    assert data["totals"] == {
        "planned_income": "740.00",
        "actual_income": "200.00",
        "planned_expenditure": "1633.36",
        "actual_expenditure": "500.00",
        "used": "0.3061",
    }


@pytest.mark.parametrize(
    "url", ["/disclosure/2025/budget.json", "/disclosure/2025/budget/", "/disclosure/2031/budget/"]
)
def test_no_approved_budget_is_not_found(client, history, steward, url):
    budgets.budget_propose(fee_plan=history.plans[2025], by=steward)  # a draft is not published

    assert client.get(url).status_code == 404


def test_the_page_shows_the_plan_item_by_item_and_flags_what_is_over(client, year_2025):
    response = client.get("/disclosure/2025/budget/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Budget for the 2025 fee year" in html
    assert "Version 1, approved by the owners" in html
    assert "1,100.00" in html and "27.27%" in html and "149.97%" in html
    assert "Over budget" in html
    assert 'class="chart chart-budget"' in html
    assert "275.00" in html  # the fee per occupied household that would cover electricity


def test_the_index_links_the_approved_budgets(client, year_2025):
    html = client.get("/disclosure/").content.decode()

    assert 'href="/disclosure/2025/budget/"' in html


def test_the_month_page_json_and_notice_show_budget_against_actual(client, year_2025):
    page = client.get("/disclosure/2025/05/").content.decode()
    document = client.get("/disclosure/2025/05.json").json()
    pdf = pdf_text(client.get("/disclosure/2025/05.pdf").content)

    assert "Budget against actual" in page and 'class="chart chart-budget"' in page
    assert 'href="/disclosure/2025/budget/"' in page
    assert document["budget"]["as_of"] == "2025-05"
    assert document["budget"]["pools"][1]["actual_expenditure"] == "200.00"
    assert "Budget against actual" in pdf and "1,100.00" in pdf


def test_the_month_before_anything_was_spent_shows_the_budget_as_it_stood(client, year_2025):
    document = client.get("/disclosure/2025/01.json").json()

    assert document["budget"]["totals"]["actual_expenditure"] == "0.00"
    assert document["budget"]["totals"]["actual_income"] == "200.00"


def test_a_published_month_keeps_the_budget_it_was_published_with(client, year_2025, steward, committee):
    while (month := services.next_month_to_publish()) <= date(2025, 5, 1):
        publish(month=month, by=committee)
    draft = budgets.budget_new_version(fee_plan=year_2025.fee_plan, by=steward)
    line = draft.lines.get(pool="maintenance")
    budgets.budget_line_update(line=line, pool="maintenance", label="Repairs", amount="900.00", payee=line.payee)
    budgets.budget_approve(budget=draft, by=committee)

    stored = client.get("/disclosure/2025/05.json").json()["budget"]
    current = client.get("/disclosure/2025/budget.json").json()

    assert (stored["version"], stored["pools"][1]["planned_expenditure"]) == (1, "133.36")
    assert (current["version"], current["pools"][1]["planned_expenditure"]) == (2, "900.00")


def test_approving_a_budget_shows_at_once_on_cached_pages(client, history, steward, committee):
    spend(steward, "300.00", spent_on=date(2025, 3, 10), pool="electricity", payee=GRID, history=True)
    assert "Budget against actual" not in client.get("/disclosure/2025/03/").content.decode()
    assert client.get("/disclosure/2025/budget.json").status_code == 404

    budgets.budget_approve(budget=budgets.budget_propose(fee_plan=history.plans[2025], by=steward), by=committee)

    assert "Budget against actual" in client.get("/disclosure/2025/03/").content.decode()
    assert client.get("/disclosure/2025/budget.json").status_code == 200


def test_public_responses_carry_no_personal_data(client, year_2025, committee, steward):
    names = list(Household.objects.values_list("owner_name", flat=True))
    phones = list(Household.objects.values_list("phone", flat=True))
    for url in ["/disclosure/2025/budget.json", "/disclosure/2025/budget/", "/disclosure/2025/05.json"]:
        body = client.get(url).content.decode()
        for secret in [*names, *phones, committee.first_name, steward.first_name]:
            assert secret not in body, (url, secret)
    pdf = pdf_text(client.get("/disclosure/2025/05.pdf").content)
    assert not any(name in pdf for name in names)


def _queries(client, url: str) -> int:
    cache.clear()
    forget_ledger_state()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/disclosure/2025/budget.json", "/disclosure/2025/budget/", "/disclosure/2025/05/"])
def test_the_queries_do_not_grow_with_the_ledger(client, year_2025, history, steward, url):
    small = _queries(client, url)
    for day in range(1, 20):
        spend(steward, "1.00", spent_on=date(2025, 4, day), pool="garbage", payee=f"payee {day}", history=True)
        pay(history.flats[1 + day % 3], history.plans[2025], steward, "1.00", paid_on=date(2025, 4, day))

    assert _queries(client, url) == small
    assert small <= 26  # the month's ten on where the money sits (issue 12) included


def test_the_quarterly_statement_prints_budget_against_actual(signed_in, year_2025, committee):
    response = signed_in(committee).get("/documents/statement/2025-Q2.pdf")

    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Budget against actual" in text
    assert "1,100.00" in text and "300.00" in text and "Over budget" in text


def test_the_statement_workbook_has_a_budget_sheet_with_the_same_figures(signed_in, year_2025, committee):
    response = signed_in(committee).get("/documents/statement/2025-Q2.xlsx")

    workbook = load_workbook(io.BytesIO(response.content))
    rows = list(workbook["Budget"].iter_rows(values_only=True))
    assert rows[0][:5] == ("Pool", "Item", "Planned spending", "Spent so far", "Used")
    maintenance = [row for row in rows if row[1] == "Pool total"][1]
    assert [Decimal(str(value)) for value in maintenance[2:5]] == [D("133.36"), D("200.00"), D("1.4997")]
    assert maintenance[7] == "Over budget"
    assert [Decimal(str(value)) for value in rows[-1][2:4]] == [D("1633.36"), D("500.00")]


def test_approving_an_older_draft_after_another_years_budget_shows_at_once(client, history, steward, committee):
    spend(steward, "300.00", spent_on=date(2025, 3, 10), pool="electricity", payee=GRID, history=True)
    older = budgets.budget_propose(fee_plan=history.plans[2025], by=steward)
    budgets.budget_approve(budget=budgets.budget_propose(fee_plan=history.plans[2024], by=steward), by=committee)
    assert "Budget against actual" not in client.get("/disclosure/2025/03/").content.decode()

    budgets.budget_approve(budget=older, by=committee)

    assert "Budget against actual" in client.get("/disclosure/2025/03/").content.decode()


def test_the_home_page_leads_residents_to_the_latest_notice_and_the_budget(client, approved, committee):
    from trustmgmt.disclosure.services import publish

    publish(month=date(2022, 3, 1), by=committee)
    html = client.get("/").content.decode()
    assert 'href="/disclosure/2022/03/"' in html and "Latest notice: 2022-03" in html
    assert 'href="/disclosure/2025/budget/"' in html and "Budget for the 2025 fee year" in html
    assert "Ask to see a voucher" in html


def test_the_home_page_without_anything_published_still_explains_the_disclosure(
    client, db, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):  # the ledger's state, the budgets, the fee plan in force, the notices
        html = client.get("/").content.decode()
    assert "Latest notice" not in html and "Budget for" not in html
    assert 'href="/disclosure/"' in html


def test_the_chart_shows_each_share_as_the_table_does(client, year_2025):
    html = client.get("/disclosure/2025/budget/").content.decode()
    chart = html.split('class="chart chart-budget"', 1)[1].split("</svg>", 1)[0]

    assert "(27.27%)" in chart and "(149.97%)" in chart  # the table's 27.27% and 149.97%, not 27.3%
    assert not re.search(r"\([0-9]+\.[0-9]%\)", chart)


def test_the_pools_years_read_with_the_languages_separator(client, year_2025):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    html = client.get("/disclosure/2025/budget/").content.decode()

    assert "2022、2023、2024" in html and "2022, 2023" not in html


def test_the_budget_has_one_title_in_chinese_on_every_page(client, approved, signed_in, committee):
    title = "2025收费年度预算"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    assert title in client.get("/").content.decode()
    assert f"<h1>{title}</h1>" in client.get("/disclosure/2025/budget/").content.decode()
    assert f"<title>{title}" in client.get("/disclosure/2025/budget/").content.decode()
    staff = signed_in(committee, language="zh-hans").get("/ledger/budgets/2025/v1/").content.decode()
    assert f"{title} 第1版" in staff
