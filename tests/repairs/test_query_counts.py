"""Hot pages take a fixed number of queries, however many orders, lines, steps and patrols there are.

Counted above the home page for the same user (the session, the user and its permissions, and whatever
the site adds to every page), so a site-wide addition does not move these numbers.
"""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from repairs import services
from repairs.models import Status
from tests.builders import advance, report

STATUSES = [Status.REPORTED, Status.ASSIGNED, Status.DONE, Status.ACCEPTED, Status.SETTLED, Status.CANCELLED]


def orders(steward, lamp, gutter, count):
    made = []
    for i in range(count):
        order = report(steward, building=1 + i % 9)
        made.append(advance(order, STATUSES[i % len(STATUSES)], steward, lines=[(lamp, "1"), (gutter, "2.5")]))
    return made


def patrols(steward, count):
    for i in range(count):
        services.patrol_record(
            patrolled_on=date(2024, 3, 4) + timedelta(days=7 * i),
            inspector="张国平",
            area="1–6幢",
            findings="未发现问题",
            recorded_by=steward,
        )


def queries(client, url, **params) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured)


@pytest.fixture
def steward_client(client, steward):
    client.force_login(steward)
    return client


@pytest.fixture
def base(steward_client) -> int:
    return queries(steward_client, "/")


def test_the_work_order_list(steward_client, base, steward, lamp, gutter, django_assert_max_num_queries):
    orders(steward, lamp, gutter, 6)
    few = queries(steward_client, reverse("repairs:workorders"))
    orders(steward, lamp, gutter, 30)
    with django_assert_max_num_queries(base + 2):  # count, one page of orders with their totals
        steward_client.get(reverse("repairs:workorders"))
    assert queries(steward_client, reverse("repairs:workorders")) == few
    assert queries(steward_client, reverse("repairs:workorders"), status="settled", q="楼道") == few


def test_the_work_order_detail(steward_client, base, steward, lamp, gutter, roof, django_assert_max_num_queries):
    small = advance(report(steward), Status.SETTLED, steward, lines=[(lamp, "1")])
    big = advance(report(steward), Status.ACCEPTED, steward, lines=[(lamp, "1"), (gutter, "3")] * 10)
    with django_assert_max_num_queries(base + 5):  # the order, its lines, a reversal, its steps, its photos
        steward_client.get(reverse("repairs:order", args=[big.number]))
    assert queries(steward_client, reverse("repairs:order", args=[big.number])) <= queries(
        steward_client, reverse("repairs:order", args=[small.number])
    )


def test_the_patrol_list(steward_client, base, steward, django_assert_max_num_queries):
    patrols(steward, 3)
    few = queries(steward_client, reverse("repairs:patrols"))
    patrols(steward, 40)
    with django_assert_max_num_queries(base + 2):
        steward_client.get(reverse("repairs:patrols"))
    assert queries(steward_client, reverse("repairs:patrols")) == few


def test_the_overview(steward_client, base, steward, lamp, gutter, django_assert_max_num_queries):
    orders(steward, lamp, gutter, 6)
    few = queries(steward_client, reverse("repairs:overview"))
    orders(steward, lamp, gutter, 24)
    with django_assert_max_num_queries(base + 5):  # monthly cost, open orders, repair times, awaiting approval, reports
        steward_client.get(reverse("repairs:overview"))
    assert queries(steward_client, reverse("repairs:overview")) == few
