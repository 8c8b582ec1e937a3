"""Months and quarters: a month is the `date` of its first day. The one place months are counted."""

from calendar import monthrange
from datetime import date

from django.http import Http404
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from trustmgmt.base import clock
from trustmgmt.base.refusals import coded, refuse

DATE_IN_FUTURE = _("The date cannot be in the future.")


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def this_month() -> date:
    return clock.today().replace(day=1)


def add_months(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def last_day(month: date) -> date:
    return month.replace(day=monthrange(month.year, month.month)[1])


def month_label(month: date) -> str:
    """“2024年5月” in Chinese, “May 2024” in English."""
    return date_format(month, "YEAR_MONTH_FORMAT")


def short_month_label(month: date) -> str:
    """“十一月” in Chinese, “Nov” in English: a month in a table headed by its year."""
    return date_format(month, "M")


def month_from_url(year: str | int, month: str | int) -> date:
    """The month a URL names, or 404 for a month that does not exist or has not begun."""
    year, month = int(year), int(month)
    if not (1 <= month <= 12 and 2000 <= year <= 2200):
        raise Http404("no such month")
    first = date(year, month, 1)
    if first > this_month():
        raise Http404("a month that has not begun")
    return first


def quarter_months(year: int, quarter: int) -> tuple[date, date]:
    """First and last month of a calendar quarter (1-4)."""
    first = date(year, 3 * quarter - 2, 1)
    return first, add_months(first, 2)


def quarter_of(month: date) -> int:
    return (month.month - 1) // 3 + 1


def check_not_future(day: date, field: str) -> None:
    """A date something happened on: refused when it is after today."""
    if day > clock.today():
        raise refuse(DATE_IN_FUTURE, field)


coded(globals())
