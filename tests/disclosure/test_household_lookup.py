"""Own-flat lookup (本户查询): the flat and the last four digits of the phone on file show that flat's record;
nothing tells which flats exist or whose phone ends how; wrong tries lock a flat, which the staff can lift."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from ledger import lookups, services
from ledger.models import Entry, LookupLock, Payment, ReceiptCheck
from ledger.settlement import services as settlement
from tests.builders import pay

D = Decimal
URL = "/verify/household/"
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')


@pytest.fixture
def english():
    client = Client()
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def paid(household, plan, steward):
    """12-2-301 (phone ending 0001) paid 150 of its 200 for 2024 at the desk."""
    return pay(household, plan, steward, "150.00", method="wechat", paid_on=date(2024, 3, 5))


def look_up(client, flat, digits, **extra):
    return client.post(URL, {"flat": flat, "phone_last4": digits}, **extra)


def writes() -> tuple:
    return Payment.objects.count(), Entry.objects.count(), ReceiptCheck.objects.count(), LookupLock.objects.count()


def without_csrf(response) -> bytes:
    return CSRF.sub(b"", response.content)


def test_the_right_pair_shows_the_flat_s_years_receipts_and_nothing_of_the_owner(english, paid, household):
    response = look_up(english, "12-2-301", "0001")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Flat 12-2-301" in html
    for shown in ("2024", "2024-000001", "150.00", "50.00", "37.50", "12.50", "Part-paid", "WeChat Pay"):
        assert shown in html, shown
    assert f'href="/verify/receipt/{paid.check_code.token}/"' in html
    assert household.owner_name not in html and household.phone not in html and 'value="0001"' not in html
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize("typed", ["12 2 301", "12/2/301", " 12-02-0301 ", "12#2#301"])
def test_the_flat_is_taken_as_people_write_it(english, paid, typed):
    assert "Flat 12-2-301" in look_up(english, typed, "0001").content.decode()


def test_a_wrong_pair_an_unknown_flat_and_a_flat_without_a_phone_get_the_same_answer(english, paid, plan):
    services.household_create(building=12, unit=2, room=305, owner_name="无电话", phone="", occupancy="occupied")
    services.household_create(building=12, unit=2, room=306, owner_name="短号", phone="12", occupancy="occupied")
    answers = [
        look_up(english, "12-2-301", "0002"),  # exists, wrong digits
        look_up(english, "99-9-999", "0001"),  # no such flat
        look_up(english, "12-2-305", "0000"),  # no phone on file
        look_up(english, "12-2-306", "0012"),  # too short a phone to end in four digits
    ]
    assert {response.status_code for response in answers} == {200}
    bodies = {without_csrf(response) for response in answers}
    assert len(bodies) == 1
    html = answers[0].content.decode()
    assert "These do not match our records" in html
    assert 'value="12-2-301"' not in html and 'value="0002"' not in html, "the form is not filled in again"


def test_the_form_is_post_so_the_digits_never_reach_a_url(english, paid):
    html = english.get(URL).content.decode()
    assert re.search(r'<form method="post" action="/verify/household/"', html)
    response = english.get(URL, {"flat": "12-2-301", "phone_last4": "0001"})
    assert "Flat 12-2-301" not in response.content.decode()


@pytest.mark.parametrize(
    ("flat", "digits", "message"),
    [
        ("", "0001", "Give your flat as building-unit-room"),
        ("12-2", "0001", "Give your flat as building-unit-room"),
        ("12-2-301-4", "0001", "Give your flat as building-unit-room"),
        ("十二-2-301", "0001", "Give your flat as building-unit-room"),
        ("12-2-301", "", "Type the last four digits"),
        ("12-2-301", "001", "Type the last four digits"),
        ("12-2-301", "00001", "Type the last four digits"),
        ("12-2-301", "abcd", "Type the last four digits"),
        ("12-2-301", "１２３４", "Type the last four digits"),
        ("12-2-301", "0 01", "Type the last four digits"),
    ],
)
def test_bad_input_gets_a_clear_message_and_writes_nothing(english, paid, flat, digits, message):
    before = writes()
    response = look_up(english, flat, digits)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html and "Flat 12-2-301" not in html
    assert writes() == before


def test_five_wrong_tries_lock_a_flat_even_for_the_right_pair(english, paid, settings):
    settings.VERIFY_FAILURES_PER_HOUR = 100
    for digits in ("1111", "2222", "3333", "4444"):
        assert "These do not match" in look_up(english, "12-2-301", digits).content.decode()
    assert not LookupLock.objects.exists()
    look_up(english, "12-2-301", "5555")  # the fifth: locks, but answers like the others
    assert LookupLock.objects.get().flat == "12-2-301"
    locked = look_up(Client(REMOTE_ADDR="10.0.0.9", HTTP_COOKIE="django_language=en"), "12 2 301", "0001")
    assert locked.status_code == 429 and "too many wrong tries for this flat" in locked.content.decode()
    assert "Flat 12-2-301" not in locked.content.decode()
    assert "Flat 12-2-302" not in look_up(english, "12-2-302", "0002").content.decode()  # another flat is not locked


def test_an_unknown_flat_locks_the_same_way_so_a_lock_reveals_nothing(english, paid, settings):
    settings.VERIFY_FAILURES_PER_HOUR = 100
    for _ in range(5):
        look_up(english, "12-2-301", "9999")
        look_up(english, "77-7-777", "9999")
    known, unknown = look_up(english, "12-2-301", "9999"), look_up(english, "77-7-777", "9999")
    assert known.status_code == unknown.status_code == 429
    assert without_csrf(known) == without_csrf(unknown)
    assert sorted(LookupLock.objects.values_list("flat", flat=True)) == ["12-2-301", "77-7-777"]


def test_a_right_pair_before_the_lock_clears_the_count(english, paid, settings):
    settings.VERIFY_FAILURES_PER_HOUR = 100
    for digits in ("1111", "2222", "3333", "4444"):
        look_up(english, "12-2-301", digits)
    assert "Flat 12-2-301" in look_up(english, "12-2-301", "0001").content.decode()
    look_up(english, "12-2-301", "1111")
    assert not LookupLock.objects.exists()


def test_the_lock_ends_after_an_hour(english, paid, settings):
    from datetime import timedelta

    from django.utils import timezone

    settings.VERIFY_FAILURES_PER_HOUR = 100
    for _ in range(5):
        look_up(english, "12-2-301", "1111")
    assert lookups.lookup_locked("12-2-301")
    assert not lookups.lookup_locked("12-2-301", now=timezone.now() + timedelta(minutes=61))


def test_wrong_tries_are_throttled_per_address(english, paid, settings):
    settings.VERIFY_FAILURES_PER_HOUR = 3
    statuses = [look_up(english, f"3-1-{room}", "1234").status_code for room in range(101, 105)]
    assert statuses == [200, 200, 200, 429]
    refused = look_up(english, "12-2-301", "0001")
    assert refused.status_code == 429 and "Flat 12-2-301" not in refused.content.decode()
    assert (
        "Flat 12-2-301"
        in look_up(
            Client(REMOTE_ADDR="10.0.0.9", HTTP_COOKIE="django_language=en"), "12-2-301", "0001"
        ).content.decode()
    )


def test_settlement_credits_are_shown(english, household, vacant_household, plan, steward, committee):
    next_plan = services.fee_plan_create(year=2025)
    pay(household, plan, steward, "200.00")
    credit = dict.fromkeys(("electricity", "maintenance", "garbage"), "credit")
    settlement.fee_year_close(fee_plan=plan, decisions=credit, minute="业委会纪要", by=committee)
    record = lookups.flat_record(household)
    assert [(line.fee_year, line.amount) for line in record.credits] == [(2025, D("200.00"))]
    assert next_plan.year in [year.fee_plan.year for year in record.years]
    html = look_up(english, "12-2-301", "0001").content.decode()
    assert "Credits from a year-end surplus" in html and "toward 2025" in html


def test_a_receipt_without_a_code_is_listed_without_a_link(english, household, plan, steward):
    pay(household, plan, steward, "20.00", check_code=False)
    html = look_up(english, "12-2-301", "0001").content.decode()
    assert "2024-000001" in html and "/verify/receipt/" not in html


def test_the_lookup_takes_a_fixed_number_of_queries(english, paid, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        assert "Flat 12-2-301" in look_up(english, "12-2-301", "0001").content.decode()
    with django_assert_max_num_queries(3):
        look_up(english, "12-2-301", "0002")


def test_the_form_needs_its_csrf_token(paid):
    strict = Client(enforce_csrf_checks=True)
    assert look_up(strict, "12-2-301", "0001").status_code == 403
