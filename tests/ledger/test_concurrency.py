"""Two desks at once, on PostgreSQL: every receipt number once, none skipped, the chain unbroken."""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection, connections

from ledger import journal, services
from ledger.models import Entry, Payment

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")


def test_two_desks_posting_100_payments_each_get_200_gap_free_receipts(transactional_db, steward, committee):
    plan = services.fee_plan_create(year=2024)
    flats = [
        services.household_create(
            building=1 + i // 100, unit=1, room=101 + i % 100, owner_name=f"户{i}", occupancy="occupied"
        )
        for i in range(200)
    ]
    errors = []
    start = threading.Barrier(2)

    def desk(user, share):
        try:
            start.wait()
            for flat in share:
                services.payment_record(
                    household=flat,
                    fee_plan=plan,
                    amount=Decimal("200.00"),
                    method="cash",
                    paid_on=date(2024, 3, 1),
                    recorded_by=user,
                )
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    desks = [
        threading.Thread(target=desk, args=(steward, flats[0::2])),
        threading.Thread(target=desk, args=(committee, flats[1::2])),
    ]
    for thread in desks:
        thread.start()
    for thread in desks:
        thread.join()

    assert errors == []
    numbers = sorted(Payment.objects.values_list("receipt_number", flat=True))
    assert numbers == list(range(1, 201))
    assert Entry.objects.count() == 200
    assert journal.verify() == (200, None)
