"""The count of Civil Code art. 278, at its exact edges, and against a brute-force recount (no database)."""

from decimal import ROUND_HALF_UP, Decimal, localcontext

from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.decisions.counting import Flat, count, hundredths, owner_key, ratio

D = Decimal


def flats(*areas, owners=None):
    owners = owners or [f"owner{index}" for index in range(len(areas))]
    return [
        Flat(
            id=index,
            building=1 + index % 2,
            label=f"1-1-{101 + index}",
            hundredths=hundredths(None if area is None else D(area)),
            owner=owner,
        )
        for index, (area, owner) in enumerate(zip(areas, owners, strict=True))
    ]


def test_two_thirds_of_the_area_met_by_a_hundredth_of_a_square_metre():
    tally = count(flats("100.00", "100.01", "99.99"), {0: "agree", 1: "agree"}, "ordinary")
    assert tally.total_area == D("300.00") and tally.participating_area == D("200.01")
    assert tally.quorum_area and tally.quorum_owners and tally.passed
    assert tally.participation_area == "0.6667"


def test_two_thirds_of_the_area_missed_by_a_hundredth_of_a_square_metre():
    tally = count(flats("100.00", "100.01", "99.99"), {0: "agree", 2: "agree"}, "ordinary")
    assert tally.participating_area == D("199.99")
    assert not tally.quorum_area and tally.quorum_owners and not tally.passed
    assert tally.participation_area == "0.6666"


def test_exactly_two_thirds_takes_part():
    """三分之二以上: “以上” includes the figure itself (Civil Code art. 1259)."""
    tally = count(flats("100.00", "100.00", "100.00"), {0: "agree", 1: "agree"}, "ordinary")
    assert tally.quorum_area and tally.quorum_owners and tally.passed


def test_more_than_half_passes_an_ordinary_matter_exactly_half_does_not():
    four = flats("50.00", "50.00", "50.00", "50.00")
    half = count(four, {0: "agree", 1: "agree", 2: "disagree", 3: "abstain"}, "ordinary")
    assert half.agreement_area == "0.5000" and not half.agreed_area and not half.agreed_owners and not half.passed
    more = count(four, {0: "agree", 1: "agree", 2: "agree", 3: "abstain"}, "ordinary")
    assert more.agreed_area and more.agreed_owners and more.passed


def test_half_the_owners_is_not_enough_even_with_most_of_the_area():
    tally = count(
        flats("60.00", "40.00", "50.00", "50.00"), {0: "agree", 1: "disagree", 2: "agree", 3: "disagree"}, "ordinary"
    )
    assert tally.agreed_area and not tally.agreed_owners and not tally.passed


def test_a_special_matter_needs_three_quarters_inclusive():
    four = flats("50.00", "50.00", "50.00", "50.00")
    three = {0: "agree", 1: "agree", 2: "agree", 3: "disagree"}
    assert count(four, three, "special").passed  # 四分之三以上: 3/4 itself is enough
    two_and_abstain = {0: "agree", 1: "agree", 2: "abstain", 3: "disagree"}
    assert not count(four, two_and_abstain, "special").passed
    five = flats("50.00", "50.00", "50.00", "50.00", "50.00")
    three_of_five = {0: "agree", 1: "agree", 2: "agree", 3: "disagree", 4: "disagree"}
    assert count(five, three_of_five, "ordinary").passed and not count(five, three_of_five, "special").passed


def test_an_owner_of_two_flats_counts_once_by_headcount_and_with_both_areas():
    tally = count(
        flats("80.00", "70.00", "50.00", "50.00", owners=["wang|1", "wang|1", "li|2", "zhao|3"]),
        {0: "agree", 1: "agree", 2: "agree"},
        "ordinary",
    )
    assert tally.households == 4 and tally.owners == 3
    assert tally.participating_owners == 2 and tally.agreeing_owners == 2
    assert tally.participating_area == D("200.00") and tally.total_area == D("250.00")
    assert tally.participation_owners == "0.6667" and tally.passed


def test_an_owner_whose_flats_vote_differently_took_part_but_did_not_agree_by_headcount():
    tally = count(
        flats("80.00", "70.00", "50.00", owners=["wang|1", "wang|1", "li|2"]),
        {0: "agree", 1: "disagree", 2: "agree"},
        "ordinary",
    )
    assert tally.participating_owners == 2 and tally.agreeing_owners == 1 and tally.owners_split == 1
    assert tally.agreeing_area == D("130.00")


