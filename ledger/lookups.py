"""Reads behind "anyone can check" (issue 11): a receipt by its check token, a paper receipt by its number and
amount, and one flat's own record for whoever proves it with the last four digits of the phone on file.

What each returns is all its public page may show: no owner name, no phone, the flat masked on a receipt
check. The rules about who may see it (throttles, locks) are in `ledger.services` and the views.
"""

import hmac
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone

from ledger import check_tokens, figures, receipts
from ledger.models import (
    FLAT_PATTERN,
    POOLS,
    Entry,
    Household,
    Kind,
    LookupLock,
    Method,
    Payment,
    Publication,
    ReceiptCheck,
    format_receipt_no,
)
from ledger.receipts import PoolPart
from trustmgmt.base.money import CENT
from trustmgmt.base.privacy import mask_flat

_RECEIPT_NO = re.compile(r"\s*([0-9]{4})\s*-\s*([0-9]{1,6})\s*")
_NOT_DIGIT = re.compile(r"[^0-9]")  # ASCII digits only: \d also takes full-width and other scripts' digits
_FLAT_FIELDS = ("building", "unit", "room")


def flat_key(text: str) -> str | None:
    """`12 2 301`, `12/2/0301` -> `12-2-301`: the flat as typed, normalised, whether or not it exists."""
    match = FLAT_PATTERN.fullmatch(text or "")
    if not match:
        return None
    return "-".join(str(int(part)) for part in match.groups())


@dataclass(frozen=True)
class JournalPlace:
    position: int
    hash: str


@dataclass(frozen=True)
class ReceiptCheckResult:
    """A receipt as its public check page shows it."""

    token: str
    receipt_no: str
    fee_year: int
    paid_on: date
    amount: Decimal
    parts: list[PoolPart]
    method: str
    flat_masked: str
    disclosed_in: date  # the month (its first day)
    disclosed: bool  # that month is published
    entry: JournalPlace
    reversed_on: date | None = None
    reversal_category: str = ""  # its label; empty if not recorded
    reversal_entry: JournalPlace | None = None

    @property
    def code(self) -> str:
        return check_tokens.grouped(self.token)

    @property
    def reversed(self) -> bool:
        return self.reversed_on is not None


def receipt_check(token: str) -> ReceiptCheckResult | None:
    """The receipt whose check token this is (as typed or scanned), or None. Four queries."""
    token = check_tokens.normalise(token)
    if token is None:
        return None
    check = ReceiptCheck.objects.select_related("payment__household", "payment__fee_plan").filter(token=token).first()
    if check is None:
        return None
    payment = check.payment
    entries = {
        entry.kind: entry
        for entry in Entry.objects.filter(payment=payment, kind__in=[Kind.PAYMENT, Kind.PAYMENT_REVERSAL])
        .select_related("reversal_category")
        .only("id", "kind", "period", "value_date", "hash", *POOLS, "reversal_category__category")
    }
    original, reversal = entries[Kind.PAYMENT], entries.get(Kind.PAYMENT_REVERSAL)
    category = getattr(reversal, "reversal_category", None) if reversal else None
    return ReceiptCheckResult(
        token=token,
        receipt_no=payment.receipt_no,
        fee_year=payment.fee_plan.year,
        paid_on=payment.paid_on,
        amount=payment.amount,
        parts=[PoolPart(pool, getattr(original, pool)) for pool in POOLS],
        method=payment.get_method_display(),
        flat_masked=mask_flat(payment.household.label),
        disclosed_in=original.period,
        disclosed=Publication.objects.filter(month=original.period).exists(),
        entry=JournalPlace(original.position, original.hash),
        reversed_on=reversal.value_date if reversal else None,
        reversal_category=category.get_category_display() if category else "",
        reversal_entry=JournalPlace(reversal.position, reversal.hash) if reversal else None,
    )


def parse_receipt_no(text: str) -> tuple[int, int] | None:
    """`2024-000123`, `2024-123` -> (2024, 123); None if it is not written like a receipt number."""
    match = _RECEIPT_NO.fullmatch(text or "")
    return (int(match[1]), int(match[2])) if match else None


