"""Two desks at once, on PostgreSQL: every receipt number once, none skipped, the chain unbroken."""

from datetime import date

import pytest
from django.db import connection

from ledger import journal, services
from ledger.models import Entry, Payment
from tests.builders import pay, together

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")


def test_two_desks_posting_100_payments_each_get_200_gap_free_receipts(transactional_db, steward, committee):
    plan = services.fee_plan_create(year=2024)
    flats = [
        services.household_create(
            building=1 + i // 100, unit=1, room=101 + i % 100, owner_name=f"户{i}", occupancy="occupied"
        )
        for i in range(200)
    ]

    def desk(user, share):
        for flat in share:
            pay(flat, plan, user, "200.00", paid_on=date(2024, 3, 1))

    outcomes = together(lambda: desk(steward, flats[0::2]), lambda: desk(committee, flats[1::2]))

    assert outcomes == [None, None]  # neither desk was refused or failed (else: what it raised)
    numbers = sorted(Payment.objects.values_list("receipt_number", flat=True))
    assert numbers == list(range(1, 201))
    assert Entry.objects.count() == 200
    assert journal.verify() == (200, None)
