"""Helpers for the ledger's page tests: a client signed in as one of the cast, reading English."""

from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings

from ledger import services

D = Decimal


@pytest.fixture
def signed_in(client):
    """signed_in(user) -> the test client, logged in as `user`, pages in English (the messages tests read)."""

    def sign_in(user, *, language: str = "en"):
        client.force_login(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        return client

    return sign_in


def pay(household, plan, user, amount, **kwargs):
    kwargs.setdefault("paid_on", date(2024, 3, 5))
    kwargs.setdefault("method", "cash")
    return services.payment_record(household=household, fee_plan=plan, amount=D(amount), recorded_by=user, **kwargs)


def households(count: int, *, building: int = 3, start_room: int = 101):
    """`count` occupied flats in one building, each through the service (dues and all)."""
    return [
        services.household_create(
            building=building,
            unit=1 + index // 50,
            room=start_room + index % 50,
            owner_name=f"业主{index}",
            phone=f"139{index:08d}",
            occupancy="vacant" if index % 5 == 4 else "occupied",
        )
        for index in range(count)
    ]
