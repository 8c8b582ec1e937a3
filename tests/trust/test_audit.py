"""The audit trail: every change to households, plans, contracts, users and work orders, with who made it."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.test import RequestFactory
from django.urls import reverse
from simple_history.middleware import HistoryRequestMiddleware

from ledger import services
from ledger.models import FeePlan, Household
from trustmgmt.base.roles import STEWARD

pytestmark = pytest.mark.django_db


def change_as(user, change):
    """Run `change` inside a request made by `user`, as a view would."""
    request = RequestFactory().post("/somewhere/")
    request.user = user
    HistoryRequestMiddleware(lambda request: change())(request)


def test_a_household_change_records_who_made_it(household, steward):
    change_as(steward, lambda: services.household_update(household=household, owner_name="王堃", phone="13900000009"))
    latest = household.history.latest()
    assert latest.history_type == "~" and latest.history_user == steward
    assert latest.phone == "13900000009"
    assert household.history.earliest().history_type == "+"


def test_a_change_outside_a_request_has_no_user(household):
    services.household_update(household=household, owner_name="王堃", phone="13900000009")
    assert household.history.latest().history_user is None


def test_fee_plans_are_audited(plan, committee):
    occupied = {"electricity": Decimal("55.00"), "maintenance": Decimal("90.00"), "garbage": Decimal("60.00")}
    vacant = {"electricity": Decimal("50.00"), "maintenance": Decimal("90.00"), "garbage": Decimal("0.00")}
    change_as(committee, lambda: services.fee_plan_update(fee_plan=plan, occupied=occupied, vacant=vacant))
    latest = FeePlan.history.filter(id=plan.id).latest()
    assert latest.history_user == committee and latest.electricity_occupied == Decimal("55.00")


def test_role_changes_are_audited_and_passwords_are_not_kept(admin_user, client):
    client.force_login(admin_user)
    user = User.objects.create_user("newcomer", password="a-long-password-1")
    response = client.post(
        reverse("admin:auth_user_change", args=[user.pk]),
        {
            "username": "newcomer",
            "first_name": "新",
            "last_name": "人",
            "email": "",
            "is_active": "on",
            "groups": [Group.objects.get(name=STEWARD).pk],
            "date_joined_0": "2024-01-01",
            "date_joined_1": "08:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    latest = user.history.latest()
    assert latest.history_user == admin_user
    assert [row.group.name for row in latest.groups.all()] == [STEWARD]
    assert not hasattr(latest, "password")


def test_logging_in_does_not_flood_the_trail(client, steward):
    before = steward.history.count()
    client.post(reverse("login"), {"username": "steward", "password": "steward-password-1"})
    assert steward.history.count() == before


def test_repairs_records_are_audited():
    from repairs.models import Contract, PriceItem, WorkOrder

    for model in (Contract, PriceItem, WorkOrder):
        assert model.history.model._meta.app_label == "trustmgmt"


class TestThePage:
    url = reverse("audit")

    def test_anonymous_visitors_go_to_the_login_page(self, client):
        response = client.get(self.url)
        assert response.status_code == 302 and response.url.startswith(reverse(settings.LOGIN_URL))

    def test_the_steward_may_not_read_it(self, client, steward):
        client.force_login(steward)
        assert client.get(self.url).status_code == 403

    def test_the_committee_sees_who_changed_what(self, client, committee, steward, household):
        change_as(
            steward, lambda: services.household_update(household=household, owner_name="王堃", phone="13912345678")
        )
        client.force_login(committee)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        response = client.get(self.url)
        assert response.status_code == 200
        event = response.context["events"][0]
        assert event.who == "Steward" and event.subject == "12-2-301" and event.action == "changed"
        assert [(c.field, c.before, c.after) for c in event.changes] == [("phone", "138****0001", "139****5678")]
        page = response.content.decode()
        assert "138****0001" in page and "13912345678" not in page

    def test_a_creation_lists_its_values(self, client, committee, household):
        client.force_login(committee)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        response = client.get(self.url, {"kind": "household"})
        created = response.context["events"][-1]
        assert created.action == "created"
        assert ("owner", "—", "王堃") in [(c.field, c.before, c.after) for c in created.changes]

    def test_it_filters_and_pages(self, client, committee, plan):
        for room in range(101, 131):
            services.household_create(building=3, unit=1, room=room, owner_name="某", occupancy="occupied")
        client.force_login(committee)
        first = client.get(self.url, {"kind": "household"})
        assert first.context["page"].paginator.count == 30 and len(first.context["events"]) == 25
        second = client.get(self.url, {"kind": "household", "page": 2})
        assert len(second.context["events"]) == 5
        assert client.get(self.url, {"kind": "feeplan"}).context["page"].paginator.count == 1
        # an unknown filter shows everything rather than failing
        assert client.get(self.url, {"kind": "<script>", "page": "x"}).status_code == 200
        assert Household.objects.count() == 30
