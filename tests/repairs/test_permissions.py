"""Who may open which page and take which step: anonymous -> login, no permission -> 403."""

from decimal import Decimal

import pytest
from django.urls import reverse

from repairs import lifecycle
from repairs.models import Status
from tests.builders import advance, report

STEWARD_ONLY = "steward"
COMMITTEE_ONLY = "committee"
BOTH = "both"


@pytest.fixture
def world(steward, committee, contract, lamp, roof):
    from repairs import services

    order = advance(report(steward), Status.ACCEPTED, steward, lines=[(roof, "1")])
    walk = services.patrol_record(
        patrolled_on=order.reported_on, inspector="张国平", area="1–6幢", findings="未发现问题", recorded_by=steward
    )
    return {"order": order, "contract": contract, "item": lamp, "patrol": walk, "contractor": contract.contractor}


PAGES = [
    ("repairs:workorders", lambda w: [], BOTH),
    ("repairs:overview", lambda w: [], BOTH),
    ("repairs:order", lambda w: [w["order"].number], BOTH),
    ("repairs:order_report", lambda w: [], STEWARD_ONLY),
    ("repairs:order_add_line", lambda w: [w["order"].number], STEWARD_ONLY),
    ("repairs:order_add_photo", lambda w: [w["order"].number], STEWARD_ONLY),
    ("repairs:patrols", lambda w: [], BOTH),
    ("repairs:patrol", lambda w: [w["patrol"].pk], BOTH),
    ("repairs:patrol_record", lambda w: [], STEWARD_ONLY),
    ("repairs:contracts", lambda w: [], BOTH),
    ("repairs:contract", lambda w: [w["contract"].pk], BOTH),
    ("repairs:contract_create", lambda w: [], COMMITTEE_ONLY),
    ("repairs:contract_upload_document", lambda w: [w["contract"].pk], COMMITTEE_ONLY),
    ("repairs:price_item_add", lambda w: [w["contract"].pk], COMMITTEE_ONLY),
    ("repairs:price_item_edit", lambda w: [w["item"].pk], COMMITTEE_ONLY),
    ("repairs:contractor_create", lambda w: [], COMMITTEE_ONLY),
    ("repairs:contractor_edit", lambda w: [w["contractor"].pk], COMMITTEE_ONLY),
]
STEPS = [
    ("assign", STEWARD_ONLY),
    ("complete", STEWARD_ONLY),
    ("send_back", STEWARD_ONLY),
    ("accept", STEWARD_ONLY),
    ("settle", STEWARD_ONLY),
    ("reopen", STEWARD_ONLY),
    ("cancel", STEWARD_ONLY),
]


def allowed(role: str, who: str) -> bool:
    return role in (STEWARD_ONLY, COMMITTEE_ONLY) and who in (BOTH, role)


@pytest.mark.parametrize(("name", "args", "who"), PAGES, ids=[page[0] for page in PAGES])
@pytest.mark.parametrize("role", ["anonymous", "outsider", "steward", "committee"])
def test_each_page_opens_for_its_roles_only(client, world, outsider, steward, committee, name, args, who, role):
    url = reverse(name, args=args(world))
    if role != "anonymous":
        client.force_login({"outsider": outsider, "steward": steward, "committee": committee}[role])
    response = client.get(url)
    if role == "anonymous":
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    elif allowed(role, who):
        assert response.status_code == 200
    else:
        assert response.status_code == 403


# The status each step starts from, so that the step is possible and only the role decides.
SOURCE = {
    "assign": Status.REPORTED,
    "complete": Status.ASSIGNED,
    "send_back": Status.DONE,
    "accept": Status.DONE,
    "settle": Status.ACCEPTED,
    "reopen": Status.SETTLED,
    "cancel": Status.ACCEPTED,
}


@pytest.fixture
def order_for(order_at, settings, committee):
    """order_for(step) -> an order the step is possible on (for reopen: its settlement rejected)."""
    from ledger import services as ledger_services

    settings.EXPENDITURE_APPROVAL_THRESHOLD = Decimal("10.00")  # settlements wait for the committee

    def make(step):
        order = order_at(SOURCE[step])
        if step == "reopen":
            ledger_services.expenditure_reject(expenditure=order.settlement, by=committee, reason="发票抬头不对")
        return order

    return make


@pytest.mark.parametrize(("step", "who"), STEPS)
@pytest.mark.parametrize("role", ["outsider", "steward", "committee"])
def test_each_step_is_the_stewards(client, order_for, outsider, steward, committee, step, who, role):
    user = {"outsider": outsider, "steward": steward, "committee": committee}[role]
    order = order_for(step)
    before = order.transitions.count()
    client.force_login(user)
    response = client.post(reverse("repairs:order_step", args=[order.number, step]), {"day": "2024-05-12", "note": "x"})
    order.refresh_from_db()
    if allowed(role, who):
        # Taken, not merely let through: a 200 would be the form refusing it.
        assert response.status_code == 302 and response.url == reverse("repairs:order", args=[order.number])
        assert order.status == lifecycle.STEPS[step].target
        last = order.transitions.last()
        assert (order.transitions.count(), last.action, last.by) == (before + 1, step, user)
    else:
        assert response.status_code == 403
        assert order.status == SOURCE[step] and order.transitions.count() == before


@pytest.mark.parametrize("role", ["outsider", "steward"])
def test_only_the_committee_approves_charges(client, world, outsider, steward, role):
    client.force_login({"outsider": outsider, "steward": steward}[role])
    response = client.post(reverse("repairs:order_approve_charges", args=[world["order"].number]))
    assert response.status_code == 403
    world["order"].refresh_from_db()
    assert world["order"].charges_approved_at is None


def test_the_committee_cannot_remove_a_cost_line(client, world, committee):
    client.force_login(committee)
    line = world["order"].cost_lines.get()
    response = client.post(reverse("repairs:order_remove_line", args=[world["order"].number, line.pk]))
    assert response.status_code == 403 and world["order"].cost_lines.count() == 1


def test_removing_a_line_needs_post(client, world, steward):
    client.force_login(steward)
    line = world["order"].cost_lines.get()
    assert client.get(reverse("repairs:order_remove_line", args=[world["order"].number, line.pk])).status_code == 405


def test_an_unknown_step_or_order_is_404(client, world, steward):
    client.force_login(steward)
    assert client.get(reverse("repairs:order_step", args=[world["order"].number, "teleport"])).status_code == 404
    assert client.get(reverse("repairs:order", args=["WO-1999-0001"])).status_code == 404


def test_the_nav_links_the_work_orders_for_staff(client, world, steward):
    client.force_login(steward)
    assert reverse("repairs:workorders") in client.get("/").content.decode()
