"""The ledger: the owners' trust property, to the fen.

Invariants (DESIGN.md, "Money and the journal"), and where each is enforced:

- Money is Decimal yuan with 2 places (`money.MONEY_FIELD`); never float.
- Three pools, always in the order of `Pool`. A household owes per fee year what its `Due` says: the
  fee plan's amounts for its occupancy in that year.
- Every money movement is one `Entry` in the journal, with its per-pool amounts (signed: the effect on
  the pool's balance) and `flow` (income or expenditure). A pool's balance is the sum of its column, so
  closing = opening + income - expenditure holds by construction.
- The journal is append-only: `Entry`, `Payment` and `Publication` rows, and decided `Expenditure`
  rows, refuse update and delete in Python (`AppendOnlyQuerySet`, `save`, `delete`) and in the
  database (triggers, `ledger.db`). A mistake is undone by a reversal entry pointing to the original.
- Each entry's `hash` is SHA-256 over its content and the previous entry's hash (`ledger.journal`);
  `ChainHead` holds the latest, so a cut-off tail is noticed too.
- Each entry is disclosed in a `period` (a month). Once a month is published (`Publication`) nothing
  more is booked into it; money that moved in it but is recorded later is disclosed in the first open
  month, with its true date. So a published month never changes.
- Writes go through `ledger.services`, inside `transaction.atomic()`, holding the chain-head lock.
"""

import re

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Round
from django.utils.translation import gettext_lazy as _

from ledger.money import MONEY_FIELD


class Pool(models.TextChoices):
    ELECTRICITY = "electricity", _("Public electricity")
    MAINTENANCE = "maintenance", _("Facility maintenance")
    GARBAGE = "garbage", _("Garbage removal")


POOLS: tuple[str, ...] = tuple(Pool.values)


class Occupancy(models.TextChoices):
    OCCUPIED = "occupied", _("Occupied")
    VACANT = "vacant", _("Vacant")


def pool_sum():
    """electricity + maintenance + garbage, rounded to the fen in SQL.

    PostgreSQL adds numerics exactly; SQLite stores decimals as binary floats, where 0.04 + 0.07 + 0.04
    is not 0.15. Rounding to two places gives both the exact sum.
    """
    return Round(F("electricity") + F("maintenance") + F("garbage"), 2)


class AppendOnlyError(Exception):
    """A posted record was about to be changed or deleted."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(f"{self.model._meta.label} rows are append-only; post a reversal instead")

    def delete(self):
        raise AppendOnlyError(f"{self.model._meta.label} rows are append-only; post a reversal instead")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError(f"{self.model._meta.label} rows are append-only; post a reversal instead")


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(f"{self._meta.label} #{self.pk} is posted and cannot change")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"{self._meta.label} #{self.pk} is posted and cannot be deleted")


# A flat as people write it: `12-2-301`, `12 2 301`, `12/2/301`; the desk also takes `12-2` or `12`.
_PART, _SEPARATOR = r"(\d{1,6})", r"\s*[-\s/#]\s*"
FLAT_PATTERN = re.compile(rf"\s*{_PART}{_SEPARATOR}{_PART}{_SEPARATOR}{_PART}\s*")
_FLAT_PREFIX = re.compile(rf"\s*{_PART}(?:{_SEPARATOR}{_PART})?(?:{_SEPARATOR}{_PART})?\s*")


class HouseholdQuerySet(models.QuerySet):
    def search(self, text: str):
        """`12-2-301`, `12 2 301`, `12-2`, `12`, or part of the owner's name."""
        numbers = _FLAT_PREFIX.fullmatch(text)
        if numbers:
            fields = ("building", "unit", "room")
            return self.filter(
                **{field: int(value) for field, value in zip(fields, numbers.groups(), strict=True) if value}
            )
        text = text.strip()
        if not text:
            return self.none()
        return self.filter(owner_name__icontains=text)


