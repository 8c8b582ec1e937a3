"""Carrying an existing ledger over to digest v2 (migration 0006): entries built under v1, as a database from
before the change holds them, verify afterwards privately (verify_ledger) and publicly (the verifier), the
fingerprints printed before the change are still found at their place, and the migration goes back to v1.

Migrating back to 0005 and forward takes seconds, so the module does it once (`carried_over`) and each test
works on that ledger inside a transaction rolled back after it.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from ledger import journal
from ledger.models import Entry
from tests.builders import raw
from tests.ledger.journal_v1 import BEFORE, build_v1_ledger, migrate, store_january_document
from tests.untraced import untraced
from trustmgmt.disclosure import verify_disclosure
from trustmgmt.disclosure.services import publish

# Under xdist, on one worker: the module's ledger is built once.
pytestmark = pytest.mark.xdist_group("journal-migration")


@dataclass(frozen=True)
class CarriedOver:
    v1_hashes: list[str]  # the entries' hashes as v1 wrote them
    hashes_back_at_v1: list[str]  # what the hash column held after migrating back to 0005 once


def stored_hashes() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT hash FROM ledger_entry ORDER BY id")
        return [row[0] for row in cursor.fetchall()]


@pytest.fixture(scope="module")
def carried_over(django_db_setup, django_db_blocker, pytestconfig):
    """The v1 ledger built at 0005 and carried over to the latest migrations; on the way, once back to 0005 (what
    the hash column holds there) and forward again, as an owner undoing the upgrade and redoing it would. The
    database is emptied after the module, as a transactional test's is."""
    with django_db_blocker.unblock():
        try:
            # Coverage watches the carrying over (journal.py's v1 digest and the migration's use of it), not Django
            # rendering the migrations' states on the way back, which is most of the time and all of it traced twice.
            with untraced(pytestconfig):
                apps = migrate(BEFORE).loader.project_state(BEFORE).apps
            try:
                hashes = build_v1_ledger(apps)
            finally:
                migrate()
            with untraced(pytestconfig):
                migrate(BEFORE)
                try:
                    back = stored_hashes()
                finally:
                    migrate()
            store_january_document(hashes[3])
            yield CarriedOver(v1_hashes=hashes, hashes_back_at_v1=back)
        finally:
            call_command("flush", verbosity=0, interactive=False)


@pytest.fixture
def v1_ledger(carried_over, django_db_blocker) -> list[str]:
    """The carried-over ledger for one test, whatever it writes rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield carried_over.v1_hashes
        transaction.set_rollback(True)


def test_every_entry_is_carried_over_and_verifies(v1_ledger):
    assert journal.verify() == (5, None)
    entries = list(Entry.objects.order_by("id"))
    assert [entry.legacy_hash for entry in entries] == v1_ledger
    assert [entry.position for entry in entries] == [1, 2, 3, 4, 5]
    assert all(entry.version == 2 and len(entry.salt) == 32 for entry in entries)
    assert entries[2].prev_hash == entries[1].hash and journal.fingerprint() == entries[-1].hash


def test_verify_ledger_says_so(v1_ledger, capsys):
    call_command("verify_ledger")
    assert "Ledger intact: 5 entries" in capsys.readouterr().out


def test_a_changed_carried_over_entry_is_named(v1_ledger):
    entry = Entry.objects.get(position=2)
    with transaction.atomic():  # raw() steps around the triggers for one transaction (PostgreSQL: SET LOCAL)
        raw("UPDATE ledger_entry SET reference = '2024-000009' WHERE id = %s", [entry.pk])
    _checked, broken = journal.verify()
    assert broken is not None and broken.entry_id == entry.pk


def test_new_entries_chain_on_under_v2(v1_ledger):
    from django.contrib.auth.models import User

    from ledger import services

    services.opening_balance_record(
        value_date=date(2024, 2, 5),
        amounts={"garbage": Decimal("1.00")},
        memo="",
        by=User.objects.get(username="old-steward"),
    )
    newest = Entry.objects.get(position=6)
    assert newest.legacy_hash == "" and newest.prev_hash == Entry.objects.get(position=5).hash
    assert journal.verify() == (6, None)


def test_it_verifies_publicly_and_the_old_notice_is_found_at_its_place(v1_ledger, tmp_path, monkeypatch):
    from django.contrib.auth.models import User

    committee = User.objects.create(username="chair", is_superuser=True)
    publish(month=date(2024, 2, 1), by=committee)
    monkeypatch.setattr("trustmgmt.disclosure.export.render_pdf", lambda template, context: b"%PDF stand-in")
    call_command("export_disclosure", str(tmp_path / "copy"))
    january_notice = v1_ledger[3]  # printed on January's notice before the change
    notes = verify_disclosure.verify(verify_disclosure.Source(str(tmp_path / "copy")), [january_notice[:16]])
    assert "fingerprint " + january_notice[:16] + " is at position 4" in " ".join(notes)
    index = verify_disclosure.Source(str(tmp_path / "copy")).index()
    assert index["months"][0]["ledger_fingerprint"] == january_notice and index["months"][0]["ledger_position"] == 4


def test_it_goes_back_to_v1_while_nothing_was_posted_under_v2(carried_over, v1_ledger):
    assert carried_over.hashes_back_at_v1 == carried_over.v1_hashes
    assert journal.verify() == (5, None)  # and forward again, carried over as the first time
