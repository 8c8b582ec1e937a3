"""Residents' fault reports: every write (reads: `selectors`).

Keyword-only, one transaction each, refusing with one of the messages below and writing nothing. A report
from the public form becomes a work order in "reported" through `repairs.services.work_order_report` (so it
takes the next number of its year like any other), with no staff member as its author; the steward then
triages it: accept (the order follows the normal lifecycle), merge it into an open order as a duplicate, or
decline it with a reason the public sees. Merging and declining cancel the report's own order, with the
reason, through `repairs.services.work_order_cancel`.
"""

import re
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from ledger.inspections.services import household_for_flat
from repairs import services
from repairs.models import (
    MAX_PLACE,
    MAX_PUBLIC_REASON,
    MAX_REPORT_CONTACT,
    OPEN_STATUSES,
    Category,
    CommonArea,
    FaultReport,
    Photo,
    Reporter,
    Status,
    Transition,
    Triage,
    WorkOrder,
    new_reference,
)
from trustmgmt.base import uploads
from trustmgmt.base.dates import check_not_future
from trustmgmt.base.refusals import checked_text, coded, refuse

MAX_REPORT_PHOTOS = 3
MAX_DESCRIPTION = 1000

CONTACT_REQUIRED = _("Give a phone number or a WeChat ID, so that the steward can reach you.")
CONTACT_INVALID = _("A phone number or WeChat ID has 3 to 60 letters, digits, spaces or “+-_.@”.")
NULL_CHARACTER = _("The text contains a character that cannot be stored.")
CATEGORY_INVALID = _("Choose what kind of fault it is.")
PLACE_REQUIRED = _("Say where the fault is: a building, a common area, or in your own words.")
BUILDING_INVALID = _("A building or unit number is a whole number from 1 to 999.")
TOO_MANY_REPORT_PHOTOS = _("Send at most %(limit)s photos.")
CANNOT_TRIAGE = _("Only the steward can triage a resident's report.")
ALREADY_TRIAGED = _("This report has already been triaged (%(triage)s).")
ORDER_NOT_REPORTED = _("%(number)s is no longer waiting (“%(status)s”), so the report cannot be accepted.")
MERGE_TARGET_INVALID = _("Choose an open work order (reported or assigned) other than this report's own.")
DECLINE_REASON_REQUIRED = _("Say why, in words every resident may read: the reason is shown in public.")
DUPLICATE_OF = _("Duplicate of %(number)s")

_CONTACT = re.compile(rf"[A-Za-z0-9 +\-_.@]{{3,{MAX_REPORT_CONTACT}}}")


def _text(value, field: str, limit: int, *, required: bool = True, empty=None) -> str:
    value = value or ""
    if "\x00" in value:
        raise refuse(NULL_CHARACTER, field)
    if empty is not None:
        return checked_text(value, field, limit, required=required, empty=empty)
    return checked_text(value, field, limit, required=required)


