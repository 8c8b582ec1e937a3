"""The household page: each fee year's state per pool, and one step to record what is owed."""

import uuid
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from ledger import figures, services
from ledger.models import Entry, Payment
from tests.builders import pay

D = Decimal


def page(household):
    return reverse("ledger:household", args=[household])


def post(client, household, **fields):
    data = {
        "fee_year": 2024,
        "amount": "200.00",
        "method": "wechat",
        "paid_on": date(2024, 3, 5).isoformat(),
        "request_key": str(uuid.uuid4()),
    }
    data.update(fields)
    return client.post(page(household), data)


def test_anonymous_visitors_are_sent_to_log_in(client, household):
    assert client.get(page(household))["Location"].startswith(reverse("login"))


def test_an_outsider_is_refused(signed_in, outsider, household):
    assert signed_in(outsider).get(page(household)).status_code == 403
    assert post(signed_in(outsider), household).status_code == 403
    assert Payment.objects.count() == 0


def test_an_unknown_flat_is_not_found(signed_in, steward, household):
    assert signed_in(steward).get("/ledger/households/99-9-999/").status_code == 404


def test_each_year_shows_its_state_and_its_pools(signed_in, steward, household, plan):
    services.fee_plan_create(year=2023)
    plan_2022 = services.fee_plan_create(year=2022)
    pay(household, plan, steward, "100.00")
    pay(household, plan_2022, steward, "200.00", paid_on=date(2022, 2, 1))
    response = signed_in(steward).get(page(household))
    years = {year.fee_plan.year: year for year in response.context["years"]}
    assert {year: status.state for year, status in years.items()} == {2024: "part", 2023: "unpaid", 2022: "paid"}
    assert years[2024].outstanding == {"electricity": D("25.00"), "maintenance": D("45.00"), "garbage": D("30.00")}
    html = response.content.decode()
    assert "Part-paid" in html and "Unpaid" in html and "Paid" in html
    assert "Owes 300.00 yuan" in html


def test_the_form_is_filled_in_with_what_is_still_owed(signed_in, steward, household, plan):
    pay(household, plan, steward, "50.00")
    response = signed_in(steward).get(page(household), {"year": "2024"})
    form = response.context["form"]
    assert form.initial["amount"] == D("150.00") and form.initial["fee_year"] == 2024
    assert form["paid_on"].value() == timezone.localdate()
    assert 'value="150.00"' in response.content.decode()
    uuid.UUID(str(form["request_key"].value()))


def test_the_committee_sees_the_page_but_no_form_and_may_not_post(signed_in, committee, household, plan):
    client = signed_in(committee)
    response = client.get(page(household))
    assert response.status_code == 200 and response.context["form"] is None
    assert post(client, household).status_code == 403
    assert Payment.objects.count() == 0


def test_recording_goes_to_the_receipt(signed_in, steward, household, plan):
    response = post(signed_in(steward), household, amount="200")
    payment = Payment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("ledger:payment", args=[payment]) == "/ledger/payments/2024-000001/"
    assert (payment.amount, payment.method, payment.paid_on, payment.recorded_by) == (
        D("200.00"),
        "wechat",
        date(2024, 3, 5),
        steward,
    )
    entry = Entry.objects.get(payment=payment)
    assert (entry.electricity, entry.maintenance, entry.garbage) == (D("50.00"), D("90.00"), D("60.00"))
    receipt = signed_in(steward).get(response["Location"])
    assert "Payment recorded: receipt 2024-000001." in receipt.content.decode()


def test_a_form_sent_twice_records_once(signed_in, steward, household, plan):
    client = signed_in(steward)
    key = str(uuid.uuid4())
    first = post(client, household, amount="80.00", request_key=key)
    second = post(client, household, amount="80.00", request_key=key)
    assert Payment.objects.count() == 1 and Entry.objects.count() == 1
    assert first["Location"] == second["Location"]
    assert figures.year_status(household, plan).paid_total == D("80.00")


