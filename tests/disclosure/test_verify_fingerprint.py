"""/verify/fingerprint/: anyone checks a fingerprint copied from paper against today's ledger."""

from datetime import date

import pytest
from django.core.cache import cache

from ledger import journal
from ledger.models import Entry, Publication
from tests.builders import raw
from trustmgmt.disclosure.services import publish

URL = "/verify/fingerprint/"


@pytest.fixture
def published(ledger, committee):
    publish(month=date(2024, 1, 1), by=committee)
    return ledger


@pytest.fixture(autouse=True)
def _in_english(client):
    client.cookies["django_language"] = "en"  # the pages serve Chinese by default; the catalogue is tested below


def check(client, text: str):
    response = client.get(URL, {"fingerprint": text})
    assert response.status_code == 200
    return response.content.decode()


def test_the_empty_form_asks_for_a_fingerprint(client, db):
    page = client.get(URL).content.decode()
    assert 'name="fingerprint"' in page and "error" not in page


def test_a_whole_fingerprint_names_its_entry_its_month_and_that_the_chain_holds(client, published):
    entry = Entry.objects.get(position=2)
    page = check(client, entry.hash)
    assert "Entry 2 of the ledger" in page and "Payment" in page and "2024-01-10" in page
    assert "/disclosure/2024/01/" in page
    assert "Still on the ledger" in page and "every one of its 7 entries" in page


def test_the_first_sixteen_in_groups_of_four_in_capitals_are_enough(client, published):
    fingerprint = Publication.objects.get().fingerprint
    typed = "-".join(fingerprint[i : i + 4] for i in range(0, 16, 4)).upper()
    page = check(client, f"  {typed} ")
    assert "Entry 7 of the ledger" in page and "Printed on the notice of" in page
    assert journal.GENESIS not in page


def test_an_unknown_fingerprint_gets_a_plain_warning(client, published):
    page = check(client, "0123 4567 89ab cdef")
    assert "No entry of the ledger has the fingerprint 0123 4567 89AB CDEF" in page
    assert "committee" in page


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("12345", "What you typed has 5"),
        ("0123456789abcdef0", "What you typed has 17"),
        ("0123 4567 89ab cdeg", "only the digits 0–9 and the letters a–f"),
        ("我的收据", "only the digits 0–9 and the letters a–f"),
        ("", "This field is required"),
    ],
)
def test_a_wrong_length_or_alphabet_is_a_form_error(client, published, text, message):
    queries_before = Entry.objects.count()
    page = check(client, text)
    assert message in page and "Entry " not in page
    assert Entry.objects.count() == queries_before


def test_a_fingerprint_from_before_digest_v2_is_found_by_its_earlier_hash(client, published):
    entry = Entry.objects.get(position=3)
    raw("UPDATE ledger_entry SET legacy_hash = %s WHERE id = %s", ["ab" * 32, entry.pk])
    cache.clear()
    page = check(client, "abab abab abab abab")
    assert "Entry 3 of the ledger" in page and "before the ledger" in page


def test_a_broken_chain_says_so_and_where(client, published):
    entry = Entry.objects.get(position=5)
    raw("UPDATE ledger_entry SET garbage = garbage + 1, amount = amount + 1 WHERE id = %s", [entry.pk])
    cache.clear()
    page = check(client, Entry.objects.get(position=2).hash)
    assert "The chain is broken" in page and "entry 5 no longer matches" in page


def test_it_shows_no_personal_field(client, published):
    page = check(client, Entry.objects.get(position=2).hash)
    for household in published.households:
        assert household.owner_name not in page and household.label not in page and household.phone not in page


def test_it_takes_only_get(client, db):
    assert client.post(URL, {"fingerprint": "0" * 16}).status_code == 405


def test_it_speaks_chinese_by_default(client, published):
    client.cookies.pop("django_language")
    page = check(client, "0123 4567 89ab cdef")
    assert "核对指纹" in page and "业委会" in page


def test_a_new_entry_is_checked_from_where_the_last_check_ended(client, published, steward, monkeypatch):
    from decimal import Decimal

    from ledger import services

    check(client, Entry.objects.get(position=2).hash)  # a full recomputation, remembered
    services.opening_balance_record(
        value_date=date(2024, 3, 1), amounts={"garbage": Decimal("1.00")}, memo="", by=steward
    )
    walked = []
    original = journal.verify_from

    def counting(start, **kwargs):
        walked.append(start.entries)
        return original(start, **kwargs)

    monkeypatch.setattr(journal, "verify_from", counting)
    page = check(client, Entry.objects.get(position=8).hash)
    assert walked == [7] and "every one of its 8 entries" in page


def test_a_change_to_an_older_entry_shows_at_the_next_full_recomputation(client, published, monkeypatch):
    from trustmgmt.disclosure import verification

    check(client, Entry.objects.get(position=2).hash)
    entry = Entry.objects.get(position=3)
    raw("UPDATE ledger_entry SET reference = 'X' WHERE id = %s", [entry.pk])
    raw("UPDATE ledger_chainhead SET hash = hash")  # the same head: the remembered answer stands for now
    monkeypatch.setattr(verification, "FULL_SECONDS", 0)
    cache.delete(f"verify:chain:{journal.fingerprint()}")
    page = check(client, Entry.objects.get(position=2).hash)
    assert "entry 3 no longer matches" in page
