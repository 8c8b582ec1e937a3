"""Owners' decisions: flats with floor areas, a question put by the committee, and a desk day to move."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache

from ledger import services
from ledger.decisions import services as decisions

D = Decimal
TODAY = date(2025, 3, 10)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The disclosure caches by the ledger's state, which two tests can share."""
    cache.clear()


@pytest.fixture(autouse=True)
def _today():
    """The desk's day, which a test moves with `set_today` (the demo's `as_of` still works inside)."""
    token = decisions._as_of.set(TODAY)
    yield
    decisions._as_of.reset(token)


@pytest.fixture
def set_today(_today):
    def move(day: date) -> None:
        decisions._as_of.set(day)

    return move


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
