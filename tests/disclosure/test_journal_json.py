"""The public journal: a published month's entries with exactly what recomputes their hashes, and no one's name."""

import hashlib
import json
from datetime import date
from decimal import Decimal

import pytest

from ledger import journal, services
from ledger.models import Entry
from trustmgmt.disclosure import verify_disclosure
from trustmgmt.disclosure.services import publish


@pytest.fixture
def published(ledger, committee):
    publish(month=date(2024, 1, 1), by=committee)
    publish(month=date(2024, 2, 1), by=committee)
    return ledger


def journal_of(client, year: int, month: int) -> dict:
    response = client.get(f"/disclosure/{year:04d}/{month:02d}/journal.json")
    assert response.status_code == 200, response.content
    return response.json()


def test_it_lists_the_months_entries_in_chain_order_with_their_hashes(client, published):
    document = journal_of(client, 2024, 1)
    stored = Entry.objects.filter(period=date(2024, 1, 1)).order_by("position")
    assert [entry["hash"] for entry in document["entries"]] == [entry.hash for entry in stored]
    assert [entry["position"] for entry in document["entries"]] == [1, 2, 3]
    assert document["entries"][0]["prev_hash"] == journal.GENESIS
    assert document["digest"]["fields"] == list(journal.PUBLIC_FIELDS)


def test_every_hash_is_recomputed_from_the_published_fields_alone(client, published):
    assert verify_disclosure.FIELDS == journal.PUBLIC_FIELDS  # the independent copy hashes the same fields
    for month in (1, 2):
        for entry in journal_of(client, 2024, month)["entries"]:
            assert set(entry) == {*journal.PUBLIC_FIELDS, "hash"}
            content = {field: entry[field] for field in journal.PUBLIC_FIELDS}
            canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
            assert hashlib.sha256(canonical.encode()).hexdigest() == entry["hash"]
            assert verify_disclosure.digest(entry) == entry["hash"]


def test_amounts_are_strings_with_two_places_and_spending_names_its_payee(client, published):
    entries = journal_of(client, 2024, 1)["entries"]
    payment, spending = entries[1], entries[2]
    assert payment["kind"] == "payment" and payment["amount"] == "200.00" and payment["payee"] == ""
    assert payment["reference"] == "2024-000001" and payment["fee_year"] == 2024
    assert spending["electricity"] == "-35.50" and spending["garbage"] == "0.00"
    assert spending["payee"] == "国网宁波供电公司"


def test_personal_fields_appear_only_as_a_salted_commitment(client, published):
    text = json.dumps([journal_of(client, 2024, m) for m in (1, 2)], ensure_ascii=False)
    for household in published.households:
        assert household.owner_name not in text and household.phone not in text and household.label not in text
    assert "原纸质台账结余" not in text  # a memo
    assert "salt" not in text
    for entry in Entry.objects.all():
        assert len(entry.salt) == 32 and entry.salt not in text  # 128 bits, never published
        assert entry.commitment in text


def test_the_same_flat_paying_the_same_amount_gets_unrelated_commitments(published, steward, settings):
    settings.REFUSE_POOL_OVERDRAW = False  # the reversal takes back money January's spending used; not the point here
    first = Entry.objects.get(position=2)
    services.payment_reverse(payment=first.payment, reason="录错", by=steward)
    again = services.payment_record(
        household=first.household,
        fee_plan=published.plan,
        amount=Decimal("200.00"),
        method="wechat",
        paid_on=date(2024, 3, 1),
        recorded_by=steward,
    )
    assert again.entries.get().commitment != first.commitment
    assert journal.verify() == (Entry.objects.count(), None)


def test_a_month_not_yet_published_has_no_journal(client, ledger, committee):
    publish(month=date(2024, 1, 1), by=committee)
    response = client.get("/disclosure/2024/02/journal.json")
    assert response.status_code == 404
    assert response.json()["error"].startswith("2024-02 尚未公示。")
    client.cookies["django_language"] = "en"
    response = client.get("/disclosure/2024/02/journal.json")
    assert response.status_code == 404 and "2024-02 is not published yet" in response.json()["error"]
    assert client.get("/disclosure/2024/02/").status_code == 200  # its page shows it, provisional


@pytest.mark.parametrize("url", ["/disclosure/2024/13/journal.json", "/disclosure/2999/01/journal.json"])
def test_a_month_that_does_not_exist_is_not_found(client, published, url):
    assert client.get(url).status_code == 404


def test_the_index_lists_published_months_with_their_position(client, published):
    index = client.get("/disclosure/index.json").json()
    assert [month["period"] for month in index["months"]] == ["2024-01", "2024-02"]
    january = index["months"][0]
    # The fixture records both months before publishing either: January was published at the last entry.
    assert january["ledger_position"] == 7 and january["journal"] == "2024/01/journal.json"
    assert january["ledger_fingerprint"] == Entry.objects.get(position=7).hash


def test_entries_recorded_before_a_month_is_published_but_disclosed_later_are_listed_pending(
    client, ledger, committee, steward
):
    publish(month=date(2024, 1, 1), by=committee)
    document = journal_of(client, 2024, 1)
    # February's entries were all recorded before January was published.
    assert document["ledger_position"] == Entry.objects.count()
    assert document["pending"] == list(
        Entry.objects.filter(period=date(2024, 2, 1)).order_by("position").values_list("position", flat=True)
    )


def test_the_verifier_is_served_as_text(client, db):
    response = client.get("/disclosure/verify_disclosure.py")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/x-python")
    assert b"import hashlib" in response.content and b"django" not in response.content.lower()
