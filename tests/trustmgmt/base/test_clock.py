"""The clock the services stamp with: the real time unless a moment is set, and only while it is set."""

from datetime import date, datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from ledger import services
from ledger.models import Entry, Payment
from repairs.models import WorkOrder
from tests.builders import pay, spend
from trustmgmt.base import clock
from trustmgmt.base.refusals import codes

MOMENT = timezone.make_aware(datetime(2024, 3, 5, 9, 41, 7))


def test_it_is_the_real_time_when_nothing_is_set():
    before = timezone.now()
    assert before <= clock.now() <= timezone.now()
    assert clock.today() == timezone.localdate()
    assert not clock.is_set()


def test_a_moment_holds_inside_and_is_gone_after():
    with clock.at(MOMENT) as moment:
        assert moment == MOMENT and clock.now() == MOMENT and clock.today() == date(2024, 3, 5)
        with clock.at(date(2023, 12, 31)):
            assert clock.now() == timezone.make_aware(datetime(2023, 12, 31, 12))
        assert clock.now() == MOMENT
    assert not clock.is_set()
    assert abs(clock.now() - timezone.now()) < timedelta(seconds=5)


def test_a_moment_on_a_day_is_never_later_than_now():
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert clock.moment(tomorrow, time(9)) <= timezone.now()
    assert clock.moment(date(2024, 3, 5), time(9, 30)) == timezone.make_aware(datetime(2024, 3, 5, 9, 30))


def test_services_stamp_the_moment_set(household, plan, steward, committee, funded):
    with clock.at(MOMENT):
        payment = pay(household, plan, steward, "200.00", paid_on=date(2024, 3, 5))
        expenditure = spend(steward, "900.00", pool="maintenance", spent_on=date(2024, 3, 5))
    later = MOMENT + timedelta(hours=10)
    with clock.at(later):
        services.expenditure_approve(expenditure=expenditure, by=committee, note="")
    payment = Payment.objects.get(pk=payment.pk)
    assert payment.created_at == MOMENT
    assert Entry.objects.get(payment=payment, kind="payment").created_at == MOMENT
    expenditure.refresh_from_db()
    assert expenditure.created_at == MOMENT and expenditure.decided_at == later
    assert Entry.objects.get(expenditure=expenditure).created_at == later


def test_a_date_after_the_clocks_day_is_in_the_future(household, plan, steward):
    with clock.at(MOMENT), pytest.raises(ValidationError) as refused:
        pay(household, plan, steward, "200.00", paid_on=date(2024, 3, 6))
    assert "date_in_future" in codes(refused.value)
    assert Payment.objects.count() == 0


def test_without_a_moment_services_stamp_the_real_time(household, plan, steward):
    before = timezone.now()
    payment = pay(household, plan, steward, "200.00")
    assert before <= Payment.objects.get(pk=payment.pk).created_at <= timezone.now()


def test_stamped_fields_need_no_migration():
    field = WorkOrder._meta.get_field("created_at")
    assert isinstance(field, clock.Stamp)
    _name, path, _args, kwargs = field.deconstruct()
    assert path == "django.db.models.DateTimeField" and kwargs == {"auto_now_add": True}
    assert isinstance(field, models.DateTimeField)
