"""Owners' decisions benchmarks. `make bench` runs them; the figures go to README.md, "Performance".

Two databases, each built once into /tmp (delete a file to rebuild) and copied for each run:
- the report's complex, `seed_demo --households 1143 --years 10`, for the contract page and entering ballots;
- ten times the flats (11,430, with floor areas, one owner of two flats in every forty) and one decision with
  about 80% of them voting, for the tally.
Each measurement runs in a child process (this file, run as a script) against the copy. Timings are medians.

Targets: the tally of one decision at 11,430 households under 100 ms; entering a ballot (POST, redirect)
under 50 ms; the public contract page under 50 ms.
"""

import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # also when run as the measuring child
from tests.perf.harness import child_setup, queries, timed

ROOT = Path(__file__).resolve().parents[2]
HOUSEHOLDS = 1143
YEARS = 10
BIG = 11430
RUNS = 30
TMP = Path(tempfile.gettempdir())
DEMO = TMP / f"trustmgmt-bench-decisions-{HOUSEHOLDS}.sqlite3"
LARGE = TMP / f"trustmgmt-bench-decisions-{BIG}.sqlite3"
WORK = TMP / "trustmgmt-bench-decisions-run.sqlite3"


def environment(database: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "SECRET_KEY": "bench-only",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DEBUG": "0",
    }


def manage(database: Path, *args: str) -> None:
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=environment(database),
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )


def child(database: Path, *args: str) -> dict:
    result = subprocess.run(
        [sys.executable, __file__, *args],
        env=environment(database),
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def ensure(database: Path, build) -> None:
    if not database.exists():
        partial = database.with_suffix(".building")
        partial.unlink(missing_ok=True)
        manage(partial, "migrate", "-v0")
        started = time.perf_counter()
        build(partial)
        print(f"\n{database.name} built in {time.perf_counter() - started:.0f} s")
        partial.rename(database)
    manage(database, "migrate", "-v0")


def working_copy(database: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{WORK}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(database, WORK)
    return WORK


def report(label: str, figures: dict) -> None:
    queries = f"  {figures['queries']:2d} queries" if "queries" in figures else ""
    cpu = f"  cpu {figures['cpu_ms']:6.1f} ms" if "cpu_ms" in figures else ""
    print(f"{label:<40} median {figures['median_ms']:8.1f} ms{cpu}  ({figures['runs']} runs){queries}")


@pytest.fixture(scope="module", autouse=True)
def databases():
    ensure(DEMO, lambda path: manage(path, "seed_demo", "--households", str(HOUSEHOLDS), "--years", str(YEARS), "-v0"))
    ensure(LARGE, lambda path: child(path, "build_large"))
    yield
    for suffix in ("", "-wal", "-shm"):
        Path(f"{WORK}{suffix}").unlink(missing_ok=True)


def test_tally_at_eleven_thousand_households():
    print(f"\nload average: {os.getloadavg()}")
    figures = child(working_copy(LARGE), "tally")
    print(f"\n{figures.pop('_size')}")
    for name, values in figures.items():
        report(name, values)
    assert figures["tally of one decision"]["median_ms"] < 100


def test_entering_a_ballot():
    for database in (DEMO, LARGE):
        figures = child(working_copy(database), "ballot")
        print(f"\n{figures.pop('_size')}")
        for name, values in figures.items():
            report(name, values)
        assert figures["enter a ballot (POST, redirect)"]["median_ms"] < 50


def test_contract_page():
    figures = child(working_copy(DEMO), "contract")
    print()
    for name, values in figures.items():
        report(name, values)
    assert figures["public contract page"]["median_ms"] < 50
    assert figures["public contract JSON"]["median_ms"] < 50


# The child process.


def _build_large() -> dict:
    """11,430 flats in 477 buildings of 24, with areas, and one decision about 80% of them voted on."""
    from datetime import timedelta
    from decimal import Decimal

    from django.utils import timezone

    from ledger.decisions import services as decisions
    from ledger.demo import flat_numbers
    from ledger.models import Ballot, Household, owner_key
    from trustmgmt.demo import ensure_users

    users = ensure_users()
    rng = random.Random(13)
    households = []
    for index, (building, unit, room) in enumerate(flat_numbers(BIG)):
        owner = index - 1 if index % 40 == 1 else index  # one owner of two flats in every forty
        households.append(
            Household(
                building=building,
                unit=unit,
                room=room,
                owner_name=f"业主{owner}",
                phone=f"139{owner:08d}",
                owner_key=owner_key(f"业主{owner}", f"139{owner:08d}"),  # bulk_create skips save()
                occupancy="occupied",
                area=Decimal(rng.randint(5500, 12000)) / 100,
            )
        )
    Household.objects.bulk_create(households, batch_size=2000)
    today = timezone.localdate()
    decision = decisions.decision_create(
        topic="budget",
        title="benchmark",
        question="?",
        rule="ordinary",
        held_by="door_to_door",
        opens_on=today - timedelta(days=3),
        closes_on=today + timedelta(days=365),
        by=users["committee"],
    )
    ballots = [
        Ballot(
            decision=decision,
            household_id=pk,
            choice=rng.choice(["agree"] * 8 + ["disagree", "abstain"]),
            entered_by=users["steward"],
        )
        for pk in Household.objects.values_list("id", flat=True)
        if rng.random() < 0.8
    ]
    Ballot.objects.bulk_create(ballots, batch_size=2000)
    return {"households": len(households), "ballots": len(ballots)}


def _open_decision():
    from django.utils import timezone

    from ledger.models import JointDecision

    today = timezone.localdate()
    return JointDecision.objects.filter(result__isnull=True, opens_on__lte=today, closes_on__gte=today).latest("id")


def _measure_tally() -> dict:
    from ledger.decisions import selectors
    from ledger.models import Ballot, Household

    decision = _open_decision()
    tally = selectors.tally(decision)
    results = {
        "_size": f"{Household.objects.count()} households, {Ballot.objects.filter(decision=decision).count()} ballots, "
        f"{tally.owners} owners; passes: {tally.passed}"
    }
    results["tally of one decision"] = {
        **timed(lambda: selectors.tally(decision), RUNS),
        "queries": queries(lambda: selectors.tally(decision)),
    }
    return results


def _measure_ballot() -> dict:
    from django.contrib.auth.models import User
    from django.test import Client

    from ledger.models import Ballot, Household

    decision = _open_decision()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username="steward"))
    voted = Ballot.objects.filter(decision=decision).values_list("household_id", flat=True)
    flats = iter(list(Household.objects.exclude(id__in=voted).order_by("id")[: RUNS + 2]))

    def enter():
        flat = next(flats)
        response = client.post(
            f"/ledger/decisions/{decision.pk}/ballots/", {"household": flat.label, "choice": "agree"}
        )
        assert response.status_code == 302, response.content[:2000]

    return {
        "_size": f"{Household.objects.count()} households",
        "enter a ballot (POST, redirect)": {**timed(enter, RUNS), "queries": queries(enter)},
    }


def _measure_contract() -> dict:
    from django.core.cache import cache
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")

    def get(url):
        def call():
            cache.clear()
            assert client.get(url).status_code == 200

        return call

    return {
        "public contract page": {
            **timed(get("/disclosure/contract/"), RUNS),
            "queries": queries(get("/disclosure/contract/")),
        },
        "public contract JSON": {**timed(get("/disclosure/contract.json"), RUNS)},
    }


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    child_setup()
    measure = {
        "build_large": _build_large,
        "tally": _measure_tally,
        "ballot": _measure_ballot,
        "contract": _measure_contract,
    }[sys.argv[1]]
    print(json.dumps(measure()))
