"""Year-end settlement (年终结算): a closed fee year and what each pool's balance became."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Round
from django.utils.translation import gettext_lazy as _

from ledger.models.households import POOLS, FeePlan, Pool
from ledger.models.journal import Entry
from trustmgmt.base.clock import Stamp
from trustmgmt.base.money import MONEY_FIELD
from trustmgmt.base.records import AppendOnlyModel


class FeeYearClosing(AppendOnlyModel):
    """The committee closed a fee year (年终结算): once, for good. Nothing is dated in it afterwards.

    Its settlement is in the journal as the entries `first_entry` to `last_entry` (posted together under
    the chain lock, so contiguous); `pools` records the figures and decision for each pool.
    """

    fee_plan = models.OneToOneField(FeePlan, on_delete=models.PROTECT, related_name="closing")
    next_plan = models.OneToOneField(FeePlan, on_delete=models.PROTECT, related_name="opened_by")
    minute = models.CharField(_("decision and minute reference"), max_length=300)
    first_entry = models.ForeignKey(Entry, null=True, on_delete=models.PROTECT, related_name="+")
    last_entry = models.ForeignKey(Entry, null=True, on_delete=models.PROTECT, related_name="+")
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    closed_at = Stamp(auto_now_add=True)
    # The owners' decision behind the settlement choice; empty when it rests on the committee's minute alone.
    decision = models.ForeignKey(
        "ledger.JointDecision", null=True, blank=True, on_delete=models.PROTECT, related_name="settlements"
    )

    class Meta:
        ordering = ["-fee_plan__year"]
        verbose_name = _("fee year closing")
        verbose_name_plural = _("fee year closings")
        permissions = [("close_fee_year", "Can close a fee year and settle its pools")]

    def __str__(self):
        return str(self.fee_plan)

    def entries(self):
        if self.first_entry_id is None:
            return Entry.objects.none()
        return Entry.objects.filter(id__gte=self.first_entry_id, id__lte=self.last_entry_id)


class Decision(models.TextChoices):
    CARRY = "carry", _("Carry forward to next year's pool")
    CREDIT = "credit", _("Credit to households' next fee")


class PoolSettlement(AppendOnlyModel):
    """One pool's year in a closing: its figures by date within the year, and what was decided."""

    closing = models.ForeignKey(FeeYearClosing, on_delete=models.PROTECT, related_name="pools")
    pool = models.CharField(max_length=12, choices=Pool.choices)
    opening = models.DecimalField(**MONEY_FIELD)
    income = models.DecimalField(**MONEY_FIELD)
    expenditure = models.DecimalField(**MONEY_FIELD)
    closing_balance = models.DecimalField(**MONEY_FIELD)
    # Income less spending, with fees paid in advance in the year they pay for (`ledger.settlement.services`).
    surplus = models.DecimalField(**MONEY_FIELD)
    decision = models.CharField(max_length=10, choices=Decision.choices)
    credited = models.DecimalField(**MONEY_FIELD)  # to households' next fee
    carried = models.DecimalField(**MONEY_FIELD)  # brought forward into the next year's pool
    households = models.PositiveIntegerField(default=0)  # how many were credited

    class Meta:
        ordering = ["closing", "id"]
        constraints = [
            models.UniqueConstraint(fields=["closing", "pool"], name="poolsettlement_once_per_pool"),
            models.CheckConstraint(condition=Q(pool__in=POOLS), name="poolsettlement_pool_valid"),
            models.CheckConstraint(
                condition=Q(closing_balance=Round(F("opening") + F("income") - F("expenditure"), 2)),
                name="poolsettlement_closing_adds_up",
            ),
            models.CheckConstraint(
                condition=Q(closing_balance=Round(F("credited") + F("carried"), 2)),
                name="poolsettlement_nothing_lost",
            ),
            models.CheckConstraint(
                condition=Q(credited=0) | Q(decision=Decision.CREDIT, credited__gt=0, credited__lte=F("surplus")),
                name="poolsettlement_credit_decided",
            ),
        ]

    def __str__(self):
        return f"{self.closing} {self.pool}"

    @property
    def label(self) -> str:
        return Pool(self.pool).label
