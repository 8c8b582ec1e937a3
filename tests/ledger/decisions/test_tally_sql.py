"""The tally added up in SQL equals the same count in Python (`counting.count`, itself held to a brute-force
recount), on a random complex: owners of several flats, flats without area, corrections, every choice."""

import random
from dataclasses import replace
from decimal import Decimal

import pytest

from ledger.decisions import counting, selectors
from ledger.decisions import services as decisions
from tests.ledger.decisions.builders import flat, put, vote


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("rule", ["ordinary", "special"])
def test_sql_and_python_count_alike(committee, steward, seed, rule):
    rng = random.Random(seed)
    owners = [(f"业主{index}", f"1390000{index:04d}") for index in range(12)]
    homes = []
    for index in range(30):
        name, phone = rng.choice(owners)
        if rng.random() < 0.3:
            name = name[:1] + " " + name[1:]  # the same person, typed with a space
        area = None if rng.random() < 0.1 else Decimal(rng.randint(3000, 15000)) / 100
        homes.append(flat(101 + index, area, owner=name, phone=phone, building=1 + index % 4))
    decision = put(committee, rule=rule)
    for home in homes:
        if rng.random() < 0.8:
            vote(decision, home, rng.choice(["agree", "agree", "disagree", "abstain"]), steward)
    for home in rng.sample(homes, 5):
        current = selectors.ballots_in_force(decision).get(home.pk)
        if current:
            choice = rng.choice([c for c in ("agree", "disagree", "abstain") if c != current])
            decisions.ballot_correct(decision=decision, household=home, choice=choice, reason="更正", by=steward)
    in_sql = selectors.tally(decision)
    in_python = counting.count(selectors.flats(), selectors.ballots_in_force(decision), rule)
    assert replace(in_sql, flats_without_area=()) == replace(in_python, flats_without_area=())
    assert sorted(in_sql.flats_without_area) == sorted(in_python.flats_without_area)
    assert in_sql.ballots > 0 and in_sql.owners < len(homes)


def test_the_tally_takes_four_queries_at_any_size(committee, steward, django_assert_num_queries):
    homes = [flat(101 + index, "60.00") for index in range(6)]
    decision = put(committee)
    for home in homes:
        vote(decision, home, "agree", steward)
    with django_assert_num_queries(4):
        selectors.tally(decision)
