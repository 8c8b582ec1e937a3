"""Ledger benchmarks on the report's complex, `seed_demo --households 1143 --years 10`. `make bench` runs them;
the figures go to README.md, "Performance", "Ledger".

The demo is built once into /tmp/trustmgmt-bench-ledger-1143.sqlite3 (a few minutes; delete the file to
rebuild) and copied for each run, so recording payments never changes the demo the next run starts from.
Each measurement runs in a child process (this file, run as a script) against the copy, through the test
client logged in as the steward, like the desk in a browser minus the network. Timings are medians.

Targets: desk search and recording a payment each under 50 ms, verify_ledger under 2 s, the receipt PDF
under 0.5 s.
"""

import json
import sys
import tempfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # also when run as the measuring child
from tests.perf.harness import Bench, child_setup, queries, timed

ROOT = Path(__file__).resolve().parents[2]
HOUSEHOLDS = 1143
YEARS = 10
RUNS = 30
TMP = Path(tempfile.gettempdir())


BENCH = Bench("ledger", __file__, households=HOUSEHOLDS, years=YEARS, env={})
ensure_demo, child = BENCH.ensure_demo, BENCH.child


def report(label: str, figures: dict) -> None:
    queries = f"  {figures['queries']:2d} queries" if "queries" in figures else ""
    entries = f"  {figures['entries']} entries" if "entries" in figures else ""
    print(f"{label:<52} median {figures['median_ms']:8.1f} ms  ({figures['runs']} runs){queries}{entries}")


@pytest.fixture(scope="module", autouse=True)
def demo():
    ensure_demo()
    BENCH.fresh_copy()
    yield
    BENCH.remove_copy()


def test_desk():
    figures = child("desk")
    print(f"\n{figures.pop('_size')}")
    for name, values in figures.items():
        report(name, values)
    assert figures["desk search, one flat (12-2-301 style)"]["median_ms"] < 50
    assert figures["desk search, part of a name"]["median_ms"] < 50
    assert figures["record a payment (POST, redirect to the receipt)"]["median_ms"] < 50


def test_receipt_pdf():
    figures = child("receipt")
    print()
    for name, values in figures.items():
        report(name, values)
    assert figures["receipt PDF"]["median_ms"] < 500


def test_verify_ledger():
    figures = child("verify")
    print()
    for name, values in figures.items():
        report(name, values)
    assert figures["verify_ledger"]["median_ms"] < 2000


# The child process: measurements against the copy of the demo.


def _steward_client():
    from django.contrib.auth.models import User
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username="steward"))
    return client


def _measure_desk() -> dict:
    import uuid

    from django.utils import timezone

    from ledger import figures
    from ledger.models import Entry, FeePlan, Household

    client = _steward_client()
    results = {"_size": f"{Household.objects.count()} households, {Entry.objects.count()} journal entries"}

    flat = Household.objects.order_by("-id").first()
    surname = flat.owner_name[0]

    def search(query: str, status: int):
        def get():
            assert client.get("/ledger/desk/", {"q": query}).status_code == status

        return get

    cases = {
        "desk search, one flat (12-2-301 style)": search(flat.label, 302),
        "desk search, part of a name": search(surname, 200),
        "desk search, a building (12)": search(str(flat.building), 200),
    }
    for name, call in cases.items():
        results[name] = {**timed(call, RUNS), "queries": queries(call)}

    results["household page (years, form, receipts)"] = {
        **timed(lambda: client.get(f"/ledger/households/{flat.label}/"), RUNS),
        "queries": queries(lambda: client.get(f"/ledger/households/{flat.label}/")),
    }

    plan = FeePlan.objects.filter(starts_on__lte=timezone.localdate()).order_by("-year").first()
    owing = list(figures.arrears(plan).order_by("household_id")[: RUNS * 2 + 2])
    queue = iter(owing)

    def record():
        due = next(queue)
        response = client.post(
            f"/ledger/households/{due.household.label}/",
            {
                "fee_year": plan.year,
                "amount": str(due.outstanding),
                "method": "wechat",
                "paid_on": timezone.localdate().isoformat(),
                "request_key": str(uuid.uuid4()),
            },
        )
        assert response.status_code == 302, response.content[:2000]

    results["record a payment (POST, redirect to the receipt)"] = {**timed(record, RUNS), "queries": queries(record)}
    return results


def _measure_receipt() -> dict:
    from ledger.models import Payment

    client = _steward_client()
    payment = Payment.objects.select_related("fee_plan").order_by("-id").first()
    url = f"/ledger/payments/{payment.receipt_no}/receipt.pdf"

    def get():
        response = client.get(url)
        assert response.status_code == 200 and response.content.startswith(b"%PDF")

    page = f"/ledger/payments/{payment.receipt_no}/"
    return {
        "receipt PDF": timed(get, 15),
        "receipt page (HTML)": timed(lambda: client.get(page), RUNS),
    }


def _measure_verify() -> dict:
    from io import StringIO

    from django.core.management import call_command

    from ledger.models import Entry

    return {
        "verify_ledger": {
            **timed(lambda: call_command("verify_ledger", stdout=StringIO()), 5),
            "entries": Entry.objects.count(),
        }
    }


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    child_setup()
    measure = {"desk": _measure_desk, "receipt": _measure_receipt, "verify": _measure_verify}[sys.argv[1]]
    print(json.dumps(measure()))
