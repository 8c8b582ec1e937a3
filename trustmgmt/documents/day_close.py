"""The day-close slip (日结单): the day's cash receipts, the count, the difference, two signatures.

Staff only: it lists receipt numbers and flats. One context function for the page and its PDF.
"""

from datetime import date

from django.conf import settings
from django.http import Http404
from django.utils import timezone

from ledger.accounts import selectors
from ledger.models import AccountKind, DayClose
from trustmgmt.base.money import ZERO


def day_close_context(day: date) -> dict:
    box = next((account for account in selectors.accounts() if account.kind == AccountKind.CASH), None)
    if box is None:
        raise Http404("no cash box")
    close = DayClose.objects.filter(account=box, day=day, correction__isnull=True).select_related("closed_by").first()
    if close is None:
        raise Http404("the day is not closed")
    movements = list(selectors.day_receipts(box, day))
    return {
        "box": box,
        "day": day,
        "close": close,
        "history": list(DayClose.objects.filter(account=box, day=day).order_by("id")),
        "movements": movements,
        "received": sum((m.amount for m in movements if m.amount > 0), ZERO),
        "complex_name": settings.COMPLEX_NAME,
        "printed_at": timezone.localtime(),
    }
