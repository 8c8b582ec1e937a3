import pytest
from django.db import transaction

from trustmgmt import demo


@pytest.fixture(scope="module")
def demo_complex(django_db_setup, django_db_blocker):
    """A small demo complex (with its users and published months), built once per module, rolled back after."""
    with django_db_blocker.unblock(), transaction.atomic():
        demo.seed(households=24, years=2, seed=11)
        yield
        transaction.set_rollback(True)
