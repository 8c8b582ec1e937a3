"""Accounts benchmarks on the report's complex, `seed_demo --households 1143 --years 10`, built with the
overdraw rule on (REFUSE_POOL_OVERDRAW=1). `make bench` runs them; the figures go to README.md, "Performance".

The demo is built once into /tmp/trustmgmt-bench-accounts-1143.sqlite3 (delete the file to rebuild) and
copied for each run. Each measurement runs in a child process (this file, run as a script) against the copy.

Targets: importing and matching a 10,000-line statement within 10 s; a month's reconciliation page within
50 ms (median, through the test client signed in as the committee).
"""

import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # also when run as the measuring child
from tests.perf.harness import Bench, child_setup, queries, timed

ROOT = Path(__file__).resolve().parents[2]
HOUSEHOLDS = 1143
YEARS = 10
RUNS = 30
LINES = 10_000
TMP = Path(tempfile.gettempdir())


BENCH = Bench("accounts", __file__, households=HOUSEHOLDS, years=YEARS, env={"REFUSE_POOL_OVERDRAW": "1"})
ensure_demo, child = BENCH.ensure_demo, BENCH.child


@pytest.fixture(autouse=True)
def demo():
    ensure_demo()
    BENCH.fresh_copy()
    yield
    BENCH.remove_copy()


def test_importing_and_matching_a_10000_line_statement():
    figures = child("import")
    print(f"\n{figures['size']}")
    print(
        f"import and match {figures['lines']} lines: {figures['seconds']:.2f} s "
        f"({figures['matched']} matched, {figures['proposed']} proposed); again: {figures['again_seconds']:.2f} s"
    )
    assert figures["added"] == LINES
    assert figures["seconds"] < 10
    assert figures["again_added"] == 0


def test_a_months_reconciliation_page():
    figures = child("reconciliation")
    print(f"\n{figures.pop('size')}")
    for name, values in figures.items():
        print(
            f"{name:<52} median {values['median_ms']:8.1f} ms, CPU {values['cpu_ms']:6.1f} ms  "
            f"({values['runs']} runs)  {values['queries']:2d} queries"
        )
    assert figures["reconciliation page, a month a year ago"]["median_ms"] < 50
    assert figures["reconciliation page, last month"]["median_ms"] < 50
    assert figures["reconciliation computed afresh, a month a year ago"]["median_ms"] < 50


# The child process: measurements against the copy of the demo.


def _measure_import() -> dict:
    """A second bank account whose book side is 10,000 deposits (written directly: the bench's setup, not the
    service's rules), and its statement: amounts from a few common values, so many lines share an amount and
    the date window and the slip numbers decide; four in ten name no slip number."""
    from datetime import date, timedelta
    from decimal import Decimal

    from django.contrib.auth.models import User

    from ledger.accounts import services
    from ledger.models import Account, AccountKind, Entry, Transfer

    rng = random.Random(12)
    committee = User.objects.get(username="committee")
    bank = Account.objects.create(name="业委会二号账户", kind=AccountKind.BANK, bank_name="中国建设银行")
    cash = Account.objects.filter(kind=AccountKind.CASH).first()
    day, transfers = date(2016, 1, 4), []
    for number in range(LINES):
        day += timedelta(days=rng.choice([0, 0, 1]))
        amount = Decimal(rng.choice(["200.00", "140.00", "400.00", "600.00", "1000.00", "85.50"]))
        transfers.append(
            Transfer(
                kind="deposit",
                moved_on=day,
                from_account=cash,
                to_account=bank,
                amount=amount,
                slip_number=f"S{number:06d}",
                recorded_by=committee,
            )
        )
    Transfer.objects.bulk_create(transfers, batch_size=2000)
    rows, balance = [], Decimal("0.00")
    for number, transfer in enumerate(transfers):
        balance += transfer.amount
        memo = f"现金缴存 {transfer.slip_number}" if rng.random() < 0.6 else "现金缴存"
        line_day = transfer.moved_on + timedelta(days=rng.choice([0, 1, 1, 2]))
        rows.append((line_day, transfer.amount, balance, memo, f"CCB{number:08d}"))
    rows.sort(key=lambda row: row[0])
    balance = Decimal("0.00")
    folder = Path(tempfile.mkdtemp())
    path = folder / "statement.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("交易日期,借方发生额,贷方发生额,余额,对方户名,摘要,流水号\n")
        for line_day, amount, _unused, memo, serial in rows:
            balance += amount
            handle.write(f"{line_day.isoformat()},,{amount},{balance},,{memo},{serial}\n")
    started = time.perf_counter()
    result = services.statement_import(account=bank, path=path, by=committee)
    seconds = time.perf_counter() - started
    started = time.perf_counter()
    again = services.statement_import(account=bank, path=path, by=committee)
    again_seconds = time.perf_counter() - started
    shutil.rmtree(folder)
    return {
        "size": f"{Entry.objects.count()} journal entries; {LINES} statement lines against {LINES} deposits",
        "lines": result.read,
        "added": result.added,
        "matched": result.matched,
        "proposed": result.proposed,
        "seconds": seconds,
        "again_added": again.added,
        "again_seconds": again_seconds,
    }


def _measure_reconciliation() -> dict:
    from django.contrib.auth.models import User
    from django.test import Client

    from ledger.models import Entry, StatementLine
    from trustmgmt.base.dates import add_months, this_month

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username="committee"))
    results = {"size": f"{Entry.objects.count()} journal entries, {StatementLine.objects.count()} statement lines"}
    for label, month in (
        ("reconciliation page, a month a year ago", add_months(this_month(), -12)),
        ("reconciliation page, last month", add_months(this_month(), -1)),
    ):
        url = f"/ledger/accounts/reconciliation/{month.year}/{month.month:02d}/"

        def get(url=url):
            assert client.get(url).status_code == 200

        results[label] = {**timed(get, RUNS), "queries": queries(get)}
    from ledger.accounts import selectors

    year_ago = add_months(this_month(), -12)

    def compute():
        selectors.reconciliation(year_ago)

    # What a page costs when its cached copy is stale (a statement imported, a payment recorded).
    results["reconciliation computed afresh, a month a year ago"] = {
        **timed(compute, RUNS),
        "queries": queries(compute),
    }
    last_month = add_months(this_month(), -1)

    def compute_last():
        selectors.reconciliation(last_month)

    results["reconciliation computed afresh, last month"] = {
        **timed(compute_last, RUNS),
        "queries": queries(compute_last),
    }
    return results


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    child_setup()
    measure = {"import": _measure_import, "reconciliation": _measure_reconciliation}[sys.argv[1]]
    print(json.dumps(measure()))