class Household(models.Model):
    """A flat (户): building (幢) - unit (单元) - room (室). The owner may change; the flat stays."""

    building = models.PositiveIntegerField(_("building"))
    unit = models.PositiveIntegerField(_("unit"))
    room = models.PositiveIntegerField(_("room"))
    owner_name = models.CharField(_("owner"), max_length=50)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    occupancy = models.CharField(_("occupancy"), max_length=10, choices=Occupancy.choices)
    occupancy_since = models.DateField(_("occupancy since"), null=True, blank=True)
    notes = models.TextField(_("notes"), max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        ordering = ["building", "unit", "room"]
        verbose_name = _("household")
        verbose_name_plural = _("households")
        constraints = [
            models.UniqueConstraint(fields=["building", "unit", "room"], name="household_unique_flat"),
            models.CheckConstraint(
                condition=Q(building__gt=0, unit__gt=0, room__gt=0), name="household_numbers_positive"
            ),
            models.CheckConstraint(condition=Q(occupancy__in=Occupancy.values), name="household_occupancy_valid"),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return f"{self.building}-{self.unit}-{self.room}"


class FeePlan(models.Model):
    """What each household owes for one fee year, per pool and occupancy (收支计划)."""

    year = models.PositiveSmallIntegerField(_("fee year"), unique=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    electricity_occupied = models.DecimalField(_("electricity, occupied"), **MONEY_FIELD)
    maintenance_occupied = models.DecimalField(_("maintenance, occupied"), **MONEY_FIELD)
    garbage_occupied = models.DecimalField(_("garbage, occupied"), **MONEY_FIELD)
    electricity_vacant = models.DecimalField(_("electricity, vacant"), **MONEY_FIELD)
    maintenance_vacant = models.DecimalField(_("maintenance, vacant"), **MONEY_FIELD)
    garbage_vacant = models.DecimalField(_("garbage, vacant"), **MONEY_FIELD)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("fee plan")
        verbose_name_plural = _("fee plans")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gt=F("starts_on")), name="feeplan_ends_after_start"),
            models.CheckConstraint(
                condition=Q(
                    electricity_occupied__gte=0,
                    maintenance_occupied__gte=0,
                    garbage_occupied__gte=0,
                    electricity_vacant__gte=0,
                    maintenance_vacant__gte=0,
                    garbage_vacant__gte=0,
                ),
                name="feeplan_amounts_not_negative",
            ),
        ]

    def __str__(self):
        return str(self.year)

    def amounts(self, occupancy: str) -> dict[str, object]:
        return {pool: getattr(self, f"{pool}_{occupancy}") for pool in POOLS}

    def total(self, occupancy: str):
        return sum(self.amounts(occupancy).values())


