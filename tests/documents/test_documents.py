"""The committee's quarterly statement (PDF and XLSX), the fee notice and the payment reminders."""

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from ledger import services
from tests.pdfs import assert_only_our_fonts_embedded, pdf_text
from trustmgmt.disclosure.services import publish


@pytest.mark.parametrize(
    "url",
    [
        "/documents/",
        "/documents/statement/2024-Q1.pdf",
        "/documents/statement/2024-Q1.xlsx",
        "/documents/fee-notice.pdf?year=2024",
        "/documents/reminders.pdf?year=2024",
    ],
)
def test_staff_documents_need_a_login(client, ledger, url):
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response.url


@pytest.mark.parametrize("url", ["/documents/statement/2024-Q1.pdf", "/documents/statement/2024-Q1.xlsx"])
def test_the_statement_is_for_the_committee_not_the_steward(client, ledger, steward, url):
    client.force_login(steward)
    assert client.get(url).status_code == 403


def test_someone_without_a_role_may_not_see_the_documents_page(client, ledger, outsider):
    client.force_login(outsider)
    assert client.get("/documents/").status_code == 403


def test_the_quarterly_statement_pdf_lists_every_line_totals_and_arrears(client, ledger, committee):
    client.force_login(committee)
    response = client.get("/documents/statement/2024-Q1.pdf")
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert_only_our_fonts_embedded(response.content)
    # The pools over the quarter: opening 0, income 600 + 190, spending 35.50 + 100, closing 654.50.
    for amount in ("790.00", "135.50", "654.50"):
        assert amount in text
    for receipt in ("2024-000001", "2024-000002", "2024-000003"):
        assert receipt in text
    assert "WO-2024-0001" in text and "12-2-301" in text
    assert "赵阿毛" in text  # the arrears list names the owner who paid part
    assert "王堃" not in text  # paid in full: not in arrears
    assert "150.00" in text  # what 3-1-101 still owes
    assert "Page 1" in text or "第 1" in text or "1 / " in text


def test_the_statement_prints_page_totals_and_running_totals(client, ledger, committee, steward, monkeypatch):
    from trustmgmt.documents import statement

    monkeypatch.setattr(statement, "LINES_PER_PAGE", 2)
    client.force_login(committee)
    client.cookies["django_language"] = "en"
    response = client.get("/documents/statement/2024-Q1.pdf")
    text = pdf_text(response.content)
    assert "Brought forward" in text and "Carried forward" in text and "Total of this page" in text
    assert len(PdfReader(io.BytesIO(response.content)).pages) >= 4


