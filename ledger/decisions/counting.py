"""The count of an owners' decision, exactly as Civil Code art. 278 has it, with no database in sight.

《民法典》第二百七十八条: a joint decision needs owners holding two thirds or more (三分之二以上) of the exclusive
floor area, who are two thirds or more of the owners, to take part; it passes with more than half (过半数)
of the participating area and of the participating owners, or, for items 6 to 8 (raising maintenance
funds, rebuilding, changing the use of common parts), three quarters or more (四分之三以上) of both. In
Chinese law “以上” includes the figure itself (art. 1259), “过半数” does not.

Area is Decimal (m², to the hundredth), owners are integers, and every threshold is compared in exact
rational arithmetic (`Fraction`), never floats. Ratios are shown with four places, rounded half up.

Owners are counted by headcount once each, whatever the number of flats they own: a flat's owner is its
`owner_key` (the owner's name with spaces removed and width folded, plus the phone's digits). A person with
two flats counts once by headcount and with both flats' area. If the ballots of one owner's flats differ,
the owner took part, but by headcount did not agree (an owner's will by headcount is one will).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

from ledger.models.households import owner_key

AGREE, DISAGREE, ABSTAIN = "agree", "disagree", "abstain"
CHOICES = (AGREE, DISAGREE, ABSTAIN)
__all__ = ["owner_key"]  # kept here too: it is how the count tells owners apart

ORDINARY, SPECIAL = "ordinary", "special"
PARTICIPATION = Fraction(2, 3)  # 三分之二以上: at least
ORDINARY_AGREEMENT = Fraction(1, 2)  # 过半数: more than
SPECIAL_AGREEMENT = Fraction(3, 4)  # 四分之三以上: at least


def ratio(part, whole) -> str | None:
    """part / whole with four places, rounded half up (四舍五入), computed exactly; None when whole is 0."""
    whole = Fraction(whole)
    if whole == 0:
        return None
    scaled = Fraction(part) / whole * 10000
    units = (scaled.numerator * 2 + scaled.denominator) // (scaled.denominator * 2)  # floor(x + 1/2), x >= 0
    return f"{units // 10000}.{units % 10000:04d}"


def at_least(part, whole, share: Fraction) -> bool:
    return Fraction(part) >= Fraction(whole) * share


def more_than(part, whole, share: Fraction) -> bool:
    return Fraction(part) > Fraction(whole) * share


class Flat(NamedTuple):
    """A flat as the count sees it (a plain tuple in this order does as well: ten thousand of them are made
    for every tally)."""

    id: int
    building: int
    label: str
    hundredths: int | None  # the floor area in hundredths of a m² (exact), None when not known
    owner: str


def hundredths(area: Decimal | None) -> int | None:
    return None if area is None else int(area * 100)


def area_of(hundredths: int) -> Decimal:
    """m², exactly, from whole hundredths."""
    return Decimal(hundredths).scaleb(-2)


@dataclass
class Building:
    building: int
    households: int = 0
    agree: int = 0
    disagree: int = 0
    abstain: int = 0

    @property
    def ballots(self) -> int:
        return self.agree + self.disagree + self.abstain


@dataclass(frozen=True)
class Tally:
    rule: str
    households: int
    owners: int
    total_area: Decimal  # of the flats whose area is known
    flats_without_area: tuple[str, ...]
    ballots: int
    participating_owners: int
    participating_area: Decimal
    agreeing_owners: int
    agreeing_area: Decimal
    disagreeing_area: Decimal
    abstaining_area: Decimal
    owners_split: int  # owners whose flats voted differently
    buildings: list[Building] = field(default_factory=list)

    @property
    def area_known(self) -> bool:
        return not self.flats_without_area

    @property
    def agreement_share(self) -> Fraction:
        return SPECIAL_AGREEMENT if self.rule == SPECIAL else ORDINARY_AGREEMENT

    @property
    def participation_area(self) -> str | None:
        return ratio(self.participating_area, self.total_area)

    @property
    def participation_owners(self) -> str | None:
        return ratio(self.participating_owners, self.owners)

    @property
    def agreement_area(self) -> str | None:
        return ratio(self.agreeing_area, self.participating_area)

    @property
    def agreement_owners(self) -> str | None:
        return ratio(self.agreeing_owners, self.participating_owners)

    @property
    def quorum_area(self) -> bool:
        return self.total_area > 0 and at_least(self.participating_area, self.total_area, PARTICIPATION)

    @property
    def quorum_owners(self) -> bool:
        return self.owners > 0 and at_least(self.participating_owners, self.owners, PARTICIPATION)

    def _agreed(self, part, whole) -> bool:
        if whole == 0:
            return False
        if self.rule == SPECIAL:
            return at_least(part, whole, SPECIAL_AGREEMENT)
        return more_than(part, whole, ORDINARY_AGREEMENT)

    @property
    def agreed_area(self) -> bool:
        return self._agreed(self.agreeing_area, self.participating_area)

    @property
    def agreed_owners(self) -> bool:
        return self._agreed(self.agreeing_owners, self.participating_owners)

    @property
    def quorum_met(self) -> bool:
        return self.quorum_area and self.quorum_owners

    @property
    def passed(self) -> bool:
        return self.quorum_met and self.agreed_area and self.agreed_owners


def count(flats: Iterable[Flat], ballots: dict[int, str], rule: str) -> Tally:
    """The tally of `ballots` (household id -> the choice in force) over every flat of the complex.

    Areas are summed as integers (hundredths of a m²), exactly, and turned into Decimal m² at the end."""
    total = participating = agreeing = disagreeing = abstaining = 0
    owners: set[str] = set()
    choices_of: dict[str, set[str]] = {}
    missing: list[str] = []
    buildings: dict[int, Building] = {}
    households = cast = 0
    for flat_id, number, label, area, owner in flats:
        households += 1
        owners.add(owner)
        if area is None:
            missing.append(label)
        else:
            total += area
        building = buildings.get(number)
        if building is None:
            building = buildings[number] = Building(number)
        building.households += 1
        choice = ballots.get(flat_id)
        if choice is None:
            continue
        cast += 1
        if choice == AGREE:
            building.agree += 1
        elif choice == DISAGREE:
            building.disagree += 1
        else:
            building.abstain += 1
        mine = choices_of.get(owner)
        if mine is None:
            choices_of[owner] = {choice}
        else:
            mine.add(choice)
        if area is not None:
            participating += area
            if choice == AGREE:
                agreeing += area
            elif choice == DISAGREE:
                disagreeing += area
            else:
                abstaining += area
    return Tally(
        rule=rule,
        households=households,
        owners=len(owners),
        total_area=area_of(total),
        flats_without_area=tuple(missing),
        ballots=cast,
        participating_owners=len(choices_of),
        participating_area=area_of(participating),
        agreeing_owners=sum(1 for choices in choices_of.values() if choices == {AGREE}),
        agreeing_area=area_of(agreeing),
        disagreeing_area=area_of(disagreeing),
        abstaining_area=area_of(abstaining),
        owners_split=sum(1 for choices in choices_of.values() if len(choices) > 1),
        buildings=[buildings[number] for number in sorted(buildings)],
    )
