"""Closing a decision: the tally recorded for good, chained by hash, refused twice or without floor areas."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from ledger import services
from ledger.decisions import chain, selectors
from ledger.decisions import services as decisions
from ledger.models import Ballot, DecisionResult, JointDecision
from tests.builders import raw
from tests.ledger.decisions.builders import TODAY, flat, put, vote
from trustmgmt.base.refusals import codes

D = Decimal


def close(decision, user):
    return decisions.decision_close(decision=decision, by=user)


def refused_close(decision, user) -> list[str]:
    before = DecisionResult.objects.count()
    with pytest.raises(ValidationError) as error:
        close(decision, user)
    assert DecisionResult.objects.count() == before
    return codes(error.value)


@pytest.fixture
def three(db):
    return [flat(101, "100.00"), flat(102, "100.01"), flat(103, "99.99")]


def test_closing_records_the_tally_met_by_a_hundredth(committee, steward, three):
    decision = put(committee, closes_on=TODAY)
    vote(decision, three[0], "agree", steward)
    vote(decision, three[1], "agree", steward)
    result = close(decision, committee)
    result.refresh_from_db()
    assert (result.households, result.owners, result.total_area) == (3, 3, D("300.00"))
    assert (result.participating_area, result.agreeing_area, result.participating_owners) == (
        D("200.01"),
        D("200.01"),
        2,
    )
    assert result.quorum_met and result.passed
    assert result.content["participation"] == {"area": "0.6667", "owners": "0.6667"}
    assert result.content["buildings"] == [
        {"building": 1, "households": 3, "ballots": 2, "agree": 2, "disagree": 0, "abstain": 0}
    ]
    assert result.prev_hash == chain.GENESIS and result.hash == chain.digest(result.content, chain.GENESIS)


def test_closing_records_a_quorum_missed_by_a_hundredth(committee, steward, three):
    decision = put(committee, closes_on=TODAY)
    vote(decision, three[0], "agree", steward)
    vote(decision, three[2], "agree", steward)
    result = close(decision, committee)
    assert result.participating_area == D("199.99") and not result.quorum_met and not result.passed
    assert result.content["met"]["participation_area"] is False and result.content["met"]["participation_owners"]


def test_an_owner_of_two_flats_counts_once(committee, steward):
    homes = [
        flat(101, "80.00", owner="王堃", phone="13800000001"),
        flat(102, "70.00", owner="王 堃", phone="138 0000 0001"),
        flat(103, "50.00"),
        flat(104, "50.00"),
    ]
    decision = put(committee, closes_on=TODAY)
    for home in homes[:3]:
        vote(decision, home, "agree", steward)
    result = close(decision, committee)
    assert (result.owners, result.participating_owners, result.agreeing_owners) == (3, 2, 2)
    assert result.participating_area == D("200.00") and result.passed


def test_closing_twice_is_refused(committee, steward, three):
    decision = put(committee, closes_on=TODAY)
    first = close(decision, committee)
    assert refused_close(decision, committee) == ["already_closed"]
    assert DecisionResult.objects.get() == first


def test_closing_waits_for_the_end_of_the_voting(committee, three, set_today):
    decision = put(committee, closes_on=TODAY + timedelta(days=1))
    assert refused_close(decision, committee) == ["still_voting"]
    set_today(TODAY + timedelta(days=1))
    assert close(decision, committee).closed_on == TODAY + timedelta(days=1)


def test_flats_without_area_are_named_and_stop_the_closing(committee, steward, three):
    missing = flat(104, None)
    decision = put(committee, closes_on=TODAY)
    vote(decision, three[0], "agree", steward)
    with pytest.raises(ValidationError) as error:
        close(decision, committee)
    assert codes(error.value) == ["flats_without_area"] and "1-1-104" in error.value.messages[0]
    assert not DecisionResult.objects.exists()
    assert selectors.tally(decision).flats_without_area == ("1-1-104",)
    services.household_update(household=missing, owner_name=missing.owner_name, phone=missing.phone, area="60.00")
    assert close(decision, committee).total_area == D("360.00")


def test_only_the_committee_closes(steward, committee, three):
    assert refused_close(put(committee, closes_on=TODAY), steward) == ["closer_not_committee"]


def test_results_chain_and_verify_ledger_checks_them(committee, steward, three):
    first = close(put(committee, closes_on=TODAY, title="One"), committee)
    second = close(put(committee, closes_on=TODAY, title="Two"), committee)
    assert second.prev_hash == first.hash
    assert chain.verify() == (2, None)
    call_command("verify_ledger")


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE ledger_decisionresult SET agreeing_owners = 0 WHERE id = %s",
        "UPDATE ledger_jointdecision SET question = 'another' "
        "WHERE id = (SELECT decision_id FROM ledger_decisionresult WHERE id = %s)",
        "DELETE FROM ledger_decisionresult WHERE id = %s - 1",
    ],
)
def test_a_changed_or_removed_result_is_caught_by_verify_ledger(committee, steward, three, sql):
    close(put(committee, closes_on=TODAY, title="One"), committee)
    vote(decision := put(committee, closes_on=TODAY, title="Two"), three[0], "agree", steward)
    result = close(decision, committee)
    raw(sql, [result.pk])
    _checked, broken = chain.verify()
    assert broken.result_id == result.pk
    with pytest.raises(CommandError, match="Decision verification FAILED"):
        call_command("verify_ledger")


@pytest.mark.parametrize(
    ("table", "sql"),
    [
        ("ledger_decisionresult", "UPDATE ledger_decisionresult SET passed = NOT passed"),
        ("ledger_decisionresult", "DELETE FROM ledger_decisionresult"),
        ("ledger_ballot", "UPDATE ledger_ballot SET choice = 'disagree'"),
        ("ledger_ballot", "DELETE FROM ledger_ballot"),
        ("ledger_jointdecision", "UPDATE ledger_jointdecision SET question = 'another'"),
    ],
)
def test_the_database_refuses_changes_around_the_orm(committee, steward, three, table, sql):
    decision = put(committee, closes_on=TODAY)
    vote(decision, three[0], "agree", steward)
    close(decision, committee)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    assert Ballot.objects.get().choice == "agree" and JointDecision.objects.get().question == "Do the owners agree?"
