"""publish_months: every ended month up to --through, in order, as a committee member; all or nothing."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from ledger import services
from ledger.models import Publication
from trustmgmt.base import clock
from trustmgmt.disclosure.services import publish


def test_it_publishes_every_month_up_to_the_one_named(ledger, committee, capsys):
    call_command("publish_months", "--through", "2024-02", "--by", "committee")
    assert list(Publication.objects.order_by("month").values_list("month", flat=True)) == [
        date(2024, 1, 1),
        date(2024, 2, 1),
    ]
    assert all(p.published_by == committee and p.document["pools"] for p in Publication.objects.all())
    assert "Published 2 month(s), 2024-01 to 2024-02, as committee" in capsys.readouterr().out


def test_it_publishes_empty_months_between(ledger, committee):
    call_command("publish_months", "--through", "2024-04", "--by", "committee")
    assert Publication.objects.count() == 4


def test_it_goes_on_from_the_last_published_month(ledger, committee):
    publish(month=date(2024, 1, 1), by=committee)
    call_command("publish_months", "--through", "2024-03", "--by", "committee")
    assert Publication.objects.count() == 3


@pytest.mark.parametrize(
    ("through", "by", "message"),
    [
        ("2024-02", "steward", "steward may not publish months"),
        ("2024-02", "outsider", "outsider may not publish months"),
        ("2024-02", "nobody", "There is no user “nobody”"),
        ("2099-01", "committee", "2099-01 has not ended yet"),
        ("2024-2", "committee", "not a month written as YYYY-MM"),
        ("2024-13", "committee", "not a month written as YYYY-MM"),
        ("may", "committee", "not a month written as YYYY-MM"),
        ("2023-12", "committee", "Nothing is disclosed in any month up to 2023-12"),
    ],
)
def test_a_bad_request_writes_nothing(ledger, committee, steward, outsider, through, by, message):
    with pytest.raises(CommandError, match=message):
        call_command("publish_months", "--through", through, "--by", by)
    assert Publication.objects.count() == 0


def test_the_current_month_has_not_ended(ledger, committee):
    """Today's month in the complex's time zone, whatever the date the suite runs on."""
    this_month = f"{clock.today():%Y-%m}"
    with pytest.raises(CommandError, match=f"{this_month} has not ended yet"):
        call_command("publish_months", "--through", this_month, "--by", "committee")
    assert Publication.objects.count() == 0


def test_an_inactive_committee_member_may_not(ledger, committee):
    committee.is_active = False
    committee.save()
    with pytest.raises(CommandError, match="may not publish"):
        call_command("publish_months", "--through", "2024-02", "--by", "committee")
    assert Publication.objects.count() == 0


def test_a_month_already_published_is_refused(ledger, committee):
    publish(month=date(2024, 1, 1), by=committee)
    publish(month=date(2024, 2, 1), by=committee)
    with pytest.raises(CommandError, match="2024-02 is already published"):
        call_command("publish_months", "--through", "2024-02", "--by", "committee")
    assert Publication.objects.count() == 2


def test_a_refusal_midway_undoes_the_months_before_it(ledger, committee, monkeypatch):
    from trustmgmt.disclosure import services as publishing

    original = publishing.publish

    def publish_then_fail(*, month, by):
        if month == date(2024, 2, 1):
            raise services.ValidationError("the ledger refused")
        return original(month=month, by=by)

    monkeypatch.setattr(publishing, "publish", publish_then_fail)
    with pytest.raises(CommandError, match="the ledger refused"):
        call_command("publish_months", "--through", "2024-02", "--by", "committee")
    assert Publication.objects.count() == 0


def test_later_entries_dated_in_a_published_month_go_to_the_next_one(ledger, committee, steward):
    call_command("publish_months", "--through", "2024-02", "--by", "committee")
    entry = services.opening_balance_record(
        value_date=date(2024, 1, 5), amounts={"electricity": Decimal("1.00")}, memo="", by=steward
    )
    assert entry.period == date(2024, 3, 1)


def test_it_has_help():
    with pytest.raises(SystemExit):
        call_command("publish_months", "--help")
