"""Reads about residents' fault reports and the open-faults board, each in a fixed number of queries.

What the public gets (`board`, `public_status`) carries no person and no flat: a place is a building and unit
or a common area (`repairs.models.location_label`), never the resident's words, description or photos.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from repairs.figures import median_days
from repairs.models import (
    COMPLETED_STATUSES,
    OPEN_STATUSES,
    Category,
    Contract,
    FaultReport,
    Status,
    Triage,
    WorkOrder,
    location_label,
)

FIXED_DAYS = 30  # the board shows what was fixed in the last 30 days


class PublicStatus:
    """Where a fault stands, in words for residents (and codes for the JSON)."""

    AWAITING_CHECK = "awaiting_check"
    WAITING = "waiting"
    IN_PROGRESS = "in_progress"
    FIXED = "fixed"
    MERGED = "merged"
    DECLINED = "declined"
    CLOSED = "closed"

    LABELS = {
        AWAITING_CHECK: _("Awaiting the steward's check"),
        WAITING: _("Waiting for the contractor"),
        IN_PROGRESS: _("With the contractor"),
        FIXED: _("Fixed"),
        MERGED: _("Same fault as an earlier report"),
        DECLINED: _("Declined"),
        CLOSED: _("Closed without repair"),
    }


def public_status(order_status: str, triage: str | None) -> str:
    if order_status == Status.REPORTED:
        return PublicStatus.AWAITING_CHECK if triage == Triage.PENDING else PublicStatus.WAITING
    if order_status == Status.ASSIGNED:
        return PublicStatus.IN_PROGRESS
    if order_status in COMPLETED_STATUSES:
        return PublicStatus.FIXED
    if triage == Triage.MERGED:
        return PublicStatus.MERGED
    if triage == Triage.DECLINED:
        return PublicStatus.DECLINED
    return PublicStatus.CLOSED


def pending_count() -> int:
    """Reports waiting for the steward's triage. One query."""
    return FaultReport.objects.filter(triage=Triage.PENDING).count()


def reports(triage: str | None = None) -> QuerySet[FaultReport]:
    """Reports for the staff list, waiting ones oldest first, the others newest first (one query with joins)."""
    rows = FaultReport.objects.select_related("order", "household", "merged_into")
    if triage == Triage.PENDING:
        return rows.filter(triage=Triage.PENDING).order_by("reported_at", "id")
    if triage in Triage.values:
        return rows.filter(triage=triage).order_by("-reported_at", "-id")
    return rows.order_by("-reported_at", "-id")


def merge_targets(report: FaultReport) -> QuerySet[WorkOrder]:
    """Open orders a report may be a duplicate of: the same kind first, then the rest, newest first."""
    return (
        WorkOrder.objects.filter(status__in=OPEN_STATUSES).exclude(pk=report.order_id).order_by("-reported_on", "-id")
    )


@dataclass(frozen=True)
class BoardRow:
    number: str
    category: str
    category_label: str
    location: str
    reported_on: date
    status: str
    status_label: str
    days: int  # open so far, or taken to fix
    expected_on: date | None = None
    fixed_on: date | None = None
    overdue: bool = False

    def as_json(self) -> dict:
        row = {
            "number": self.number,
            "category": self.category,
            "category_label": str(self.category_label),
            "location": self.location,
            "reported_on": self.reported_on.isoformat(),
            "status": self.status,
            "status_label": str(self.status_label),
        }
        if self.fixed_on is None:
            row |= {
                "days_open": self.days,
                "expected_on": self.expected_on.isoformat() if self.expected_on else None,
                "overdue": self.overdue,
            }
        else:
            row |= {"fixed_on": self.fixed_on.isoformat(), "days_to_fix": self.days}
        return row


@dataclass(frozen=True)
class Board:
    today: date
    open: list[BoardRow]
    fixed: list[BoardRow]
    fixed_since: date
    median_days_to_fix: Decimal | None
    promised_days: int | None  # the contract in force's promise


def _contract_promise(today: date) -> int | None:
    contract = Contract.objects.filter(starts_on__lte=today, ends_on__gte=today).values_list("promised_days").first()
    return contract[0] if contract else None


