from datetime import timedelta

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.utils import timezone

from ledger import journal, receipts
from ledger.demo import DESK_HOURS
from ledger.inspections import selectors as inspection_selectors
from ledger.models import (
    Budget,
    Due,
    Entry,
    FeePlan,
    FeeYearClosing,
    Household,
    InspectionRequest,
    Payment,
    Publication,
    PublicVoucher,
)
from repairs.models import FaultReport
from trustmgmt.base.dates import last_day


def test_it_builds_a_complex_on_its_own_dates_and_prints_the_logins(db, capsys):
    call_command("seed_demo", households=30, years=2)
    out = capsys.readouterr().out
    assert "steward" in out and "demo-steward-2024" in out and "committee" in out
    assert "… publishing every ended month" in out  # it says what it is doing
    assert Household.objects.count() == 30
    assert Household.objects.filter(occupancy="vacant").exists()
    assert FeePlan.objects.count() == 2 and Due.objects.count() == 60
    assert Payment.objects.count() > 30
    assert journal.verify()[1] is None
    # Owners' inspection requests: answered in time, one late, one open; two vouchers public.
    counts = inspection_selectors.counts()
    assert (counts.asked, counts.open, counts.answered - counts.on_time) == (5, 1, 1)
    assert PublicVoucher.objects.filter(public=True).count() == 2
    # Residents' fault reports in every state, each on its own dates.
    reports = FaultReport.objects.select_related("order").order_by("reported_at")
    assert {(report.triage, report.order.status) for report in reports} == {
        ("pending", "reported"),  # awaiting the steward's check
        ("accepted", "reported"),  # accepted, waiting for the contractor
        ("accepted", "assigned"),  # with the contractor
        ("merged", "cancelled"),  # a duplicate of the one with the contractor
        ("declined", "cancelled"),  # with its public reason
        ("accepted", "accepted"),  # fixed
    }
    assert len({report.reported_at.date() for report in reports}) == len(reports) == 7
    assert authenticate(username="steward", password="demo-steward-2024") is not None
    _history_is_on_its_own_dates()


def _history_is_on_its_own_dates():
    """Receipts at the desk on their payment days, months published after they ended, budgets approved before
    their year, years closed after theirs; nothing stamped later than now, nothing on today's desk."""
    now = timezone.now()
    for payment in Payment.objects.all():
        stamped = timezone.localtime(payment.created_at)
        assert stamped.date() == payment.paid_on, payment
        assert any(opens <= stamped.time() < closes for opens, closes in DESK_HOURS), stamped
    assert len({timezone.localdate(entry.created_at) for entry in Entry.objects.all()}) > 100
    published = list(Publication.objects.order_by("month"))
    assert len(published) >= 12
    for publication in published:
        assert timezone.localdate(publication.published_at) > last_day(publication.month), publication.month
    assert timezone.localdate(published[0].published_at) <= last_day(published[0].month) + timedelta(days=3)
    for budget in Budget.objects.filter(status="approved").select_related("fee_plan"):
        assert timezone.localdate(budget.approved_at) < budget.fee_plan.starts_on
    for closing in FeeYearClosing.objects.select_related("fee_plan"):
        assert timezone.localdate(closing.closed_at) > closing.fee_plan.ends_on
    for model, field in ((Entry, "created_at"), (Payment, "created_at"), (Publication, "published_at")):
        assert not model.objects.filter(**{f"{field}__gt": now}).exists(), model
    steward = User.objects.get(username="steward")
    assert receipts.today_at_desk(steward, timezone.localdate())["count"] == 0


def test_running_it_again_changes_nothing(db, capsys):
    call_command("seed_demo", households=12, years=1)
    before = (
        Household.objects.count(),
        Entry.objects.count(),
        journal.fingerprint(),
        InspectionRequest.objects.count(),
    )
    call_command("seed_demo", households=12, years=1)
    after = (Household.objects.count(), Entry.objects.count(), journal.fingerprint(), InspectionRequest.objects.count())
    assert after == before
    assert "left as it is" in capsys.readouterr().out


@pytest.mark.parametrize("args", [["--households", "0"], ["--years", "0"], ["--households", "many"]])
def test_it_refuses_bad_options(db, args):
    with pytest.raises((CommandError, SystemExit)):
        call_command("seed_demo", *args)
    assert Household.objects.count() == 0
