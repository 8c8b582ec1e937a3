import pytest
from django.core.cache import cache
from django.db import transaction

from trustmgmt import demo


@pytest.fixture(scope="module")
def demo_complex(django_db_setup, django_db_blocker):
    """A small demo complex (with its users and published months), built once per module, rolled back after."""
    with django_db_blocker.unblock(), transaction.atomic():
        demo.seed(households=24, years=2, seed=11)
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _fresh_throttles():
    """The public forms count failures per address in the cache: one walk's hostile tries must not throttle the next."""
    cache.clear()
    yield
    cache.clear()
