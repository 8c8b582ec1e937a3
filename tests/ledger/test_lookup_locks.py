"""Locks on the own-flat lookup, for the staff: the steward and the committee see them and lift one."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from ledger import lookups, services
from ledger.models import LookupLock
from trustmgmt.base.refusals import codes

URL = reverse("ledger:lookup_locks")


def lock(flat: str) -> None:
    for _ in range(5):
        services.lookup_failure_record(flat=flat)


def test_the_fifth_wrong_try_locks_the_flat_for_an_hour(db, settings):
    settings.LOOKUP_LOCK_MINUTES = 60
    assert [services.lookup_failure_record(flat="3-1-101") for _ in range(5)] == [False] * 4 + [True]
    row = LookupLock.objects.get(flat="3-1-101")
    assert timedelta(minutes=59) < row.locked_until - timezone.now() <= timedelta(minutes=60)
    assert lookups.lookup_locked("3-1-101") and not lookups.lookup_locked("3-1-102")


def test_a_flat_locked_again_later_keeps_one_row(db):
    lock("3-1-101")
    later = timezone.now() + timedelta(hours=2)
    for _ in range(5):
        services.lookup_failure_record(flat="3-1-101", now=later)
    assert LookupLock.objects.count() == 1
    assert lookups.lookup_locked("3-1-101", now=later + timedelta(minutes=30))


@pytest.mark.parametrize("role", ["steward", "committee"])
def test_staff_see_the_locks_and_lift_one(signed_in, request, role):
    user = request.getfixturevalue(role)
    lock("12-2-301")
    lock("77-7-777")
    client = signed_in(user)
    html = client.get(URL).content.decode()
    assert "12-2-301" in html and "77-7-777" in html
    response = client.post(URL, {"flat": "12-2-301"})
    assert response.status_code == 302
    assert not lookups.lookup_locked("12-2-301") and lookups.lookup_locked("77-7-777")
    lifted = LookupLock.objects.get(flat="12-2-301")
    assert lifted.lifted_by == user and lifted.lifted_at is not None
    assert "is open again" in client.get(URL).content.decode()
    # Lifting starts the count afresh: one more wrong try does not lock it again at once.
    assert services.lookup_failure_record(flat="12-2-301") is False


def test_lifting_a_flat_that_is_not_locked_is_refused_and_writes_nothing(signed_in, steward):
    lock("12-2-301")
    before = list(LookupLock.objects.values_list("flat", "locked_until", "lifted_at"))
    response = signed_in(steward).post(URL, {"flat": "12-2-302"})
    assert response.status_code == 200 and "is not locked" in response.content.decode()
    assert list(LookupLock.objects.values_list("flat", "locked_until", "lifted_at")) == before


def test_only_staff_may_lift(db, outsider):
    lock("12-2-301")
    with pytest.raises(ValidationError) as refused:
        services.lookup_lock_lift(flat="12-2-301", by=outsider)
    assert codes(refused.value) == ["cannot_lift"]
    assert lookups.lookup_locked("12-2-301")


def test_outsiders_and_visitors_do_not_see_the_page(client, signed_in, outsider):
    assert client.get(URL)["Location"].startswith(reverse("login"))
    assert signed_in(outsider).get(URL).status_code == 403
    assert signed_in(outsider).post(URL, {"flat": "12-2-301"}).status_code == 403


def test_no_lock_no_list(signed_in, committee):
    assert "No flat's lookup is locked" in signed_in(committee).get(URL).content.decode()
