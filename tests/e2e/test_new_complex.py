"""Starting a real complex in the browser, from nothing: a committee member sets the fee plans, uploads the
households (a file with a bad row first, then a good one) and last year's payments, and publishes the first
month; then the steward's first day at the desk. Each new page is checked at 360 px and by axe-core."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from ledger import services
from ledger.models import Due, FeePlan, Household, ImportStatus, LedgerImport, Payment, Publication
from tests.e2e.browser import log_in, scroll_width, serious_axe_violations, watch_console

PHONE = {"viewport": {"width": 360, "height": 800}, "device_scale_factor": 1, "is_mobile": True, "has_touch": True}
HOUSEHOLDS = "building,unit,room,owner_name,phone,occupancy,area\n"
GOOD_FLATS = (
    HOUSEHOLDS + "1,1,101,张三,13800000001,occupied,89.5\n1,1,102,李四,,vacant,\n1,1,201,王五,13900000003,occupied,\n"
)
# The third row's room is not a number, the fourth repeats the first flat.
BAD_FLATS = HOUSEHOLDS + "1,1,101,张三,13800000001,occupied,\n1,1,二零一,王五,,occupied,\n1,1,101,张三,,occupied,\n"


def user(username: str, role: str, password: str) -> User:
    person = User.objects.create_user(username=username, password=password, first_name=username)
    person.groups.add(Group.objects.get(name=role))
    return person


def fits_a_phone(page) -> bool:
    return scroll_width(page) <= 360


def submit(page, selector: str = "main form.form button[type=submit]") -> None:
    with page.expect_navigation():
        page.click(selector)


@pytest.mark.django_db(transaction=True)
def test_a_committee_member_starts_a_complex_from_nothing(live_server, context_factory, axe_source, tmp_path):
    user("chair", "committee", "chair-password-2024")
    last_year = timezone.localdate().year - 1
    page = context_factory(**PHONE).new_page()
    errors = watch_console(page)
    seen: list[str] = []
    log_in(page, "chair", "chair-password-2024")

    # The dashboard of an empty complex points to the getting-started page.
    page.goto("/ledger/")
    submit(page, "main .getting-started a[href='/ledger/start/']")
    assert page.locator("main ol.setup-steps > li").count() == 5
    seen += serious_axe_violations(page, axe_source)

    # Fee plans: this year as offered, then last year, for the old ledger's receipts.
    page.click("main a[href='/ledger/fee-plans/']")
    page.wait_for_url("**/ledger/fee-plans/")
    assert page.input_value("input[name=year]") == str(last_year + 1)
    submit(page, "main form.fee-plan-form button[type=submit]")
    page.click(f"main a[href='?year={last_year}#id_year']")
    page.wait_for_url(f"**/ledger/fee-plans/?year={last_year}*")
    assert page.input_value("input[name=year]") == str(last_year)
    submit(page, "main form.fee-plan-form button[type=submit]")
    assert sorted(FeePlan.objects.values_list("year", flat=True)) == [last_year, last_year + 1]
    assert fits_a_phone(page)

    # Households: a file with bad rows is refused, each with its line, and nothing is written.
    page.goto("/ledger/start/")
    submit(page, "main a[href='/ledger/imports/households/']")
    (tmp_path / "bad.csv").write_bytes(BAD_FLATS.encode("gbk"))
    page.set_input_files("input[name=file]", str(tmp_path / "bad.csv"))
    submit(page)
    problems = page.locator("main .import-problems li")
    assert problems.count() == 2
    assert "3" in problems.nth(0).locator(".line").inner_text() and "二零一" in problems.nth(0).inner_text()
    assert "4" in problems.nth(1).locator(".line").inner_text()
    assert Household.objects.count() == 0 and LedgerImport.objects.count() == 0
    assert fits_a_phone(page)
    seen += serious_axe_violations(page, axe_source)

    # The corrected file: the preview shows what will be created, and nothing is written until the confirm.
    (tmp_path / "households.csv").write_bytes(GOOD_FLATS.encode("utf-8-sig"))
    page.set_input_files("input[name=file]", str(tmp_path / "households.csv"))
    submit(page)
    assert page.locator("main .import-rows tbody tr").count() == 3
    assert "1-1-102" in page.locator("main .import-rows").inner_text()
    assert Household.objects.count() == 0
    assert fits_a_phone(page)
    seen += serious_axe_violations(page, axe_source)
    submit(page, "main form[action='/ledger/imports/households/confirm/'] button")
    assert page.url.endswith("/ledger/start/")
    assert Household.objects.count() == 3
    assert Due.objects.filter(fee_plan__year=last_year).count() == 3

    # Last year's payments, from an Excel workbook.
    from openpyxl import Workbook

    workbook = Workbook()
    for row in (
        ["household", "fee_year", "paid_on", "amount", "method", "receipt_no"],
        ["1-1-101", last_year, date(last_year, 1, 8), 200, "cash", f"{last_year}-000001"],
        ["1-1-102", last_year, date(last_year, 1, 9), 140, "bank", ""],
        ["1-1-201", last_year, date(last_year, 2, 3), 100, "wechat", ""],
    ):
        workbook.active.append(row)
    workbook.save(tmp_path / "payments.xlsx")
    page.goto("/ledger/imports/payments/")
    page.set_input_files("input[name=file]", str(tmp_path / "payments.xlsx"))
    submit(page)
    totals = page.locator("main .import-preview table").first.inner_text()
    assert str(last_year) in totals and "440.00" in totals
    assert Payment.objects.count() == 0
    submit(page, "main form[action='/ledger/imports/payments/confirm/'] button")
    assert sorted(Payment.objects.values_list("receipt_number", flat=True)) == [1, 2, 3]
    assert LedgerImport.objects.filter(status=ImportStatus.CONFIRMED).count() == 2

    # Publish the first month: January of last year, when the first receipts were issued.
    page.goto("/documents/")
    submit(page, "main form[action='/documents/publish/'] button[type=submit]")
    assert list(Publication.objects.values_list("month", flat=True)) == [date(last_year, 1, 1)]
    assert f"/disclosure/{last_year}/01/" in page.url
    page.goto("/ledger/start/")
    assert page.locator("main li.setup-step.done").count() == 4  # no expenditures imported

    assert not seen, "\n".join(seen)
    assert not errors, errors


@pytest.mark.django_db(transaction=True)
def test_the_stewards_first_day(live_server, context_factory, axe_source):
    """Log in, the desk, record a payment, the receipt, and the day's total to count the cash against."""
    user("steward1", "steward", "steward-password-2024")
    services.fee_plan_create(year=timezone.localdate().year)
    flat = services.household_create(building=3, unit=1, room=402, owner_name="赵六", occupancy="occupied")

    page = context_factory(**PHONE).new_page()
    errors = watch_console(page)
    log_in(page, "steward1", "steward-password-2024")
    if "/ledger/desk/" not in page.url:
        page.goto("/ledger/desk/")
    page.fill("input[name=q]", "3-1-402")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/ledger/households/{flat.label}/")
    assert Decimal(page.input_value("input[name=amount]")) == Decimal("200.00")
    with page.expect_navigation():
        page.click("form.pay-form button[type=submit]")
    payment = Payment.objects.get()
    assert payment.receipt_no in page.content()

    receipt = page.request.get(page.get_attribute("a[href$='receipt.pdf']", "href"))
    assert receipt.status == 200 and receipt.body().startswith(b"%PDF")

    page.goto("/ledger/desk/")
    today = page.locator("main .desk-today")
    assert payment.receipt_no in today.inner_text() and "200.00" in today.inner_text()
    assert fits_a_phone(page)
    assert not serious_axe_violations(page, axe_source)
    assert not errors, errors
