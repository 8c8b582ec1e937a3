"""The month page costs a fixed number of queries, whatever the number of households or entries."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ledger import services
from trustmgmt.disclosure.cache import forget_ledger_state
from trustmgmt.disclosure.services import publish


def _grow(plan, steward, count: int, start: int) -> None:
    for index in range(count):
        household = services.household_create(
            building=40 + (start + index) // 24,
            unit=1,
            room=101 + (start + index) % 24,
            owner_name="测试",
            occupancy="occupied",
        )
        services.payment_record(
            household=household,
            fee_plan=plan,
            amount=Decimal("200.00"),
            paid_on=date(2024, 1 + index % 2, 3),
            method="cash",
            recorded_by=steward,
        )


def _queries(client, url: str) -> int:
    cache.clear()
    forget_ledger_state()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/disclosure/2024/02/", "/disclosure/2024/02.json", "/disclosure/"])
def test_an_open_month_costs_the_same_queries_at_two_sizes(client, ledger, steward, url):
    _grow(ledger.plan, steward, 3, 0)
    small = _queries(client, url)
    _grow(ledger.plan, steward, 30, 3)
    assert _queries(client, url) == small
    # Eleven for the month itself, one for the link to its year-end account; ten more since issue 12 (the
    # reconciliation: eight; advances between pools and pools below zero: two).
    assert small < 23


def test_a_published_month_is_served_from_its_document_in_three_queries(client, ledger, committee, steward):
    publish(month=date(2024, 1, 1), by=committee)
    # the ledger's state, the publication, whether its fee year is closed (a link to the year-end account)
    assert _queries(client, "/disclosure/2024/01/") == 3
    _grow(ledger.plan, steward, 30, 0)
    assert _queries(client, "/disclosure/2024/01/") == 3


def test_a_cached_page_costs_one_query(client, ledger, django_assert_num_queries):
    client.get("/disclosure/2024/02/")
    forget_ledger_state()
    with django_assert_num_queries(1):
        client.get("/disclosure/2024/02/")


def test_within_a_second_a_worker_answers_without_the_database(client, ledger, django_assert_num_queries):
    client.get("/disclosure/2024/02/")
    with django_assert_num_queries(0):
        client.get("/disclosure/2024/02/")


def test_a_worker_forgets_the_ledgers_state_when_it_writes(client, ledger, steward):
    client.get("/disclosure/2024/02/")
    services.expenditure_record(
        spent_on=date(2024, 2, 28),
        pool="garbage",
        payee="海曙区环境卫生管理处",
        amount=Decimal("7.70"),
        description="补充清运",
        recorded_by=steward,
    )
    assert "7.70" in client.get("/disclosure/2024/02/").content.decode()
