"""Public electricity (issue 14) on the report's complex, `seed_demo --households 1143 --years 10` (its demo's four
meters, two years of readings and bills, one flagged and explained month). `make bench` runs it; the figures go to
README.md, "Performance".

The demo is built once into /tmp/trustmgmt-bench-power-1143.sqlite3 (delete it to rebuild) and copied for each
run. Each measurement runs in a child process (this file, run as a script) through the test client as an
anonymous visitor, uncached (the cache is cleared before each request, so every one computes the page); medians of
wall time and of this process's CPU time (SQLite runs in the process, so on a busy machine the CPU time is what
the page takes on an idle one). Target: the public page under 50 ms CPU at a fixed number of queries.
"""

import json
import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # also when run as the measuring child
from tests.perf.harness import Bench, child_setup, queries, timed

ROOT = Path(__file__).resolve().parents[2]
RUNS = 30

BENCH = Bench("power", __file__, households=1143, years=10)


@pytest.fixture(scope="module", autouse=True)
def demo():
    BENCH.ensure_demo()
    BENCH.fresh_copy()
    yield
    BENCH.remove_copy()


def test_the_public_electricity_pages():
    figures = BENCH.child("electricity")
    print(f"\n{figures.pop('_size')}  (load average {os.getloadavg()[0]:.2f})")
    for name, values in figures.items():
        print(
            f"{name:<58} median {values['median_ms']:7.1f} ms wall, {values['cpu_ms']:6.1f} ms CPU "
            f"({values['runs']} runs) {values['queries']:2d} queries"
        )
    page = figures["public electricity page (GET /disclosure/electricity/), uncached"]
    assert page["cpu_ms"] < 50 and page["queries"] <= 8


# The child process: measurements against the copy of the demo.


def _measure(call) -> dict:
    """Uncached: the cache is cleared before each call, outside the timing."""
    from django.core.cache import cache

    from trustmgmt.disclosure.cache import forget_ledger_state

    def clear():
        cache.clear()
        forget_ledger_state()

    figures = timed(call, RUNS, before=clear)
    clear()
    return {**figures, "queries": queries(call)}


def _measure_electricity() -> dict:
    from django.test import Client

    from ledger.models import Entry, Household, Publication
    from repairs.electricity.models import ElectricityBill, Meter, MeterReading

    client = Client(HTTP_HOST="127.0.0.1")
    size = (
        f"{Household.objects.count()} households, {Entry.objects.count()} journal entries, {Meter.objects.count()} "
        f"meters, {MeterReading.objects.count()} readings, {ElectricityBill.objects.count()} bills"
    )

    def get(url: str):
        def call():
            response = client.get(url)
            assert response.status_code == 200, response.content[:300]

        return call

    month = Publication.objects.order_by("-month").values_list("month", flat=True).first()
    return {
        "_size": size,
        "public electricity page (GET /disclosure/electricity/), uncached": _measure(get("/disclosure/electricity/")),
        "public electricity JSON (GET /disclosure/electricity.json)": _measure(get("/disclosure/electricity.json")),
        f"month page with its electricity block ({month:%Y-%m}, published), uncached": _measure(
            get(f"/disclosure/{month:%Y/%m}/")
        ),
    }


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    child_setup()
    print(json.dumps({"electricity": _measure_electricity}[sys.argv[1]]()))
