"""The public journal on the report's complex, `seed_demo --households 1143 --years 10`: journal.json of the
busiest published month, uncached (goal: 100 ms), and verify_disclosure.py over an export of the whole demo
(goal: 5 s). `make bench` runs them; the figures go to README.md, "How anyone can check".

The demo is built once into /tmp/trustmgmt-bench-journal-1143.sqlite3 and reused (delete it to rebuild); its
own file, since a benchmark database belongs to one version of the migrations. Measurements run in a child
process (this file, run as a script), so the benchmark does not touch the test database.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # also when run as the measuring child
from tests.perf.harness import queries, timed

ROOT = Path(__file__).resolve().parents[2]
HOUSEHOLDS = 1143
TMP = Path(tempfile.gettempdir())
RUNS = 30


def database() -> Path:
    return TMP / f"trustmgmt-bench-journal-{HOUSEHOLDS}.sqlite3"


def environment() -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database()}",
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "SECRET_KEY": "bench-only",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DEBUG": "0",
    }


def ensure_demo() -> None:
    manage, env = [sys.executable, str(ROOT / "manage.py")], environment()
    path = database()
    if path.exists():
        subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
        return
    started = time.perf_counter()
    partial = path.with_suffix(".building")
    partial.unlink(missing_ok=True)
    building = {**env, "DATABASE_URL": f"sqlite:///{partial}"}
    subprocess.run([*manage, "migrate", "-v0"], env=building, check=True, cwd=ROOT)
    subprocess.run(
        [*manage, "seed_demo", "--households", str(HOUSEHOLDS), "--years", "10", "-v0"],
        env=building,
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    partial.rename(path)
    print(f"\nseed_demo --households {HOUSEHOLDS} --years 10 built in {time.perf_counter() - started:.0f} s")


def child(*args: str) -> dict:
    result = subprocess.run(
        [sys.executable, __file__, *args], env=environment(), cwd=ROOT, check=True, capture_output=True, text=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def test_journal_json_of_the_busiest_month():
    ensure_demo()
    figures = child("journal")
    print(f"\njournal.json, busiest month ({figures['month']}, {figures['entries']} entries of {figures['total']}):")
    timing = f"uncached median {figures['median_ms']:.1f} ms (cpu {figures['cpu_ms']:.1f} ms)"
    print(f"  {timing}, {figures['queries']} queries")
    print(f"  load average {load()}")
    # The goal is for wall time on an idle machine; on a shared one CPU time is what the load does not inflate.
    assert min(figures["median_ms"], figures["cpu_ms"]) <= 100


def test_the_fingerprint_check():
    ensure_demo()
    figures = child("fingerprint")
    print(f"\nverify_ledger's chain check over {figures['total']} entries: {figures['verify_s']:.2f} s")
    print(
        f"fingerprint check page: {figures['first_ms']:.0f} ms when the ledger has just changed (recomputes the "
        f"chain), then {figures['cached_ms']:.1f} ms, {figures['queries']} queries"
    )
    print(f"  load average {load()}")


def test_the_verifier_over_an_export_of_the_whole_demo(tmp_path):
    ensure_demo()
    folder = tmp_path / "copy"
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "export_disclosure", str(folder)],
        env=environment(),
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    exported = time.perf_counter() - started
    results = []

    def verify():
        result = subprocess.run(
            [sys.executable, "-I", str(folder / "verify_disclosure.py"), str(folder)], capture_output=True, text=True
        )
        assert result.returncode == 0, result.stdout
        results.append(result)

    median = timed(verify, 3, warm_up=False)["median_ms"] / 1000
    size = sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())
    print(f"\nexport_disclosure of the whole demo: {exported:.0f} s, {size / 1e6:.1f} MB")
    print(f"verify_disclosure.py over it: median {median:.2f} s ({results[-1].stdout.splitlines()[0]})")
    print(f"  load average {load()}")
    assert median <= 5


# The child process.


def _journal() -> dict:
    import django

    django.setup()
    from django.core.cache import cache
    from django.db.models import Count
    from django.test import Client

    from ledger.models import Entry, Publication
    from trustmgmt.disclosure.cache import forget_ledger_state

    published = Publication.objects.values_list("month", flat=True)
    busiest = (
        Entry.objects.filter(period__in=published)
        .values("period")
        .annotate(lines=Count("id"))
        .order_by("-lines")
        .values_list("period", "lines")
    )[0]
    client = Client(HTTP_HOST="127.0.0.1")
    path = f"/disclosure/{busiest[0]:%Y/%m}/journal.json"

    def get():
        cache.clear()
        forget_ledger_state()
        response = client.get(path)
        assert response.status_code == 200

    figures = timed(get, RUNS)
    cache.clear()
    return {
        "month": f"{busiest[0]:%Y-%m}",
        "entries": busiest[1],
        "total": Entry.objects.count(),
        "median_ms": figures["median_ms"],
        "cpu_ms": figures["cpu_ms"],
        "queries": queries(lambda: client.get(path)),
    }


def _fingerprint() -> dict:
    import django

    django.setup()
    from django.core.cache import cache
    from django.test import Client

    from ledger import journal
    from ledger.models import Entry

    started = time.perf_counter()
    assert journal.verify()[1] is None
    verify_s = time.perf_counter() - started
    client = Client(HTTP_HOST="127.0.0.1")
    path = f"/verify/fingerprint/?fingerprint={Entry.objects.order_by('?').values_list('hash', flat=True)[0][:16]}"
    cache.clear()
    started = time.perf_counter()
    assert client.get(path).status_code == 200
    first = time.perf_counter() - started
    cached = timed(lambda: client.get(path), RUNS, warm_up=False)  # the first request warmed it
    return {
        "total": Entry.objects.count(),
        "verify_s": verify_s,
        "first_ms": first * 1000,
        "cached_ms": cached["median_ms"],
        "queries": queries(lambda: client.get(path)),
    }


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    if sys.argv[1] == "journal":
        print(json.dumps(_journal()))
    elif sys.argv[1] == "fingerprint":
        print(json.dumps(_fingerprint()))
