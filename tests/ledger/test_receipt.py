"""The receipt: one context for its page and its PDF; the PDF names the flat, the split and the number."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from ledger import check_tokens, journal, receipts, services
from tests.builders import pay
from tests.pdfs import assert_only_our_fonts_embedded, pdf_text

D = Decimal


def pdf_url(payment):
    return reverse("ledger:receipt_pdf", args=[payment])


@pytest.fixture
def payment(household, plan, steward):
    """Here a part payment by Alipay, so the receipt shows an uneven split (25.00, 45.00, 30.00)."""
    return pay(household, plan, steward, "100.00", method="alipay", paid_on=date(2024, 3, 5))


def test_anonymous_visitors_are_sent_to_log_in(client, payment):
    for url in (reverse("ledger:payment", args=[payment]), pdf_url(payment)):
        assert client.get(url)["Location"].startswith(reverse("login"))


def test_an_outsider_is_refused(signed_in, outsider, payment):
    client = signed_in(outsider)
    assert client.get(reverse("ledger:payment", args=[payment])).status_code == 403
    assert client.get(pdf_url(payment)).status_code == 403


def test_an_unknown_receipt_is_not_found(signed_in, steward, payment):
    client = signed_in(steward)
    assert client.get("/ledger/payments/2024-000099/").status_code == 404
    assert client.get("/ledger/payments/2019-000001/receipt.pdf").status_code == 404


def test_the_page_shows_the_receipt_and_a_print_button(signed_in, committee, payment):
    response = signed_in(committee).get("/ledger/payments/2024-000001/")
    html = response.content.decode()
    assert response.status_code == 200
    for text in ("2024-000001", "12-2-301", "王堃", "25.00", "45.00", "30.00", "100.00", "Alipay", "Steward"):
        assert text in html
    assert 'href="/ledger/payments/2024-000001/receipt.pdf"' in html
    assert journal.fingerprint() in html
    assert "<svg" in html and "http://127.0.0.1:8000/verify/receipt/" in html


def test_the_pdf_names_the_household_the_split_and_the_number(signed_in, steward, payment):
    response = signed_in(steward).get(pdf_url(payment))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert 'filename="receipt-2024-000001.pdf"' in response["Content-Disposition"]
    text = pdf_text(response.content)
    for expected in ("2024-000001", "12-2-301", "王堃", "25.00", "45.00", "30.00", "100.00", "2024-03-05"):
        assert expected in text, expected
    assert "壹佰元整" in text
    assert journal.fingerprint() in text.replace("\n", "")
    assert "Received by (signature)" in text and "Paid by (signature)" in text, "paper receipts are signed by hand"
    assert_only_our_fonts_embedded(response.content)


@pytest.mark.parametrize("name", ["王堃", "李喆", "陈珺", "周昇"])
def test_names_outside_gb2312_render_in_the_embedded_font(steward, plan, name):
    household = services.household_create(building=5, unit=1, room=101, owner_name=name, occupancy="occupied")
    payment = pay(household, plan, steward, "200.00")
    context = receipts.receipt_context(payment)
    from trustmgmt.base.pdf import render_pdf

    document = render_pdf("ledger/receipt_pdf.html", context)
    assert name in pdf_text(document)
    assert_only_our_fonts_embedded(document)


def test_the_receipt_is_in_chinese_by_default(client, steward, payment):
    client.force_login(steward)
    text = pdf_text(client.get(pdf_url(payment)).content)
    assert "收据" in text and "支付宝" in text


def test_a_reversed_payment_says_so_on_the_page_and_the_pdf(signed_in, steward, payment):
    services.payment_reverse(payment=payment, reason="收错户了", by=steward)
    client = signed_in(steward)
    html = client.get(reverse("ledger:payment", args=[payment])).content.decode()
    assert "REVERSED" in html and "收错户了" in html
    assert "Reverse this payment" not in html
    document = client.get(pdf_url(payment)).content
    text = pdf_text(document).replace("\n", "")
    assert "REVERSED" in text and "收错户了" in text
    assert pdf_text(document).count("Page 1 / 1") == 1, "a receipt is one page"


def test_the_page_and_the_pdf_share_one_context(payment):
    context = receipts.receipt_context(payment)
    assert [(part.code, part.amount) for part in context["parts"]] == [
        ("electricity", D("25.00")),
        ("maintenance", D("45.00")),
        ("garbage", D("30.00")),
    ]
    assert context["receipt_no"] == "2024-000001" and context["fee_year"] == 2024
    assert context["disclosure_url"] == "http://127.0.0.1:8000/disclosure/"


def test_the_page_takes_a_fixed_number_of_queries(signed_in, steward, payment, django_assert_max_num_queries):
    client = signed_in(steward)
    with django_assert_max_num_queries(8):
        client.get(reverse("ledger:payment", args=[payment]))


def test_the_receipt_prints_the_check_url_as_a_qr_code_and_the_short_code(signed_in, steward, payment, settings):
    settings.PUBLIC_BASE_URL = "https://youhe.example"
    context = receipts.receipt_context(receipts.payment_by_receipt("2024-000001"))
    token = payment.check_code.token
    assert context["qr_url"] == context["check_url"] == f"https://youhe.example/verify/receipt/{token}/"
    assert context["check_code"] == check_tokens.grouped(token)
    fingerprint = journal.fingerprint()
    assert context["fingerprint_short"].split() == [fingerprint[index : index + 4] for index in (0, 4, 8, 12)]
    client = signed_in(steward)
    html = client.get(reverse("ledger:payment", args=[payment])).content.decode()
    assert check_tokens.grouped(token) in html and 'class="qr"' in html
    text = re.sub(r"\s", "", pdf_text(client.get(reverse("ledger:receipt_pdf", args=[payment])).content))
    assert check_tokens.grouped(token) in text and fingerprint[:16] in text


def test_a_receipt_without_a_code_still_points_to_the_disclosure(household, plan, steward):
    pay(household, plan, steward, "50.00", check_code=False)
    context = receipts.receipt_context(receipts.payment_by_receipt("2024-000001"))
    assert context["check_code"] == "" and context["qr_url"].endswith("/disclosure/")


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("200.00", "贰佰元整"),
        ("140.00", "壹佰肆拾元整"),
        ("200.50", "贰佰元伍角整"),
        ("200.05", "贰佰元零伍分"),
        ("0.35", "叁角伍分"),
        ("1005.00", "壹仟零伍元整"),
        ("10000.00", "壹万元整"),
        ("100100.00", "壹拾万零壹佰元整"),
        ("1000000.00", "壹佰万元整"),
        ("1010.10", "壹仟零壹拾元壹角整"),
    ],
)
def test_amounts_in_capital_numerals(amount, words):
    assert receipts.amount_in_words(D(amount)) == words
