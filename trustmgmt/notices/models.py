"""Notices (公告) for the board and the residents' phones: a water cut, an owners' meeting, collection days.

How a committee handles a notice, and so how this works:
- Staff (the steward or a committee member) write a notice as a draft: title, body (plain text or a small
  safe Markdown, `trustmgmt.base.markup`), the days it is valid (`valid_from` to `valid_to`, both included)
  and an optional attachment (a PDF or an image, checked by its content). A draft is not public and may be
  edited as often as needed.
- Publishing puts it up: from then on it is public at `/notices/<id>/` and its board PDF carries a QR code
  pointing there. A published notice never changes and is never deleted: residents may have read, printed
  or photographed it, so what it said must stay as it was.
- A mistake is put right by a correction (更正): a new notice that `replaces` the old one, written as a
  draft (starting from the old text) and published like any other. The old one then shows that it was
  corrected, with a link to the correction, and leaves the current list. One correction per notice (unique
  `replaces`); a correction of a correction continues the line.
- A notice whose `valid_to` has passed, or that was corrected, is archived: listed at `/notices/archive/`,
  still at its own address.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from trustmgmt.base.markup import MARKDOWN, PLAIN

TITLE_LIMIT = 100
BODY_LIMIT = 5000


class TextFormat(models.TextChoices):
    PLAIN = PLAIN, _("Plain text")
    MARKDOWN = MARKDOWN, _("Markdown (headings, lists, emphasis, links)")


class NoticeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)

    def for_public_display(self):
        """The one filter for what the public may see: published notices."""
        return self.published()


class Notice(models.Model):
    title = models.CharField(_("title"), max_length=TITLE_LIMIT)
    body = models.TextField(_("text"), max_length=BODY_LIMIT)
    text_format = models.CharField(_("format"), max_length=10, choices=TextFormat.choices, default=TextFormat.PLAIN)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"))
    attachment = models.FileField(_("attachment"), upload_to="notices/%Y/", blank=True)
    replaces = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="correction", verbose_name=_("corrects")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-valid_from", "-id"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        default_permissions = ("view", "add", "change")
        permissions = [("publish_notice", "Can publish a notice")]
        constraints = [
            models.CheckConstraint(condition=Q(valid_to__gte=F("valid_from")), name="notice_valid_to_not_before_from"),
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | Q(published_by__isnull=False),
                name="notice_published_by_someone",
            ),
        ]
        indexes = [models.Index(fields=["valid_to", "valid_from"], name="notice_validity")]

    def __str__(self):
        return self.title

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def attachment_extension(self) -> str:
        return self.attachment.name.rsplit(".", 1)[-1].lower() if self.attachment else ""
