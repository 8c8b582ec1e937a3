"""Reads of the owners' decisions: the tally of one decision (five queries, whatever the number of flats, all
counting done in SQL), the ballots in force, and the lists the staff and public pages show."""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, F, IntegerField, Min, Q, Sum
from django.db.models.functions import Cast, Round

from ledger.decisions.counting import AGREE, Building, Flat, Tally, area_of
from ledger.models import Ballot, DecisionResult, HeldBy, Household, JointDecision, Rule, Topic


def _hundredths(field: str = "area"):
    """A floor area as whole hundredths of a m², exact on both databases (SQLite keeps decimals as floats)."""
    return Cast(Round(F(field) * 100), IntegerField())


def flats() -> list[Flat]:
    """Every flat of the complex as the count sees it (plain tuples in `Flat`'s order). One query."""
    rows = (
        Household.objects.order_by()
        .annotate(hundredths=_hundredths())
        .values_list("id", "building", "unit", "room", "hundredths", "owner_key")
    )
    return [
        (pk, building, "" if area is not None else f"{building}-{unit}-{room}", area, owner)
        for pk, building, unit, room, area, owner in _raw(rows)
    ]


def _raw(queryset) -> list[tuple]:
    """The rows of `queryset` as the database driver returns them, without Django's per-row converters."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _in_force_ballots(decision: JointDecision):
    return Ballot.objects.filter(decision=decision, corrected_by__isnull=True).order_by()


def ballots_in_force(decision: JointDecision) -> dict[int, str]:
    """household id -> the choice of its ballot in force (the one no correction replaced). One query."""
    return dict(_raw(_in_force_ballots(decision).values_list("household_id", "choice")))


def tally(decision: JointDecision) -> Tally:
    """The count of `decision` as it stands now, added up in SQL (integers throughout: areas in hundredths).
    Four queries, five when some flats lack an area. `counting.count` is the same count in Python; the tests
    hold the two to each other."""
    households = Household.objects.order_by()
    whole = households.aggregate(
        flats=Count("id"),
        owners=Count("owner_key", distinct=True),
        total_hundredths=Sum(_hundredths()),
        without_area=Count("id", filter=Q(area__isnull=True)),
    )
    per_building = dict(
        _raw(households.values("building").annotate(flats=Count("id")).values_list("building", "flats"))
    )
    ballots = _raw(
        _in_force_ballots(decision)
        .values("household__building", "choice")
        .annotate(ballots=Count("id"), hundredths=Sum(_hundredths("household__area")))
        .values_list("household__building", "choice", "ballots", "hundredths")
    )
    owners = (
        _in_force_ballots(decision)
        .values("household__owner_key")
        .annotate(kinds=Count("choice", distinct=True), first=Min("choice"))
        .aggregate(
            voters=Count("household__owner_key"),
            agreeing=Count("household__owner_key", filter=Q(kinds=1, first=AGREE)),
            split=Count("household__owner_key", filter=Q(kinds__gt=1)),
        )
    )
    missing = ()
    if whole["without_area"]:
        missing = tuple(
            f"{building}-{unit}-{room}"
            for building, unit, room in households.filter(area__isnull=True)
            .order_by("building", "unit", "room")
            .values_list("building", "unit", "room")
        )
    buildings = {number: Building(number, households=count) for number, count in per_building.items()}
    area_by_choice = {"agree": 0, "disagree": 0, "abstain": 0}
    cast = 0
    for number, choice, count, area in ballots:
        setattr(buildings[number], choice, getattr(buildings[number], choice) + count)
        area_by_choice[choice] += area or 0
        cast += count
    return Tally(
        rule=decision.rule,
        households=whole["flats"],
        owners=whole["owners"],
        total_area=area_of(whole["total_hundredths"] or 0),
        flats_without_area=missing,
        ballots=cast,
        participating_owners=owners["voters"] or 0,
        participating_area=area_of(sum(area_by_choice.values())),
        agreeing_owners=owners["agreeing"] or 0,
        agreeing_area=area_of(area_by_choice["agree"]),
        disagreeing_area=area_of(area_by_choice["disagree"]),
        abstaining_area=area_of(area_by_choice["abstain"]),
        owners_split=owners["split"] or 0,
        buildings=[buildings[number] for number in sorted(buildings)],
    )


def flat_ballots(decision: JointDecision, household: Household) -> list[Ballot]:
    """A flat's ballot and its corrections, first to last (staff only). One query."""
    return list(
        Ballot.objects.filter(decision=decision, household=household).select_related("entered_by").order_by("id")
    )


def recent_ballots(decision: JointDecision, limit: int = 50) -> list[Ballot]:
    """The latest ballots entered, with their flats (staff only: who voted what). One query."""
    return list(
        Ballot.objects.filter(decision=decision)
        .select_related("household", "entered_by", "corrects")
        .order_by("-id")[:limit]
    )


@dataclass(frozen=True)
class DecisionRow:
    decision: JointDecision
    result: DecisionResult | None
    ballots: int


def decision_rows(*, closed_only: bool = False) -> list[DecisionRow]:
    """Decisions newest first, with their results and how many ballots are in force. One query."""
    decisions = JointDecision.objects.select_related("result").annotate(
        ballot_count=Count("ballots", filter=Q(ballots__corrected_by__isnull=True))
    )
    if closed_only:
        decisions = decisions.filter(result__isnull=False)
    return [DecisionRow(decision, getattr(decision, "result", None), decision.ballot_count) for decision in decisions]


def closed(decision_id: int) -> DecisionResult | None:
    """A closed decision's result with its decision, or None. One query."""
    return DecisionResult.objects.select_related("decision").filter(decision_id=decision_id).first()


def described(content: dict) -> dict:
    """A decision's public figures (`chain.public_content`) with the labels a page prints for its codes."""
    return {
        **content,
        "topic_label": Topic(content["topic"]).label,
        "rule_label": Rule(content["rule"]).label,
        "held_by_label": HeldBy(content["held_by"]).label,
        "special": content["rule"] == Rule.SPECIAL,
    }
