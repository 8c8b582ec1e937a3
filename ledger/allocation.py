"""Splitting a payment across the pools.

A payment is split in proportion to what is still due to each pool, in fen, by largest remainder; ties
go to the pool listed first. So the parts always sum to the whole, no pool gets more than it is owed,
and a household that pays everything still due has paid each pool exactly its due.
"""

from decimal import Decimal

from trustmgmt.base.money import fen, yuan


def allocate(amount: Decimal, outstanding: dict[str, Decimal]) -> dict[str, Decimal]:
    """Split `amount` over the pools of `outstanding` (in their order). Raises ValueError if it exceeds."""
    total = sum(fen(v) for v in outstanding.values())
    paying = fen(amount)
    if paying <= 0:
        raise ValueError("amount must be positive")
    if paying > total:
        raise ValueError("amount exceeds what is outstanding")
    return split(amount, outstanding)


def split(amount: Decimal, weights: dict) -> dict:
    """Split `amount` in proportion to `weights` (any keys), in fen by largest remainder, ties to the first.

    The shares always sum to `amount` exactly. The weights must not all be zero.
    """
    total = sum(fen(v) for v in weights.values())
    paying = fen(amount)
    if total <= 0:
        raise ValueError("nothing to split by")
    shares = {}
    remainders = []
    for position, (key, weight) in enumerate(weights.items()):
        whole, remainder = divmod(paying * fen(weight), total)
        shares[key] = whole
        remainders.append((-remainder, position, key))
    leftover = paying - sum(shares.values())
    for _remainder, _position, key in sorted(remainders, key=lambda r: (r[0], r[1]))[:leftover]:
        shares[key] += 1
    return {key: yuan(count) for key, count in shares.items()}
