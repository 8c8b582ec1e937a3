"""The tests' own house rules: test folders mirror the code's packages, and a test module takes its helpers
from a helper module (tests/builders.py, tests/ledger/accounts/builders.py, tests/e2e/browser.py, …) or a
fixture, never by importing another test module or a conftest."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests"

# Folders that test across the packages rather than one of them.
ACROSS = {"architecture", "e2e", "perf", "trust"}
# The project's apps that live inside trustmgmt/ are tested at the top of tests/.
APPS_IN_PROJECT = {"disclosure", "documents", "notices"}


def forbidden_imports(source: str, module: str) -> list[str]:
    """The imports in `source` (the module `module`, dotted) that reach a test module or a conftest."""
    package = module.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join(parent + ([base] if base else []))
            targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in targets:
            parts = target.split(".")
            if parts[0] == "tests" and any(part == "conftest" or part.startswith("test_") for part in parts):
                found.append(f"line {node.lineno}: {target}")
    return found


def test_the_check_catches_an_import_from_a_test_module_or_a_conftest():
    module = "tests.ledger.test_example"
    assert forbidden_imports("from tests.ledger.test_figures import in_rollback", module)
    assert forbidden_imports("from tests.conftest import _user", module)
    assert forbidden_imports("from .conftest import D", module)
    assert forbidden_imports("from . import test_payments", module)
    assert forbidden_imports("def f():\n    from tests.trustmgmt.test_settings import setting\n", module)
    assert forbidden_imports("import tests.budget.test_concurrency", module)
    assert not forbidden_imports(
        "from tests.builders import pay, together\nfrom tests.e2e.browser import log_in", module
    )


def test_no_test_module_imports_another_test_module_or_a_conftest():
    offences = []
    for path in sorted(TESTS.rglob("*.py")):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        offences += [f"{path.relative_to(ROOT)} {found}" for found in forbidden_imports(path.read_text(), module)]
    assert not offences, "move the helper into a builders module or a fixture:\n" + "\n".join(offences)


def _code_package(folder: Path) -> Path:
    parts = folder.relative_to(TESTS).parts
    if parts[0] in APPS_IN_PROJECT:
        parts = ("trustmgmt", *parts)
    return ROOT.joinpath(*parts)


@pytest.mark.parametrize(
    "folder",
    sorted(
        {
            path.parent.relative_to(TESTS).as_posix()
            for path in TESTS.rglob("test_*.py")
            if path.parent != TESTS and path.parent.relative_to(TESTS).parts[0] not in ACROSS
        }
    ),
)
def test_each_test_folder_mirrors_a_package_of_the_code(folder):
    package = _code_package(TESTS / folder)
    assert (package / "__init__.py").exists(), f"tests/{folder} mirrors no package ({package.relative_to(ROOT)})"


@pytest.mark.xdist_group("architecture-grouping")
def test_a_group_of_tests_stays_on_one_worker(request):
    """`make test` (--dist loadgroup) keeps each xdist_group on one worker: one Chromium, one demo complex per module,
    the backup tests together. pytest 9.2 with pytest-xdist 3.8 silently stopped doing it (pytest-xdist#1386),
    which is why pyproject.toml keeps pytest below 9.2; this fails if grouping stops again."""
    if not getattr(request.config.option, "loadgroup", False):  # set on xdist's workers only
        pytest.skip("runs under `make test` (pytest-xdist --dist loadgroup)")
    assert request.node.nodeid.endswith("@architecture-grouping"), request.node.nodeid