def test_the_statement_workbook_has_the_same_figures(client, ledger, committee):
    client.force_login(committee)
    response = client.get("/documents/statement/2024-Q1.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    summary = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert [row[0] for row in summary[1:4]] == ["公共电费", "公共设施维护", "生活垃圾清运"] or len(summary) == 5
    assert Decimal(str(summary[-1][4])) == Decimal("654.50")
    income = list(workbook.worksheets[1].iter_rows(values_only=True))
    assert Decimal(str(income[-1][-1])) == Decimal("790.00")
    arrears = list(workbook.worksheets[5].iter_rows(values_only=True))
    assert arrears[1][:2] == ("3-1-101", "赵阿毛")


def test_a_quarter_without_figures_or_not_begun_is_not_found(client, ledger, committee):
    client.force_login(committee)
    assert client.get("/documents/statement/2023-Q1.pdf").status_code == 404
    assert client.get("/documents/statement/2099-Q1.pdf").status_code == 404
    assert client.get("/documents/statement/2024-Q5.pdf").status_code == 404


def test_the_fee_notice_gives_the_plan_per_pool_and_how_to_pay(client, ledger, committee):
    client.force_login(committee)
    response = client.get("/documents/fee-notice.pdf", {"year": 2024, "place": "7幢旁党群服务站", "hours": ""})
    assert response.status_code == 200
    text = pdf_text(response.content).replace(" ", "")
    assert_only_our_fonts_embedded(response.content)
    for words in ("收费通知", "200.00", "140.00", "50.00", "90.00", "60.00", "7幢旁党群服务站", "微信"):
        assert words in text


def test_a_fee_notice_for_a_year_without_a_plan_is_not_found(client, ledger, committee):
    client.force_login(committee)
    assert client.get("/documents/fee-notice.pdf", {"year": 2030}).status_code == 404


def test_a_bad_year_goes_back_to_the_form_with_a_message(client, ledger, committee):
    client.force_login(committee)
    response = client.get("/documents/fee-notice.pdf", {"year": "abc"})
    assert response.status_code == 302 and response.url == "/documents/"


def test_reminders_are_one_page_per_household_in_arrears_with_what_is_still_due(client, ledger, steward):
    client.force_login(steward)
    response = client.get("/documents/reminders.pdf", {"year": 2024})
    assert response.status_code == 200
    pages = PdfReader(io.BytesIO(response.content)).pages
    assert len(pages) == 1  # only 3-1-101 has not paid in full
    text = pdf_text(response.content)
    assert "赵阿毛" in text and "3-1-101" in text
    for amount in ("37.50", "67.50", "45.00", "150.00"):  # still due per pool and in all
        assert amount in text
    assert_only_our_fonts_embedded(response.content)


def test_reminders_for_one_building(client, ledger, steward):
    client.force_login(steward)
    text = pdf_text(client.get("/documents/reminders.pdf", {"year": 2024, "building": 12}).content)
    assert "赵阿毛" not in text


def quarters_offered(client) -> list[str]:
    page = client.get("/documents/").content.decode()
    return re.findall(r'href="/documents/statement/([0-9]{4}-Q[1-4])\.pdf"', page)


def test_the_list_offers_only_quarters_whose_months_are_all_published(client, ledger, committee):
    client.force_login(committee)
    assert quarters_offered(client) == []  # nothing published yet
    publish(month=date(2024, 1, 1), by=committee)
    publish(month=date(2024, 2, 1), by=committee)
    assert quarters_offered(client) == []  # March still open
    publish(month=date(2024, 3, 1), by=committee)
    assert quarters_offered(client) == ["2024-Q1"]


LONG_PAYEE = "宁波市海曙区望春街道恒信建筑装饰工程有限公司第二分公司"
LONG_DESCRIPTION = "12幢2单元至14幢1单元之间地下排水主管疏通及检查井井盖更换（含夜间加班）"


def test_the_statement_wraps_long_names_and_ends_with_the_signatures(client, ledger, committee, steward):
    services.expenditure_record(
        spent_on=date(2024, 3, 4),
        pool="maintenance",
        payee=LONG_PAYEE,
        amount=Decimal("66.00"),
        description=LONG_DESCRIPTION,
        recorded_by=steward,
    )
    client.force_login(committee)
    client.cookies["django_language"] = "en"
    pdf = client.get("/documents/statement/2024-Q1.pdf").content
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]

    joined = "".join("".join(pages).split())  # a wrapped name reads whole once the line breaks are gone
    assert LONG_PAYEE in joined and "".join(LONG_DESCRIPTION.split()) in joined
    assert "…" not in "".join(pages)
    assert len(pages) >= 3
    assert "Ledger fingerprint when printed" in pages[-1] and pages[-1].count("Date:") == 2
    assert not any("Date:" in page for page in pages[:-1])


def test_the_fee_notice_says_vacant_flats_are_exempt_only_where_the_plan_makes_them(client, ledger, committee):
    services.fee_plan_create(
        year=2025,
        occupied={"electricity": Decimal("50.00"), "maintenance": Decimal("90.00"), "garbage": Decimal("60.00")},
        vacant={"electricity": Decimal("50.00"), "maintenance": Decimal("90.00"), "garbage": Decimal("20.00")},
    )
    client.force_login(committee)
    default = pdf_text(client.get("/documents/fee-notice.pdf", {"year": 2024}).content).replace(" ", "")
    charged = pdf_text(client.get("/documents/fee-notice.pdf", {"year": 2025}).content).replace(" ", "")

    assert "空户不交这一项" in default
    assert "空户不交这一项" not in charged and "160.00" in charged and "20.00" in charged
