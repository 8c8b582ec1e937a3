"""Owners' inspection requests (查账) and public vouchers: every write (reads: `selectors`).

Services as in `ledger.services`: keyword-only, atomic, refusing with one of the messages below and
writing nothing.
"""

import io
import re
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

from ledger.inspections.selectors import is_disclosed, is_public
from ledger.models import FLAT_PATTERN, Expenditure, Household
from ledger.models.inspections import (
    MAX_ANSWER,
    MAX_CONTACT,
    MAX_QUESTION,
    AnswerMethod,
    InspectionRequest,
    PublicVoucher,
)
from trustmgmt.base import clock, files, uploads
from trustmgmt.base.refusals import checked_text, coded, refuse

FLAT_FORMAT = _("Give your flat as building-unit-room, for example 12-2-301.")
FLAT_NOT_FOUND = _("There is no flat %(flat)s in this complex; check the numbers.")
CONTACT_REQUIRED = _("Give a phone number or a WeChat ID, so that the steward can reach you.")
CONTACT_INVALID = _("A phone number or WeChat ID has 3 to 60 letters, digits, spaces or “+-_.@”.")
NULL_CHARACTER = _("The text contains a character that cannot be stored.")
NOT_DISCLOSED = _("Only spending that has been posted and disclosed can be inspected.")
ALREADY_ANSWERED = _("This request has already been answered.")
ANSWER_REQUIRED = _("Say what was shown or told to the owner.")
METHOD_INVALID = _("Choose how the request was answered.")
NOT_PUBLIC_YET = _("The voucher is not public yet: a committee member makes it public first.")
CANNOT_ANSWER = _("Only the steward or a committee member can answer a request.")
CANNOT_PUBLISH = _("Only a committee member can make a voucher public.")
NO_VOUCHER = _("This expenditure has no voucher on file.")
NOT_POSTED = _("Only a posted expenditure's voucher can be made public.")
NOT_PUBLIC = _("This voucher is not public.")

_CONTACT = re.compile(rf"[A-Za-z0-9 +\-_.@]{{3,{MAX_CONTACT}}}")


def _no_null(text: str, field: str) -> str:
    if "\x00" in text:
        raise refuse(NULL_CHARACTER, field)
    return text.strip()


def household_for_flat(flat: str) -> Household:
    """The household a resident names as `12-2-301`; a clear message if the text or the flat is wrong."""
    match = FLAT_PATTERN.fullmatch(flat or "")
    if not match:
        raise refuse(FLAT_FORMAT, "flat")
    building, unit, room = (int(part) for part in match.groups())
    household = Household.objects.filter(building=building, unit=unit, room=room).first()
    if household is None:
        raise refuse(FLAT_NOT_FOUND, "flat", flat=f"{building}-{unit}-{room}")
    return household


@transaction.atomic
def inspection_request_create(
    *, expenditure: Expenditure, flat: str, contact: str, question: str = "", asked_at: datetime | None = None
) -> InspectionRequest:
    """An owner asks to see the voucher of a disclosed expenditure; the answer is due in INSPECTION_ANSWER_DAYS."""
    contact = _no_null(contact or "", "contact")
    question = _no_null(question or "", "question")
    if not is_disclosed(expenditure):
        raise refuse(NOT_DISCLOSED)
    if not contact:
        raise refuse(CONTACT_REQUIRED, "contact")
    if not _CONTACT.fullmatch(contact):
        raise refuse(CONTACT_INVALID, "contact")
    question = checked_text(question, "question", MAX_QUESTION, required=False)
    household = household_for_flat(flat)
    asked_at = asked_at or clock.now()
    request = InspectionRequest(
        expenditure=expenditure,
        household=household,
        contact=contact,
        question=question,
        asked_at=asked_at,
        due_by=timezone.localdate(asked_at) + timedelta(days=settings.INSPECTION_ANSWER_DAYS),
    )
    request.full_clean(exclude=["expenditure", "household"])
    request.save()
    return request


@transaction.atomic
def inspection_request_answer(
    *, request: InspectionRequest, by, answer: str, method: str, answered_at: datetime | None = None
) -> InspectionRequest:
    """Record how the staff answered; once only."""
    if not by.has_perm("ledger.answer_inspectionrequest"):
        raise refuse(CANNOT_ANSWER)
    request = InspectionRequest.objects.select_for_update().get(pk=request.pk)
    if request.answered_at is not None:
        raise refuse(ALREADY_ANSWERED)
    answer = _no_null(answer or "", "answer")
    answer = checked_text(answer, "answer", MAX_ANSWER, empty=ANSWER_REQUIRED)
    if method not in AnswerMethod.values:
        raise refuse(METHOD_INVALID, "method")
    if method == AnswerMethod.MADE_PUBLIC and not is_public(request.expenditure_id):
        raise refuse(NOT_PUBLIC_YET, "method")
    request.answer, request.method, request.answered_by = answer, method, by
    request.answered_at = answered_at or clock.now()
    request.save(update_fields=["answer", "method", "answered_by", "answered_at"])
    return request


# Public vouchers


def public_copy(field) -> ContentFile:
    """The voucher as the public gets it: an image re-encoded without its EXIF (the phone, the place, the
    time) and turned upright as it was meant to be seen; a PDF as it is."""
    name = field.name.rsplit("/", 1)[-1]
    extension = name.rsplit(".", 1)[-1].lower()
    with field.open("rb") as handle:
        data = handle.read()
    if extension in uploads.IMAGE_FORMATS.values():
        with Image.open(io.BytesIO(data)) as image:
            upright = ImageOps.exif_transpose(image)
            output = io.BytesIO()
            image_format = next(fmt for fmt, ext in uploads.IMAGE_FORMATS.items() if ext == extension)
            upright.save(output, format=image_format)  # no exif= and no icc_profile=: neither is written
            data = output.getvalue()
    return ContentFile(data, name=f"{uuid.uuid4().hex}.{extension}")


@transaction.atomic
def voucher_make_public(*, expenditure: Expenditure, by) -> PublicVoucher:
    if not by.has_perm("ledger.publish_voucher"):
        raise refuse(CANNOT_PUBLISH)
    expenditure = Expenditure.objects.select_for_update().get(pk=expenditure.pk)
    if not is_disclosed(expenditure):
        raise refuse(NOT_POSTED)
    if not expenditure.voucher:
        raise refuse(NO_VOUCHER)
    try:
        copy = public_copy(expenditure.voucher)
    except (FileNotFoundError, OSError):
        raise refuse(NO_VOUCHER) from None
    existing = PublicVoucher.objects.filter(expenditure=expenditure).first()
    if existing is not None:
        files.delete_on_commit(existing, "file")
    voucher = existing or PublicVoucher(expenditure=expenditure)
    voucher.public, voucher.changed_by, voucher.changed_at = True, by, clock.now()
    voucher.file.save(copy.name, copy, save=False)
    voucher.save()
    return voucher


@transaction.atomic
def voucher_withdraw(*, expenditure: Expenditure, by) -> PublicVoucher:
    """Stop showing a voucher to the public; the row stays (see `PublicVoucher`), its copy goes."""
    if not by.has_perm("ledger.publish_voucher"):
        raise refuse(CANNOT_PUBLISH)
    voucher = PublicVoucher.objects.select_for_update().filter(expenditure=expenditure, public=True).first()
    if voucher is None:
        raise refuse(NOT_PUBLIC)
    files.delete_on_commit(voucher, "file")
    voucher.public, voucher.changed_by, voucher.changed_at = False, by, clock.now()
    voucher.save()
    return voucher


coded(globals())
