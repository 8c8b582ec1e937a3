"""The demo complex that `make run` shows and benchmarks grow: people, then each app's data."""

import random
from datetime import date, time, timedelta

from django.contrib.auth.hashers import get_hasher
from django.contrib.auth.models import Group, User
from django.db import transaction

from ledger import demo as ledger_demo
from ledger.accounts import demo as accounts_demo
from ledger.accounts import services as accounts_services
from ledger.inspections import demo as inspection_demo
from ledger.models import Household
from ledger.services import next_month_to_publish
from repairs import demo as repairs_demo
from trustmgmt.base import clock
from trustmgmt.base.dates import last_day, next_month, this_month
from trustmgmt.base.roles import COMMITTEE, STEWARD
from trustmgmt.disclosure.services import publish
from trustmgmt.notices import demo as notices_demo

# Demo only: printed by `make run`. A real installation creates its users with createsuperuser/admin.
LOGINS = [
    ("steward", "demo-steward-2024", STEWARD, "红色管家 王秀英"),
    ("committee", "demo-committee-2024", COMMITTEE, "业委会主任 陈建国"),
    ("committee2", "demo-committee2-2024", COMMITTEE, "业委会委员 李玥"),
    ("admin", "demo-admin-2024", None, "系统管理员"),
]
# The same passwords hashed once (Django's PBKDF2, 1,000,000 rounds), so a demo build does not spend two
# seconds hashing them again; used only while they are what the installation's first hasher would make.
HASHES = {
    "steward": "pbkdf2_sha256$1000000$nHpnpN2XCTIMw84cnCpmY7$8ek/DlR0J2gWVcDgwV/y/F/eN5PLLiVXRBdW42R5q/A=",
    "committee": "pbkdf2_sha256$1000000$fdkFVRmc5V8fdP6YsbvAei$rhQ0ZqaqSyfiIBlEH2v9qAfgQsGURHiHZv31ydShN8w=",
    "committee2": "pbkdf2_sha256$1000000$iLzApPctfre2gegs5bPpQP$MZmqv+B1AGerJDhYAcJcL4RRcc7h7kGAVulv6HTM3I0=",
    "admin": "pbkdf2_sha256$1000000$J3whaPc9lP1znuMVBoyW26$sZbN6b/GwLxNF8sZg4rMfWBlzSs8A0hT1o/gNRRQVmM=",
}
PUBLISHED_DAYS_AFTER = 3  # the committee publishes a month a few days after it ends, in the evening


def ensure_users() -> dict[str, User]:
    users = {}
    hasher = get_hasher()
    for username, password, role, name in LOGINS:
        defaults = {"first_name": name, "date_joined": clock.now()}
        user, created = User.objects.get_or_create(username=username, defaults=defaults)
        if created:
            stored = HASHES[username]
            if stored.startswith(f"{hasher.algorithm}$") and not hasher.must_update(stored):
                user.password = stored
            else:
                user.set_password(password)
            if role is None:
                user.is_staff = user.is_superuser = True
            user.save()
        if role:
            user.groups.add(Group.objects.get(name=role))
        users[username] = user
    return users


def seed(*, households: int, years: int, seed: int = 2023, progress=None) -> bool:
    """Build the demo unless the complex already has households. Returns whether it built anything.

    Each part writes its history on its own dates through `trustmgmt.base.clock`: it takes the day from its
    arguments or from `clock.today()` (the real day), and records each step inside `clock.at(moment)`, a
    moment on the step's own day (`clock.moment(day, time)`, never later than now). `progress(text)` hears
    a short line as each part starts.
    """
    say = progress or (lambda text: None)
    first_year = clock.today().year - years + 1
    with clock.at(clock.moment(date(first_year - 1, 11, 1), time(9))):  # when the complex began to use it
        users = ensure_users()
    if Household.objects.exists():
        return False
    rng = random.Random(seed)  # noqa: S311 (repeatable demo data, not secrets)
    with transaction.atomic():
        with clock.at(clock.moment(date(first_year - 1, 11, 1), time(9))):
            accounts_services.default_accounts_ensure()  # payments land in them as they are recorded
            accounts_demo.collection_account_ensure()  # WeChat payments in a collection account, settled monthly
        say(f"households, fee plans, {years} years of payments and spending")
        ledger_demo.build(
            households=households, years=years, steward=users["steward"], committee=users["committee"], rng=rng
        )
        say("repairs: contracts, patrols, work orders")
        repairs_demo.build(years=years, steward=users["steward"], committee=users["committee"], rng=rng)
        say("residents' fault reports, electricity meters and their readings")
        # Residents' reports in every state; their own random numbers, so the rest of the demo stays as it was.
        repairs_demo.build_fault_reports(
            today=clock.today(),
            steward=users["steward"],
            rng=random.Random(seed + 14),  # noqa: S311 (repeatable demo data)
        )
        repairs_demo.build_electricity(today=clock.today(), steward=users["steward"], committee=users["committee"])
        say("the bank: deposits, statements, fees and interest")
        # The bank's statements, deposits, fees and interest: before the years close, which they fall in.
        accounts_demo.build(steward=users["steward"], committee=users["committee"])
        say("budgets, owners' decisions, year-end closing")
        ledger_demo.build_budgets(steward=users["steward"], committee=users["committee"])
        ledger_demo.close_ended_years(users["committee"])  # after the repairs, which pay into past years
        say("publishing every ended month")
        publish_months(users["committee"])
        inspection_demo.build(committee=users["committee"], steward=users["steward"])
        ledger_demo.open_decision(steward=users["steward"], committee=users["committee"], rng=rng)
        say("notices")
        notices_demo.build(today=clock.today(), steward=users["steward"], committee=users["committee"])
    return True


def publish_months(committee) -> None:
    """As the committee would have done month by month: every ended month published a few days after its
    end (this one stays provisional)."""
    month = next_month_to_publish()
    while month is not None and next_month(month) <= this_month():
        day = last_day(month) + timedelta(days=PUBLISHED_DAYS_AFTER)
        with clock.at(clock.moment(day, time(19, 30))):
            publish(month=month, by=committee)
        month = next_month_to_publish()
