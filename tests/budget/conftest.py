"""A complex with three past fee years of known spending (2022-2024) to propose 2025's budget from.

Four occupied flats and one vacant one, on the default plan (50/90/60 and 50/90/0). For 2024 three of
the occupied flats and the vacant one have paid in full: expected rates 0.7500 and 1.0000.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.cache import cache

from ledger import services
from ledger.budgets import services as budgets
from tests.ledger.conftest import households, pay
from trustmgmt.disclosure.cache import forget_ledger_state

D = Decimal
GRID = "国网宁波供电公司"
SANITATION = "海曙区环境卫生管理处"
HARDWARE = "月湖五金水电商行"


@dataclass
class History:
    plans: dict
    flats: list


def spend(user, day, pool, payee, amount, description="spending"):
    """Past years' real spending, as the old ledgers record it (so it may predate the income it came from)."""
    return services.expenditure_record(
        spent_on=day, pool=pool, payee=payee, amount=D(amount), description=description, recorded_by=user, history=True
    )


@pytest.fixture(autouse=True)
def _overdraw_rule(settings):
    """These suites fund their pools before spending (or record history), so they run with the rule on."""
    settings.REFUSE_POOL_OVERDRAW = True


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    forget_ledger_state()
    yield
    cache.clear()
    forget_ledger_state()


@pytest.fixture(autouse=True)
def _pages_in_english(client):
    """Pages read in English here, so the tests do not depend on the catalogue."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def signed_in(client):
    def sign_in(user, *, language: str = "en"):
        client.force_login(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        return client

    return sign_in


@pytest.fixture
def history(db, steward) -> History:
    plans = {year: services.fee_plan_create(year=year) for year in (2022, 2023, 2024, 2025)}
    flats = households(5)  # the fifth is vacant
    for flat in flats[:3]:
        pay(flat, plans[2024], steward, "200.00")
    pay(flats[4], plans[2024], steward, "140.00")
    spend(steward, date(2022, 3, 1), "electricity", GRID, "1000.00")
    spend(steward, date(2022, 6, 1), "garbage", SANITATION, "600.00")
    spend(steward, date(2022, 9, 1), "maintenance", HARDWARE, "300.10")
    spend(steward, date(2023, 3, 1), "electricity", GRID, "1100.00")
    spend(steward, date(2023, 6, 1), "garbage", SANITATION, "600.00")
    spend(steward, date(2024, 3, 1), "electricity", GRID, "1200.01")
    spend(steward, date(2024, 9, 1), "maintenance", HARDWARE, "99.99")
    return History(plans=plans, flats=flats)


@pytest.fixture
def approved(history, steward, committee):
    """2025's budget proposed from history and approved by the committee."""
    draft = budgets.budget_propose(fee_plan=history.plans[2025], by=steward)
    return budgets.budget_approve(budget=draft, by=committee)
