"""The admin edits reference data through the services and cannot touch posted money records."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from ledger import services
from ledger.models import ChainHead, Due, Entry, Expenditure, FeePlan, Household, Payment, Publication
from tests.builders import pay
from trustmgmt.disclosure.services import publish

D = Decimal


@pytest.fixture
def admin_client_en(signed_in, admin_user):
    return signed_in(admin_user)


@pytest.fixture
def posted(household, plan, steward):
    payment = pay(household, plan, steward, "200.00", paid_on=date(2024, 1, 5))
    services.expenditure_record(
        spent_on=date(2024, 1, 8),
        pool="garbage",
        payee="环卫处",
        amount=D("30.00"),
        description="清运",
        recorded_by=steward,
    )
    publish(month=date(2024, 1, 1), by=steward)
    return payment


@pytest.mark.parametrize("model", [Entry, Payment, Expenditure, Publication, Due, ChainHead])
def test_posted_records_are_read_only_even_for_a_superuser(admin_client_en, posted, model):
    meta = model._meta
    listing = admin_client_en.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
    assert listing.status_code == 200
    assert admin_client_en.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_add")).status_code == 403
    obj = model.objects.first()
    change_url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
    page = admin_client_en.get(change_url)
    assert page.status_code == 200 and 'type="submit"' not in page.content.decode().split('id="content-main"')[1]
    assert admin_client_en.post(change_url, {}).status_code == 403
    delete_url = reverse(f"admin:{meta.app_label}_{meta.model_name}_delete", args=[obj.pk])
    assert admin_client_en.post(delete_url, {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=obj.pk).exists()


def test_adding_a_household_in_the_admin_gives_it_its_dues(admin_client_en, plan):
    response = admin_client_en.post(
        reverse("admin:ledger_household_add"),
        {"building": 3, "unit": 1, "room": 101, "owner_name": "周昇", "phone": "", "occupancy": "vacant", "notes": ""},
    )
    assert response.status_code == 302
    household = Household.objects.get()
    assert Due.objects.get(household=household).total == D("140.00")


def test_changing_occupancy_in_the_admin_goes_through_the_service(admin_client_en, household, plan, steward):
    pay(household, plan, steward, "200.00")
    url = reverse("admin:ledger_household_change", args=[household.pk])
    data = {
        "owner_name": "王堃",
        "phone": "13800000001",
        "occupancy": "vacant",
        "occupancy_since": "2024-01-01",
        "notes": "",
    }
    response = admin_client_en.post(url, data)
    assert response.status_code == 200
    assert "has paid more into Garbage removal" in response.content.decode()
    household.refresh_from_db()
    assert household.occupancy == "occupied"
    response = admin_client_en.post(url, {**data, "occupancy": "occupied", "owner_name": "王昇"})
    assert response.status_code == 302
    household.refresh_from_db()
    assert household.owner_name == "王昇"


def test_a_household_cannot_be_deleted_in_the_admin(admin_client_en, household):
    assert (
        admin_client_en.post(reverse("admin:ledger_household_delete", args=[household.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert Household.objects.filter(pk=household.pk).exists()


def _plan_data(**changes):
    data = {
        "electricity_occupied": "50.00",
        "maintenance_occupied": "90.00",
        "garbage_occupied": "60.00",
        "electricity_vacant": "50.00",
        "maintenance_vacant": "90.00",
        "garbage_vacant": "0.00",
    }
    data.update(changes)
    return data


def test_a_fee_plan_made_in_the_admin_gives_every_household_its_due(admin_client_en, household):
    response = admin_client_en.post(
        reverse("admin:ledger_feeplan_add"),
        {"year": 2025, "starts_on": "2025-01-01", "ends_on": "2025-12-31", **_plan_data()},
    )
    assert response.status_code == 302
    plan = FeePlan.objects.get(year=2025)
    assert Due.objects.get(fee_plan=plan, household=household).total == D("200.00")
    from ledger.models import ReceiptCounter

    assert ReceiptCounter.objects.filter(fee_plan=plan).exists()


def test_a_fee_plan_with_payments_cannot_change_in_the_admin(admin_client_en, household, plan, steward):
    pay(household, plan, steward, "10.00")
    response = admin_client_en.post(
        reverse("admin:ledger_feeplan_change", args=[plan.pk]), _plan_data(garbage_occupied="70.00")
    )
    assert response.status_code == 200 and "its plan can no longer change" in response.content.decode()
    plan.refresh_from_db()
    assert plan.garbage_occupied == D("60.00")


def test_an_entrys_salt_is_not_shown_even_to_a_superuser(admin_client_en, posted):
    """It would let anyone who sees it test guesses against the entry's public commitment."""
    entry = Entry.objects.first()
    page = admin_client_en.get(reverse("admin:ledger_entry_change", args=[entry.pk])).content.decode()
    assert entry.commitment in page and entry.salt not in page
