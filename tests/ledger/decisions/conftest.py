"""Owners' decisions: flats with floor areas, a question put by the committee, and a desk day to move."""

from datetime import date

import pytest

from ledger.decisions import services as decisions
from tests.ledger.decisions.builders import TODAY


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
