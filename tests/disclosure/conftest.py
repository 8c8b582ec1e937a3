"""A small complex with two months of known figures (January and February 2024), and a finished repair."""

import pytest
from django.core.cache import cache

from tests.builders import Ledger, two_months
from trustmgmt.disclosure.cache import forget_ledger_state


@pytest.fixture(autouse=True)
def _overdraw_rule(settings):
    """These suites fund their pools before spending (or record history), so they run with the rule on."""
    settings.REFUSE_POOL_OVERDRAW = True


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with nothing cached, also not the ledger's state a worker keeps for a second."""
    cache.clear()
    forget_ledger_state()
    yield
    cache.clear()
    forget_ledger_state()


@pytest.fixture
def ledger(db, plan, household, vacant_household, steward) -> Ledger:
    """January: opening balance, one payment, electricity. February: two payments, garbage, a repair."""
    return two_months(plan, household, vacant_household, steward)
