"""The month's figures: the same on the page, in the JSON and in the PDF, and equal to the ledger's."""

import re
from datetime import date
from decimal import Decimal

from ledger import figures
from ledger.journal import fingerprint
from tests.pages import json_of
from tests.pdfs import assert_only_our_fonts_embedded, pdf_text


def test_the_json_holds_the_designs_fields_with_the_ledgers_figures(client, ledger):
    data = json_of(client, 2024, 2)
    assert data["period"] == "2024-02"
    assert data["currency"] == "CNY"
    assert data["status"] == "provisional"
    assert [pool["code"] for pool in data["pools"]] == ["electricity", "maintenance", "garbage"]
    assert data["pools"] == [
        {
            "code": "electricity",
            "opening": "114.50",
            "income": "62.50",
            "expenditure": "0.00",
            "closing": "177.00",
            "transfers": "0.00",
        },
        {
            "code": "maintenance",
            "opening": "390.00",
            "income": "112.50",
            "expenditure": "80.00",
            "closing": "422.50",
            "transfers": "0.00",
        },
        {
            "code": "garbage",
            "opening": "60.00",
            "income": "15.00",
            "expenditure": "20.00",
            "closing": "55.00",
            "transfers": "0.00",
        },
    ]
    flows = figures.month_flows(date(2024, 2, 1))
    for pool, flow in zip(data["pools"], flows, strict=True):
        assert Decimal(pool["opening"]) == flow.opening
        assert Decimal(pool["income"]) == flow.income
        assert Decimal(pool["expenditure"]) == flow.expenditure
        assert Decimal(pool["closing"]) == flow.closing
        assert Decimal(pool["closing"]) == Decimal(pool["opening"]) + Decimal(pool["income"]) - Decimal(
            pool["expenditure"]
        )
    assert {pool["code"]: Decimal(pool["closing"]) for pool in data["pools"]} == figures.balances(date(2024, 2, 1))
    assert data["collection"]["fee_year"] == 2024
    assert data["collection"]["occupied"] == {"households": 2, "paid": 1, "rate": "0.5000"}
    assert data["collection"]["vacant"] == {"households": 1, "paid": 1, "rate": "1.0000"}
    assert data["ledger_fingerprint"] == fingerprint()


def test_the_json_lists_the_months_spending_and_repairs(client, ledger):
    data = json_of(client, 2024, 2)
    assert [(line["spent_on"], line["pool"], line["amount"], line["work_order"]) for line in data["expenditures"]] == [
        ("2024-02-12", "garbage", "20.00", ""),
        ("2024-02-18", "maintenance", "80.00", "WO-2024-0001"),
    ]
    assert set(data["expenditures"][0]) >= {"spent_on", "pool", "payee", "amount", "description", "work_order"}
    assert data["expenditures"][1]["voucher_on_file"] is False
    assert sum(Decimal(line["amount"]) for line in data["expenditures"]) == sum(
        Decimal(pool["expenditure"]) for pool in data["pools"]
    )
    (order,) = data["work_orders"]
    assert {key: order[key] for key in ("number", "category", "reported_on", "completed_on", "cost")} == {
        "number": "WO-2024-0001",
        "category": "drains",
        "reported_on": "2024-02-06",
        "completed_on": "2024-02-09",
        "cost": "80.00",
    }
    assert order["days"] == 3
    assert order["location"] == "12幢2单元"


def test_amounts_are_strings_with_two_places_and_rates_with_four(client, ledger):
    text = client.get("/disclosure/2024/01.json").content.decode()
    data = json_of(client, 2024, 1)
    for pool in data["pools"]:
        for field in ("opening", "income", "expenditure", "closing"):
            assert re.fullmatch(r"-?\d+\.\d\d", pool[field])
    assert data["collection"]["vacant"]["rate"] == "0.0000"
    assert not re.search(r"\d+\.\d+e", text) and "NaN" not in text


def test_the_page_shows_the_same_figures(client, ledger):
    client.cookies["django_language"] = "en"
    html = client.get("/disclosure/2024/02/").content.decode()
    for amount in ("114.50", "62.50", "177.00", "422.50", "55.00", "654.50", "190.00", "100.00"):
        assert amount in html
    assert "WO-2024-0001" in html and "12幢2单元" in html
    assert "Provisional" in html
    assert fingerprint() in html
    assert "/disclosure/2024/02.json" in html and "/disclosure/2024/02.pdf" in html
    assert "<svg" in html and "<script" not in html and 'style="' not in html


def test_the_page_is_in_chinese_by_default_and_marks_an_open_month_provisional(client, ledger):
    html = client.get("/disclosure/2024/02/").content.decode()
    assert "未定稿" in html
    assert "公共电费" in html


def test_the_notice_pdf_has_the_same_figures_our_font_and_the_fingerprint(client, ledger):
    response = client.get("/disclosure/2024/02.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for amount in ("114.50", "62.50", "177.00", "422.50", "55.00", "654.50"):
        assert amount in text
    assert "WO-2024-0001" in text
    assert "未定稿" in text
    assert "红色管家" in text and "业委会" in text
    assert fingerprint()[:24] in text.replace("\n", "")
    assert_only_our_fonts_embedded(response.content)


def test_the_index_lists_months_newest_first_with_income_spending_and_balance(client, ledger):
    client.cookies["django_language"] = "en"
    html = client.get("/disclosure/").content.decode()
    february, january = html.index("/disclosure/2024/02/"), html.index("/disclosure/2024/01/")
    assert february < january
    for amount in ("600.00", "35.50", "564.50", "190.00", "100.00", "654.50"):
        assert amount in html


def test_rates_are_shown_as_percentages_exactly():
    from trustmgmt.base.money import percent_text

    assert [percent_text(rate) for rate in ("0.8534", "1.0000", "0.0000", "0.0005", None)] == [
        "85.34%",
        "100.00%",
        "0.00%",
        "0.05%",
        "—",
    ]
