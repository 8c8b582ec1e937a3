import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from ledger import journal
from ledger.inspections import selectors as inspection_selectors
from ledger.models import Due, Entry, FeePlan, Household, InspectionRequest, Payment, PublicVoucher
from repairs.models import FaultReport


def test_it_builds_a_complex_and_prints_the_logins(db, capsys):
    call_command("seed_demo", households=30, years=2)
    out = capsys.readouterr().out
    assert "steward" in out and "demo-steward-2024" in out and "committee" in out
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