def receipt_matches(receipt_no: str, amount: Decimal) -> bool:
    """Whether a receipt with this number and exactly this amount is in the ledger and still counts (not
    reversed). Nothing else about it: the answer to someone holding a paper receipt. One query."""
    parsed = parse_receipt_no(receipt_no)
    if parsed is None:
        return False
    year, number = parsed
    payments = Payment.objects.filter(fee_plan__year=year, receipt_number=number, amount=amount)
    return receipts.with_reversal(payments).filter(reversed=False).exists()


# Own-flat lookup (本户查询)


def lookup_locked(flat: str, *, now=None) -> bool:
    """Whether the lookup of this flat text (`flat_key`) is locked just now. One query."""
    return LookupLock.objects.filter(flat=flat, locked_until__gt=now or timezone.now()).exists()


def active_lookup_locks(*, now=None) -> list[LookupLock]:
    """The locks in force, newest first, for the staff. One query."""
    return list(LookupLock.objects.filter(locked_until__gt=now or timezone.now()).order_by("-locked_at"))


def phone_ends_with(phone: str, last_four: str) -> bool:
    """Whether the phone on file ends in these four digits; a phone with fewer than four digits never does."""
    digits = _NOT_DIGIT.sub("", phone or "")
    if len(digits) < 4 or not re.fullmatch(r"[0-9]{4}", last_four or ""):
        return False
    return hmac.compare_digest(digits[-4:], last_four)


def household_for_lookup(flat: str, last_four: str) -> Household | None:
    """The household of this flat (`flat_key`) if the phone on file ends in `last_four`, else None: an
    unknown flat, a wrong pair and a flat without a phone are the same None. One query."""
    building, unit, room = (int(part) for part in flat.split("-"))
    household = (
        Household.objects.filter(building=building, unit=unit, room=room).only("id", *_FLAT_FIELDS, "phone").first()
    )
    if household is None or not phone_ends_with(household.phone, last_four):
        return None
    return household


@dataclass(frozen=True)
class ReceiptLine:
    receipt_no: str
    fee_year: int
    paid_on: date
    amount: Decimal
    method: str
    reversed: bool
    token: str  # empty: no check code (imported, or recorded before codes existed)


@dataclass(frozen=True)
class CreditLine:
    credited_on: date
    fee_year: int  # the year it is credited toward
    amount: Decimal


@dataclass(frozen=True)
class FlatRecord:
    """One flat's own record: what its owner may see after proving the flat. No name, no phone."""

    flat: str
    years: list[figures.YearStatus]
    receipts: list[ReceiptLine]
    credits: list[CreditLine]


def flat_record(household: Household) -> FlatRecord:
    """Fee years (due, paid, outstanding per pool), receipts and settlement credits of one flat. Two queries:
    its fee years (`figures.household_years`), and its journal entries that are payments, their reversals
    and credits, read as plain rows (a lookup must stay quick on a phone's slow connection and a busy server).
    """
    rows = (
        Entry.objects.filter(household=household, kind__in=[Kind.PAYMENT, Kind.PAYMENT_REVERSAL, Kind.CREDIT])
        .order_by("-value_date", "-id")
        .values_list(
            "kind",
            "value_date",
            "amount",
            "fee_plan__year",
            "payment_id",
            "payment__receipt_number",
            "payment__paid_on",
            "payment__method",
            "payment__check_code__token",
        )
    )
    payments, reversed_ids, credits = [], set(), []
    for kind, value_date, amount, year, payment_id, number, paid_on, method, token in rows:
        if kind == Kind.PAYMENT:
            payments.append((payment_id, year, number, paid_on, amount, method, token))
        elif kind == Kind.PAYMENT_REVERSAL:
            reversed_ids.add(payment_id)
        else:
            credits.append(CreditLine(credited_on=value_date, fee_year=year, amount=Decimal(amount).quantize(CENT)))
    payments.sort(key=lambda row: (row[3], row[0]), reverse=True)  # by the day paid, as on paper
    return FlatRecord(
        flat=household.label,
        years=figures.household_years(household),
        receipts=[
            ReceiptLine(
                receipt_no=format_receipt_no(year, number),
                fee_year=year,
                paid_on=paid_on,
                amount=Decimal(amount).quantize(CENT),
                method=Method(method).label,
                reversed=payment_id in reversed_ids,
                token=token or "",
            )
            for payment_id, year, number, paid_on, amount, method, token in payments
        ],
        credits=credits,
    )
