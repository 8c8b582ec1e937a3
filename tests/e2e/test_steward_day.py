"""The steward's day: log in, find a household, record its payment in one step, print the receipt."""

from decimal import Decimal

from ledger import figures
from ledger.models import FeePlan, Payment
from tests.e2e.browser import log_in, watch_console


def test_the_steward_records_a_payment_and_prints_the_receipt(complex_, context_factory):
    plan = FeePlan.objects.order_by("-year").first()
    due = figures.arrears(plan).first()
    household = due.household
    payments = Payment.objects.count()

    page = context_factory().new_page()
    errors = watch_console(page)
    log_in(page, "steward", "demo-steward-2024")

    page.goto("/ledger/desk/")
    page.fill("input[name=q]", household.label)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    if f"/ledger/households/{household.label}/" not in page.url:  # a list of matches: pick the flat
        page.click(f"a[href='/ledger/households/{household.label}/']")
        page.wait_for_url(f"**/ledger/households/{household.label}/**")

    amount = page.input_value("input[name=amount]")
    assert Decimal(amount) > 0, "the form should offer what is still owed"
    with page.expect_navigation():
        page.click("form.pay-form button[type=submit]")

    assert Payment.objects.count() == payments + 1
    payment = Payment.objects.order_by("-id").first()
    assert payment.household == household and payment.amount == Decimal(amount)
    assert payment.receipt_no in page.content()

    response = page.request.get(page.get_attribute("a[href$='receipt.pdf']", "href"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    assert not errors, errors
