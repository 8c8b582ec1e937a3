"""What lets anyone check (issue 11): a receipt's check token, why a payment was reversed, and locks on
the own-flat lookup.

- `ReceiptCheck`: the token printed on a receipt (QR code and short code) that opens its public check page.
  80 random bits from `secrets`, never derived from the receipt number, so nobody can walk through receipts.
  Issued once with the payment (`services.payment_record`), never changed (append-only, also in the
  database). Imported payments carry no token: their paper receipt has no code on it. Payments recorded
  before this table existed have none either; the number-and-amount form checks them.
- `ReversalCategory`: the public reason of a 红冲 (a category); the free-text reason may name someone and
  stays with the staff.
- `LookupLock`: a flat's own-flat lookup locked after too many wrong tries, keyed on the flat as typed
  (normalised), existing or not, so a lock says nothing about which flats exist. Staff see and lift it.

Imported by `ledger.models`, so these are ledger models; kept apart so the journal's module stays about money.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ledger.models.journal import Entry, Payment
from trustmgmt.base.records import AppendOnlyModel

TOKEN_LENGTH = 16  # Crockford base32 characters: 80 bits


class ReceiptCheck(AppendOnlyModel):
    payment = models.OneToOneField(Payment, on_delete=models.PROTECT, related_name="check_code")
    token = models.CharField(max_length=TOKEN_LENGTH, unique=True)

    class Meta:
        verbose_name = _("receipt check code")
        verbose_name_plural = _("receipt check codes")

    def __str__(self):
        return self.token


class ReversalReason(models.TextChoices):
    WRONG_AMOUNT = "wrong_amount", _("Wrong amount")
    WRONG_FLAT = "wrong_flat", _("Wrong flat")
    WRONG_YEAR = "wrong_year", _("Wrong fee year")
    DUPLICATE = "duplicate", _("Recorded twice")
    REFUND = "refund", _("Money returned to the payer")
    OTHER = "other", _("Other")


class ReversalCategory(AppendOnlyModel):
    """The category of one reversal entry, shown to the public instead of its free-text reason."""

    entry = models.OneToOneField(Entry, on_delete=models.PROTECT, related_name="reversal_category")
    category = models.CharField(_("reason category"), max_length=16, choices=ReversalReason.choices)

    class Meta:
        verbose_name = _("reversal category")
        verbose_name_plural = _("reversal categories")
        constraints = [
            models.CheckConstraint(condition=Q(category__in=ReversalReason.values), name="reversalcategory_valid"),
        ]

    def __str__(self):
        return self.category


class LookupLock(models.Model):
    """The own-flat lookup of one flat (as typed, normalised `12-2-301`) refused until `locked_until`.

    One row per flat text: a later lock of the same text moves its dates. Lifting ends it now and says who.
    """

    flat = models.CharField(_("flat"), max_length=24, unique=True)
    locked_at = models.DateTimeField(_("locked at"))
    locked_until = models.DateTimeField(_("locked until"))
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-locked_at"]
        verbose_name = _("own-flat lookup lock")
        verbose_name_plural = _("own-flat lookup locks")
        permissions = [("lift_lookuplock", "Can lift a lock on the own-flat lookup")]

    def __str__(self):
        return self.flat
