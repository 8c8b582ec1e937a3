"""What the benchmarks share: a large demo complex built once (kept in the temporary folder between runs), a
fresh copy of it for each run, and the measuring done in a child process with its own settings."""

import json
import os
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
