import pytest
from django.db import transaction

from tests.untraced import untraced
from trustmgmt import demo


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(config, items):
    """Under xdist (`make test` runs --dist loadgroup), a module's tests on the demo complex stay on one worker, so
    the demo is built once per module, unless the module groups them itself (test_hostile_input.py)."""
    for item in items:
        if "demo_complex" in getattr(item, "fixturenames", ()) and not item.get_closest_marker("xdist_group"):
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))


@pytest.fixture(scope="module")
def demo_complex(django_db_setup, django_db_blocker, pytestconfig):
    """A small demo complex (with its users and published months), built once per module, rolled back after."""
    with django_db_blocker.unblock(), transaction.atomic():
        with untraced(pytestconfig):
            demo.seed(households=24, years=2, seed=11)
        yield
        transaction.set_rollback(True)
