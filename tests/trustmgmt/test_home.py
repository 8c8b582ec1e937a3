"""The home page states the fee from the plan in force, and each of its cards leads somewhere."""

import re
from datetime import date
from decimal import Decimal

from django.utils import timezone

from ledger import services

D = Decimal


def test_the_fee_comes_from_the_plan_in_force(client, db):
    services.fee_plan_create(year=2020)  # an older year on the default plan
    services.fee_plan_create(
        year=timezone.localdate().year,
        occupied={"electricity": D("60.00"), "maintenance": D("100.00"), "garbage": D("55.50")},
        vacant={"electricity": D("60.00"), "maintenance": D("100.00"), "garbage": D("0.00")},
    )
    html = client.get("/").content.decode()

    assert "每户每年预交综合服务费 215.50 元：公共电费 60 元、公共设施维护 100 元、生活垃圾清运费 55.50 元" in html
    assert "空户每年 160 元。资金属于全体业主" in html
    assert "200 元" not in html


def test_without_a_fee_plan_the_home_page_names_no_amount(client, db):
    client.cookies["django_language"] = "en"
    html = client.get("/").content.decode()
    assert "Each household prepays a yearly fee" in html and "prepays 200" not in html and " yuan a year:" not in html


def test_the_home_page_takes_four_queries_at_most(client, db, django_assert_max_num_queries):
    services.fee_plan_create(year=timezone.localdate().year)
    with django_assert_max_num_queries(4):  # the budgets, the ledger's state, the fee plan, the notices
        client.get("/")


def test_every_card_is_a_link_and_the_voucher_card_opens_the_months_spending(client, committee, plan, household):
    from trustmgmt.disclosure.services import publish

    services.payment_record(
        household=household,
        fee_plan=plan,
        amount=D("200.00"),
        method="cash",
        paid_on=date(2024, 1, 5),
        recorded_by=committee,
    )
    publish(month=date(2024, 1, 1), by=committee)
    html = client.get("/").content.decode()
    cards = html.split('class="cards"', 1)[1].split("</section>", 1)[0]

    assert cards.count('class="card"') == len(re.findall(r'<a class="card" href="[^"]+"', cards)) >= 2
    assert 'href="/disclosure/2024/01/#spending"' in cards
    assert 'id="spending"' in client.get("/disclosure/2024/01/").content.decode()
