"""Receipt check (扫码验票): a receipt's QR code and printed code open its public page; a receipt without a code
is checked by number and amount; guessing is throttled per address; nothing personal is shown."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from ledger import check_tokens, journal, lookups, services
from ledger.models import Entry, LookupLock, Payment, ReceiptCheck, ReversalCategory
from tests.builders import field_codes, pay
from trustmgmt.disclosure.services import publish

D = Decimal


@pytest.fixture
def english():
    client = Client()
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def payment(household, plan, steward):
    return pay(household, plan, steward, "150.00", method="wechat", paid_on=date(2024, 3, 5))


def check_url(token: str) -> str:
    return reverse("verify:receipt", args=[token])


def writes() -> tuple:
    return (
        Payment.objects.count(),
        Entry.objects.count(),
        ReceiptCheck.objects.count(),
        ReversalCategory.objects.count(),
        LookupLock.objects.count(),
    )


# The page


def test_the_check_page_shows_the_receipt_and_nothing_personal(english, payment, household):
    token = payment.check_code.token
    response = english.get(check_url(token))
    assert response.status_code == 200
    html = response.content.decode()
    entry = payment.entries.get()
    for shown in ("2024-000001", "2024-03-05", "150.00", "WeChat Pay", "12-2-3**", "Valid", entry.hash):
        assert shown in html, shown
    assert f"no. {Entry.objects.filter(id__lte=entry.id).count()}" in html
    assert check_tokens.grouped(token) in html
    assert "It will be disclosed in the month 2024-03" in html
    for split in ("37.50", "67.50", "45.00"):  # 150 of 200 due, in proportion to 50/90/60
        assert split in html
    for private in (household.owner_name, household.phone, "12-2-301"):
        assert private not in html
    assert response["Cache-Control"] == "no-store"


def test_the_code_opens_the_page_however_it_is_typed(english, payment):
    token = payment.check_code.token
    for typed in (check_tokens.grouped(token), token.lower(), check_tokens.grouped(token).lower()):
        assert english.get(check_url(typed)).status_code == 200


def test_a_published_month_is_linked(english, payment, committee):
    publish(month=date(2024, 3, 1), by=committee)
    html = english.get(check_url(payment.check_code.token)).content.decode()
    assert 'href="/disclosure/2024/03/"' in html and "It is disclosed in the month" in html


def test_a_reversed_receipt_shows_the_date_and_category_not_the_reason(english, payment, steward):
    services.payment_reverse(payment=payment, reason="王堃说收错了", category="wrong_flat", by=steward)
    html = english.get(check_url(payment.check_code.token)).content.decode()
    assert "Reversed" in html and "Wrong flat" in html
    assert "王堃说收错了" not in html and "王堃" not in html
    reversal = Entry.objects.get(reverses__payment=payment)
    assert reversal.hash in html and reversal.value_date.isoformat() in html


def test_a_reversal_without_a_category_says_other(payment, steward):
    services.payment_reverse(payment=payment, reason="x", by=steward)
    assert lookups.receipt_check(payment.check_code.token).reversal_category == "Other"


def test_a_reversal_refuses_an_unknown_category_and_writes_nothing(payment, steward):
    from django.core.exceptions import ValidationError

    before = writes()
    with pytest.raises(ValidationError) as refused:
        services.payment_reverse(payment=payment, reason="x", category="because", by=steward)
    assert field_codes(refused.value) == {"category": ["category_invalid"]}
    assert writes() == before


@pytest.mark.parametrize(
    "token",
    ["0000000000000000", "ABCD-EFGH-JKMN-PQR", "U" * 16, "x", "%00", "'; DROP TABLE ledger_entry; --", "9" * 300],
)
def test_an_unknown_or_malformed_code_gets_a_clear_404_and_writes_nothing(english, payment, token):
    before = writes()
    response = english.get(check_url(token))
    assert response.status_code == 404
    html = response.content.decode()
    assert "No such receipt" in html and "tell the owners' committee" in html
    assert writes() == before


def test_guessing_codes_is_throttled_per_address(english, payment, settings):
    settings.VERIFY_FAILURES_PER_HOUR = 3
    statuses = [english.get(check_url(f"{n:016d}")).status_code for n in range(4)]
    assert statuses == [404, 404, 404, 429]
    refused = english.get(check_url(payment.check_code.token))
    assert refused.status_code == 429 and "try again" in refused.content.decode()
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert other.get(check_url(payment.check_code.token)).status_code == 200


def test_valid_checks_do_not_count_toward_the_throttle(english, payment, settings):
    settings.VERIFY_FAILURES_PER_HOUR = 2
    for _ in range(5):
        assert english.get(check_url(payment.check_code.token)).status_code == 200


def test_the_page_takes_at_most_six_queries(english, payment, steward, django_assert_max_num_queries):
    services.payment_reverse(payment=payment, reason="x", category="duplicate", by=steward)
    with django_assert_max_num_queries(6):
        assert english.get(check_url(payment.check_code.token)).status_code == 200


def test_the_typed_code_form_leads_to_the_page(english, payment):
    token = payment.check_code.token
    response = english.get(reverse("verify:receipt_start"), {"code": check_tokens.grouped(token).lower()})
    assert response.status_code == 302 and response["Location"] == check_url(token)


@pytest.mark.parametrize("code", ["", "ABC", "ABCD-EFGH-JKMN-PQRU", "<script>"])
def test_a_malformed_typed_code_gets_a_clear_message(english, payment, code):
    response = english.get(reverse("verify:receipt_start"), {"code": code})
    assert response.status_code == 200
    assert "A check code has 16 letters and digits" in response.content.decode()


# Number and amount, for a receipt without a code


def match(client, receipt_no, amount):
    return client.post(reverse("verify:receipt_start"), {"receipt_no": receipt_no, "amount": amount})


def answer(response) -> str:
    html = response.content.decode()
    if "Does not match" in html:
        return "no"
    return "yes" if "Matches" in html else "none"


def test_number_and_amount_match_or_not_and_say_nothing_else(english, payment, household):
    assert answer(match(english, "2024-000001", "150.00")) == "yes"
    assert answer(match(english, "2024-1", "150")) == "yes"
    assert answer(match(english, "2024-000001", "150.01")) == "no"
    assert answer(match(english, "2024-000002", "150.00")) == "no"
    html = match(english, "2024-000001", "150.00").content.decode()
    for private in ("12-2-3", household.owner_name, "WeChat", "2024-03-05", payment.entries.get().hash):
        assert private not in html


def test_a_reversed_receipt_does_not_match(english, payment, steward):
    services.payment_reverse(payment=payment, reason="x", by=steward)
    assert answer(match(english, "2024-000001", "150.00")) == "no"


@pytest.mark.parametrize(
    ("receipt_no", "amount", "message"),
    [
        ("", "150.00", "Type the receipt number as printed"),
        ("2024/1", "150.00", "Type the receipt number as printed"),
        ("24-000001", "150.00", "Type the receipt number as printed"),
        ("2024-000001", "", "Type the amount in yuan as printed"),
        ("2024-000001", "150.005", "Type the amount in yuan as printed"),
        ("2024-000001", "abc", "Type the amount in yuan as printed"),
        ("2024-000001", "-5", "Ensure this value is greater than or equal to 0.01"),
    ],
)
def test_bad_input_to_the_number_form_gets_a_clear_message(english, payment, receipt_no, amount, message):
    before = writes()
    response = match(english, receipt_no, amount)
    assert response.status_code == 200 and answer(response) == "none"
    assert message in response.content.decode()
    assert writes() == before


def test_trying_numbers_is_throttled_per_address(english, payment, settings):
    settings.VERIFY_FAILURES_PER_HOUR = 2
    assert [match(english, f"2024-{n}", "150.00").status_code for n in (5, 6, 7)] == [200, 200, 429]


def test_the_hash_shown_is_the_one_the_chain_verifies(payment):
    checked, broken = journal.verify()
    assert broken is None
    found = lookups.receipt_check(payment.check_code.token)
    assert found.entry.hash == payment.entries.get().hash and found.entry.position == checked
