from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from ledger import journal, services
from ledger.models import Entry
from tests.builders import raw


@pytest.fixture
def three_entries(household, vacant_household, plan, steward):
    for flat, amount in ((household, "200.00"), (vacant_household, "140.00")):
        services.payment_record(
            household=flat,
            fee_plan=plan,
            amount=Decimal(amount),
            method="wechat",
            paid_on=date(2024, 2, 1),
            recorded_by=steward,
        )
    services.expenditure_record(
        spent_on=date(2024, 2, 3),
        pool="garbage",
        payee="环卫所",
        amount=Decimal("60.00"),
        description="清运",
        recorded_by=steward,
    )
    return list(Entry.objects.order_by("id"))


def test_an_intact_ledger_verifies(three_entries, capsys):
    call_command("verify_ledger")
    assert f"3 entries, fingerprint {three_entries[-1].hash}" in capsys.readouterr().out
    assert journal.fingerprint() == three_entries[-1].hash


def test_each_entry_chains_to_the_one_before(three_entries):
    assert three_entries[0].prev_hash == journal.GENESIS
    assert [e.prev_hash for e in three_entries[1:]] == [e.hash for e in three_entries[:-1]]


def test_a_changed_amount_is_named(three_entries):
    second = three_entries[1]
    raw("UPDATE ledger_entry SET maintenance = maintenance - 10, garbage = garbage + 10 WHERE id = %s", [second.pk])
    with pytest.raises(CommandError, match=f"entry #{second.pk}: its content does not match"):
        call_command("verify_ledger")


def test_a_changed_memo_is_named(three_entries):
    raw("UPDATE ledger_entry SET memo = 'nothing to see' WHERE id = %s", [three_entries[2].pk])
    with pytest.raises(CommandError, match=f"entry #{three_entries[2].pk}"):
        call_command("verify_ledger")


def test_a_removed_entry_breaks_the_next_link(three_entries):
    raw("DELETE FROM ledger_movement WHERE entry_id = %s", [three_entries[1].pk])  # what points to it goes too
    raw("DELETE FROM ledger_entry WHERE id = %s", [three_entries[1].pk])
    with pytest.raises(CommandError, match=f"entry #{three_entries[2].pk}: does not follow"):
        call_command("verify_ledger")


def test_a_removed_last_entry_is_noticed(three_entries):
    raw("UPDATE ledger_chainhead SET entry_id = NULL")
    raw("DELETE FROM ledger_movement WHERE entry_id = %s", [three_entries[2].pk])
    raw("DELETE FROM ledger_entry WHERE id = %s", [three_entries[2].pk])
    with pytest.raises(CommandError, match="end of the journal"):
        call_command("verify_ledger")


def test_an_empty_ledger_verifies(db, capsys):
    call_command("verify_ledger")
    assert "0 entries" in capsys.readouterr().out


def test_a_changed_personal_field_is_named_by_its_commitment(three_entries, vacant_household):
    first = three_entries[0]
    raw("UPDATE ledger_entry SET household_id = %s WHERE id = %s", [vacant_household.pk, first.pk])
    with pytest.raises(CommandError, match=f"entry #{first.pk}: its personal fields do not match its commitment"):
        call_command("verify_ledger")


def test_a_moved_entry_is_named_by_its_position(three_entries):
    last = three_entries[2]
    raw("UPDATE ledger_entry SET position = 9 WHERE id = %s", [last.pk])
    with pytest.raises(CommandError, match=f"entry #{last.pk}: is not at its place on the chain"):
        call_command("verify_ledger")


def test_entries_carry_their_position_a_salt_and_a_commitment(three_entries):
    assert [entry.position for entry in three_entries] == [1, 2, 3]
    assert len({entry.salt for entry in three_entries}) == 3 and all(len(e.salt) == 32 for e in three_entries)
    assert all(entry.commitment == journal.commitment_of(entry) for entry in three_entries)


def test_a_reversal_with_an_untouched_pool_verifies(three_entries, steward):
    vacant_payment = three_entries[1].payment  # a vacant flat: nothing to the garbage pool
    services.payment_reverse(payment=vacant_payment, reason="录错", by=steward)
    assert Entry.objects.order_by("id").last().garbage == 0
    assert journal.verify() == (4, None)
