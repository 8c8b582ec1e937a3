"""The committee approves spending above the threshold that the steward recorded."""

from datetime import date
from decimal import Decimal

from django.contrib.auth.models import User

from ledger import services
from ledger.models import Entry, Expenditure, ExpenditureStatus
from tests.builders import fund
from tests.e2e.browser import log_in, watch_console


def test_the_committee_approves_an_expenditure(complex_, context_factory):
    fund(User.objects.get(username="committee"), "1860.00", pools=["maintenance"], on=date.today())  # not overdrawn
    pending = services.expenditure_record(
        spent_on=date.today(),
        pool="maintenance",
        payee="宁波某防水工程公司",
        amount=Decimal("1860.00"),
        description="3 幢屋面防水修补",
        recorded_by=User.objects.get(username="steward"),
    )
    assert pending.status == ExpenditureStatus.PENDING
    entries = Entry.objects.count()

    page = context_factory().new_page()
    errors = watch_console(page)
    log_in(page, "committee", "demo-committee-2024")
    page.goto("/ledger/expenditures/pending/")
    row = page.locator(f"form[action='/ledger/expenditures/{pending.pk}/approve/']")
    assert "3 幢屋面防水修补" in page.content()
    with page.expect_navigation():
        row.locator("button[type=submit]").click()

    pending.refresh_from_db()
    assert pending.status == ExpenditureStatus.POSTED
    assert pending.decided_by.username == "committee"
    assert Entry.objects.count() == entries + 1
    assert not Expenditure.objects.filter(pk=pending.pk, status=ExpenditureStatus.PENDING).exists()
    assert not errors, errors