def board(today: date | None = None) -> Board:
    """Open faults (oldest first) and those fixed in the last `FIXED_DAYS` days (newest first). Two queries.

    Expected: the day of the report plus the days the contract promises (that of the order's contract once it
    is assigned, else that of the contract in force today). A resident's report still awaiting the steward's
    check is on the board too, so that the wait for the check shows as well.
    """
    today = today or timezone.localdate()
    since = today - timedelta(days=FIXED_DAYS)
    promise = _contract_promise(today)
    rows = (
        WorkOrder.objects.filter(Q(status__in=OPEN_STATUSES) | Q(status__in=COMPLETED_STATUSES, done_on__gte=since))
        .order_by("reported_on", "number")
        .values_list(
            "number",
            "category",
            "building",
            "unit",
            "common_area",
            "reported_on",
            "done_on",
            "status",
            "fault_report__triage",
            "contract__promised_days",
        )
    )
    categories = dict(Category.choices)
    open_rows, fixed_rows = [], []
    for number, category, building, unit, area, reported_on, done_on, status, triage, promised in rows:
        code = public_status(status, triage)
        common = {
            "number": number,
            "category": category,
            "category_label": categories.get(category, category),
            "location": location_label(building, unit, area),
            "reported_on": reported_on,
            "status": code,
            "status_label": PublicStatus.LABELS[code],
        }
        if status in OPEN_STATUSES:
            days = promised or promise
            expected = reported_on + timedelta(days=days) if days else None
            overdue = expected is not None and expected < today
            open_rows.append(BoardRow(**common, days=(today - reported_on).days, expected_on=expected, overdue=overdue))
        else:
            fixed_rows.append(BoardRow(**common, days=(done_on - reported_on).days, fixed_on=done_on))
    fixed_rows.sort(key=lambda row: (row.fixed_on, row.number), reverse=True)
    return Board(
        today=today,
        open=open_rows,
        fixed=fixed_rows,
        fixed_since=since,
        median_days_to_fix=median_days([row.days for row in fixed_rows]),
        promised_days=promise,
    )


@dataclass(frozen=True)
class ReportStatus:
    """A report as its reporter (and anyone with its reference) sees it: nothing that names a person."""

    reference: str
    reported_on: date
    category_label: str
    location: str
    status: str
    status_label: str
    number: str  # the work order that follows the fault (the earlier one, for a duplicate)
    days: int
    expected_on: date | None
    fixed_on: date | None
    public_reason: str
    triaged_on: date | None
    merged: bool  # a duplicate: the status is that of the earlier order it was merged into


def public_status_of(reference: str, today: date | None = None) -> ReportStatus | None:
    """The status page's content, or None for an unknown reference. One query (two with a contract to ask)."""
    today = today or timezone.localdate()
    report = (
        FaultReport.objects.select_related("order__contract", "merged_into__contract")
        .filter(reference=reference)
        .first()
    )
    if report is None:
        return None
    order = report.order
    follows = report.merged_into or order  # a duplicate follows the order it was merged into
    merged = report.triage == Triage.MERGED
    code = public_status(follows.status, None) if merged else public_status(order.status, report.triage)
    expected = None
    if follows.status in OPEN_STATUSES:
        days = follows.contract.promised_days if follows.contract else _contract_promise(today)
        expected = follows.reported_on + timedelta(days=days) if days else None
    fixed_on = follows.done_on if follows.status in COMPLETED_STATUSES else None
    return ReportStatus(
        reference=report.reference,
        reported_on=order.reported_on,
        category_label=Category(follows.category).label,
        location=location_label(follows.building, follows.unit, follows.common_area),
        status=code,
        status_label=PublicStatus.LABELS[code],
        number=follows.number,
        days=((fixed_on or today) - order.reported_on).days,
        expected_on=expected,
        fixed_on=fixed_on,
        public_reason=report.public_reason if report.triage == Triage.DECLINED else "",
        triaged_on=timezone.localdate(report.triaged_at) if report.triaged_at else None,
        merged=merged,
    )
