"""Ballots: one per flat, corrections recorded with a reason, nothing after the period or the closing."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from ledger.decisions import selectors
from ledger.decisions import services as decisions
from ledger.models import Ballot
from tests.ledger.decisions.builders import TODAY, flat, put, vote
from trustmgmt.base.refusals import codes


@pytest.fixture
def decision(committee):
    return put(committee)


@pytest.fixture
def flats(db):
    return [flat(101, "80.00"), flat(102, "70.00"), flat(103, "50.00")]


def refused(call, **kwargs) -> list[str]:
    before = Ballot.objects.count()
    with pytest.raises(ValidationError) as error:
        call(**kwargs)
    assert Ballot.objects.count() == before
    return codes(error.value)


def test_the_steward_enters_a_ballot(decision, flats, steward):
    ballot = vote(decision, flats[0], "agree", steward)
    ballot.refresh_from_db()
    assert (ballot.choice, ballot.entered_by, ballot.corrects) == ("agree", steward, None)
    assert selectors.ballots_in_force(decision) == {flats[0].pk: "agree"}


def test_a_flat_votes_once(decision, flats, steward):
    vote(decision, flats[0], "agree", steward)
    assert refused(vote, decision=decision, household=flats[0], choice="disagree", user=steward) == ["already_voted"]


def test_a_correction_is_recorded_with_its_reason_and_the_first_ballot_stays(decision, flats, steward, committee):
    first = vote(decision, flats[0], "agree", steward)
    second = decisions.ballot_correct(
        decision=decision, household=flats[0], choice="disagree", reason="业主书面更正", by=committee
    )
    third = decisions.ballot_correct(
        decision=decision, household=flats[0], choice="abstain", reason="Owner changed their mind again", by=steward
    )
    assert second.corrects == first and third.corrects == second
    first.refresh_from_db()
    assert first.choice == "agree"  # never edited
    assert selectors.ballots_in_force(decision) == {flats[0].pk: "abstain"}
    assert [ballot.choice for ballot in selectors.flat_ballots(decision, flats[0])] == ["agree", "disagree", "abstain"]
    assert selectors.tally(decision).ballots == 1


def test_a_correction_needs_a_reason_a_ballot_and_a_change(decision, flats, steward):
    correct = decisions.ballot_correct
    assert refused(correct, decision=decision, household=flats[1], choice="agree", reason="x", by=steward) == [
        "nothing_to_correct"
    ]
    vote(decision, flats[1], "agree", steward)
    assert refused(correct, decision=decision, household=flats[1], choice="disagree", reason="  ", by=steward) == [
        "reason_required"
    ]
    assert refused(correct, decision=decision, household=flats[1], choice="agree", reason="again", by=steward) == [
        "correction_unchanged"
    ]


def test_a_ballot_is_agree_disagree_or_abstain(decision, flats, steward):
    assert refused(vote, decision=decision, household=flats[0], choice="maybe", user=steward) == ["choice_invalid"]


def test_no_ballot_before_the_period_or_after_it(committee, flats, steward, set_today):
    decision = put(committee, opens_on=TODAY + timedelta(days=1), closes_on=TODAY + timedelta(days=3))
    assert refused(vote, decision=decision, household=flats[0], choice="agree", user=steward) == ["not_yet_open"]
    set_today(TODAY + timedelta(days=3))  # the last day still counts
    vote(decision, flats[0], "agree", steward)
    set_today(TODAY + timedelta(days=4))
    assert refused(vote, decision=decision, household=flats[1], choice="agree", user=steward) == ["period_over"]
    correct = decisions.ballot_correct
    assert refused(correct, decision=decision, household=flats[0], choice="disagree", reason="late", by=steward) == [
        "period_over"
    ]


def test_no_ballot_and_no_correction_after_the_closing(committee, flats, steward):
    decision = put(committee, closes_on=TODAY)
    vote(decision, flats[0], "agree", steward)
    decisions.decision_close(decision=decision, by=committee)
    assert refused(vote, decision=decision, household=flats[1], choice="agree", user=steward) == ["decision_closed"]
    correct = decisions.ballot_correct
    assert refused(correct, decision=decision, household=flats[0], choice="disagree", reason="late", by=steward) == [
        "decision_closed"
    ]


def test_only_staff_enter_ballots(decision, flats, outsider):
    assert refused(vote, decision=decision, household=flats[0], choice="agree", user=outsider) == ["enterer_not_staff"]


def test_only_the_committee_puts_a_question(steward, committee):
    with pytest.raises(ValidationError) as error:
        put(steward)
    assert codes(error.value) == ["putter_not_committee"]
    with pytest.raises(ValidationError) as error:
        put(committee, opens_on=TODAY, closes_on=TODAY - timedelta(days=1))
    assert codes(error.value) == ["period_invalid"]
    with pytest.raises(ValidationError) as error:
        put(committee, opens_on=TODAY - timedelta(days=9), closes_on=TODAY - timedelta(days=1))
    assert codes(error.value) == ["period_past"]
    with pytest.raises(ValidationError) as error:
        put(committee, rule="unanimous")
    assert codes(error.value) == ["rule_invalid"]


def test_a_ballot_keeps_its_scan_and_a_file_that_is_no_scan_is_refused(decision, flats, steward):
    from tests.repairs.uploads import photo, text_posing_as

    ballot = decisions.ballot_record(
        decision=decision, household=flats[0], choice="agree", by=steward, scan=photo("选票.jpg")
    )
    assert ballot.scan.name.startswith("ballots/") and ballot.scan.name.endswith(".jpg")
    codes_of = refused(
        decisions.ballot_record,
        decision=decision,
        household=flats[1],
        choice="agree",
        by=steward,
        scan=text_posing_as("选票.jpg", "image/jpeg"),
    )
    assert codes_of == ["not_a_scan"]
