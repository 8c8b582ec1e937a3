"""Money is Decimal yuan with two places, everywhere. The constants live here, once."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db.models import DecimalField, Func, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from trustmgmt.base.refusals import coded, refuse

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
MAX_DIGITS = 12
MONEY_FIELD = {"max_digits": MAX_DIGITS, "decimal_places": 2}
# Larger than any one payment or invoice of one complex; a typo with extra digits is refused.
MAX_AMOUNT = Decimal("1000000.00")
LARGEST_READABLE = Decimal("1E+15")

AMOUNT_NOT_POSITIVE = _("The amount must be more than zero.")
AMOUNT_TOO_LARGE = _("The amount is larger than any payment this ledger takes (at most 1,000,000.00).")
AMOUNT_TOO_PRECISE = _("An amount has at most two decimal places (fen).")
_MONEY = DecimalField(**MONEY_FIELD)


class AmountError(ValueError):
    """A text that is not an amount of money in yuan with at most two decimal places."""


class AmountTooPrecise(AmountError):
    """A number, but with fractions of a fen."""


class AmountTooLarge(AmountError):
    """A number too large to be money in this ledger (and for the decimal context to round)."""


def parse_amount(text: object) -> Decimal:
    """Read an amount a person typed or a spreadsheet held: '200', '200.5', '1,234.50', 200.0."""
    if isinstance(text, Decimal):
        value = text
    elif isinstance(text, int) and not isinstance(text, bool):
        value = Decimal(text)
    elif isinstance(text, float):
        # A spreadsheet cell: its shortest repr is what the steward typed (200.1, not 200.09999…).
        value = Decimal(repr(text))
    else:
        cleaned = str(text).strip().replace(",", "").replace("¥", "").replace("￥", "")
        try:
            value = Decimal(cleaned)
        except InvalidOperation:
            raise AmountError(f"“{text}” is not an amount") from None
    if not value.is_finite():
        raise AmountError(f"“{text}” is not an amount")
    # Beyond this no ledger amount lies, and quantize() would overflow the decimal context on 1E+30.
    if abs(value) >= LARGEST_READABLE:
        raise AmountTooLarge(f"“{text}” is too large")
    if value != value.quantize(CENT, rounding=ROUND_HALF_UP):
        raise AmountTooPrecise(f"“{text}” has more than two decimal places")
    return value.quantize(CENT)


def check_amount(amount: Decimal, field: str = "amount") -> None:
    """The rule for an amount that moves money: more than zero, to the fen, at most `MAX_AMOUNT`."""
    if not amount.is_finite() or amount != amount.quantize(CENT):
        raise refuse(AMOUNT_TOO_PRECISE, field)
    if amount <= 0:
        raise refuse(AMOUNT_NOT_POSITIVE, field)
    if amount > MAX_AMOUNT:
        raise refuse(AMOUNT_TOO_LARGE, field)


def as_text(amount: Decimal) -> str:
    """1234.5 -> "1234.50": how JSON and the stored disclosures carry an amount (never a float)."""
    return f"{amount:.2f}"


def grouped(amount: Decimal) -> str:
    """1234.5 -> "1,234.50": how pages, notices and charts show an amount to people."""
    return f"{amount:,.2f}"


def fen(amount: Decimal) -> int:
    return int((amount * 100).to_integral_exact())


def yuan(fen_count: int) -> Decimal:
    return (Decimal(fen_count) / 100).quantize(CENT)


def fraction(part: int, whole: int) -> str | None:
    """A rate as a string with four places, rounded half up (四舍五入): 0.8534. None if whole is 0."""
    if whole == 0:
        return None
    return str((Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP))


def percent_text(rate) -> str:
    """“0.8534” (a rate with four places) as “85.34%”, by moving the point: exact, and cheap."""
    if rate is None:
        return "—"
    whole, _point, places = str(rate).partition(".")
    basis = int(whole) * 10000 + int(places.ljust(4, "0"))
    return f"{basis // 100}.{basis % 100:02d}%"


class Money(Func):
    """An amount computed in SQL, rounded to the fen there and read back with exactly two places.

    PostgreSQL's numeric is exact; SQLite computes with binary floats, where 0.04 + 0.07 + 0.04 is not
    0.15, so sums and differences are rounded before they are compared or returned.
    """

    function = "ROUND"
    template = "%(function)s(%(expressions)s, 2)"
    output_field = DecimalField(**MONEY_FIELD)

    def get_db_converters(self, connection):
        return [*super().get_db_converters(connection), self._two_places]

    @staticmethod
    def _two_places(value, expression, connection):
        return None if value is None else Decimal(value).quantize(CENT)


def money_sum(column: str, **kwargs) -> Money:
    """SUM of a money column, zero when there are no rows."""
    return Money(Coalesce(Sum(column, **kwargs), Value(ZERO), output_field=_MONEY))


coded(globals())
