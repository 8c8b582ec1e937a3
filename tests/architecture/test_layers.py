"""The layers hold (`make lint` runs the same contracts): and a lower layer that imports a higher one, or an
import cycle, breaks them. Checked on a copy of the code with one bad import added, so the contracts are shown
to catch what they promise to."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT = Path(sys.executable).with_name("lint-imports")

pytestmark = pytest.mark.skipif(not LINT.exists(), reason="import-linter is not installed (make install)")


def lint(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT), "--no-cache", "pyproject.toml"],
        cwd=folder,
        env={"PYTHONPATH": str(folder), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    for package in ("trustmgmt", "ledger", "repairs"):
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def add_import(copy: Path, module: str, line: str) -> None:
    path = copy.joinpath(*module.split(".")).with_suffix(".py")
    path.write_text(path.read_text() + f"\n{line}\n")


def test_the_code_keeps_every_contract():
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        ("trustmgmt.base.money", "from ledger import figures", "Layers"),
        ("ledger.figures", "from repairs import models", "Layers"),
        ("repairs.figures", "from trustmgmt.disclosure import cache", "Layers"),
        ("trustmgmt.disclosure.views", "from trustmgmt.documents import statement", "Layers"),
        ("ledger.services", "from trustmgmt import demo", "Only the project"),
        ("ledger.journal", "from ledger import services", "No import cycle"),
    ],
)
def test_a_bad_import_breaks_the_contract_that_forbids_it(copy, module, line, broken):
    add_import(copy, module, line)
    result = lint(copy)
    assert result.returncode == 1, result.stdout
    assert f"{broken}" in result.stdout.split("Broken contracts")[-1]