def test_flats_without_area_are_named_and_the_area_left_unknown():
    tally = count(flats("80.00", None, "50.00"), {0: "agree", 1: "agree", 2: "agree"}, "ordinary")
    assert tally.flats_without_area == ("1-1-102",) and not tally.area_known
    assert tally.total_area == D("130.00")


def test_nobody_voting_passes_nothing():
    tally = count(flats("80.00", "50.00"), {}, "ordinary")
    assert tally.agreement_area is None and not tally.passed and not tally.quorum_met


def test_owners_are_told_by_normalised_name_and_phone_digits():
    assert owner_key("王 堃", "138 0000 0001") == owner_key("王堃", "+86 13800000001")
    assert owner_key("王堃", "13800000001") != owner_key("王堃", "13800000002")
    assert owner_key("ＷＡＮＧ", "") == owner_key("wang", "")


def test_ratios_round_half_up_exactly():
    assert ratio(1, 8) == "0.1250" and ratio(1, 3) == "0.3333" and ratio(2, 3) == "0.6667"
    assert ratio(D("0.00005"), 1) == "0.0001" and ratio(D("0.00004999"), 1) == "0.0000"
    assert ratio(5, 5) == "1.0000" and ratio(1, 0) is None


# --- against a recount by hand: integers in hundredths of a m², cross-multiplied thresholds ---------------


def _rate(part_cents: int, whole_cents: int) -> str | None:
    if whole_cents == 0:
        return None
    with localcontext() as context:
        context.prec = 80
        return str((D(part_cents) / D(whole_cents)).quantize(D("0.0001"), rounding=ROUND_HALF_UP))


def recount(rows, ballots, rule):
    """rows: (area in hundredths or None, owner). A plain loop per owner, nothing shared with `count`."""
    owners = sorted({owner for _area, owner in rows})
    total = sum(area for area, _owner in rows if area is not None)
    part = sum(area for index, (area, _o) in enumerate(rows) if area is not None and index in ballots)
    agree = sum(area for index, (area, _o) in enumerate(rows) if area is not None and ballots.get(index) == "agree")
    voters = agreeing = 0
    for owner in owners:
        mine = [ballots[index] for index, (_a, who) in enumerate(rows) if who == owner and index in ballots]
        if mine:
            voters += 1
            agreeing += all(choice == "agree" for choice in mine)
    quorum = total > 0 and 3 * part >= 2 * total and len(owners) > 0 and 3 * voters >= 2 * len(owners)
    if rule == "special":
        agreed = part > 0 and 4 * agree >= 3 * part and voters > 0 and 4 * agreeing >= 3 * voters
    else:
        agreed = 2 * agree > part and 2 * agreeing > voters
    return {
        "owners": len(owners),
        "participating_owners": voters,
        "agreeing_owners": agreeing,
        "total_area": D(total) / 100,
        "participating_area": D(part) / 100,
        "agreeing_area": D(agree) / 100,
        "participation_area": _rate(part, total),
        "participation_owners": _rate(voters, len(owners)),
        "agreement_area": _rate(agree, part),
        "agreement_owners": _rate(agreeing, voters),
        "passed": quorum and agreed,
    }


row = st.tuples(
    st.one_of(st.none(), st.integers(1, 30000)), st.sampled_from(["a|1", "b|2", "c|3", "d|4", "e|5", "f|6"])
)


@settings(max_examples=300, deadline=None)
@given(
    rows=st.lists(row, min_size=1, max_size=25),
    choices=st.lists(st.sampled_from(["agree", "disagree", "abstain", None]), min_size=25, max_size=25),
    rule=st.sampled_from(["ordinary", "special"]),
)
def test_the_tally_matches_a_brute_force_recount(rows, choices, rule):
    ballots = {index: choices[index] for index in range(len(rows)) if choices[index] is not None}
    flat_rows = [
        Flat(id=index, building=1, label=str(index), hundredths=area, owner=owner)
        for index, (area, owner) in enumerate(rows)
    ]
    tally = count(flat_rows, ballots, rule)
    expected = recount(rows, ballots, rule)
    got = {name: getattr(tally, name) for name in expected}
    assert got == expected
