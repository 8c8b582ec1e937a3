"""Owners' inspection requests (查账) and vouchers the committee shows to everyone.

The owners' money is in trust: any owner may ask to see the voucher behind a disclosed expenditure, and
the steward answers within `INSPECTION_ANSWER_DAYS`. Who asked (the household and a contact) is for the
staff only; the public disclosure shows counts, never a requester. Imported by `ledger.models`, so these
are ledger models; kept apart so the journal's module stays about money.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ledger.models.households import Household
from ledger.models.journal import Expenditure
from trustmgmt.base.checks import QuickChecks

MAX_CONTACT = 60
MAX_QUESTION = 500
MAX_ANSWER = 1000


class AnswerMethod(models.TextChoices):
    SHOWN_AT_DESK = "desk", _("Voucher shown at the desk")
    COPY_SENT = "copy", _("A copy sent to the owner")
    MADE_PUBLIC = "public", _("Voucher made public on the disclosure page")
    EXPLAINED = "explained", _("Explained (no voucher to show)")


class InspectionRequest(QuickChecks, models.Model):
    """An owner's request to see the voucher of one expenditure; answered once, by the staff."""

    expenditure = models.ForeignKey(Expenditure, on_delete=models.PROTECT, related_name="inspection_requests")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="inspection_requests")
    contact = models.CharField(_("contact (phone or WeChat)"), max_length=MAX_CONTACT)
    question = models.TextField(_("question"), max_length=MAX_QUESTION, blank=True)
    asked_at = models.DateTimeField(_("asked at"))
    due_by = models.DateField(_("answer due by"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answer = models.TextField(_("answer"), max_length=MAX_ANSWER, blank=True)
    method = models.CharField(_("how it was answered"), max_length=10, choices=AnswerMethod.choices, blank=True)

    class Meta:
        ordering = ["-asked_at", "-id"]
        verbose_name = _("inspection request")
        verbose_name_plural = _("inspection requests")
        permissions = [("answer_inspectionrequest", "Can answer an owner's inspection request")]
        constraints = [
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True, answered_by__isnull=True, method="")
                | Q(answered_at__isnull=False, answered_by__isnull=False) & ~Q(method="") & ~Q(answer=""),
                name="inspection_answer_complete",
            ),
            models.CheckConstraint(condition=~Q(contact=""), name="inspection_contact_given"),
        ]
        indexes = [models.Index(fields=["answered_at", "due_by"], name="inspection_open_due")]

    def __str__(self):
        return self.reference

    @property
    def reference(self) -> str:
        """The number the owner is given: sequential, so it says no more than the public count does."""
        return f"CZ-{self.pk:05d}"

    @property
    def is_open(self) -> bool:
        return self.answered_at is None

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_by < timezone.localdate()


class PublicVoucher(models.Model):
    """An expenditure's voucher that the committee shows to everyone, as a copy without photo metadata.

    Withdrawing it keeps the row (public=False) so the time of the change moves the disclosure's cache key.
    """

    expenditure = models.OneToOneField(
        Expenditure, on_delete=models.PROTECT, primary_key=True, related_name="public_voucher"
    )
    public = models.BooleanField(default=True)
    # The copy served to the public: images re-encoded without EXIF (who, where, which phone); PDFs as they are.
    file = models.FileField(upload_to="vouchers/public/", max_length=200, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("public voucher")
        verbose_name_plural = _("public vouchers")
        permissions = [("publish_voucher", "Can make a voucher public")]

    def __str__(self):
        return f"{self.expenditure_id} {'public' if self.public else 'withdrawn'}"

    @property
    def extension(self) -> str:
        """`jpg`, `png`, `webp` or `pdf`: set from the content when the voucher was uploaded (base.uploads)."""
        return self.file.name.rsplit(".", 1)[-1].lower() if self.file else ""
