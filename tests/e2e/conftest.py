"""Chromium against a live server. Skipped, with the reason, where Chromium or axe-core is missing.

make e2e-deps        # axe-core from the npm registry into tests/e2e/node_modules (CI does this)
apt-get install chromium
"""

import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.untraced import untraced

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"]


@pytest.fixture(autouse=True, scope="package")
def _orm_beside_playwright():
    """Playwright's sync API keeps an event loop in this thread while the browser is open; the ORM calls the
    tests make beside it (and the database flush after each) are still synchronous, so Django's guard
    against async contexts does not apply. Only for these tests: other tests must not see the variable
    (check --deploy refuses it)."""
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if before is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(config, items):
    """Marked e2e; and under xdist (`make test` runs --dist loadgroup) all on one worker, so one Chromium runs."""
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.xdist_group("e2e"))


@pytest.fixture(scope="package")
def browser():
    """Closed when the browser tests end, and its event loop with it, before any other test runs."""
    if not CHROMIUM.exists() and not shutil.which("chromium"):
        pytest.skip(f"Chromium is not installed ({CHROMIUM}); apt-get install chromium to run the browser tests")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Playwright for Python is not installed (pip install -e '.[dev]')")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        pytest.skip(f"axe-core is missing ({AXE}); run `make e2e-deps` to install it from the npm registry")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def complex_(transactional_db, pytestconfig):
    """The demo complex with its logins, in the database the live server reads (built for each test that writes)."""
    from trustmgmt import demo

    with untraced(pytestconfig):
        demo.seed(households=24, years=2, seed=5)


@pytest.fixture(scope="module")
def public_complex(django_db_setup, django_db_blocker, pytestconfig):
    """The same demo complex, built once for a module whose tests only read it (a resident's visits), committed so
    the live server sees it, and cleared after the module's last test as transactional_db clears after each.
    Such a module overrides `transactional_db` (which the live server asks for) with this fixture."""
    from trustmgmt import demo

    with django_db_blocker.unblock():
        try:
            with untraced(pytestconfig):
                demo.seed(households=24, years=2, seed=5)
            yield
        finally:
            call_command("flush", verbosity=0, interactive=False)


@pytest.fixture
def context_factory(browser, live_server):
    """New browser contexts (one per visitor) whose pages log what the CSP refused."""
    contexts = []

    def make(**options):
        context = browser.new_context(base_url=live_server.url, locale="zh-CN", **options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
