"""The report's rules hold in the database too, whoever writes: going around the services is refused."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from repairs.models import FaultReport
from tests.builders import fault_report


@pytest.fixture
def waiting(household):
    return fault_report()


@pytest.mark.parametrize(
    "change",
    [
        {"contact": ""},
        {"triage": "lost"},
        {"triage": "accepted"},  # triaged by nobody, at no time
        {"triaged_at": timezone.now()},  # a time without a triage
        {"triage": "declined", "public_reason": ""},  # (with who and when below)
        {"triage": "merged"},  # merged into nothing
    ],
)
def test_the_database_refuses_an_incomplete_triage(waiting, steward, change):
    if change.get("triage") in ("declined", "merged"):
        change = {**change, "triaged_by": steward, "triaged_at": timezone.now()}
    with pytest.raises(IntegrityError), transaction.atomic():
        FaultReport.objects.filter(pk=waiting.pk).update(**change)


def test_the_database_refuses_a_report_merged_into_its_own_order(waiting, steward):
    with pytest.raises(IntegrityError), transaction.atomic():
        FaultReport.objects.filter(pk=waiting.pk).update(
            triage="merged", merged_into=waiting.order, triaged_by=steward, triaged_at=timezone.now()
        )


def test_two_reports_never_share_a_reference(household):
    first, second = fault_report(), fault_report()
    with pytest.raises(IntegrityError), transaction.atomic():
        FaultReport.objects.filter(pk=second.pk).update(reference=first.reference)
