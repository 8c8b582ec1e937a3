"""Public electricity (公共用电): the complex's own meters, their monthly readings, the grid company's bills.

Invariants, and where each is enforced:

- A meter is a facility (bike shed, stairwell lighting, pumps): name, place, what it serves. It may change
  its name or place; it is never deleted while it has readings.
- A reading is a record: append-only (in Python and in the database, `repairs.electricity.db`). A wrong one is
  corrected by a new record that points back to it (`corrects`) and says why; the record corrected is then no
  longer current. Each record is corrected at most once (a chain), and each meter has at most one original
  reading per month, so exactly one reading is current per meter and month.
- A reading never goes below the one before it on the same meter, unless it is marked as a meter replacement:
  it then carries the old meter's final reading (not below the one before) and the new meter's start reading
  (not above the reading itself). Checked by `services` against the current neighbours, under a lock on the
  meter row.
- A bill is the grid company's bill for one meter (one account, 户号) and one month: kWh billed and the amount,
  linked to the expenditure of the electricity pool that paid it. One expenditure may pay several bills (one
  payment for the month's meters); the bills on one expenditure never add up to more than it. A bill is a
  record too, corrected like a reading. At most one current bill per meter and month.
- An explanation of a flagged month (why a month used far more) is a record; the latest one for a meter and
  month is the one shown.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ledger.models import Expenditure
from trustmgmt.base.money import MONEY_FIELD
from trustmgmt.base.records import AppendOnlyModel

# Up to 99,999,999.99 kWh on the dial; two places as the meters show them.
KWH_FIELD = {"max_digits": 10, "decimal_places": 2}


class Meter(models.Model):
    name = models.CharField(_("name"), max_length=60, unique=True)
    place = models.CharField(_("place"), max_length=100)
    serves = models.CharField(_("what it serves"), max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    changed_at = models.DateTimeField(auto_now=True)  # the public pages' cache follows it

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("electricity meter")
        verbose_name_plural = _("electricity meters")

    def __str__(self):
        return self.name


class MeterReading(AppendOnlyModel):
    """What the meter's dial showed on a day. Its month is the month of that day."""

    meter = models.ForeignKey(Meter, on_delete=models.PROTECT, related_name="readings", verbose_name=_("meter"))
    month = models.DateField(_("month"))  # the first day of the month of `read_on`
    read_on = models.DateField(_("read on"))
    reading = models.DecimalField(_("reading (kWh)"), **KWH_FIELD)
    # A meter replaced since the reading before: the old meter's last reading and the new one's start.
    replacement = models.BooleanField(_("meter replaced"), default=False)
    old_final = models.DecimalField(_("old meter's final reading"), null=True, blank=True, **KWH_FIELD)
    new_start = models.DecimalField(_("new meter's start reading"), null=True, blank=True, **KWH_FIELD)
    corrects = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="correction", verbose_name=_("corrects")
    )
    reason = models.CharField(_("why it was corrected"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meter", "month", "id"]
        verbose_name = _("meter reading")
        verbose_name_plural = _("meter readings")
        indexes = [models.Index(fields=["meter", "month"], name="meterreading_meter_month")]
        constraints = [
            models.UniqueConstraint(
                fields=["meter", "month"], condition=Q(corrects__isnull=True), name="meterreading_one_original"
            ),
            models.CheckConstraint(condition=Q(reading__gte=0), name="meterreading_not_negative"),
            models.CheckConstraint(
                condition=Q(replacement=False, old_final__isnull=True, new_start__isnull=True)
                | Q(replacement=True, old_final__gte=0, new_start__gte=0, new_start__lte=F("reading")),
                name="meterreading_replacement_complete",
            ),
            models.CheckConstraint(
                condition=Q(corrects__isnull=True) | ~Q(reason=""), name="meterreading_correction_says_why"
            ),
        ]

    def __str__(self):
        return f"{self.meter_id} {self.read_on} {self.reading}"


class ElectricityBill(AppendOnlyModel):
    """The grid company's bill for one meter and month, and the expenditure that paid it."""

    meter = models.ForeignKey(Meter, on_delete=models.PROTECT, related_name="bills", verbose_name=_("meter"))
    month = models.DateField(_("month billed"))  # first day of the month whose use it bills
    kwh = models.DecimalField(_("kWh billed"), **KWH_FIELD)
    amount = models.DecimalField(_("amount"), **MONEY_FIELD)
    expenditure = models.ForeignKey(
        Expenditure, on_delete=models.PROTECT, related_name="+", verbose_name=_("paid by the expenditure")
    )
    corrects = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="correction", verbose_name=_("corrects")
    )
    reason = models.CharField(_("why it was corrected"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meter", "month", "id"]
        verbose_name = _("electricity bill")
        verbose_name_plural = _("electricity bills")
        constraints = [
            models.UniqueConstraint(
                fields=["meter", "month"], condition=Q(corrects__isnull=True), name="electricitybill_one_original"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="electricitybill_amount_positive"),
            models.CheckConstraint(condition=Q(kwh__gt=0), name="electricitybill_kwh_positive"),
            models.CheckConstraint(
                condition=Q(corrects__isnull=True) | ~Q(reason=""), name="electricitybill_correction_says_why"
            ),
        ]

    def __str__(self):
        return f"{self.meter_id} {self.month:%Y-%m} {self.amount}"


class UsageExplanation(AppendOnlyModel):
    """Why a flagged month used so much, in words residents read (the latest one counts)."""

    meter = models.ForeignKey(Meter, on_delete=models.PROTECT, related_name="explanations", verbose_name=_("meter"))
    month = models.DateField(_("month"))
    text = models.CharField(_("explanation"), max_length=500)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meter", "month", "id"]
        verbose_name = _("explanation of a month's use")
        verbose_name_plural = _("explanations of months' use")
        constraints = [models.CheckConstraint(condition=~Q(text=""), name="usageexplanation_not_empty")]

    def __str__(self):
        return f"{self.meter_id} {self.month:%Y-%m}"
