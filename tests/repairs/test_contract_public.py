"""The contract in public: price list against reference prices, charges above them with their approval, the
contractor's record; no names, no phones."""

from datetime import date

import pytest
from django.urls import reverse

from repairs import figures, services
from repairs.models import Status
from tests.builders import D, advance, report


def lamp_order(steward, lamp, reported_on, done_on=None, quantity="1"):
    order = report(steward, reported_on=reported_on)
    order = services.work_order_assign(order=order, assigned_on=reported_on, by=steward)
    services.cost_line_add(order=order, price_item=lamp, quantity=D(quantity), by=steward)
    if done_on:
        order = services.work_order_complete(order=order, done_on=done_on, by=steward)
    return order


@pytest.fixture
def work(steward, committee, contract, lamp, roof, household):
    """Three lighting orders at 12-2 (two repeats within 90 days), one roof order above reference, approved."""
    first = advance(report(steward), Status.DONE, steward, lines=[(lamp, "2")])  # 05-06 -> 05-09: 3 days
    lamp_order(steward, lamp, date(2024, 6, 1), date(2024, 6, 9))  # 8 days, a repeat of May's
    lamp_order(steward, lamp, date(2024, 8, 20), quantity="0.5")  # not done yet, a repeat of June's
    dear = report(steward, category="walls_roofs", description="屋顶漏水", building=3, unit=None)
    dear = services.work_order_assign(order=dear, assigned_on=date(2024, 5, 7), by=steward)
    services.cost_line_add(order=dear, price_item=roof, quantity=D("10"), by=steward)
    services.work_order_approve_charges(order=dear, by=committee)
    services.work_order_complete(order=dear, done_on=date(2024, 5, 29), by=steward)  # 23 days
    return first


def test_the_record_counts_orders_days_repeats_and_cost(contract, work):
    record = figures.contractor_record(contract, households=10)
    assert record.orders == 4
    assert [(code, count) for code, _label, count in record.by_category] == [("lighting", 3), ("walls_roofs", 1)]
    # done in 3, 8 and 23 days; the contract promises 7
    assert record.median_days == D("8.0") and record.within_promise == "0.3333"
    assert record.repeats == 2
    # completed only: 2 + 1 lamps at 45.00, 10 m² of roof at 95.00
    assert record.cost == D("1085.00") and record.cost_per_household == D("108.50")


def test_charges_above_reference_carry_their_approval(contract, work):
    (charge,) = figures.charges_above_reference(contract)
    assert (charge.item, charge.above, charge.reference_price) == ("屋面防水", D("70.00"), D("88.00"))
    assert charge.approved_on is not None


def test_the_public_page_and_json(client, contract, work, contractor):
    data = client.get(reverse("disclosure:contract_json")).json()
    assert data["contract"]["contractor"] == contractor.company
    assert data["approval"] == {"by": "committee"}
    assert data["charges_above_reference"]["count"] == 1 and data["charges_above_reference"]["above"] == "70.00"
    assert [(item["code"], item["above_reference"]) for item in data["price_list"]] == [
        ("QW-02", True),
        ("ZM-01", False),
    ]
    assert data["record"]["repeat_repairs_90_days"] == 2
    page = client.get(reverse("disclosure:contract")).content.decode()
    text = page + str(data)
    assert contractor.phone not in text and contractor.contact_person not in text
    assert "屋面防水" in page


def test_no_contract_no_page(client, db):
    assert client.get(reverse("disclosure:contract")).status_code == 404
    assert client.get(reverse("disclosure:contract_json")).status_code == 404


def test_the_contract_page_takes_a_fixed_number_of_queries(client, contract, work, django_assert_num_queries):
    with django_assert_num_queries(6):  # contract, price list, charges, orders, cost, households
        client.get(reverse("disclosure:contract_json"))


def test_a_contract_near_its_end_is_flagged_once_no_successor_is_signed(contract):
    assert figures.contract_ending(date(2024, 12, 1)) is None
    assert figures.contract_ending(date(2025, 1, 15)) == contract


def test_the_overview_warns_sixty_days_before_the_contract_ends(client, committee, contract, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args: date(2025, 1, 15))
    client.force_login(committee)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("repairs:overview")).content.decode()
    assert "no contract follows it yet" in page and reverse("ledger:decision_new") + "?topic=contract" in page