class Due(models.Model):
    """What one household owes for one fee year (应收): the plan's amounts for its occupancy that year.

    Not a money movement, so not in the journal; services keep it in step with the plan and occupancy
    and never let it fall below what has been paid into any pool.
    """

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="dues")
    fee_plan = models.ForeignKey(FeePlan, on_delete=models.PROTECT, related_name="dues")
    occupancy = models.CharField(max_length=10, choices=Occupancy.choices)
    electricity = models.DecimalField(**MONEY_FIELD)
    maintenance = models.DecimalField(**MONEY_FIELD)
    garbage = models.DecimalField(**MONEY_FIELD)
    total = models.DecimalField(**MONEY_FIELD)

    class Meta:
        verbose_name = _("due")
        verbose_name_plural = _("dues")
        constraints = [
            models.UniqueConstraint(fields=["household", "fee_plan"], name="due_once_per_household_year"),
            models.CheckConstraint(condition=Q(total=pool_sum()), name="due_total_is_sum"),
            models.CheckConstraint(
                condition=Q(electricity__gte=0, maintenance__gte=0, garbage__gte=0), name="due_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.household} {self.fee_plan}"

    def amounts(self) -> dict[str, object]:
        return {pool: getattr(self, pool) for pool in POOLS}


class ReceiptCounter(models.Model):
    """The last receipt number given in a fee year. Locked while a number is taken, so none is skipped."""

    fee_plan = models.OneToOneField(FeePlan, on_delete=models.PROTECT, primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.fee_plan_id}: {self.last_number}"


class Method(models.TextChoices):
    CASH = "cash", _("Cash")
    WECHAT = "wechat", _("WeChat Pay")
    ALIPAY = "alipay", _("Alipay")
    BANK = "bank", _("Bank transfer")


class Payment(AppendOnlyModel):
    """A household's payment at the desk, with its receipt. The money itself is in its journal entry."""

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="payments")
    fee_plan = models.ForeignKey(FeePlan, on_delete=models.PROTECT, related_name="payments")
    paid_on = models.DateField(_("paid on"))
    amount = models.DecimalField(_("amount"), **MONEY_FIELD)
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    receipt_number = models.PositiveIntegerField(_("receipt number"))
    # The desk form's one-time token: a second submission of the same form finds this and records nothing.
    request_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        permissions = [("reverse_payment", "Can reverse a payment")]
        constraints = [
            models.UniqueConstraint(fields=["fee_plan", "receipt_number"], name="payment_receipt_unique"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
            models.CheckConstraint(condition=Q(method__in=Method.values), name="payment_method_valid"),
        ]

    def __str__(self):
        return self.receipt_no

    @property
    def receipt_no(self) -> str:
        return format_receipt_no(self.fee_plan.year, self.receipt_number)


def format_receipt_no(year: int, number: int) -> str:
    return f"{year}-{number:06d}"


class ExpenditureStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    POSTED = "posted", _("Posted")
    REJECTED = "rejected", _("Rejected")


class ExpenditureQuerySet(models.QuerySet):
    def for_public_display(self):
        """What residents may see: posted spending. Payees are firms or the contractor, not residents."""
        return self.filter(status=ExpenditureStatus.POSTED)


class Expenditure(models.Model):
    """Money paid out of one pool. Above the approval threshold it waits for a committee member.

    Pending rows may be decided once (posted or rejected); after that the database refuses changes.
    """

    spent_on = models.DateField(_("spent on"))
    pool = models.CharField(_("pool"), max_length=12, choices=Pool.choices)
    payee = models.CharField(_("payee"), max_length=100)
    amount = models.DecimalField(_("amount"), **MONEY_FIELD)
    description = models.CharField(_("description"), max_length=300)
    voucher = models.FileField(_("voucher"), upload_to="vouchers/%Y/%m/", blank=True, max_length=200)
    # Where it came from outside the ledger, e.g. the work order it settles (WO-2024-0012).
    reference = models.CharField(_("reference"), max_length=40, blank=True)
    status = models.CharField(max_length=10, choices=ExpenditureStatus.choices, default=ExpenditureStatus.PENDING)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(max_length=300, blank=True)

    objects = ExpenditureQuerySet.as_manager()

    class Meta:
        ordering = ["-spent_on", "-id"]
        verbose_name = _("expenditure")
        verbose_name_plural = _("expenditures")
        permissions = [
            ("approve_expenditure", "Can approve spending above the threshold"),
            ("reverse_expenditure", "Can reverse a posted expenditure"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="expenditure_amount_positive"),
            models.CheckConstraint(condition=Q(pool__in=POOLS), name="expenditure_pool_valid"),
            models.CheckConstraint(
                condition=Q(status=ExpenditureStatus.PENDING) | Q(decided_at__isnull=False),
                name="expenditure_decision_dated",
            ),
            models.UniqueConstraint(
                fields=["reference"],
                condition=~Q(reference="") & ~Q(status=ExpenditureStatus.REJECTED),
                name="expenditure_reference_unique",
            ),
        ]

    def __str__(self):
        return f"{self.spent_on} {self.payee} {self.amount}"


class Kind(models.TextChoices):
    OPENING = "opening", _("Opening balance")
    PAYMENT = "payment", _("Payment")
    PAYMENT_REVERSAL = "payment_reversal", _("Payment reversal")
    EXPENDITURE = "expenditure", _("Expenditure")
    EXPENDITURE_REVERSAL = "expenditure_reversal", _("Expenditure reversal")
    # Year-end settlement (`ledger.settlement`): they move money between years, not in or out.
    YEAR_CLOSE = "year_close", _("Fee year closed")
    YEAR_OPEN = "year_open", _("Brought forward")
    CREDIT = "credit", _("Surplus credited")


class Flow(models.TextChoices):
    INCOME = "income", _("Income")
    EXPENDITURE = "expenditure", _("Expenditure")
    # Neither income nor spending: a settlement's entries net to zero per pool and all fall in one month,
    # so a month's closing = opening + income - expenditure still holds without them.
    TRANSFER = "transfer", _("Transfer")


FLOW_OF_KIND = {
    Kind.OPENING: Flow.INCOME,
    Kind.PAYMENT: Flow.INCOME,
    Kind.PAYMENT_REVERSAL: Flow.INCOME,
    Kind.EXPENDITURE: Flow.EXPENDITURE,
    Kind.EXPENDITURE_REVERSAL: Flow.EXPENDITURE,
    Kind.YEAR_CLOSE: Flow.TRANSFER,
    Kind.YEAR_OPEN: Flow.TRANSFER,
    Kind.CREDIT: Flow.TRANSFER,
}
# The sign of each pool column: + adds to the pool (income, undone spending), - takes from it.
_GROWS = [Kind.OPENING, Kind.PAYMENT, Kind.EXPENDITURE_REVERSAL, Kind.CREDIT]
_SHRINKS = [Kind.EXPENDITURE, Kind.PAYMENT_REVERSAL]
# A year closes with each pool's balance and the next opens with it: a pool in deficit carries a negative one.
_EITHER_SIGN = [Kind.YEAR_CLOSE, Kind.YEAR_OPEN]
_SETTLING = [Kind.YEAR_CLOSE, Kind.YEAR_OPEN, Kind.CREDIT]
# What counts as paid toward a household's due: payments net of reversals, and credits from a settlement.
PAID_KINDS = [Kind.PAYMENT, Kind.PAYMENT_REVERSAL, Kind.CREDIT]


class Entry(AppendOnlyModel):
    """One line of the journal: a money movement, per pool, hash-chained to the one before."""

    kind = models.CharField(max_length=24, choices=Kind.choices)
    flow = models.CharField(max_length=12, choices=Flow.choices)
    value_date = models.DateField(_("date"))  # when the money moved
    period = models.DateField(_("disclosed in"))  # first day of the month it is disclosed in
    electricity = models.DecimalField(**MONEY_FIELD)
    maintenance = models.DecimalField(**MONEY_FIELD)
    garbage = models.DecimalField(**MONEY_FIELD)
    amount = models.DecimalField(**MONEY_FIELD)
    household = models.ForeignKey(Household, null=True, on_delete=models.PROTECT, related_name="entries")
    fee_plan = models.ForeignKey(FeePlan, null=True, on_delete=models.PROTECT, related_name="entries")
    payment = models.ForeignKey(Payment, null=True, on_delete=models.PROTECT, related_name="entries")
    expenditure = models.ForeignKey(Expenditure, null=True, on_delete=models.PROTECT, related_name="entries")
    reverses = models.OneToOneField(
        "self", null=True, on_delete=models.PROTECT, related_name="reversal", verbose_name=_("reverses")
    )
    reference = models.CharField(max_length=40, blank=True)  # receipt number, work order number
    counterparty = models.CharField(max_length=100, blank=True)  # the flat, or the payee
    memo = models.CharField(max_length=300, blank=True)  # description, or why it was reversed
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    # Digest v2 (`ledger.journal`): the entry's place on the chain; a secret salt (never published) for the
    # commitment over its personal fields; and, for entries carried over from v1, their old hash.
    version = models.PositiveSmallIntegerField(default=2)
    position = models.PositiveIntegerField(null=True, unique=True)
    salt = models.CharField(max_length=64, blank=True, editable=False)
    commitment = models.CharField(max_length=64, blank=True)
    legacy_hash = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        permissions = [("view_statement", "Can print statements and arrears")]
        indexes = [
            models.Index(fields=["period", "flow"], name="entry_period_flow"),
            models.Index(fields=["fee_plan", "household"], name="entry_fee_plan_household"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount=pool_sum()),
                name="entry_amount_is_sum",
            ),
            models.CheckConstraint(condition=~Q(amount=0), name="entry_amount_not_zero"),
            models.CheckConstraint(
                condition=(
                    Q(kind__in=_GROWS, electricity__gte=0, maintenance__gte=0, garbage__gte=0)
                    | Q(kind__in=_SHRINKS, electricity__lte=0, maintenance__lte=0, garbage__lte=0)
                    | Q(kind__in=_EITHER_SIGN)
                ),
                name="entry_sign_follows_kind",
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind__in=[k for k, f in FLOW_OF_KIND.items() if f == Flow.INCOME], flow=Flow.INCOME)
                    | Q(
                        kind__in=[k for k, f in FLOW_OF_KIND.items() if f == Flow.EXPENDITURE],
                        flow=Flow.EXPENDITURE,
                    )
                    | Q(kind__in=[k for k, f in FLOW_OF_KIND.items() if f == Flow.TRANSFER], flow=Flow.TRANSFER)
                ),
                name="entry_flow_follows_kind",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=[Kind.PAYMENT_REVERSAL, Kind.EXPENDITURE_REVERSAL], reverses__isnull=False)
                | Q(kind__in=[Kind.OPENING, Kind.PAYMENT, Kind.EXPENDITURE, *_SETTLING], reverses__isnull=True),
                name="entry_reversal_points_back",
            ),
            models.UniqueConstraint(fields=["payment"], condition=Q(kind=Kind.PAYMENT), name="entry_one_per_payment"),
            models.UniqueConstraint(
                fields=["expenditure"], condition=Q(kind=Kind.EXPENDITURE), name="entry_one_per_expenditure"
            ),
        ]

    def __str__(self):
        return f"#{self.pk} {self.get_kind_display()} {self.amount}"

    def amounts(self) -> dict[str, object]:
        return {pool: getattr(self, pool) for pool in POOLS}


