"""The repair contract in public (`/disclosure/contract/` and `.json`): the contract in force, the owners'
decision behind it, its price list against the government reference prices, the charges above them with
their approvals, and the contractor's record under it.

No names and no phones: the contractor is a company; its designated person appears by role only. One
function makes the data; the page renders the same data, so the two cannot disagree.
"""

import json

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ledger.models import Household
from repairs import figures as repair_figures
from trustmgmt.base.money import ZERO, as_text
from trustmgmt.disclosure.approval import approval_of


def _money(value) -> str | None:
    return None if value is None else as_text(value)


def contract_data() -> dict | None:
    """The contract in force (or the latest begun) as open data, or None. Six queries, seven with a decision."""
    contract = repair_figures.contract_in_force()
    if contract is None:
        return None
    items = repair_figures.price_list(contract)
    charges = repair_figures.charges_above_reference(contract)
    record = repair_figures.contractor_record(contract, Household.objects.count())
    return {
        "contract": {
            "id": contract.pk,
            "title": contract.title,
            "contractor": contract.contractor.company,
            "designated_person": _(
                "One person named by the contractor for patrols, repairs and unblocking drains; reach them "
                "through the steward's desk."
            ),
            "scope": _(
                "Patrols, repairs and unblocking drains of the shared facilities, paid at actual cost at the "
                "government reference prices."
            ),
            "signed_on": contract.signed_on.isoformat(),
            "starts_on": contract.starts_on.isoformat(),
            "ends_on": contract.ends_on.isoformat(),
            "promised_days": contract.promised_days,
        },
        "approval": approval_of(contract.decision_id),
        "vote_recorded": {
            "for": contract.votes_for,
            "against": contract.votes_against,
            "households": contract.households,
        },
        "price_list": [
            {
                "code": item.code,
                "item": item.name,
                "unit": item.unit,
                "unit_price": as_text(item.unit_price),
                "reference_price": as_text(item.reference_price),
                "reference_source": item.reference_source,
                "above_reference": item.above_reference,
            }
            for item in items
        ],
        "charges_above_reference": {
            "count": len(charges),
            "above": as_text(sum((charge.above for charge in charges), ZERO)),
            "unapproved": sum(1 for charge in charges if charge.approved_on is None),
            "lines": [
                {
                    "work_order": charge.order,
                    "item": charge.item,
                    "unit": charge.unit,
                    "quantity": str(charge.quantity),
                    "unit_price": as_text(charge.unit_price),
                    "reference_price": _money(charge.reference_price),
                    "above": as_text(charge.above),
                    "approved_on": charge.approved_on.isoformat() if charge.approved_on else None,
                }
                for charge in charges
            ],
        },
        "record": {
            "work_orders": record.orders,
            "by_category": [
                {"category": code, "label": label, "orders": count} for code, label, count in record.by_category
            ],
            "median_days": None if record.median_days is None else str(record.median_days),
            "fixed_within_promise": record.within_promise,
            "repeat_repairs_90_days": record.repeats,
            "cost": as_text(record.cost),
            "households": record.households,
            "cost_per_household": _money(record.cost_per_household),
        },
    }


def _data_or_404() -> dict:
    data = contract_data()
    if data is None:
        raise Http404("no repair contract yet")
    return data


@require_GET
def contract_page(request: HttpRequest) -> HttpResponse:
    return render(request, "disclosure/contract.html", {"data": _data_or_404()})


@require_GET
def contract_json(request: HttpRequest) -> HttpResponse:
    body = json.dumps(_data_or_404(), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"  # open data, like the months
    return response
