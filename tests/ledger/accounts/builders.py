"""The accounts tests' own builder: an electricity bill (the pool a 200-yuan payment gives 50.00)."""

from datetime import date

from tests import builders


def spend(user, amount, *, pool="electricity", day=date(2024, 3, 6), **fields):
    """Spending of `amount` from `pool` (electricity unless said) on `day`, paid to the grid."""
    fields.setdefault("payee", "供电公司")
    fields.setdefault("description", "电费")
    return builders.spend(user, amount, pool=pool, spent_on=day, **fields)
