"""A complex with three past fee years of known spending (2022-2024) to propose 2025's budget from.

Four occupied flats and one vacant one, on the default plan (50/90/60 and 50/90/0). For 2024 three of
the occupied flats and the vacant one have paid in full: expected rates 0.7500 and 1.0000.
"""

from dataclasses import dataclass
from datetime import date

import pytest
from django.conf import settings

from ledger import services
from ledger.budgets import services as budgets
from tests.builders import GRID, HARDWARE, SANITATION, households, pay, spend


@dataclass
class History:
    plans: dict
    flats: list


@pytest.fixture(autouse=True)
def _pages_in_english(client):
    """Pages read in English here, so the tests do not depend on the catalogue."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def history(db, steward) -> History:
    plans = {year: services.fee_plan_create(year=year) for year in (2022, 2023, 2024, 2025)}
    flats = households(5)  # the fifth is vacant
    for flat in flats[:3]:
        pay(flat, plans[2024], steward, "200.00")
    pay(flats[4], plans[2024], steward, "140.00")
    spend(steward, "1000.00", spent_on=date(2022, 3, 1), pool="electricity", payee=GRID, history=True)
    spend(steward, "600.00", spent_on=date(2022, 6, 1), pool="garbage", payee=SANITATION, history=True)
    spend(steward, "300.10", spent_on=date(2022, 9, 1), pool="maintenance", payee=HARDWARE, history=True)
    spend(steward, "1100.00", spent_on=date(2023, 3, 1), pool="electricity", payee=GRID, history=True)
    spend(steward, "600.00", spent_on=date(2023, 6, 1), pool="garbage", payee=SANITATION, history=True)
    spend(steward, "1200.01", spent_on=date(2024, 3, 1), pool="electricity", payee=GRID, history=True)
    spend(steward, "99.99", spent_on=date(2024, 9, 1), pool="maintenance", payee=HARDWARE, history=True)
    return History(plans=plans, flats=flats)


@pytest.fixture
def approved(history, steward, committee):
    """2025's budget proposed from history and approved by the committee."""
    draft = budgets.budget_propose(fee_plan=history.plans[2025], by=steward)
    return budgets.budget_approve(budget=draft, by=committee)
