"""Contracts: a year at most, approved by the residents, one in force at a time; work only within the term."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from repairs import services
from repairs.models import Contract, PriceItem, Status
from tests.builders import refusal_params, report, together
from trustmgmt.base.refusals import codes


def make(contractor, user, **fields):
    values = {
        "contractor": contractor,
        "title": "维修承揽合同",
        "signed_on": date(2025, 3, 1),
        "starts_on": date(2025, 3, 1),
        "votes_for": 40,
        "votes_against": 2,
        "households": 50,
        "created_by": user,
        **fields,
    }
    return services.contract_create(**values)


def test_a_contract_runs_one_year_by_default(contract):
    assert (contract.starts_on, contract.ends_on) == (date(2024, 3, 1), date(2025, 2, 28))


def test_a_leap_day_start_ends_the_day_before_the_next_first_of_march():
    assert services.one_year_term(date(2024, 2, 29)) == date(2025, 2, 28)


def test_a_term_longer_than_a_year_is_refused(contractor, committee):
    with pytest.raises(ValidationError) as refused:
        make(contractor, committee, ends_on=date(2026, 3, 1))
    assert codes(refused.value) == ["contract_term"]
    assert Contract.objects.count() == 0


def test_a_contract_must_end_after_it_starts(contractor, committee):
    with pytest.raises(ValidationError) as refused:
        make(contractor, committee, ends_on=date(2025, 3, 1))
    assert codes(refused.value) == ["contract_ends_before_start"]


def test_a_contract_is_signed_before_it_starts(contractor, committee):
    with pytest.raises(ValidationError) as refused:
        make(contractor, committee, signed_on=date(2025, 3, 2))
    assert codes(refused.value) == ["contract_signed_after_start"]


@pytest.mark.parametrize(
    ("votes_for", "votes_against", "households", "code"),
    [
        (30, 3, 50, "vote_turnout_too_low"),  # 33 of 50 voted: fewer than 34
        (17, 17, 50, "vote_not_approved"),
        (40, 20, 50, "votes_exceed_households"),
    ],
)
def test_the_residents_must_approve_it(contractor, committee, votes_for, votes_against, households, code):
    with pytest.raises(ValidationError) as refused:
        make(contractor, committee, votes_for=votes_for, votes_against=votes_against, households=households)
    assert codes(refused.value) == [code]
    assert Contract.objects.count() == 0


def test_the_smallest_approving_vote_passes(contractor, committee):
    contract = make(contractor, committee, votes_for=18, votes_against=16, households=50)
    assert contract.turnout == 34


def test_only_one_contract_is_in_force_at_a_time(contract, contractor, committee):
    with pytest.raises(ValidationError) as refused:
        make(contractor, committee, signed_on=date(2025, 2, 1), starts_on=date(2025, 2, 28))
    assert codes(refused.value) == ["contract_overlaps"]
    assert Contract.objects.count() == 1
    following = make(contractor, committee, signed_on=date(2025, 2, 20), starts_on=date(2025, 3, 1))
    assert following.starts_on == date(2025, 3, 1)


def test_the_database_refuses_overlapping_terms_around_the_service(contract, committee):
    """An exclusion constraint on PostgreSQL, a trigger on SQLite."""
    with pytest.raises(IntegrityError), transaction.atomic():
        Contract.objects.create(
            contractor=contract.contractor,
            title="绕过服务",
            signed_on=date(2024, 6, 1),
            starts_on=date(2024, 6, 1),
            ends_on=date(2024, 12, 31),
            votes_for=40,
            votes_against=0,
            households=50,
            created_by=committee,
        )
    following = make(contract.contractor, committee, signed_on=date(2025, 2, 20), starts_on=date(2025, 3, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Contract.objects.filter(pk=following.pk).update(starts_on=date(2025, 2, 1))


def test_an_order_cannot_be_assigned_when_no_contract_is_in_force(steward, contract):
    order = report(steward, reported_on=date(2024, 2, 20))
    with pytest.raises(ValidationError) as refused:
        services.work_order_assign(order=order, assigned_on=date(2024, 2, 29), by=steward)
    assert codes(refused.value) == ["no_contract"]
    assert refusal_params(refused.value) == [{"day": date(2024, 2, 29)}]
    order.refresh_from_db()
    assert order.status == Status.REPORTED and order.contract is None
    order = services.work_order_assign(order=order, assigned_on=date(2024, 3, 1), by=steward)
    assert order.contract == contract


def test_work_done_after_the_contract_ended_is_refused(steward, contract):
    order = report(steward, reported_on=date(2025, 2, 20))
    order = services.work_order_assign(order=order, assigned_on=date(2025, 2, 27), by=steward)
    with pytest.raises(ValidationError) as refused:
        services.work_order_complete(order=order, done_on=date(2025, 3, 2), by=steward)
    assert codes(refused.value) == ["outside_contract"]
    order.refresh_from_db()
    assert order.status == Status.ASSIGNED and order.done_on is None


def test_an_order_uses_the_contract_in_force_when_it_is_assigned(steward, contract, contractor, committee):
    following = make(contractor, committee, signed_on=date(2025, 2, 20), starts_on=date(2025, 3, 1))
    order = report(steward, reported_on=date(2025, 2, 27))
    order = services.work_order_assign(order=order, assigned_on=date(2025, 3, 3), by=steward)
    assert order.contract == following


def test_price_items_are_unique_within_a_contract(contract, lamp):
    with pytest.raises(ValidationError) as refused:
        services.price_item_add(
            contract=contract,
            code="ZM-09",
            name=lamp.name,
            unit="只",
            unit_price=Decimal("40.00"),
            reference_price=Decimal("45.00"),
            reference_source="宁波市住房维修参考价",
        )
    assert codes(refused.value) == ["price_item_taken"]
    assert PriceItem.objects.count() == 1


@pytest.mark.parametrize("price", ["0", "-5", "12.345", "abc"])
def test_a_price_must_be_positive_in_fen(contract, price):
    with pytest.raises(ValidationError) as refused:
        services.price_item_add(
            contract=contract,
            code="X-1",
            name="项目",
            unit="只",
            unit_price=price,
            reference_price=Decimal("1.00"),
            reference_source="宁波市住房维修参考价",
        )
    assert codes(refused.value) == ["price_not_positive"]
    assert PriceItem.objects.count() == 0


def test_changing_a_price_changes_no_existing_line(steward, lamp, order_at):
    order = order_at("assigned")
    services.price_item_update(
        item=lamp,
        code=lamp.code,
        name=lamp.name,
        unit=lamp.unit,
        unit_price=Decimal("50.00"),
        reference_price=Decimal("50.00"),
        reference_source=lamp.reference_source,
    )
    assert order.cost_lines.get().unit_price == Decimal("45.00")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="two connections at once need PostgreSQL")
def test_two_committee_members_recording_overlapping_contracts_at_once_get_one(transactional_db, contractor, committee):
    def record(title, starts_on):
        return make(contractor, committee, title=title, signed_on=starts_on, starts_on=starts_on)

    outcomes = together(lambda: record("甲", date(2025, 3, 1)), lambda: record("乙", date(2025, 4, 1)))

    made = [outcome for outcome in outcomes if isinstance(outcome, Contract)]
    errors = [outcome for outcome in outcomes if isinstance(outcome, ValidationError)]
    assert len(made) == 1 and len(errors) == 1, outcomes
    assert codes(errors[0]) == ["contract_overlaps"]
    assert Contract.objects.count() == 1
