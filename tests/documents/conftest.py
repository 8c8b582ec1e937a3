"""The staff documents read the same small complex as the public pages: two months of known figures."""

import pytest
from django.core.cache import cache

from tests.builders import Ledger, two_months
from trustmgmt.disclosure.cache import forget_ledger_state


@pytest.fixture(autouse=True)
def _overdraw_rule(settings):
    """The complex funds its pools before spending, so the rule is on, as in a real installation."""
    settings.REFUSE_POOL_OVERDRAW = True


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    forget_ledger_state()
    yield
    cache.clear()
    forget_ledger_state()


@pytest.fixture
def ledger(db, plan, household, vacant_household, steward) -> Ledger:
    """January: opening balance, one payment, electricity. February: two payments, garbage, a repair."""
    return two_months(plan, household, vacant_household, steward)
