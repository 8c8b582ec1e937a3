"""The staff pages of where the money sits (day-close, deposits, statement upload, matching, reconciliation,
advances, settling a collection account) on a phone and on a desk's screen: nothing scrolls sideways, axe-core
finds nothing serious, the browser reports no error; and the steward settles WeChat Pay through the form."""

import os
from pathlib import Path

import pytest

from tests.e2e.browser import log_in, scroll_width, serious_axe_violations, watch_console
from trustmgmt.base.dates import add_months, this_month

# Set E2E_SHOTS to a folder to keep a screenshot of each page (what the brief asks a person to look at).
SHOTS = os.environ.get("E2E_SHOTS")
WIDTHS = [360, 1280]


@pytest.fixture
def transactional_db(public_complex):
    """Read only, apart from the last test's settlement: the module shares one complex (see public_complex)."""


def staff_pages() -> dict[str, list[str]]:
    month = add_months(this_month(), -1)
    reconciliation = f"/ledger/accounts/reconciliation/{month.year}/{month.month:02d}/"
    return {
        "steward": [
            "/ledger/accounts/",
            "/ledger/day-close/",
            "/ledger/accounts/deposit/",
            "/ledger/accounts/settlement/",
        ],
        "committee": ["/ledger/accounts/", "/ledger/accounts/statements/", "/ledger/accounts/advance/", reconciliation],
    }


PASSWORDS = {"steward": "demo-steward-2024", "committee": "demo-committee-2024"}


@pytest.mark.parametrize("role", ["steward", "committee"])
@pytest.mark.parametrize("width", WIDTHS)
def test_the_accounts_pages_fit_and_pass_axe(public_complex, context_factory, axe_source, role, width):
    page = context_factory(viewport={"width": width, "height": 900}).new_page()
    errors = watch_console(page)
    log_in(page, role, PASSWORDS[role])
    for url in staff_pages()[role]:
        response = page.goto(url)
        assert response.status == 200, url
        scroll = scroll_width(page)
        assert scroll <= width, f"{url} at {width} px scrolls sideways: {scroll} px"
        if SHOTS:
            name = url.strip("/").replace("/", "-")
            page.screenshot(path=str(Path(SHOTS) / f"{role}-{name}-{width}.png"), full_page=True)
        problems = serious_axe_violations(page, axe_source)
        assert not problems, f"{url} at {width} px:\n" + "\n".join(problems)
    assert not errors, f"the browser reported: {errors}"


def test_the_steward_settles_wechat_pay_on_a_phone(public_complex, context_factory):
    from decimal import Decimal

    from django.contrib.auth.models import User
    from django.utils import timezone

    from ledger import figures
    from ledger.accounts import selectors
    from ledger.models import Account, AccountKind, FeePlan, Transfer
    from tests.builders import pay

    steward = User.objects.get(username="steward")
    owing = figures.arrears(FeePlan.objects.order_by("-year").first()).first()
    today = timezone.localdate()
    amount = str(min(Decimal("50.00"), owing.outstanding))
    pay(owing.household, owing.fee_plan, steward, amount, method="wechat", paid_on=today)  # lands in WeChat Pay
    collection = Account.objects.get(kind=AccountKind.COLLECTION)
    held = selectors.book_balance(collection, today)
    page = context_factory(viewport={"width": 360, "height": 800}, is_mobile=True, has_touch=True).new_page()
    errors = watch_console(page)
    log_in(page, "steward", PASSWORDS["steward"])
    page.goto("/ledger/accounts/settlement/")
    page.fill("input[name=amount]", str(held - Decimal("0.60")))
    page.fill("input[name=fee]", "0.60")
    page.fill("input[name=reference]", "WXE2E0001")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert page.url.endswith("/ledger/accounts/settlement/")
    assert "WXE2E0001" in page.content()
    assert Transfer.objects.filter(kind="settlement", slip_number="WXE2E0001").exists()
    assert not errors, f"the browser reported: {errors}"
