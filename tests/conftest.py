"""The fixed cast for every test: a steward, two committee members, an admin and an outsider."""

import os

import hypothesis
import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.utils import translation

from ledger import db as ledger_db
from ledger import services
from trustmgmt.base.roles import COMMITTEE, STEWARD
from trustmgmt.disclosure.cache import forget_ledger_state

# Hypothesis: CI (which sets CI=true) runs the same examples every time and keeps no example database, so a
# red run is never chance and shows how to reproduce it (print_blob); local runs keep exploring, and what they
# find becomes an @example on the test. No deadline in CI: a busy machine is not a failure.
hypothesis.settings.register_profile("ci", derandomize=True, print_blob=True, database=None, deadline=None)
hypothesis.settings.load_profile("ci" if os.environ.get("CI") else "default")


@pytest.fixture(autouse=True, scope="session")
def _flush_may_clear_ledger():
    """Transactional tests end with `flush`, which on SQLite deletes rows the triggers protect."""
    from django.core.management.commands import flush

    original = flush.Command.handle

    def handle(self, *args, **options):
        with ledger_db.unlocked():
            return original(self, *args, **options)

    flush.Command.handle = handle
    yield
    flush.Command.handle = original


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts and ends with an empty cache, and without the ledger's state a worker keeps for a second:
    the database gives a rolled-back test's ids out again, so a page an earlier test cached can carry the same
    state stamp (the largest ids) as this test's, with other content; and the public forms count failures per
    address in the cache, which must not throttle the next test."""
    cache.clear()
    forget_ledger_state()
    yield
    cache.clear()
    forget_ledger_state()


@pytest.fixture(autouse=True)
def _english_messages():
    """Messages a service raises read in English here; pages are tested in the language they serve."""
    with translation.override("en"):
        yield


def _user(username: str, *groups: str, **fields) -> User:
    user = User.objects.create_user(username=username, password=f"{username}-password-1", **fields)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


@pytest.fixture
def signed_in(client):
    """signed_in(user) -> the test client, logged in as `user`, pages in English (the messages tests read)."""

    def sign_in(user, *, language: str = "en"):
        client.force_login(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        return client

    return sign_in


@pytest.fixture
def steward(db) -> User:
    return _user("steward", STEWARD, first_name="Steward")


@pytest.fixture
def committee(db) -> User:
    return _user("committee", COMMITTEE, first_name="Chair")


@pytest.fixture
def committee2(db) -> User:
    return _user("committee2", COMMITTEE)


@pytest.fixture
def admin_user(db) -> User:
    return _user("admin", is_staff=True, is_superuser=True)


@pytest.fixture
def outsider(db) -> User:
    return _user("outsider")


@pytest.fixture
def funded(steward):
    """10,000.00 in each pool from 1 January 2024, brought over from the paper ledger (tests.builders.fund), for
    tests whose spending is not about the pools' balances: live spending below zero is refused."""
    from tests.builders import fund

    return fund(steward)


@pytest.fixture
def plan(db):
    """Fee year 2024 on the default plan: 50/90/60 occupied, 50/90/0 vacant."""
    return services.fee_plan_create(year=2024)


@pytest.fixture
def household(db, plan):
    return services.household_create(
        building=12, unit=2, room=301, owner_name="王堃", phone="13800000001", occupancy="occupied"
    )


@pytest.fixture
def vacant_household(db, plan):
    return services.household_create(
        building=12, unit=2, room=302, owner_name="李喆", phone="13800000002", occupancy="vacant"
    )


@pytest.fixture
def ledger(db, plan, household, vacant_household, steward):
    """January 2024: opening balance, one payment, electricity. February: two payments, garbage, a repair
    (tests.builders.two_months): the small complex of known figures the public and staff documents read."""
    from tests.builders import two_months

    return two_months(plan, household, vacant_household, steward)
