"""Two desks at once, on PostgreSQL: one ballot per flat, closings chained in a line, no ballot slips past a
closing. (Threads start without the tests' moved day, so these decisions run on the real day.)"""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from ledger.decisions import chain
from ledger.decisions import services as decisions
from ledger.models import Ballot, DecisionResult
from tests.builders import together
from tests.ledger.decisions.builders import flat, put
from trustmgmt.base.refusals import codes

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")


@pytest.fixture
def homes(transactional_db, set_today):
    set_today(timezone.localdate())  # the threads see the real day
    return [flat(101, "80.00"), flat(102, "70.00"), flat(103, "50.00")]


def today_decision(committee, title="Now"):
    day = timezone.localdate()
    return put(committee, opens_on=day, closes_on=day, title=title)


def test_two_ballots_for_one_flat_at_once_make_one(homes, steward, committee):
    decision = today_decision(committee)
    results = together(
        lambda: decisions.ballot_record(decision=decision, household=homes[0], choice="agree", by=steward),
        lambda: decisions.ballot_record(decision=decision, household=homes[0], choice="disagree", by=committee),
    )
    assert Ballot.objects.count() == 1
    [refusal] = [result for result in results if not isinstance(result, Ballot)]
    assert isinstance(refusal, ValidationError) and codes(refusal) == ["already_voted"]


def test_two_closings_at_once_chain_one_after_the_other(homes, committee, committee2):
    first, second = today_decision(committee, "One"), today_decision(committee, "Two")
    results = together(
        lambda: decisions.decision_close(decision=first, by=committee),
        lambda: decisions.decision_close(decision=second, by=committee2),
    )
    assert all(isinstance(result, DecisionResult) for result in results), results
    assert chain.verify() == (2, None)


def test_a_ballot_during_the_closing_is_counted_or_refused(homes, steward, committee):
    decision = today_decision(committee)
    decisions.ballot_record(decision=decision, household=homes[0], choice="agree", by=steward)
    ballot, result = together(
        lambda: decisions.ballot_record(decision=decision, household=homes[1], choice="agree", by=steward),
        lambda: decisions.decision_close(decision=decision, by=committee),
    )
    assert isinstance(result, DecisionResult), result
    if isinstance(ballot, Ballot):
        assert result.content["ballots"] == 2
    else:
        assert codes(ballot) == ["decision_closed"] and result.content["ballots"] == 1
