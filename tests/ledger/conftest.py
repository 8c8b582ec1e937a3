"""The ledger's fixtures: a payment to reverse, print or tamper with (signed_in is in tests/conftest.py)."""

import pytest

from tests.builders import pay


@pytest.fixture
def payment(household, plan, steward):
    """The occupied flat's 200.00 for 2024, in full, cash on 5 March 2024."""
    return pay(household, plan, steward, "200.00")
