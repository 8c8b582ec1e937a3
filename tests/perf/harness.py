"""What the benchmarks share: a large demo complex built once (kept in the temporary folder between runs), a
fresh copy of it for each run, the measuring done in a child process with its own settings, and the one timing
loop (`timed`: medians of wall and CPU time) and query count (`queries`) every measurement uses."""

import json
import logging
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TMP = Path(tempfile.gettempdir())


@dataclass
class Bench:
    name: str  # names the kept demo file: one per benchmark module, since their settings may differ
    script: str  # the benchmark module, run again as the child that measures
    households: int = 1143
    years: int = 10
    env: dict[str, str] = field(default_factory=dict)  # settings of this benchmark (throttles, rules)

    @property
    def demo(self) -> Path:
        return TMP / f"trustmgmt-bench-{self.name}-{self.households}.sqlite3"

    @property
    def work(self) -> Path:
        return TMP / f"trustmgmt-bench-{self.name}-{self.households}-run.sqlite3"

    def environment(self, database: Path) -> dict[str, str]:
        return {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{database}",
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "SECRET_KEY": "bench-only",
            "ALLOWED_HOSTS": "127.0.0.1",
            "DEBUG": "0",
            **self.env,
        }

    def manage(self, database: Path, *args: str) -> None:
        subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), *args],
            env=self.environment(database),
            check=True,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )

    def ensure_demo(self) -> None:
        if not self.demo.exists():
            partial = self.demo.with_suffix(".building")
            partial.unlink(missing_ok=True)
            self.manage(partial, "migrate", "-v0")
            started = time.perf_counter()
            size = ("--households", str(self.households), "--years", str(self.years))
            self.manage(partial, "seed_demo", *size, "-v0")
            print(f"\nseed_demo {' '.join(size)} built in {time.perf_counter() - started:.0f} s")
            partial.rename(self.demo)
        self.manage(self.demo, "migrate", "-v0")

    def child(self, *args: str) -> dict:
        result = subprocess.run(
            [sys.executable, self.script, *args],
            env=self.environment(self.work),
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        )
        return json.loads(result.stdout.strip().splitlines()[-1])

    def fresh_copy(self, source: Path | None = None) -> Path:
        """A new working copy of the demo (or of `source`), replacing the last one; returns its path."""
        self.remove_copy()
        shutil.copyfile(source or self.demo, self.work)
        return self.work

    def remove_copy(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.work}{suffix}").unlink(missing_ok=True)


def child_setup() -> None:
    """Django set up in the measuring child, its warnings silenced (refused tries log them)."""
    import django

    django.setup()
    logging.disable(logging.WARNING)


def timed(call, runs: int, *, warm_up: bool = True, before=None) -> dict:
    """Calls `call` `runs` times (after one untimed call to warm up, unless told not to) and returns the medians of
    its wall time and of this process's CPU time (which other jobs on the shared machine inflate less), in ms.
    `before`, if given, runs ahead of every call (the warm-up too), outside the timing: e.g. clearing a cache."""
    if warm_up:
        if before:
            before()
        call()
    walls, cpus = [], []
    for _ in range(runs):
        if before:
            before()
        started, cpu = time.perf_counter(), time.process_time()
        call()
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    return {"median_ms": statistics.median(walls) * 1000, "cpu_ms": statistics.median(cpus) * 1000, "runs": runs}


def queries(call) -> int:
    """How many SQL queries one call makes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)
