"""Reads of the owners' decisions: the tally of one decision (two queries, whatever the number of flats),
the ballots in force, and the lists the staff and public pages show."""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, F, IntegerField, Q
from django.db.models.functions import Cast, Round

from ledger.decisions.counting import Flat, Tally, count, owner_key
from ledger.models import Ballot, DecisionResult, HeldBy, Household, JointDecision, Rule, Topic


def flats() -> list[Flat]:
    """Every flat of the complex as the count sees it, its area in whole hundredths of a m² (read so from
    the database, exact on both backends, without a Decimal per row). One query."""
    hundredths = Cast(Round(F("area") * 100), IntegerField())
    rows = (
        Household.objects.order_by()
        .annotate(hundredths=hundredths)
        .values_list("id", "building", "unit", "room", "hundredths", "owner_name", "phone")
    )
    # Plain tuples in `Flat`'s order; a flat is labelled only when it lacks an area (the refusal names it).
    return [
        (pk, building, "" if area is not None else f"{building}-{unit}-{room}", area, owner_key(name, phone))
        for pk, building, unit, room, area, name, phone in _raw(rows)
    ]


def _raw(queryset) -> list[tuple]:
    """The rows of `queryset` as the database driver returns them: plain ints and strings, without Django's
    per-row converters, which cost more than the count itself at ten thousand flats."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def ballots_in_force(decision: JointDecision) -> dict[int, str]:
    """household id -> the choice of its ballot in force (the one no correction replaced). One query."""
    rows = Ballot.objects.filter(decision=decision, corrected_by__isnull=True).order_by()
    return dict(_raw(rows.values_list("household_id", "choice")))


def tally(decision: JointDecision) -> Tally:
    """The count of `decision` as it stands now. Two queries."""
    return count(flats(), ballots_in_force(decision), decision.rule)


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
        ballot_count=Count("ballots", filter=_in_force())
    )
    if closed_only:
        decisions = decisions.filter(result__isnull=False)
    return [DecisionRow(decision, getattr(decision, "result", None), decision.ballot_count) for decision in decisions]


def _in_force() -> Q:
    return Q(ballots__corrected_by__isnull=True)


def closed(decision_id: int) -> DecisionResult | None:
    """A closed decision's result with its decision, or None. One query."""
    return DecisionResult.objects.select_related("decision").filter(decision_id=decision_id).first()


def results_for(decision_ids) -> dict[int, DecisionResult]:
    """The results of the decisions cited by budgets, fee plans, contracts or settlements. One query."""
    ids = {pk for pk in decision_ids if pk is not None}
    if not ids:
        return {}
    return {result.decision_id: result for result in DecisionResult.objects.filter(decision_id__in=ids)}


def described(content: dict) -> dict:
    """A decision's public figures (`chain.public_content`) with the labels a page prints for its codes."""
    return {
        **content,
        "topic_label": Topic(content["topic"]).label,
        "rule_label": Rule(content["rule"]).label,
        "held_by_label": HeldBy(content["held_by"]).label,
        "special": content["rule"] == Rule.SPECIAL,
    }
