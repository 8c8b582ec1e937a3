"""Builders of the decisions tests: flats with floor areas, a question put to the owners, a ballot."""

from datetime import date, timedelta
from decimal import Decimal

from ledger import services
from ledger.decisions import services as decisions

D = Decimal
TODAY = date(2025, 3, 10)  # the desk day the tests stand on (conftest moves the clock there)


def flat(room: int, area, *, owner: str | None = None, phone: str | None = None, building: int = 1, unit: int = 1):
    return services.household_create(
        building=building,
        unit=unit,
        room=room,
        owner_name=owner or f"业主{building}{unit}{room}",
        phone=phone if phone is not None else f"1390{building:03d}{unit:01d}{room:03d}",
        occupancy="occupied",
        area=area,
    )


def put(user, *, rule: str = "ordinary", topic: str = "other", opens_on=TODAY, closes_on=None, title="Question"):
    return decisions.decision_create(
        topic=topic,
        title=title,
        question="Do the owners agree?",
        rule=rule,
        held_by="door_to_door",
        opens_on=opens_on,
        closes_on=closes_on or TODAY + timedelta(days=14),
        by=user,
    )


def vote(decision, household, choice, user):
    return decisions.ballot_record(decision=decision, household=household, choice=choice, by=user)
