"""Where the owners' money sits, and how it moves between places without changing any pool.

- `Account`: the committee's bank account(s), the steward's cash box, a WeChat/Alipay collection account.
  `MethodAccount` says where each payment method lands; a collection account settles to a bank account.
- `Movement`: which account a journal entry moved (a payment into the cash box, spending out of the bank).
  A link from this side, so the journal's entries and their hashes stay as they are.
- `Transfer`: money moved between two accounts (a deposit of cash into the bank, a collection account's
  settlement). The pools do not change, so it is not a journal entry.
- `DayClose`: the steward's count of the cash box at the end of a day (日结), with any difference and why.
  Append-only; a correction is a new record pointing back to the one it corrects.
- `StatementImport`, `StatementLine`: the bank's own record, line by line, append-only. A line is known by
  the bank's serial number (流水号) or, without one, by its content, so importing it again adds nothing.
- `Match`: a statement line paired with the movement or transfer it is.
- `PoolAdvance`: a committee-approved advance from one pool to another (资金池调剂), posted as two
  `transfer` entries that net to zero.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ledger.models.households import POOLS, Pool
from ledger.models.journal import Entry, Method
from trustmgmt.base.checks import QuickChecks
from trustmgmt.base.clock import Stamp
from trustmgmt.base.money import MONEY_FIELD
from trustmgmt.base.records import AppendOnlyModel


class AccountKind(models.TextChoices):
    BANK = "bank", _("Bank account")
    CASH = "cash", _("Cash box")
    COLLECTION = "collection", _("Collection account (WeChat/Alipay)")


class AccountQuerySet(models.QuerySet):
    def for_method(self, method: str) -> "Account | None":
        """Where money paid by `method` lands (`MethodAccount`), or None if the complex has not said."""
        return self.filter(methods__method=method).first()

    def main_bank(self) -> "Account | None":
        """Where spending is paid from and opening balances sit unless said otherwise: the first bank account."""
        return self.filter(kind=AccountKind.BANK).order_by("id").first()

    def of_entry(self, entry: Entry) -> "Account | None":
        return self.filter(movements__entry=entry).first()


class Account(QuickChecks, models.Model):
    name = models.CharField(_("name"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=AccountKind.choices)
    bank_name = models.CharField(_("bank"), max_length=60, blank=True)
    # The full number is for staff; anything public shows its last four digits (`masked_number`).
    number = models.CharField(_("account number"), max_length=40, blank=True)
    settles_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("settles to")
    )
    created_at = Stamp(auto_now_add=True)

    objects = AccountQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        permissions = [
            ("close_day", "Can count the cash box and close the day"),
            ("import_statement", "Can import bank statements and match them"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=["bank", "cash", "collection"]), name="account_kind_valid"),
        ]

    def __str__(self):
        return self.name

    @property
    def masked_number(self) -> str:
        digits = "".join(ch for ch in self.number if ch.isalnum())
        return f"****{digits[-4:]}" if digits else ""


class MethodAccount(models.Model):
    """Where money paid by one method lands: cash in the cash box, WeChat in the collection account…"""

    method = models.CharField(_("method"), max_length=10, choices=Method.choices, primary_key=True)
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="methods")

    class Meta:
        verbose_name = _("where a payment method lands")
        verbose_name_plural = _("where payment methods land")

    def __str__(self):
        return f"{self.method} → {self.account_id}"


class Movement(AppendOnlyModel):
    """The account a journal entry moved, and by how much (the entry's amount: + in, − out)."""

    @classmethod
    def record(cls, entry: Entry, account: "Account | None") -> "Movement | None":
        """Called by `ledger.services` as it posts; nothing when the complex has no such account."""
        if account is None:
            return None
        return cls.objects.create(entry=entry, account=account, value_date=entry.value_date, amount=entry.amount)

    entry = models.OneToOneField(Entry, primary_key=True, on_delete=models.PROTECT, related_name="movement")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="movements")
    value_date = models.DateField()
    amount = models.DecimalField(**MONEY_FIELD)

    class Meta:
        indexes = [models.Index(fields=["account", "value_date"], name="movement_account_date")]

    def __str__(self):
        return f"{self.account_id} {self.value_date} {self.amount}"


class TransferKind(models.TextChoices):
    DEPOSIT = "deposit", _("Deposit of cash")
    SETTLEMENT = "settlement", _("Settlement of collected payments")


class Transfer(AppendOnlyModel):
    kind = models.CharField(_("kind"), max_length=12, choices=TransferKind.choices)
    moved_on = models.DateField(_("date"))
    from_account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="transfers_out")
    to_account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="transfers_in")
    amount = models.DecimalField(_("amount"), **MONEY_FIELD)
    slip_number = models.CharField(_("slip number"), max_length=40, blank=True)
    scan = models.FileField(_("scan of the slip"), upload_to="deposits/%Y/%m/", blank=True, max_length=200)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = Stamp(auto_now_add=True)

    class Meta:
        ordering = ["-moved_on", "-id"]
        verbose_name = _("transfer between accounts")
        verbose_name_plural = _("transfers between accounts")
        indexes = [
            models.Index(fields=["from_account", "moved_on"], name="transfer_from_date"),
            models.Index(fields=["to_account", "moved_on"], name="transfer_to_date"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="transfer_amount_positive"),
            models.CheckConstraint(condition=~Q(from_account=F("to_account")), name="transfer_between_two"),
        ]

    def __str__(self):
        return f"{self.moved_on} {self.amount}"


