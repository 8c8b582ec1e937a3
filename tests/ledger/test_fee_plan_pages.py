"""The committee sets a fee year's plan; its amounts can change until payments are recorded against it."""

from decimal import Decimal

import pytest
from django.urls import reverse

from ledger.models import Due, FeePlan
from tests.builders import pay

D = Decimal
PLANS = reverse("ledger:fee_plans")


def amounts(**changes):
    data = {
        "electricity_occupied": "50",
        "maintenance_occupied": "90",
        "garbage_occupied": "60",
        "electricity_vacant": "50",
        "maintenance_vacant": "90",
        "garbage_vacant": "0",
    }
    data.update(changes)
    return data


def test_anonymous_and_outsiders_are_kept_out(client, signed_in, outsider):
    assert client.get(PLANS)["Location"].startswith(reverse("login"))
    assert signed_in(outsider).get(PLANS).status_code == 403


def test_the_steward_sees_the_plans_but_may_not_set_one(signed_in, steward, plan):
    client = signed_in(steward)
    response = client.get(PLANS)
    assert response.status_code == 200 and response.context["form"] is None
    assert client.post(PLANS, {"year": "2025", **amounts()}).status_code == 403
    assert client.post(reverse("ledger:fee_plan_edit", args=[2024]), amounts()).status_code == 403
    assert FeePlan.objects.count() == 1


def test_the_form_offers_the_next_year_on_the_default_amounts(signed_in, committee, plan):
    form = signed_in(committee).get(PLANS).context["form"]
    assert form["year"].value() == 2025
    assert form["garbage_occupied"].value() == D("60.00") and form["garbage_vacant"].value() == D("0.00")


def test_the_committee_sets_a_year_and_every_household_owes_it(signed_in, committee, household, vacant_household):
    response = signed_in(committee).post(PLANS, {"year": "2025", **amounts(garbage_vacant="10")})
    assert response["Location"] == PLANS
    plan = FeePlan.objects.get(year=2025)
    assert (plan.starts_on.isoformat(), plan.ends_on.isoformat(), plan.created_by) == (
        "2025-01-01",
        "2025-12-31",
        committee,
    )
    assert sorted(Due.objects.filter(fee_plan=plan).values_list("total", flat=True)) == [D("150.00"), D("200.00")]


@pytest.mark.parametrize(
    ("data", "field", "code"),
    [
        ({"year": "2024"}, "year", "plan_year_taken"),
        ({"year": "2025", "garbage_vacant": "-1"}, "garbage_vacant", "plan_amount_invalid"),
        ({"year": "2025", "garbage_vacant": "0.001"}, "garbage_vacant", "precision"),
        ({"year": "2025", "electricity_occupied": "fifty"}, "electricity_occupied", "invalid"),
        ({"year": "twenty"}, "year", "invalid"),
        ({"year": "2025", "starts_on": "2024-06-01"}, None, "plan_overlaps"),
    ],
)
def test_bad_plans_are_refused(signed_in, committee, plan, data, field, code):
    response = signed_in(committee).post(PLANS, {**amounts(), **data})
    errors = response.context["form"].errors.as_data()
    assert [error.code for error in errors[field or "__all__"]] == [code]
    assert FeePlan.objects.count() == 1


def test_a_plan_without_payments_can_change(signed_in, committee, household, plan):
    response = signed_in(committee).post(reverse("ledger:fee_plan_edit", args=[2024]), amounts(garbage_occupied="70"))
    assert response["Location"] == PLANS
    assert Due.objects.get(household=household).total == D("210.00")


def test_a_plan_with_payments_cannot(signed_in, committee, steward, household, plan):
    pay(household, plan, steward, "10.00")
    response = signed_in(committee).post(reverse("ledger:fee_plan_edit", args=[2024]), amounts(garbage_occupied="70"))
    assert "Payments have been recorded for 2024; its plan can no longer change." in response.content.decode()
    plan.refresh_from_db()
    assert plan.garbage_occupied == D("60.00")


def test_an_empty_complex_is_offered_this_year_and_the_one_before(signed_in, committee):
    from django.utils import timezone

    response = signed_in(committee).get(PLANS)
    this_year = timezone.localdate().year
    assert response.context["form"]["year"].value() == this_year
    assert f'href="?year={this_year - 1}#id_year"' in response.content.decode()


def test_a_past_year_is_offered_before_the_first_plan_and_can_be_set(signed_in, committee, household, plan):
    client = signed_in(committee)
    page = client.get(PLANS).content.decode()
    assert 'href="?year=2023#id_year"' in page and 'href="?year=2025#id_year"' in page
    assert client.get(PLANS, {"year": "2023"}).context["form"]["year"].value() == 2023
    response = client.post(PLANS + "?year=2023", {"year": "2023", **amounts()})
    assert response["Location"] == PLANS
    assert Due.objects.get(household=household, fee_plan__year=2023).total == D("200.00")


def test_a_closed_year_offers_no_change(signed_in, committee, plan):
    from ledger import services
    from ledger.models import FeeYearClosing

    following = services.fee_plan_create(year=2025)
    FeeYearClosing.objects.create(fee_plan=plan, next_plan=following, minute="2025-01 minute", closed_by=committee)
    page = signed_in(committee).get(PLANS).content.decode()
    assert reverse("ledger:fee_plan_edit", args=[2024]) not in page and "Closed" in page
