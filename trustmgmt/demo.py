"""The demo complex that `make run` shows and benchmarks grow: people, then each app's data."""

import random

from django.contrib.auth.models import Group, User
from django.db import transaction

from ledger import demo as ledger_demo
from ledger.accounts import demo as accounts_demo
from ledger.accounts import services as accounts_services
from ledger.inspections import demo as inspection_demo
from ledger.models import Household
from repairs import demo as repairs_demo
from trustmgmt.base.roles import COMMITTEE, STEWARD
from trustmgmt.disclosure.services import publish_ended_months

# Demo only: printed by `make run`. A real installation creates its users with createsuperuser/admin.
LOGINS = [
    ("steward", "demo-steward-2024", STEWARD, "红色管家 王秀英"),
    ("committee", "demo-committee-2024", COMMITTEE, "业委会主任 陈建国"),
    ("committee2", "demo-committee2-2024", COMMITTEE, "业委会委员 李玥"),
    ("admin", "demo-admin-2024", None, "系统管理员"),
]


def ensure_users() -> dict[str, User]:
    users = {}
    for username, password, role, name in LOGINS:
        user, created = User.objects.get_or_create(username=username, defaults={"first_name": name})
        if created:
            user.set_password(password)
            if role is None:
                user.is_staff = user.is_superuser = True
            user.save()
        if role:
            user.groups.add(Group.objects.get(name=role))
        users[username] = user
    return users


def seed(*, households: int, years: int, seed: int = 2023) -> bool:
    """Build the demo unless the complex already has households. Returns whether it built anything."""
    users = ensure_users()
    if Household.objects.exists():
        return False
    rng = random.Random(seed)  # noqa: S311 (repeatable demo data, not secrets)
    with transaction.atomic():
        accounts_services.default_accounts_ensure()  # payments land in them as they are recorded
        accounts_demo.collection_account_ensure()  # WeChat payments in a collection account, settled monthly
        ledger_demo.build(
            households=households, years=years, steward=users["steward"], committee=users["committee"], rng=rng
        )
        repairs_demo.build(years=years, steward=users["steward"], committee=users["committee"], rng=rng)
        # The bank's statements, deposits, fees and interest: before the years close, which they fall in.
        accounts_demo.build(steward=users["steward"], committee=users["committee"])
        ledger_demo.build_budgets(steward=users["steward"], committee=users["committee"])
        ledger_demo.close_ended_years(users["committee"])  # after the repairs, which pay into past years
        # As the committee would have done month by month: every ended month published, this one provisional.
        publish_ended_months(by=users["committee"])
        inspection_demo.build(committee=users["committee"], steward=users["steward"])
        ledger_demo.open_decision(steward=users["steward"], committee=users["committee"], rng=rng)
    return True