class DayClose(AppendOnlyModel):
    """The cash box counted at the end of `day`. `expected` is what the books say it holds."""

    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="day_closes")
    day = models.DateField(_("day"))
    opening = models.DecimalField(_("opening"), **MONEY_FIELD)
    received = models.DecimalField(_("cash received"), **MONEY_FIELD)
    paid_out = models.DecimalField(_("cash paid out"), **MONEY_FIELD)
    deposited = models.DecimalField(_("deposited"), **MONEY_FIELD)
    expected = models.DecimalField(_("expected"), **MONEY_FIELD)
    counted = models.DecimalField(_("counted"), **MONEY_FIELD)
    difference = models.DecimalField(_("difference"), **MONEY_FIELD)
    reason = models.CharField(_("reason for the difference"), max_length=300, blank=True)
    corrects = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="correction", verbose_name=_("corrects")
    )
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = Stamp(auto_now_add=True)

    class Meta:
        ordering = ["-day", "-id"]
        verbose_name = _("day-close")
        verbose_name_plural = _("day-closes")
        constraints = [
            models.UniqueConstraint(
                fields=["account", "day"], condition=Q(corrects__isnull=True), name="dayclose_one_per_day"
            ),
            models.CheckConstraint(condition=Q(difference=F("counted") - F("expected")), name="dayclose_difference"),
            models.CheckConstraint(condition=Q(counted__gte=0), name="dayclose_counted_not_negative"),
            models.CheckConstraint(condition=Q(difference=0) | ~Q(reason=""), name="dayclose_difference_explained"),
        ]

    def __str__(self):
        return f"{self.day} {self.counted}"


class StatementImport(AppendOnlyModel):
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="statement_imports")
    file_name = models.CharField(max_length=200)
    layout = models.CharField(max_length=20)
    lines_read = models.PositiveIntegerField()
    lines_added = models.PositiveIntegerField()
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    imported_at = Stamp(auto_now_add=True)

    class Meta:
        ordering = ["-imported_at"]

    def __str__(self):
        return self.file_name


class StatementLine(AppendOnlyModel):
    """One line of a bank statement: + money in, − money out, and the balance the bank says followed."""

    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="statement_lines")
    statement = models.ForeignKey(StatementImport, on_delete=models.PROTECT, related_name="lines")
    line_date = models.DateField(_("date"))
    amount = models.DecimalField(_("amount"), **MONEY_FIELD)
    balance = models.DecimalField(_("balance"), **MONEY_FIELD)
    counterparty = models.CharField(_("counterparty"), max_length=100, blank=True)
    memo = models.CharField(_("memo"), max_length=200, blank=True)
    serial = models.CharField(_("serial number"), max_length=60, blank=True)
    # The serial number, or without one a digest of the line's content and its balance: a line's identity.
    key = models.CharField(max_length=64)
    # Position in the account's statement: by date, then as the bank listed it.
    position = models.PositiveBigIntegerField()

    class Meta:
        ordering = ["account", "position"]
        verbose_name = _("statement line")
        verbose_name_plural = _("statement lines")
        indexes = [models.Index(fields=["account", "line_date"], name="statementline_account_date")]
        constraints = [
            models.UniqueConstraint(fields=["account", "key"], name="statementline_unique"),
            models.UniqueConstraint(fields=["account", "position"], name="statementline_position_unique"),
            models.CheckConstraint(condition=~Q(amount=0), name="statementline_amount_not_zero"),
        ]

    def __str__(self):
        return f"{self.line_date} {self.amount}"


class Match(QuickChecks, models.Model):
    """A statement line and what it is in the books: a movement, or a transfer. Proposed until confirmed."""

    line = models.OneToOneField(StatementLine, primary_key=True, on_delete=models.PROTECT, related_name="match")
    movement = models.OneToOneField(Movement, null=True, on_delete=models.PROTECT, related_name="match")
    transfer = models.OneToOneField(Transfer, null=True, on_delete=models.PROTECT, related_name="match")
    confirmed = models.BooleanField(default=False)
    matched_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    matched_at = Stamp(auto_now_add=True)

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        constraints = [
            models.CheckConstraint(
                condition=Q(movement__isnull=False, transfer__isnull=True)
                | Q(movement__isnull=True, transfer__isnull=False),
                name="match_one_side",
            ),
        ]

    def __str__(self):
        return f"{self.line_id}"


class PoolAdvance(AppendOnlyModel):
    """资金池调剂: the committee lends one pool's money to another, with a reason. Net zero on the journal."""

    from_pool = models.CharField(_("from pool"), max_length=12, choices=Pool.choices)
    to_pool = models.CharField(_("to pool"), max_length=12, choices=Pool.choices)
    amount = models.DecimalField(_("amount"), **MONEY_FIELD)
    value_date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=300)
    out_entry = models.OneToOneField(Entry, on_delete=models.PROTECT, related_name="+")
    in_entry = models.OneToOneField(Entry, on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = Stamp(auto_now_add=True)

    class Meta:
        ordering = ["-value_date", "-id"]
        verbose_name = _("advance between pools")
        verbose_name_plural = _("advances between pools")
        permissions = [("approve_advance", "Can approve an advance between pools")]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="advance_amount_positive"),
            models.CheckConstraint(condition=~Q(from_pool=F("to_pool")), name="advance_between_two_pools"),
            models.CheckConstraint(condition=Q(from_pool__in=POOLS, to_pool__in=POOLS), name="advance_pools_valid"),
        ]

    def __str__(self):
        return f"{self.value_date} {self.from_pool}→{self.to_pool} {self.amount}"