def _number(value, field: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise refuse(BUILDING_INVALID, field) from None
    if not 1 <= number <= 999:
        raise refuse(BUILDING_INVALID, field)
    return number


def _photo(upload):
    """The photo checked and redrawn without its metadata, its refusal put on the form's photo field."""
    try:
        return uploads.checked_photo_without_metadata(upload)
    except ValidationError as error:
        raise ValidationError({"photos": error.error_list}) from None


def _place(building, unit, common_area: str, place: str) -> tuple[int | None, int | None, str]:
    """Where, as the order records it in public: a building (and unit), a common area, or, for a place given only
    in words, "another common area" until the steward says better when accepting it."""
    building, unit = _number(building, "building"), _number(unit, "unit")
    if common_area and common_area not in CommonArea.values:
        raise refuse(PLACE_REQUIRED, "common_area")
    if unit is not None and building is None:
        raise refuse(services.UNIT_NEEDS_BUILDING, "unit")
    if building is None and not common_area:
        if not place:
            raise refuse(PLACE_REQUIRED, "place")
        common_area = CommonArea.OTHER
    return building, unit, common_area or ""


@transaction.atomic
def fault_report_create(
    *,
    flat: str,
    contact: str,
    category: str,
    description: str,
    building: int | None = None,
    unit: int | None = None,
    common_area: str = "",
    place: str = "",
    photos=(),
    reported_at: datetime | None = None,
) -> FaultReport:
    """A resident reports a fault: a work order in "reported" and, beside it, who to call back (staff only)."""
    contact = _text(contact, "contact", MAX_REPORT_CONTACT, empty=CONTACT_REQUIRED)
    if not _CONTACT.fullmatch(contact):
        raise refuse(CONTACT_INVALID, "contact")
    if category not in Category.values:
        raise refuse(CATEGORY_INVALID, "category")
    description = _text(description, "description", MAX_DESCRIPTION)
    place = _text(place, "place", MAX_PLACE, required=False)
    building, unit, common_area = _place(building, unit, common_area, place)
    household = household_for_flat(flat)
    photos = [photo for photo in photos if photo]
    if len(photos) > MAX_REPORT_PHOTOS:
        raise refuse(TOO_MANY_REPORT_PHOTOS, "photos", limit=MAX_REPORT_PHOTOS)
    cleaned = [_photo(photo) for photo in photos]
    reported_at = reported_at or timezone.now()
    order = services.work_order_report(
        reported_on=timezone.localdate(reported_at),
        reporter=Reporter.HOUSEHOLD,
        household=household,
        building=building,
        unit=unit,
        common_area=common_area,
        category=category,
        description=description,
        by=None,
    )
    for photo in cleaned:
        Photo.objects.create(order=order, image=photo, uploaded_by=None)
    report = FaultReport(order=order, household=household, contact=contact, place=place, reported_at=reported_at)
    # Every field was checked above and the database holds the constraints: no query per constraint here (a
    # taken reference is the IntegrityError below).
    report.full_clean(exclude=["order", "household", "reference"], validate_unique=False, validate_constraints=False)
    for _attempt in range(5):  # a random reference taken already: about one in 10^11, so try another
        try:
            with transaction.atomic():
                report.save()
            return report
        except IntegrityError:
            if FaultReport.objects.filter(order=order).exists():
                raise
            report.pk, report.reference = None, new_reference()
    raise IntegrityError("no free reference number")  # pragma: no cover


def _lock_pending(report: FaultReport, by, triaged_at: datetime | None) -> tuple[FaultReport, datetime]:
    """The report, locked, if `by` may triage it and it still waits; and when the triage happens (now, or the
    given time, which is neither in the future nor before the report)."""
    if not by.has_perm("repairs.triage_faultreport"):
        raise refuse(CANNOT_TRIAGE)
    report = FaultReport.objects.select_for_update().select_related("order").get(pk=report.pk)
    if report.triage != Triage.PENDING:
        raise refuse(ALREADY_TRIAGED, triage=Triage(report.triage).label)
    triaged_at = triaged_at or timezone.now()
    check_not_future(timezone.localdate(triaged_at), "triaged_at")
    if triaged_at < report.reported_at:
        raise refuse(services.DATE_BEFORE, "triaged_at", day=report.order.reported_on, what=Status.REPORTED.label)
    return report, triaged_at


def _triaged(report: FaultReport, triage: str, by, triaged_at: datetime, **fields) -> FaultReport:
    report.triage, report.triaged_by, report.triaged_at = triage, by, triaged_at
    for name, value in fields.items():
        setattr(report, name, value)
    report.full_clean(exclude=["order", "household", "merged_into"])
    report.save(update_fields=["triage", "triaged_by", "triaged_at", *fields])
    return report


@transaction.atomic
def fault_report_accept(
    *,
    report: FaultReport,
    by,
    category: str | None = None,
    building: int | None = None,
    unit: int | None = None,
    common_area: str | None = None,
    triaged_at: datetime | None = None,
) -> FaultReport:
    """The fault is real: the order stays "reported" for the normal lifecycle (assign, done, ...). The steward may
    correct its kind and place (what the public board shows) as they accept it."""
    report, triaged_at = _lock_pending(report, by, triaged_at)
    order = WorkOrder.objects.select_for_update(of=("self",)).get(pk=report.order_id)
    if order.status != Status.REPORTED:
        raise refuse(ORDER_NOT_REPORTED, number=order.number, status=Status(order.status).label)
    fields = []
    if category is not None:
        if category not in Category.values:
            raise refuse(CATEGORY_INVALID, "category")
        order.category = category
        fields.append("category")
    if building not in (None, "") or common_area:
        building, unit = _number(building, "building"), _number(unit, "unit")
        if common_area and common_area not in CommonArea.values:
            raise refuse(PLACE_REQUIRED, "common_area")
        if unit is not None and building is None:
            raise refuse(services.UNIT_NEEDS_BUILDING, "unit")
        order.building, order.unit, order.common_area = building, unit, common_area or ""
        fields += ["building", "unit", "common_area"]
    if fields:
        order.full_clean()
        order.save(update_fields=fields)
    Transition.objects.create(
        order=order,
        action="accept_report",
        from_status=order.status,
        to_status=order.status,
        effective_on=timezone.localdate(triaged_at),
        by=by,
    )
    return _triaged(report, Triage.ACCEPTED, by, triaged_at)


@transaction.atomic
def fault_report_merge(*, report: FaultReport, into: WorkOrder, by, triaged_at: datetime | None = None) -> FaultReport:
    """The same fault is already an open order: this report's own order is cancelled as its duplicate, and the
    reporter's status page follows the other order from now on."""
    report, triaged_at = _lock_pending(report, by, triaged_at)
    if into is None or into.pk == report.order_id:
        raise refuse(MERGE_TARGET_INVALID, "into")
    into = WorkOrder.objects.select_for_update(of=("self",)).get(pk=into.pk)
    if into.status not in OPEN_STATUSES:
        raise refuse(MERGE_TARGET_INVALID, "into")
    with translation.override(settings.LANGUAGE_CODE):
        reason = str(DUPLICATE_OF % {"number": into.number})
    services.work_order_cancel(order=report.order, reason=reason, by=by, cancelled_on=timezone.localdate(triaged_at))
    return _triaged(report, Triage.MERGED, by, triaged_at, merged_into=into)


@transaction.atomic
def fault_report_decline(*, report: FaultReport, reason: str, by, triaged_at: datetime | None = None) -> FaultReport:
    """Not a fault the trust repairs (a private flat's pipe, already fixed, ...): the order is cancelled with the
    reason, which the reporter's status page shows."""
    report, triaged_at = _lock_pending(report, by, triaged_at)
    reason = _text(reason, "reason", MAX_PUBLIC_REASON, empty=DECLINE_REASON_REQUIRED)
    services.work_order_cancel(order=report.order, reason=reason, by=by, cancelled_on=timezone.localdate(triaged_at))
    return _triaged(report, Triage.DECLINED, by, triaged_at, public_reason=reason)


coded(globals())
