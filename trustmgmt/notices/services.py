"""Writing notices: draft, edit the draft, publish, correct. Never an edit after publishing, never a delete
(see `trustmgmt.notices.models` for why)."""

from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trustmgmt.base import uploads
from trustmgmt.base.markup import FORMATS
from trustmgmt.base.refusals import checked_text, coded, refuse
from trustmgmt.notices.models import BODY_LIMIT, TITLE_LIMIT, Notice

TITLE_REQUIRED = _("Give the notice a title.")
BODY_REQUIRED = _("Write what the notice says.")
VALID_FROM_REQUIRED = _("Enter the first day the notice is valid.")
VALID_TO_REQUIRED = _("Enter the last day the notice is valid.")
VALID_TO_BEFORE_FROM = _("The last day cannot be before the first day.")
VALIDITY_TOO_LONG = _("A notice is valid for at most %(days)s days; post a new one after that.")
VALID_TO_PASSED = _("The last day has already passed: a notice that is over is not put up.")
FORMAT_UNKNOWN = _("Choose plain text or Markdown.")
NOTICE_PUBLISHED = _("This notice is published and cannot change; publish a correction instead.")
NOT_PUBLISHED = _("Only a published notice can be corrected; edit the draft instead.")
ALREADY_CORRECTED = _("This notice already has a correction (notice %(number)s).")
NOT_ALLOWED = _("You may not write notices.")

MAX_VALIDITY_DAYS = 366
NOTICE_FILE = uploads.Kind(
    10,
    True,
    _("“%(name)s” is neither a PDF nor an image: attach a PDF, JPEG, PNG or WebP file."),
    "not_a_notice_file",
)


def _today() -> date:
    return timezone.localdate()


def _check_writer(by) -> None:
    if not by.has_perm("notices.add_notice"):
        raise PermissionDenied(NOT_ALLOWED)


def _fields(*, title, body, text_format, valid_from, valid_to) -> dict:
    fields = {
        "title": checked_text(title, "title", TITLE_LIMIT, empty=TITLE_REQUIRED),
        "body": checked_text(body, "body", BODY_LIMIT, empty=BODY_REQUIRED),
    }
    if text_format not in FORMATS:
        raise refuse(FORMAT_UNKNOWN, "text_format")
    if not isinstance(valid_from, date):
        raise refuse(VALID_FROM_REQUIRED, "valid_from")
    if not isinstance(valid_to, date):
        raise refuse(VALID_TO_REQUIRED, "valid_to")
    if valid_to < valid_from:
        raise refuse(VALID_TO_BEFORE_FROM, "valid_to")
    if valid_to - valid_from > timedelta(days=MAX_VALIDITY_DAYS):
        raise refuse(VALIDITY_TOO_LONG, "valid_to", days=MAX_VALIDITY_DAYS)
    return {**fields, "text_format": text_format, "valid_from": valid_from, "valid_to": valid_to}


def _checked_attachment(upload):
    try:
        return uploads.checked(upload, NOTICE_FILE)
    except ValidationError as error:
        raise ValidationError({"attachment": error.error_list}) from None


def notice_create(
    *, by, title: str, body: str, valid_from: date, valid_to: date, text_format: str = "text", attachment=None
) -> Notice:
    """A draft notice: not public until published."""
    _check_writer(by)
    fields = _fields(title=title, body=body, text_format=text_format, valid_from=valid_from, valid_to=valid_to)
    notice = Notice(**fields, created_by=by)
    if attachment:
        notice.attachment = _checked_attachment(attachment)
    with transaction.atomic():
        notice.save()
    return notice


def _draft(notice: Notice) -> Notice:
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if notice.is_published:
        raise refuse(NOTICE_PUBLISHED)
    return notice


def notice_update(
    *, notice: Notice, by, title: str, body: str, valid_from: date, valid_to: date, text_format: str, attachment=None
) -> Notice:
    """Change a draft; a new attachment replaces the old one (whose file stays: a correction may share it)."""
    _check_writer(by)
    fields = _fields(title=title, body=body, text_format=text_format, valid_from=valid_from, valid_to=valid_to)
    checked = _checked_attachment(attachment) if attachment else None
    with transaction.atomic():
        notice = _draft(notice)
        for name, value in fields.items():
            setattr(notice, name, value)
        if checked is not None:
            notice.attachment = checked
        notice.save()
    return notice


def notice_publish(*, notice: Notice, by, now: datetime | None = None) -> Notice:
    """Put a draft up. A correction takes the place of the notice it corrects from now on. `now` is for the demo,
    which publishes its notices on their own dates."""
    if not by.has_perm("notices.publish_notice"):
        raise PermissionDenied(NOT_ALLOWED)
    now = now or timezone.now()
    today = timezone.localdate(now)
    with transaction.atomic():
        notice = _draft(notice)
        if notice.valid_to < today:
            raise refuse(VALID_TO_PASSED, "valid_to")
        # A conditional update: two clicks at once publish it once.
        if not Notice.objects.filter(pk=notice.pk, published_at__isnull=True).update(published_at=now, published_by=by):
            raise refuse(NOTICE_PUBLISHED)
        notice.published_at, notice.published_by = now, by
    return notice


def notice_correct(*, notice: Notice, by) -> Notice:
    """A draft correction of a published notice, starting from its text and its days (and its attachment)."""
    _check_writer(by)
    with transaction.atomic():
        original = Notice.objects.select_for_update().get(pk=notice.pk)
        if not original.is_published:
            raise refuse(NOT_PUBLISHED)
        existing = Notice.objects.filter(replaces=original).first()
        if existing is not None:
            raise refuse(ALREADY_CORRECTED, number=existing.pk)
        try:
            with transaction.atomic():
                return Notice.objects.create(
                    title=original.title,
                    body=original.body,
                    text_format=original.text_format,
                    valid_from=max(original.valid_from, _today()),
                    valid_to=max(original.valid_to, _today()),
                    attachment=original.attachment.name,
                    replaces=original,
                    created_by=by,
                )
        except IntegrityError:  # another correction was started at the same moment
            raise refuse(ALREADY_CORRECTED, number="") from None


coded(globals())
