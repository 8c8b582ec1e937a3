"""A year-end settlement in the public disclosure: neither income nor spending, so each month still adds up."""

import json
from datetime import date
from decimal import Decimal

from django.urls import reverse

from ledger import figures, services
from ledger.settlement import services as settlement
from tests.builders import pay
from trustmgmt.disclosure.services import publish

D = Decimal


def test_the_settlement_month_adds_up_and_names_no_one(client, plan, household, vacant_household, steward, committee):
    services.fee_plan_create(year=2025)
    pay(household, plan, steward, "200.00")
    pay(vacant_household, plan, steward, "140.00", paid_on=date(2024, 12, 20))
    publish(month=date(2024, 3, 1), by=committee)
    decisions = {"electricity": "carry", "maintenance": "credit", "garbage": "credit"}
    settlement.fee_year_close(fee_plan=plan, decisions=decisions, minute="m", by=committee)

    response = client.get(reverse("disclosure:month_json", args=["2025", "01"]))
    assert response.status_code == 200
    document = json.loads(response.content)
    balances = figures.balances()
    for pool in document["pools"]:
        opening, income, spent, closing = (D(pool[key]) for key in ("opening", "income", "expenditure", "closing"))
        assert (income, spent) == (D("0.00"), D("0.00"))
        assert closing == opening + income - spent == balances[pool["code"]]
    page = client.get(reverse("disclosure:month", args=["2025", "01"])).content.decode()
    assert "王堃" not in page and "12-2-301" not in page
    # December's closing is January's opening: the settlement moved nothing between the months.
    december = {flow.code: flow.closing for flow in figures.month_flows(date(2024, 12, 1))}
    assert {pool["code"]: D(pool["opening"]) for pool in document["pools"]} == december
