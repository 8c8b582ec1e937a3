"""Settling a work order into a closed fee year is refused by the ledger; the order stays as it was."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from ledger import services as ledger_services
from ledger.models import Entry, Expenditure
from ledger.settlement import services as settlement
from repairs import services
from repairs.models import Status
from tests.builders import refusal_params
from trustmgmt.base.refusals import codes

CARRY = {"electricity": "carry", "maintenance": "carry", "garbage": "carry"}


def test_a_settlement_dated_in_a_closed_year_is_refused(order_at, steward, committee):
    order = order_at("accepted")
    plan = ledger_services.fee_plan_create(year=2024)
    ledger_services.fee_plan_create(year=2025)
    settlement.fee_year_close(fee_plan=plan, decisions=CARRY, minute="m", by=committee)
    entries = Entry.objects.count()  # the funded pools' opening balance, carried forward
    with pytest.raises(ValidationError) as refused:
        services.work_order_settle(order=order, settled_on=date(2024, 5, 12), by=steward)
    assert codes(refused.value) == ["year_closed"]
    assert refusal_params(refused.value) == [{"year": 2024, "day": "2024-05-12"}]
    order.refresh_from_db()
    assert order.status == Status.ACCEPTED and order.settlement is None
    assert (Entry.objects.count(), Expenditure.objects.count()) == (entries, 0)
    # Settled today instead, in the open year, it is paid.
    assert services.work_order_settle(order=order, by=steward).status == Status.SETTLED
