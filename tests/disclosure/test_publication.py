"""Publishing a month: committee only, in order, stored for good; later entries never change it."""

from datetime import date
from decimal import Decimal

from ledger import services
from ledger.models import Publication
from tests.pages import json_of


def _publish(client, month: str):
    return client.post("/documents/publish/", {"month": month})


def test_a_committee_member_publishes_the_next_month_and_its_document_is_stored(client, ledger, committee):
    provisional = json_of(client, 2024, 1)
    client.force_login(committee)
    response = _publish(client, "2024-01")
    assert response.status_code == 302 and response.url == "/disclosure/2024/01/"
    publication = Publication.objects.get()
    assert publication.month == date(2024, 1, 1)
    assert publication.document["pools"] == provisional["pools"]
    assert publication.document["status"] == "published"
    published = json_of(client, 2024, 1)
    assert published["status"] == "published" and published["published_at"]
    assert published["ledger_fingerprint"] == publication.fingerprint
    assert {k: v for k, v in published.items() if k not in ("status", "published_at")} == {
        k: v for k, v in provisional.items() if k != "status"
    }


def test_a_published_month_never_changes_after_later_entries_dated_in_it(client, ledger, committee, steward):
    client.force_login(committee)
    _publish(client, "2024-01")
    before = client.get("/disclosure/2024/01.json").content
    services.expenditure_record(
        spent_on=date(2024, 1, 25),
        pool="electricity",
        payee="国网宁波供电公司",
        amount=Decimal("12.30"),
        description="补录 1月水泵电费",
        recorded_by=steward,
    )
    assert client.get("/disclosure/2024/01.json").content == before
    february = json_of(client, 2024, 2)
    assert february["pools"][0]["expenditure"] == "12.30"
    assert february["expenditures"][0]["spent_on"] == "2024-01-25"


def test_the_page_of_a_published_month_shows_both_fingerprints(client, ledger, committee, steward):
    client.force_login(committee)
    _publish(client, "2024-01")
    at_publication = Publication.objects.get().fingerprint
    services.payment_record(
        household=ledger.households[2],
        fee_plan=ledger.plan,
        amount=Decimal("10.00"),
        paid_on=date(2024, 3, 1),
        method="cash",
        recorded_by=steward,
    )
    client.logout()
    html = client.get("/disclosure/2024/01/").content.decode()
    assert at_publication in html
    assert Publication.objects.get().fingerprint != services.journal.fingerprint()
    assert services.journal.fingerprint() in html
    assert "未定稿" not in html


def test_months_are_published_in_order(client, ledger, committee):
    client.force_login(committee)
    response = _publish(client, "2024-02")
    assert response.status_code == 302 and response.url == "/documents/"
    assert Publication.objects.count() == 0
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("2024-01" in message for message in messages)


def test_the_steward_may_not_publish_and_a_visitor_is_sent_to_log_in(client, ledger, steward):
    assert _publish(client, "2024-01").status_code == 302
    assert Publication.objects.count() == 0
    client.force_login(steward)
    assert _publish(client, "2024-01").status_code == 403
    assert Publication.objects.count() == 0


def test_the_documents_page_offers_the_next_month(client, ledger, committee):
    client.force_login(committee)
    client.cookies["django_language"] = "en"
    html = client.get("/documents/").content.decode()
    assert "January 2024" in html and 'value="2024-01"' in html


def test_the_page_cache_follows_the_ledger_and_publication(client, ledger, committee, steward):
    assert "未定稿" in client.get("/disclosure/2024/02/").content.decode()
    services.expenditure_record(
        spent_on=date(2024, 2, 27),
        pool="maintenance",
        payee="月湖五金水电商行",
        amount=Decimal("46.50"),
        description="水龙头及软管",
        recorded_by=steward,
    )
    assert "46.50" in client.get("/disclosure/2024/02/").content.decode()
    client.force_login(committee)
    _publish(client, "2024-01")
    client.logout()
    assert "未定稿" not in client.get("/disclosure/2024/01/").content.decode()
