"""The time the services stamp on what they record: the real time, or a moment set for a while.

Services and models read `now()` and `today()` instead of `django.utils.timezone`, so history can be written
on its own dates: the demo records a receipt at the desk on its payment day, publishes a month a few days
after it ended, approves a budget on the day the owners decided. Nothing else sets the clock; with nothing
set it is the real time. Tests set it with `at()` too. It never patches Python's or Django's time.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, time

from django.db import models
from django.utils import timezone

_moment: ContextVar[datetime | None] = ContextVar("clock_moment", default=None)


def now() -> datetime:
    """The moment to stamp: the one set by `at()`, else the real now (aware)."""
    return _moment.get() or timezone.now()


def today() -> date:
    """The local day of `now()` (Asia/Shanghai)."""
    return timezone.localdate(now())


def is_set() -> bool:
    return _moment.get() is not None


def moment(day: date, at: time = time(12)) -> datetime:
    """`day` at the local time `at`, aware; never later than the real now (history is not written ahead)."""
    return min(timezone.make_aware(datetime.combine(day, at)), timezone.now())


@contextmanager
def at(when: datetime | date) -> Iterator[datetime]:
    """Stamp everything recorded inside with `when` (a date means noon of that day), then back to before."""
    if not isinstance(when, datetime):
        when = moment(when)
    elif timezone.is_naive(when):
        when = timezone.make_aware(when)
    token = _moment.set(when)
    try:
        yield when
    finally:
        _moment.reset(token)


class Stamp(models.DateTimeField):
    """A `DateTimeField(auto_now_add=True)` (or `auto_now`) stamped from this clock.

    It is the same column and, for migrations, the same field: `deconstruct` names Django's DateTimeField,
    so swapping it in needs no migration.
    """

    def pre_save(self, model_instance, add):
        if self.auto_now or (self.auto_now_add and add):
            value = now()
            setattr(model_instance, self.attname, value)
            return value
        return super().pre_save(model_instance, add)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DateTimeField", args, kwargs
