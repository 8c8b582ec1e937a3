"""The getting-started page: the five steps of starting a complex, each marked done as the ledger fills."""

from django.urls import reverse

from ledger import services
from tests.builders import pay, spend

START = reverse("ledger:start")
DASHBOARD = reverse("ledger:dashboard")


def test_an_empty_complex_shows_every_step_to_do_and_the_dashboard_points_to_it(signed_in, committee):
    client = signed_in(committee)
    assert START in client.get(DASHBOARD).content.decode()
    response = client.get(START)
    progress = response.context["progress"]
    assert (progress.plan_years, progress.households, progress.payments, progress.published_through) == (
        None,
        0,
        0,
        None,
    )
    page = response.content.decode()
    for url in (
        reverse("ledger:fee_plans"),
        reverse("ledger:import", args=["households"]),
        reverse("ledger:import", args=["payments"]),
        reverse("ledger:import", args=["expenditures"]),
        reverse("documents:index"),
    ):
        assert f'href="{url}"' in page
    assert "Done" not in page


def test_each_step_is_marked_done_and_the_dashboard_no_longer_points_here(signed_in, steward, household, plan):
    pay(household, plan, steward, "200.00")
    spend(steward, "20.00")
    client = signed_in(steward)
    progress = client.get(START).context["progress"]
    assert (progress.plan_years, progress.households, progress.payments, progress.expenditures) == (
        (2024, 2024),
        1,
        1,
        1,
    )
    assert progress.next_to_publish.isoformat() == "2024-03-01"
    assert START not in client.get(DASHBOARD).content.decode()


def test_the_steward_is_not_offered_to_set_fee_plans(signed_in, steward):
    page = signed_in(steward).get(START).content.decode()
    assert "the committee sets them" in page and "the committee publishes" in page


def test_it_takes_a_fixed_number_of_queries(signed_in, committee, plan, django_assert_max_num_queries):
    services.household_create(building=1, unit=1, room=101, owner_name="甲", occupancy="occupied")
    client = signed_in(committee)
    with django_assert_max_num_queries(12):
        client.get(START)


def test_outsiders_are_refused(client, signed_in, outsider):
    assert client.get(START)["Location"].startswith(reverse("login"))
    assert signed_in(outsider).get(START).status_code == 403