def test_a_new_form_records_a_second_payment(signed_in, steward, household, plan):
    client = signed_in(steward)
    post(client, household, amount="80.00")
    post(client, household, amount="80.00")
    assert Payment.objects.count() == 2


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("250.00", "That is more than is still due: 12-2-301 owes 200.00 for 2024."),
        ("0", "The amount must be more than zero."),
        ("0.00", "The amount must be more than zero."),
        ("-50", "The amount must be more than zero."),
        ("12.345", "An amount has at most two decimal places (fen)."),
        ("abc", "Enter an amount in yuan, such as 200 or 200.50."),
        ("1e400", "The amount is larger than any payment this ledger takes (at most 1,000,000.00)."),
        ("NaN", "Enter an amount in yuan, such as 200 or 200.50."),
        ("", "This field is required."),
        ("9" * 30, "The amount is larger than any payment this ledger takes (at most 1,000,000.00)."),
    ],
)
def test_a_bad_amount_is_refused_on_the_form_and_nothing_written(signed_in, steward, household, plan, amount, message):
    response = post(signed_in(steward), household, amount=amount)
    assert response.status_code == 200
    assert response.context["form"].errors["amount"] == [message]
    assert message.replace("'", "&#x27;") in response.content.decode()
    assert Payment.objects.count() == 0 and Entry.objects.count() == 0


def test_a_future_date_is_refused(signed_in, steward, household, plan):
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = post(signed_in(steward), household, paid_on=tomorrow.isoformat())
    assert response.context["form"].errors["paid_on"] == ["The date cannot be in the future."]
    assert Payment.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [("paid_on", "2024-02-30"), ("paid_on", "yesterday"), ("method", "paypal"), ("request_key", "not-a-uuid")],
)
def test_unreadable_fields_are_refused(signed_in, steward, household, plan, field, value):
    response = post(signed_in(steward), household, **{field: value})
    assert response.status_code == 200 and field in response.context["form"].errors
    assert Payment.objects.count() == 0


def test_a_year_the_household_does_not_owe_is_refused(signed_in, steward, household, plan):
    response = post(signed_in(steward), household, fee_year="1999")
    assert "12-2-301 owes nothing for that fee year." in response.content.decode()
    assert Payment.objects.count() == 0


def test_a_paid_up_household_has_no_form(signed_in, steward, household, plan):
    pay(household, plan, steward, "200.00")
    response = signed_in(steward).get(page(household))
    assert response.context["form"] is None and "Nothing owed" in response.content.decode()
    response = post(signed_in(steward), household, amount="1.00")
    assert "has already paid 2024 in full" in response.content.decode()
    assert Payment.objects.count() == 1


def test_the_form_defaults_to_this_fee_year_and_offers_the_others(signed_in, steward, household, plan):
    this_year = timezone.localdate().year
    services.fee_plan_create(year=this_year)
    response = signed_in(steward).get(page(household))
    assert response.context["paying"].fee_plan.year == this_year
    assert 'href="?year=2024#pay-heading"' in response.content.decode()


def test_an_owner_name_with_markup_is_shown_as_text(signed_in, steward, plan):
    household = services.household_create(
        building=1, unit=1, room=101, owner_name="<script>alert(1)</script>", occupancy="occupied"
    )
    page_html = signed_in(steward).get(page(household)).content.decode()
    assert "<script>alert(1)</script>" not in page_html and "&lt;script&gt;alert(1)&lt;/script&gt;" in page_html


def test_the_page_takes_a_fixed_number_of_queries(signed_in, steward, household, plan, django_assert_max_num_queries):
    for year in (2021, 2022, 2023):
        services.fee_plan_create(year=year)
    for amount in ("10.00", "20.00", "30.00"):
        pay(household, plan, steward, amount)
    client = signed_in(steward)
    with django_assert_max_num_queries(9):
        client.get(page(household))
