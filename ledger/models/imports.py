"""Old ledgers brought in through the browser: an uploaded file waits here between its preview and the confirm.

`LedgerImport` keeps the file under MEDIA_ROOT/imports/ (a random name; never served), its SHA-256, and the
preview the steward saw: the counts, the first rows, the totals per year and pool, and a digest of what every
row would do. Confirming runs the same importer for real and writes only if the digest is unchanged, so
what is written is what was shown; the file is deleted once the import is confirmed or discarded, and the
row stays as the record of who imported what, when.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    HOUSEHOLDS = "households", _("Households")
    PAYMENTS = "payments", _("Payments")
    EXPENDITURES = "expenditures", _("Expenditures")


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", _("Waiting for confirmation")
    CONFIRMED = "confirmed", _("Imported")
    DISCARDED = "discarded", _("Discarded")


class LedgerImport(models.Model):
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=16, choices=ImportKind.choices)
    file = models.FileField(upload_to="imports/", blank=True)
    original_name = models.CharField(_("file"), max_length=200)
    sha256 = models.CharField(max_length=64)
    # A changed occupancy takes effect from this day (households only; empty: the day of the confirm).
    since = models.DateField(null=True, blank=True)
    preview = models.JSONField(default=dict)
    digest = models.CharField(max_length=64)
    status = models.CharField(max_length=10, choices=ImportStatus.choices, default=ImportStatus.PREVIEWED)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("ledger import")
        verbose_name_plural = _("ledger imports")
        permissions = [("import_ledger", "Can import households, payments and expenditures from old ledgers")]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ImportKind.values), name="ledgerimport_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=ImportStatus.values), name="ledgerimport_status_valid"),
        ]

    def __str__(self):
        return f"{self.kind} {self.original_name}"
