"""Splitting a payment across the pools.

A payment is split in proportion to what is still due to each pool, in fen, by largest remainder; ties
go to the pool listed first. So the parts always sum to the whole, no pool gets more than it is owed,
and a household that pays everything still due has paid each pool exactly its due.
"""

from decimal import Decimal

from ledger.money import fen, yuan


def allocate(amount: Decimal, outstanding: dict[str, Decimal]) -> dict[str, Decimal]:
    """Split `amount` over the pools of `outstanding` (in their order). Raises ValueError if it exceeds."""
    total = sum(fen(v) for v in outstanding.values())
    paying = fen(amount)
    if paying <= 0:
        raise ValueError("amount must be positive")
    if paying > total:
        raise ValueError("amount exceeds what is outstanding")
    shares = {}
    remainders = []
    for position, (pool, owed) in enumerate(outstanding.items()):
        whole, remainder = divmod(paying * fen(owed), total)
        shares[pool] = whole
        remainders.append((-remainder, position, pool))
    leftover = paying - sum(shares.values())
    for _remainder, _position, pool in sorted(remainders)[:leftover]:
        shares[pool] += 1
    return {pool: yuan(count) for pool, count in shares.items()}
