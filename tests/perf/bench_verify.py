"""Anyone-can-check benchmarks (issue 11) on the report's complex, `seed_demo --households 1143 --years 10`.
`make bench` runs them; the figures go to README.md, "Performance".

The demo is built once into /tmp/trustmgmt-bench-verify-1143.sqlite3 (a few minutes; delete the file to
rebuild; its own file, since its payments must carry check codes) and copied for each run. Each measurement
runs in a child process (this file, run as a script) through the test client as an anonymous visitor on a
phone would, minus the network. Timings are medians.

Targets: the receipt check page under 20 ms and at most 6 queries; the own-flat lookup under 30 ms. Each is
measured as wall time and as this process's CPU time: SQLite runs in the process, so on a machine that other
jobs keep busy the CPU time is what the page would take on an idle one, and the targets are checked on it.
"""

import json
import os
import sys
import tempfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # also when run as the measuring child
from tests.perf.harness import Bench, child_setup, queries, timed

ROOT = Path(__file__).resolve().parents[2]
HOUSEHOLDS = 1143
YEARS = 10
RUNS = 50
TMP = Path(tempfile.gettempdir())


BENCH = Bench(
    "verify",
    __file__,
    households=HOUSEHOLDS,
    years=YEARS,
    env={
        # Measured, not throttled: the wrong pair is tried RUNS times from one address and at one flat.
        "VERIFY_FAILURES_PER_HOUR": "1000000",
        "LOOKUP_FAILURES_PER_FLAT": "1000000",
    },
)
ensure_demo, child = BENCH.ensure_demo, BENCH.child


def report(label: str, figures: dict) -> None:
    queries = f"  {figures['queries']:2d} queries" if "queries" in figures else ""
    print(
        f"{label:<52} median {figures['median_ms']:7.1f} ms wall, {figures['cpu_ms']:6.1f} ms CPU "
        f"({figures['runs']} runs){queries}"
    )


@pytest.fixture(scope="module", autouse=True)
def demo():
    ensure_demo()
    BENCH.fresh_copy()
    yield
    BENCH.remove_copy()


def test_receipt_check_and_own_flat_lookup():
    figures = child("verify")
    print(f"\n{figures.pop('_size')}  (load average {os.getloadavg()[0]:.2f})")
    for name, values in figures.items():
        report(name, values)
    check = figures["receipt check page (GET /verify/receipt/<code>/)"]
    assert check["cpu_ms"] < 20 and check["queries"] <= 6
    assert figures["own-flat lookup, right pair (POST)"]["cpu_ms"] < 30


# The child process: measurements against the copy of the demo.


def _measure(name: str, call, results: dict) -> None:
    results[name] = {**timed(call, RUNS), "queries": queries(call)}


def _measure_verify() -> dict:
    from django.db.models import Count
    from django.test import Client

    from ledger.models import Entry, Household, ReceiptCheck

    client = Client(HTTP_HOST="127.0.0.1")
    results = {"_size": f"{Household.objects.count()} households, {Entry.objects.count()} journal entries"}
    check = ReceiptCheck.objects.select_related("payment__fee_plan").order_by("-id").first()

    def status(response, expected: int):
        assert response.status_code == expected, response.content[:500]

    _measure(
        "receipt check page (GET /verify/receipt/<code>/)",
        lambda: status(client.get(f"/verify/receipt/{check.token}/"), 200),
        results,
    )
    _measure(
        "receipt check, unknown code (404)",
        lambda: status(client.get("/verify/receipt/0000000000000000/"), 404),
        results,
    )
    receipt = {"receipt_no": check.payment.receipt_no, "amount": str(check.payment.amount)}
    _measure("receipt number and amount (POST)", lambda: status(client.post("/verify/receipt/", receipt), 200), results)

    # The flat with the most receipts: the longest record a lookup shows.
    busiest = (
        Household.objects.exclude(phone="").annotate(receipts=Count("payments")).order_by("-receipts", "id").first()
    )
    digits = "".join(char for char in busiest.phone if char.isdigit())[-4:]
    wrong = "0000" if digits != "0000" else "1111"

    def look_up(last_four: str):
        response = client.post("/verify/household/", {"flat": busiest.label, "phone_last4": last_four})
        status(response, 200)
        return response

    assert busiest.label in look_up(digits).content.decode()
    _measure("own-flat lookup, right pair (POST)", lambda: look_up(digits), results)
    _measure("own-flat lookup, wrong pair (POST)", lambda: look_up(wrong), results)
    return results


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    child_setup()
    print(json.dumps({"verify": _measure_verify}[sys.argv[1]]()))
