"""Open budget (开放式预算): the plan of income and spending per fee year, published before collecting."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from ledger.models.households import POOLS, FeePlan, Pool
from trustmgmt.base.checks import QuickChecks
from trustmgmt.base.clock import Stamp
from trustmgmt.base.money import MONEY_FIELD, grouped
from trustmgmt.base.records import AppendOnlyError


class BudgetStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")


RATE_FIELD = {"max_digits": 5, "decimal_places": 4}


class BudgetFrozenError(AppendOnlyError):
    """An approved budget (or one of its lines) was about to change; approve a new version instead."""


class FrozenOnceApprovedQuerySet(models.QuerySet):
    """Bulk changes go through while every row they touch is still a draft; `frozen()` names the others."""

    frozen_message = ""

    def frozen(self):
        raise NotImplementedError

    def _refuse_if_frozen(self):
        if self.frozen().exists():
            raise BudgetFrozenError(self.frozen_message)

    def update(self, **kwargs):
        self._refuse_if_frozen()
        return super().update(**kwargs)

    def delete(self):
        self._refuse_if_frozen()
        return super().delete()

    def bulk_update(self, objs, fields, batch_size=None):
        self.filter(pk__in=[obj.pk for obj in objs])._refuse_if_frozen()
        return super().bulk_update(objs, fields, batch_size=batch_size)


class BudgetQuerySet(FrozenOnceApprovedQuerySet):
    """Drafts may change or go; approved budgets are frozen (also in the database, `ledger.db`)."""

    frozen_message = "approved budgets cannot change; approve a new version instead"

    def frozen(self):
        return self.exclude(status=BudgetStatus.DRAFT)

    def approved(self):
        return self.filter(status=BudgetStatus.APPROVED)


class Budget(QuickChecks, models.Model):
    """One version of a fee year's budget. A draft is edited; approving freezes it for good.

    The budget in force for a fee year is its latest approved version; earlier approved versions are
    superseded (derived, not stored, so an approved row never changes). Planned income is kept, not
    recomputed, so a later change of households or fee plan does not alter what was approved.
    """

    fee_plan = models.ForeignKey(FeePlan, on_delete=models.PROTECT, related_name="budgets", verbose_name=_("fee year"))
    version = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=10, choices=BudgetStatus.choices, default=BudgetStatus.DRAFT)
    households_occupied = models.PositiveIntegerField(_("occupied households"), default=0)
    households_vacant = models.PositiveIntegerField(_("vacant households"), default=0)
    expected_rate_occupied = models.DecimalField(_("expected collection rate, occupied"), **RATE_FIELD)
    expected_rate_vacant = models.DecimalField(_("expected collection rate, vacant"), **RATE_FIELD)
    income_electricity = models.DecimalField(_("planned income, electricity"), **MONEY_FIELD, default=0)
    income_maintenance = models.DecimalField(_("planned income, maintenance"), **MONEY_FIELD, default=0)
    income_garbage = models.DecimalField(_("planned income, garbage"), **MONEY_FIELD, default=0)
    history_years = models.CharField(_("history used"), max_length=100, blank=True)  # "2022, 2023, 2024"
    notes = models.TextField(_("notes"), max_length=2000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = Stamp(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    # The owners' decision that approved it; empty when the committee alone approved it.
    decision = models.ForeignKey(
        "ledger.JointDecision", null=True, blank=True, on_delete=models.PROTECT, related_name="budgets"
    )

    objects = BudgetQuerySet.as_manager()

    class Meta:
        ordering = ["-fee_plan__year", "-version"]
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        permissions = [("approve_budget", "Can approve a budget")]
        constraints = [
            models.UniqueConstraint(fields=["fee_plan", "version"], name="budget_version_unique"),
            models.UniqueConstraint(
                fields=["fee_plan"], condition=Q(status=BudgetStatus.DRAFT), name="budget_one_draft_per_year"
            ),
            models.CheckConstraint(condition=Q(status__in=BudgetStatus.values), name="budget_status_valid"),
            models.CheckConstraint(
                condition=Q(status=BudgetStatus.DRAFT) | Q(approved_at__isnull=False, approved_by__isnull=False),
                name="budget_approval_recorded",
            ),
            models.CheckConstraint(
                condition=Q(
                    expected_rate_occupied__gte=0,
                    expected_rate_occupied__lte=1,
                    expected_rate_vacant__gte=0,
                    expected_rate_vacant__lte=1,
                ),
                name="budget_rates_fractions",
            ),
            models.CheckConstraint(
                condition=Q(income_electricity__gte=0, income_maintenance__gte=0, income_garbage__gte=0),
                name="budget_income_not_negative",
            ),
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._stored_status = None if self._state.adding else self.status

    def __str__(self):
        return f"{self.fee_plan.year} v{self.version}"

    def save(self, *args, **kwargs):
        if not self._state.adding and self._stored_status not in (None, BudgetStatus.DRAFT):
            raise BudgetFrozenError(f"budget #{self.pk} is approved and cannot change")
        super().save(*args, **kwargs)
        self._stored_status = self.status

    def delete(self, *args, **kwargs):
        if self._stored_status not in (None, BudgetStatus.DRAFT):
            raise BudgetFrozenError(f"budget #{self.pk} is approved and cannot be deleted")
        return super().delete(*args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored_status = instance.status  # as stored: what decides whether it may still change
        return instance

    @property
    def is_draft(self) -> bool:
        return self.status == BudgetStatus.DRAFT

    @property
    def history_year_list(self) -> list[str]:
        return [year for year in self.history_years.split(", ") if year]

    def planned_income(self) -> dict[str, object]:
        return {pool: getattr(self, f"income_{pool}") for pool in POOLS}


class BudgetLineQuerySet(FrozenOnceApprovedQuerySet):
    frozen_message = "lines of an approved budget cannot change; approve a new version instead"

    def frozen(self):
        return self.exclude(budget__status=BudgetStatus.DRAFT)


class BudgetLine(QuickChecks, models.Model):
    """One planned item of spending from one pool (public lighting, the garbage contract, repairs...)."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="lines")
    pool = models.CharField(_("pool"), max_length=12, choices=Pool.choices)
    label = models.CharField(_("item"), max_length=100)
    amount = models.DecimalField(_("planned amount"), **MONEY_FIELD)
    # Spending from this pool paid to this payee counts against the line (blank: the pool only).
    payee = models.CharField(_("payee"), max_length=100, blank=True)
    basis = models.CharField(_("basis"), max_length=300, blank=True)
    # A proposed line's spending in each past year it was averaged from: [[2024, "9960.00"], ...]. Kept as
    # figures, not as a sentence, so the sentence reads in the reader's language (`history_sentence`).
    history = models.JSONField(_("spending in past years"), default=list, blank=True)

    objects = BudgetLineQuerySet.as_manager()

    class Meta:
        ordering = ["budget", "id"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.CheckConstraint(condition=Q(pool__in=POOLS), name="budgetline_pool_valid"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="budgetline_amount_positive"),
        ]

    def __str__(self):
        return f"{self.budget} {self.pool} {self.label}"

    def save(self, *args, **kwargs):
        if self._frozen():
            raise BudgetFrozenError(f"budget #{self.budget_id} is approved; its lines cannot change")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._frozen():
            raise BudgetFrozenError(f"budget #{self.budget_id} is approved; its lines cannot be deleted")
        return super().delete(*args, **kwargs)

    def _frozen(self) -> bool:
        return Budget.objects.filter(pk=self.budget_id).exclude(status=BudgetStatus.DRAFT).exists()

    def basis_text(self) -> str:
        """Where the amount comes from, in the active language: the averaged years, then the committee's note."""
        return " ".join(part for part in (history_sentence(self.history), self.basis) if part)


def history_sentence(history: list) -> str:
    """[[2024, "9960.00"], [2025, "9729.60"]] -> "Average of the real spending: 9,960.00 yuan in 2024, …"."""
    if not history:
        return ""
    parts = [
        gettext("%(amount)s yuan in %(year)s") % {"amount": grouped(Decimal(amount)), "year": year}
        for year, amount in history
    ]
    return gettext("Average of the real spending: %(years)s.") % {"years": pgettext("punctuation", ", ").join(parts)}
