"""Money that moved: receipts, payments, spending, and the hash-chained journal that records every yuan."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ledger.models.households import POOLS, FeePlan, Household, Pool, pool_sum
from trustmgmt.base.checks import QuickChecks
from trustmgmt.base.clock import Stamp
from trustmgmt.base.money import MONEY_FIELD
from trustmgmt.base.records import AppendOnlyModel


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
    created_at = Stamp(auto_now_add=True)

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


class Expenditure(QuickChecks, models.Model):
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
    created_at = Stamp(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(max_length=300, blank=True)
    # The account the money left (ledger.models.accounts): the bank unless the steward paid from the cash box.
    paid_from = models.ForeignKey(
        "ledger.Account", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("paid from")
    )

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
    # Year-end settlement (`ledger.settlement.services`): they move money between years, not in or out.
    YEAR_CLOSE = "year_close", _("Fee year closed")
    YEAR_OPEN = "year_open", _("Brought forward")
    CREDIT = "credit", _("Surplus credited")
    # An advance between pools (资金池调剂, ledger.models.accounts.PoolAdvance): one pool lends, another borrows.
    ADVANCE_OUT = "advance_out", _("Advanced to another pool")
    ADVANCE_IN = "advance_in", _("Advanced from another pool")
    INTEREST = "interest", _("Bank interest")


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
    Kind.ADVANCE_OUT: Flow.TRANSFER,
    Kind.ADVANCE_IN: Flow.TRANSFER,
    Kind.INTEREST: Flow.INCOME,
}
# The sign of each pool column: + adds to the pool (income, undone spending), - takes from it.
_GROWS = [Kind.OPENING, Kind.PAYMENT, Kind.EXPENDITURE_REVERSAL, Kind.CREDIT, Kind.ADVANCE_IN, Kind.INTEREST]
_SHRINKS = [Kind.EXPENDITURE, Kind.PAYMENT_REVERSAL, Kind.ADVANCE_OUT]
# A year closes with each pool's balance and the next opens with it: a pool in deficit carries a negative one.
_EITHER_SIGN = [Kind.YEAR_CLOSE, Kind.YEAR_OPEN]
_SETTLING = [Kind.YEAR_CLOSE, Kind.YEAR_OPEN, Kind.CREDIT]
_ADVANCING = [Kind.ADVANCE_OUT, Kind.ADVANCE_IN]
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
                | Q(
                    kind__in=[Kind.OPENING, Kind.PAYMENT, Kind.EXPENDITURE, Kind.INTEREST, *_SETTLING, *_ADVANCING],
                    reverses__isnull=True,
                ),
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
    published_at = Stamp(auto_now_add=True)
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
