from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.allocation import allocate
from ledger.models import POOLS

D = Decimal


def test_full_payment_pays_each_pool_its_due():
    due = {"electricity": D("50.00"), "maintenance": D("90.00"), "garbage": D("60.00")}
    assert allocate(D("200.00"), due) == due


def test_half_payment_is_proportional():
    due = {"electricity": D("50.00"), "maintenance": D("90.00"), "garbage": D("60.00")}
    assert allocate(D("100.00"), due) == {"electricity": D("25.00"), "maintenance": D("45.00"), "garbage": D("30.00")}


def test_leftover_fen_go_to_the_largest_remainders():
    # 11 fen over 50/90/60: exact shares 2.75, 4.95, 3.30 fen -> 2, 4, 3 and the 2 left to .95 and .75
    due = {"electricity": D("50.00"), "maintenance": D("90.00"), "garbage": D("60.00")}
    assert allocate(D("0.11"), due) == {"electricity": D("0.03"), "maintenance": D("0.05"), "garbage": D("0.03")}


def test_equal_remainders_go_to_the_pool_listed_first():
    # 10 fen: 2.5, 4.5, 3.0 -> 2, 4, 3 and the 1 left to electricity, listed before maintenance
    due = {"electricity": D("50.00"), "maintenance": D("90.00"), "garbage": D("60.00")}
    assert allocate(D("0.10"), due) == {"electricity": D("0.03"), "maintenance": D("0.04"), "garbage": D("0.03")}


def test_ties_go_to_the_pool_listed_first():
    due = {"electricity": D("1.00"), "maintenance": D("1.00"), "garbage": D("1.00")}
    assert allocate(D("0.01"), due) == {"electricity": D("0.01"), "maintenance": D("0.00"), "garbage": D("0.00")}
    assert allocate(D("0.02"), due) == {"electricity": D("0.01"), "maintenance": D("0.01"), "garbage": D("0.00")}


def test_a_pool_with_nothing_due_gets_nothing():
    due = {"electricity": D("50.00"), "maintenance": D("90.00"), "garbage": D("0.00")}
    assert allocate(D("140.00"), due)["garbage"] == D("0.00")
    assert allocate(D("0.01"), due) == {"electricity": D("0.00"), "maintenance": D("0.01"), "garbage": D("0.00")}


@pytest.mark.parametrize("amount", [D("0.00"), D("-1.00"), D("200.01")])
def test_it_refuses_nothing_negative_and_too_much(amount):
    due = {"electricity": D("50.00"), "maintenance": D("90.00"), "garbage": D("60.00")}
    with pytest.raises(ValueError):
        allocate(amount, due)


cents = st.integers(min_value=0, max_value=10_000_000)


@given(st.tuples(cents, cents, cents).filter(lambda t: sum(t) > 0), st.data())
def test_parts_always_sum_to_the_payment_and_never_exceed_a_pool(owed, data):
    outstanding = {pool: D(c) / 100 for pool, c in zip(POOLS, owed, strict=True)}
    paying = data.draw(st.integers(min_value=1, max_value=sum(owed)))
    parts = allocate(D(paying) / 100, outstanding)
    assert list(parts) == list(POOLS)
    assert sum(parts.values()) == D(paying) / 100
    for pool in POOLS:
        assert D("0") <= parts[pool] <= outstanding[pool]
        assert parts[pool] == parts[pool].quantize(D("0.01"))


@given(st.tuples(cents, cents, cents).filter(lambda t: sum(t) > 0), st.lists(st.integers(1, 10**6), max_size=8))
def test_paying_in_instalments_ends_with_each_pool_exactly_paid(owed, instalments):
    outstanding = {pool: D(c) / 100 for pool, c in zip(POOLS, owed, strict=True)}
    due = dict(outstanding)
    for fen_amount in instalments:
        left = sum(outstanding.values())
        amount = min(D(fen_amount) / 100, left)
        if amount <= 0:
            break
        for pool, part in allocate(amount, outstanding).items():
            outstanding[pool] -= part
    rest = sum(outstanding.values())
    if rest > 0:
        for pool, part in allocate(rest, outstanding).items():
            outstanding[pool] -= part
    assert all(value == 0 for value in outstanding.values()), f"each pool of {due} is paid exactly"
