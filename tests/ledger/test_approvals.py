"""The committee's page of spending above the threshold: approve, or reject with a reason."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from ledger import services
from ledger.models import Entry, ExpenditureStatus, Kind
from tests.builders import fund

D = Decimal
APPROVALS = reverse("ledger:approvals")


@pytest.fixture
def pending(steward, db):
    fund(steward, "1280.00", pools=["maintenance"])  # approving may not overdraw the pool
    return services.expenditure_record(
        spent_on=date(2024, 5, 2),
        pool="maintenance",
        payee="宁波海曙安居维修",
        amount=D("1280.00"),
        description="更换二号楼水泵",
        recorded_by=steward,
    )


def approve_url(expenditure):
    return reverse("ledger:expenditure_approve", args=[expenditure.pk])


def reject_url(expenditure):
    return reverse("ledger:expenditure_reject", args=[expenditure.pk])


def test_anonymous_visitors_are_sent_to_log_in(client, pending):
    assert client.get(APPROVALS)["Location"].startswith(reverse("login"))
    assert client.post(approve_url(pending))["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("user", ["outsider", "steward"])
def test_only_the_committee_decides(signed_in, request, pending, user):
    client = signed_in(request.getfixturevalue(user))
    assert client.get(APPROVALS).status_code == 403
    assert client.post(approve_url(pending)).status_code == 403
    assert client.post(reject_url(pending), {"reason": "no"}).status_code == 403
    pending.refresh_from_db()
    assert pending.status == ExpenditureStatus.PENDING and not Entry.objects.filter(expenditure=pending).exists()


def test_the_page_lists_what_waits(signed_in, committee, pending):
    response = signed_in(committee).get(APPROVALS)
    html = response.content.decode()
    assert response.status_code == 200 and "宁波海曙安居维修" in html and "1,280.00" in html
    assert approve_url(pending) in html and reject_url(pending) in html


def test_approving_posts_it(signed_in, committee, pending):
    client = signed_in(committee)
    response = client.post(approve_url(pending))
    assert response["Location"] == APPROVALS
    pending.refresh_from_db()
    assert (pending.status, pending.decided_by) == (ExpenditureStatus.POSTED, committee)
    assert Entry.objects.get(expenditure=pending, kind=Kind.EXPENDITURE).maintenance == D("-1280.00")
    assert "Approved and posted" in client.get(response["Location"]).content.decode()


def test_approving_from_its_page_goes_back_there(signed_in, committee, pending):
    response = signed_in(committee).post(approve_url(pending), {"next": "page", "note": "已核对发票"})
    assert response["Location"] == reverse("ledger:expenditure", args=[pending.pk])
    pending.refresh_from_db()
    assert pending.decision_note == "已核对发票"


def test_rejecting_needs_a_reason_and_posts_nothing(signed_in, committee, pending):
    client = signed_in(committee)
    response = client.post(reject_url(pending), {"reason": ""})
    assert response.status_code == 200 and "This field is required." in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == ExpenditureStatus.PENDING
    response = client.post(reject_url(pending), {"reason": "报价太高，请再询价"})
    assert response["Location"] == APPROVALS
    pending.refresh_from_db()
    assert (pending.status, pending.decision_note) == (ExpenditureStatus.REJECTED, "报价太高，请再询价")
    assert not Entry.objects.filter(expenditure=pending).exists()


def test_whoever_recorded_it_may_not_approve_it(signed_in, committee, committee2):
    fund(committee, "900.00", pools=["garbage"])
    own = services.expenditure_record(
        spent_on=date(2024, 5, 2),
        pool="garbage",
        payee="环卫处",
        amount=D("900.00"),
        description="清运",
        recorded_by=committee,
    )
    client = signed_in(committee)
    assert "You recorded this one" in client.get(APPROVALS).content.decode()
    response = client.post(approve_url(own), follow=True)
    assert "Someone other than the person who recorded it must approve it." in response.content.decode()
    own.refresh_from_db()
    assert own.status == ExpenditureStatus.PENDING
    signed_in(committee2).post(approve_url(own))
    own.refresh_from_db()
    assert own.status == ExpenditureStatus.POSTED


def test_a_decided_expenditure_is_not_decided_again(signed_in, committee, committee2, pending):
    signed_in(committee).post(approve_url(pending))
    response = signed_in(committee2).post(reject_url(pending), {"reason": "late"}, follow=True)
    assert "This expenditure has already been decided." in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == ExpenditureStatus.POSTED


def test_approvals_only_by_post(signed_in, committee, pending):
    assert signed_in(committee).get(approve_url(pending)).status_code == 405
