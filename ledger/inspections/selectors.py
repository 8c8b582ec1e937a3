"""Owners' inspection requests (查账) and public vouchers: what the staff and the public read.

Who asked is never part of what `counts` or `PublicState` returns.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from django.conf import settings
from django.db import connection
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone

from ledger.models import Expenditure, Kind
from ledger.models.inspections import InspectionRequest, PublicVoucher


def overdue() -> Q:
    """Requests still unanswered after their deadline (`InspectionRequest.is_overdue`, in SQL)."""
    return Q(answered_at__isnull=True, due_by__lt=timezone.localdate())


def with_state(requests):
    """`rank`: 0 past its deadline, 1 open, 2 answered; the list shows them in that order, by deadline."""
    return requests.annotate(
        rank=Case(
            When(overdue(), then=Value(0)),
            When(answered_at__isnull=True, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    )


def is_disclosed(expenditure: Expenditure) -> bool:
    return Expenditure.objects.for_public_display().filter(pk=expenditure.pk, entries__kind=Kind.EXPENDITURE).exists()


def is_public(expenditure_id: int) -> bool:
    return PublicVoucher.objects.filter(expenditure_id=expenditure_id, public=True).exclude(file="").exists()


@cache  # one database backend per process; the text is the same every time
def state_sql() -> str:
    """Columns for `ledger.figures.ledger_state`'s one query: what the public counts and vouchers follow."""
    requests, vouchers = InspectionRequest._meta.db_table, PublicVoucher._meta.db_table
    public = connection.ops.quote_name("public")
    return (
        f"(SELECT COUNT(*) FROM {requests}), (SELECT COUNT(answered_at) FROM {requests}), "  # noqa: S608 (names)
        f"(SELECT MAX(id) FROM {requests}), (SELECT COUNT(*) FROM {vouchers} WHERE {public}), "
        f"(SELECT MAX(changed_at) FROM {vouchers})"
    )


@dataclass(frozen=True)
class PublicState:
    """What `state_sql` read: requests asked and answered, the latest one, public vouchers and their last change."""

    asked: int = 0
    answered: int = 0
    latest: int | None = None
    public_vouchers: int = 0
    vouchers_changed: object = None

    @property
    def stamp(self) -> str:
        """A cache key part; empty while there is nothing, so the disclosure's keys are as they were."""
        if not self.asked and self.vouchers_changed is None:
            return ""
        # An open request turns overdue with the date alone, so the counts then depend on the day too.
        today = timezone.localdate().isoformat() if self.asked > self.answered else ""
        changed = re.sub(r"[^0-9]", "", str(self.vouchers_changed))  # a datetime, or its text on SQLite
        return f"i{self.asked}.{self.answered}.{self.latest}.v{self.public_vouchers}.{changed}.{today}"


@dataclass(frozen=True)
class Counts:
    asked: int = 0
    answered: int = 0
    on_time: int = 0
    open: int = 0
    overdue: int = 0
    average_days: Decimal | None = None  # from the day asked to the day answered, to one place
    answer_days: int = field(default_factory=lambda: settings.INSPECTION_ANSWER_DAYS)


def counts(*, month: date | None = None, today: date | None = None) -> Counts:
    """How many were asked and how they were answered: of all requests, or about spending disclosed in
    `month`. One query; nothing about who asked."""
    today = today or timezone.localdate()
    requests = InspectionRequest.objects.all()
    if month is not None:
        requests = requests.filter(expenditure__entries__kind=Kind.EXPENDITURE, expenditure__entries__period=month)
    rows = list(requests.values_list("asked_at", "answered_at", "due_by"))
    days, on_time, overdue = [], 0, 0
    for asked_at, answered_at, due_by in rows:
        if answered_at is None:
            overdue += today > due_by
            continue
        answered_on = timezone.localdate(answered_at)
        days.append((answered_on - timezone.localdate(asked_at)).days)
        on_time += answered_on <= due_by
    average = None
    if days:
        average = (Decimal(sum(days)) / len(days)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return Counts(
        asked=len(rows),
        answered=len(days),
        on_time=on_time,
        open=len(rows) - len(days),
        overdue=overdue,
        average_days=average,
    )
