"""A payment's receipt: one context for its HTML page and its PDF, so the two cannot disagree."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, QuerySet

from ledger import check_tokens, figures, journal
from ledger.models import POOLS, Entry, Kind, Payment, Pool, format_receipt_no
from trustmgmt.base.money import fen
from trustmgmt.base.pdf import qr_svg

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ("", "拾", "佰", "仟")
_LARGE_UNITS = ("", "万", "亿", "万亿")


def _four_digits(number: int) -> str:
    """0..9999 in capital numerals, with 零 for inner gaps (1010 -> 壹仟零壹拾)."""
    text, zero = "", False
    for position in range(3, -1, -1):
        digit = number // 10**position % 10
        if digit == 0:
            zero = bool(text)
            continue
        if zero:
            text += "零"
            zero = False
        text += _DIGITS[digit] + _SMALL_UNITS[position]
    return text


def amount_in_words(amount: Decimal) -> str:
    """The amount as a Chinese receipt writes it (大写), so it cannot be altered: 200.50 -> 贰佰元伍角整."""
    total = fen(amount)
    yuan_part, jiao, fen_part = total // 100, total // 10 % 10, total % 10
    groups, text = [], ""
    while yuan_part:
        groups.append(yuan_part % 10000)
        yuan_part //= 10000
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            if text and not text.endswith("零"):
                text += "零"
            continue
        if text and group < 1000 and not text.endswith("零"):
            text += "零"
        text += _four_digits(group) + _LARGE_UNITS[index]
    text = text.rstrip("零")
    if text:
        text += "元"
    if jiao == 0 and fen_part == 0:
        return (text or "零元") + "整"
    if jiao:
        text += _DIGITS[jiao] + "角"
    elif text:
        text += "零"
    if fen_part:
        text += _DIGITS[fen_part] + "分"
    else:
        text += "整"
    return text


def disclosure_url() -> str:
    return f"{settings.PUBLIC_BASE_URL}/disclosure/"


def check_url(token: str) -> str:
    """The receipt's public check page (a fixed public URL, DESIGN.md), as its QR code opens it."""
    return f"{settings.PUBLIC_BASE_URL}/verify/receipt/{token}/"


def person(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


@dataclass(frozen=True)
class PoolPart:
    code: str
    amount: Decimal

    @property
    def label(self) -> str:
        return Pool(self.code).label


def with_reversal(payments: QuerySet[Payment]) -> QuerySet[Payment]:
    """Payments annotated with `reversed`: whether a 红冲 entry undoes them. One subquery, no extra query."""
    undone = Entry.objects.filter(payment=OuterRef("pk"), kind=Kind.PAYMENT_REVERSAL)
    return payments.annotate(reversed=Exists(undone))


def payment_by_receipt(receipt_no: str) -> Payment | None:
    """`2024-000123` (or `2024-123`) -> the payment, with what a receipt shows. One query."""
    year, _dash, number = receipt_no.partition("-")
    if not (year.isdigit() and number.isdigit()):
        return None
    return (
        Payment.objects.select_related("household", "fee_plan", "recorded_by", "check_code")
        .filter(fee_plan__year=int(year), receipt_number=int(number))
        .first()
    )


def receipt_context(payment: Payment) -> dict:
    """Everything the receipt shows, for the page and the PDF alike. Two queries (entries, fingerprint)."""
    entries = {entry.kind: entry for entry in Entry.objects.filter(payment=payment).select_related("created_by")}
    original = entries[Kind.PAYMENT]
    reversal = entries.get(Kind.PAYMENT_REVERSAL)
    # The QR code opens the receipt's check page; a receipt without a code (imported) points to the disclosure.
    check = getattr(payment, "check_code", None)
    url = check_url(check.token) if check else disclosure_url()
    return {
        "complex_name": settings.COMPLEX_NAME,
        "payment": payment,
        "receipt_no": payment.receipt_no,
        "household": payment.household,
        "fee_year": payment.fee_plan.year,
        "fee_plan": payment.fee_plan,
        "paid_on": payment.paid_on,
        "method": payment.get_method_display(),
        "amount": payment.amount,
        "amount_in_words": amount_in_words(payment.amount),
        "parts": [PoolPart(pool, getattr(original, pool)) for pool in POOLS],
        "recorded_by": person(payment.recorded_by),
        "recorded_at": payment.created_at,
        "reversal": reversal,
        "reversed_by": person(reversal.created_by) if reversal else "",
        "disclosure_url": disclosure_url(),
        "check_url": check_url(check.token) if check else "",
        "check_code": check_tokens.grouped(check.token) if check else "",
        "qr_url": url,
        "qr": qr_svg(url, scale=3),
        "fingerprint": (chain_hash := journal.fingerprint()),
        # Its first 16 hex characters in groups of four, to read aloud or type into the fingerprint check.
        "fingerprint_short": " ".join(chain_hash[index : index + 4] for index in range(0, 16, 4)),
    }


def receipt_filename(payment: Payment) -> str:
    return f"receipt-{format_receipt_no(payment.fee_plan.year, payment.receipt_number)}.pdf"


def today_at_desk(user, day: date) -> dict:
    """The steward's own receipts of the day, newest first, and their sum: a check before handing over cash.

    Two queries: the count and sum (reversed ones left out) in SQL, and the latest ten to list.
    """
    recorded = Payment.objects.filter(recorded_by=user, created_at__date=day)
    kept = with_reversal(recorded).filter(reversed=False)
    totals = kept.aggregate(count=Count("id"), total=figures.money_sum("amount"))
    latest = with_reversal(recorded).select_related("household", "fee_plan").order_by("-id")[:10]
    return {"payments": list(latest), "count": totals["count"], "total": totals["total"]}