class ChainHead(models.Model):
    """The one row that names the latest entry. Locking it serialises posting, so the chain never forks."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    entry = models.OneToOneField(Entry, null=True, on_delete=models.PROTECT, related_name="+")
    hash = models.CharField(max_length=64)
    entries = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(id=1), name="chainhead_single_row")]

    def __str__(self):
        return self.hash


class Publication(AppendOnlyModel):
    """A month disclosed for good (公示). Nothing is booked into it or any month before it afterwards."""

    month = models.DateField(_("month"), unique=True)  # its first day
    fingerprint = models.CharField(_("ledger fingerprint"), max_length=64)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(auto_now_add=True)
    # The disclosure as it was published, for the record and to serve it without recomputing.
    document = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-month"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        permissions = [("publish_month", "Can publish a month's disclosure")]
        constraints = [models.CheckConstraint(condition=Q(month__day=1), name="publication_month_first_day")]

    def __str__(self):
        return self.month.strftime("%Y-%m")


# Open budget (开放式预算): the plan of income and spending per fee year, published before collecting.


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


class Budget(models.Model):
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
    created_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

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

    def planned_income(self) -> dict[str, object]:
        return {pool: getattr(self, f"income_{pool}") for pool in POOLS}


class BudgetLineQuerySet(FrozenOnceApprovedQuerySet):
    frozen_message = "lines of an approved budget cannot change; approve a new version instead"

    def frozen(self):
        return self.exclude(budget__status=BudgetStatus.DRAFT)


class BudgetLine(models.Model):
    """One planned item of spending from one pool (public lighting, the garbage contract, repairs...)."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="lines")
    pool = models.CharField(_("pool"), max_length=12, choices=Pool.choices)
    label = models.CharField(_("item"), max_length=100)
    amount = models.DecimalField(_("planned amount"), **MONEY_FIELD)
    # Spending from this pool paid to this payee counts against the line (blank: the pool only).
    payee = models.CharField(_("payee"), max_length=100, blank=True)
    basis = models.CharField(_("basis"), max_length=300, blank=True)

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
    closed_at = models.DateTimeField(auto_now_add=True)

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
    # Income less spending, with fees paid in advance in the year they pay for (`ledger.settlement`).
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


# Owners' inspection requests (查账) and public vouchers: their own module, ledger models all the same.
from ledger.inspection_models import AnswerMethod, InspectionRequest, PublicVoucher  # noqa: E402, F401
