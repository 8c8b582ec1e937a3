"""Money is Decimal yuan with two places, everywhere. The constants live here, once."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
MAX_DIGITS = 12
MONEY_FIELD = {"max_digits": MAX_DIGITS, "decimal_places": 2}
# Larger than any one payment or invoice of one complex; a typo with extra digits is refused.
MAX_AMOUNT = Decimal("1000000.00")
LARGEST_READABLE = Decimal("1E+15")


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
