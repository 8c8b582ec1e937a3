"""Repairs pages on the report's complex: `seed_demo --households 1143 --years 10` (about 580 work orders,
500 patrols, 750 cost lines). Prints the median of repeated requests; `make bench` runs it.

The demo is built once for this module and the database is emptied afterwards.
"""

import os
import time

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from ledger import db as ledger_db
from repairs.models import Status, WorkOrder
from tests.perf.harness import queries, timed

RUNS = 30
# The report's complex; smaller through the environment for a quick look (BENCH_HOUSEHOLDS=240 BENCH_YEARS=2).
HOUSEHOLDS = int(os.environ.get("BENCH_HOUSEHOLDS", "1143"))
YEARS = int(os.environ.get("BENCH_YEARS", "10"))
# The mark makes pytest-django create the test database; without it the demo would land in the real one.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        name = str(connection.settings_dict["NAME"])
        assert "memory" in name or "test" in name, f"not a test database: {name}"
        started = time.perf_counter()
        call_command("seed_demo", households=HOUSEHOLDS, years=YEARS, verbosity=0)
        print(f"\nseed_demo --households {HOUSEHOLDS} --years {YEARS}: {time.perf_counter() - started:.0f} s")
        yield
        with ledger_db.unlocked():
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def steward_client(demo, client, django_db_blocker):
    from django.contrib.auth.models import User

    with django_db_blocker.unblock():
        client.force_login(User.objects.get(username="steward"))
    return client


def measure(client, django_db_blocker, label: str, url: str, **params) -> float:
    def get():
        assert client.get(url, params).status_code == 200

    with django_db_blocker.unblock():
        get()  # warm up
        count = queries(lambda: client.get(url, params))
        median = timed(get, RUNS, warm_up=False)["median_ms"]
    print(f"{label:<44} median {median:7.1f} ms  ({count} queries, {RUNS} runs)")
    return median


def test_repairs_pages(steward_client, django_db_blocker):
    with django_db_blocker.unblock():
        orders = WorkOrder.objects.count()
        settled = WorkOrder.objects.filter(status=Status.SETTLED).order_by("-id").first()
        busiest = WorkOrder.objects.with_total().order_by("-total").first()
    print(f"\n{orders} work orders")
    workorders = reverse("repairs:workorders")
    measure(steward_client, django_db_blocker, "work-order list, first page", workorders)
    measure(
        steward_client,
        django_db_blocker,
        "work-order list, settled, by cost",
        workorders,
        status="settled",
        sort="-total",
    )
    measure(steward_client, django_db_blocker, "work-order list, text search", workorders, q="楼道")
    measure(steward_client, django_db_blocker, "work-order list, CSV export (all)", workorders, _export="csv")
    measure(
        steward_client,
        django_db_blocker,
        "work-order detail (settled)",
        reverse("repairs:order", args=[settled.number]),
    )
    measure(
        steward_client,
        django_db_blocker,
        "work-order detail (dearest)",
        reverse("repairs:order", args=[busiest.number]),
    )
    measure(steward_client, django_db_blocker, "patrol list", reverse("repairs:patrols"))
    measure(steward_client, django_db_blocker, "repairs overview", reverse("repairs:overview"))
