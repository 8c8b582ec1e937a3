"""The public pages are cached whole for anonymous visitors, each with their own CSRF token."""

import re
from datetime import date
from decimal import Decimal

from django.core.cache import cache
from django.test import Client

from ledger import services
from trustmgmt.disclosure import cache as disclosure_cache
from trustmgmt.disclosure.cache import forget_ledger_state


def _token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_each_anonymous_visitor_gets_a_working_token_from_the_cached_page(ledger):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    page_one = first.get("/disclosure/2024/02/").content.decode()
    page_two = second.get("/disclosure/2024/02/").content.decode()
    assert "csrf-token-of-this-visitor" not in page_one + page_two
    token = _token(page_two)
    response = second.post(
        "/i18n/setlang/", {"language": "en", "next": "/disclosure/2024/02/", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert "Income and spending" in second.get("/disclosure/2024/02/").content.decode()
    assert "收支公示" in first.get("/disclosure/2024/02/").content.decode()


def test_a_logged_in_committee_member_sees_their_own_navigation(client, ledger, committee):
    assert "/documents/" not in client.get("/disclosure/2024/02/").content.decode()
    client.force_login(committee)
    html = client.get("/disclosure/2024/02/").content.decode()
    assert "/documents/" in html and "/accounts/login/" not in html


def test_a_query_string_does_not_make_a_new_cached_page(client, ledger, django_assert_max_num_queries):
    client.get("/disclosure/2024/02/")
    forget_ledger_state()
    with django_assert_max_num_queries(1):
        assert client.get("/disclosure/2024/02/?from=qr").status_code == 200


def test_while_one_request_rebuilds_a_page_the_others_get_the_one_before(client, ledger, steward):
    before = client.get("/disclosure/2024/02/").content.decode()
    services.expenditure_record(
        spent_on=date(2024, 2, 27),
        pool="maintenance",
        payee="月湖五金水电商行",
        amount=Decimal("46.50"),
        description="水龙头及软管",
        recorded_by=steward,
    )
    state = disclosure_cache.ledger_state()
    mark = disclosure_cache.key("whole-page", date(2024, 2, 1), state=state) + ":building"
    cache.add(mark, 1)  # another worker is rebuilding it
    stale = client.get("/disclosure/2024/02/").content.decode()
    assert "46.50" not in stale and _token(stale) and stale.count("2024") == before.count("2024")
    cache.delete(mark)
    assert "46.50" in client.get("/disclosure/2024/02/").content.decode()


def test_a_long_state_stays_within_what_every_cache_backend_accepts():
    """On PostgreSQL the bank's and the meters' marks carry microseconds: the stamp outgrew memcached's 250."""
    short = disclosure_cache.LedgerState("a" * 64, date(2026, 10, 1))
    long = disclosure_cache.LedgerState("a" * 64, date(2026, 10, 1), money="m" + "9" * 80, power="e" + "1" * 80)
    assert short.stamp in disclosure_cache.key("whole-page", "2026", "10", state=short)
    keys = {disclosure_cache.key("whole-page", "2026", "10", state=state) for state in (long, short)}
    assert len(keys) == 2 and all(len(key) < 200 for key in keys)
    other = disclosure_cache.LedgerState("a" * 64, date(2026, 10, 1), money="m" + "9" * 80, power="e" + "2" * 80)
    assert disclosure_cache.key("whole-page", "2026", "10", state=other) not in keys
