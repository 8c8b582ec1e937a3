"""Walk every URL: anonymous visitors go to the login page, outsiders get 403, each role opens what it should.

A page is private unless walk.PUBLIC lists it, and every private page must be in STAFF below: a new page
that is in neither fails this test until someone decides who may open it.
"""

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from tests.trust import walk

STEWARD, COMMITTEE = "steward", "committee"
BOTH = {STEWARD, COMMITTEE}
# name -> (method, roles that may use it). GET pages are opened; POST-only actions are posted to (empty).
STAFF: dict[str, tuple[str, set[str]]] = {
    "audit": ("GET", {COMMITTEE}),
    "ledger:dashboard": ("GET", BOTH),
    "ledger:start": ("GET", BOTH),
    # Both bring in the old ledgers when a complex starts (roles.py): history, not money taken at the desk.
    "ledger:import": ("GET", BOTH),
    "ledger:import_confirm": ("POST", BOTH),
    "ledger:import_discard": ("POST", BOTH),
    "ledger:import_sample": ("GET", BOTH),
    "ledger:desk": ("GET", BOTH),
    "ledger:households": ("GET", BOTH),
    "ledger:household_new": ("GET", {STEWARD}),
    "ledger:household": ("GET", BOTH),
    "ledger:household_edit": ("GET", {STEWARD}),
    "ledger:household_occupancy": ("GET", {STEWARD}),
    "ledger:payments": ("GET", BOTH),
    "ledger:payment": ("GET", BOTH),
    "ledger:receipt_pdf": ("GET", BOTH),
    "ledger:payment_reverse": ("GET", {STEWARD}),
    "ledger:expenditures": ("GET", BOTH),
    "ledger:expenditure_new": ("GET", {STEWARD}),
    "ledger:approvals": ("GET", {COMMITTEE}),
    "ledger:expenditure": ("GET", BOTH),
    "ledger:voucher": ("GET", BOTH),
    "ledger:expenditure_approve": ("POST", {COMMITTEE}),
    "ledger:expenditure_reject": ("POST", {COMMITTEE}),
    "ledger:expenditure_reverse": ("GET", BOTH),
    "ledger:voucher_publish": ("POST", {COMMITTEE}),
    "ledger:voucher_withdraw": ("POST", {COMMITTEE}),
    "ledger:inspections": ("GET", BOTH),
    "ledger:inspection": ("GET", BOTH),
    "ledger:lookup_locks": ("GET", BOTH),
    "ledger:arrears": ("GET", BOTH),
    "ledger:fee_plans": ("GET", BOTH),
    "ledger:fee_plan_edit": ("GET", {COMMITTEE}),
    "ledger:budgets": ("GET", BOTH),
    "ledger:budget_propose": ("POST", BOTH),
    "ledger:budget_new_version": ("POST", BOTH),
    "ledger:budget": ("GET", BOTH),
    "ledger:budget_settings": ("POST", BOTH),
    "ledger:budget_line_add": ("POST", BOTH),
    "ledger:budget_line": ("POST", BOTH),
    "ledger:budget_approve": ("POST", {COMMITTEE}),
    "ledger:budget_discard": ("POST", BOTH),
    "ledger:decisions": ("GET", BOTH),
    "ledger:decision_new": ("GET", {COMMITTEE}),
    "ledger:decision": ("GET", BOTH),
    "ledger:ballot_add": ("POST", BOTH),
    "ledger:ballot_correct": ("POST", BOTH),
    "ledger:decision_close": ("POST", {COMMITTEE}),
    "ledger:fee_plan_cite": ("POST", {COMMITTEE}),
    "ledger:ballot_scan": ("GET", BOTH),
    "ledger:accounts": ("GET", BOTH),
    "ledger:deposit": ("GET", {STEWARD}),
    "ledger:settlement": ("GET", {STEWARD}),
    "ledger:statement_upload": ("GET", {COMMITTEE}),
    "ledger:advance": ("GET", {COMMITTEE}),
    "ledger:line_action": ("POST", BOTH),
    "ledger:reconciliation": ("GET", BOTH),
    "ledger:day_close": ("GET", {STEWARD}),
    "documents:day_close_slip": ("GET", BOTH),
    "ledger:fee_years": ("GET", BOTH),
    "ledger:fee_year": ("GET", BOTH),
    "repairs:workorders": ("GET", BOTH),
    "repairs:overview": ("GET", BOTH),
    "repairs:order_report": ("GET", {STEWARD}),
    "repairs:order": ("GET", BOTH),
    "repairs:order_step": ("GET", {STEWARD}),
    "repairs:order_add_line": ("GET", {STEWARD}),
    "repairs:order_remove_line": ("POST", {STEWARD}),
    "repairs:order_approve_charges": ("POST", {COMMITTEE}),
    "repairs:order_add_photo": ("GET", {STEWARD}),
    "repairs:photo": ("GET", BOTH),
    "repairs:fault_reports": ("GET", BOTH),
    "repairs:fault_report": ("GET", BOTH),
    "repairs:fault_report_accept": ("POST", {STEWARD}),
    "repairs:fault_report_merge": ("POST", {STEWARD}),
    "repairs:fault_report_decline": ("POST", {STEWARD}),
    "repairs:patrols": ("GET", BOTH),
    "repairs:patrol_record": ("GET", {STEWARD}),
    "repairs:patrol": ("GET", BOTH),
    "repairs:contracts": ("GET", BOTH),
    "repairs:contract_create": ("GET", {COMMITTEE}),
    "repairs:contract": ("GET", BOTH),
    "repairs:contract_document": ("GET", BOTH),
    "repairs:contract_upload_document": ("GET", {COMMITTEE}),
    "repairs:price_item_add": ("GET", {COMMITTEE}),
    "repairs:price_item_edit": ("GET", {COMMITTEE}),
    "repairs:contractor_create": ("GET", {COMMITTEE}),
    "repairs:contractor_edit": ("GET", {COMMITTEE}),
    "repairs:electricity": ("GET", BOTH),
    "repairs:meter_create": ("GET", {STEWARD}),
    "repairs:meter": ("GET", BOTH),
    "repairs:meter_edit": ("GET", {STEWARD}),
    "repairs:reading_record": ("GET", {STEWARD}),
    "repairs:reading_correct": ("GET", {STEWARD}),
    "repairs:bill_record": ("GET", {STEWARD}),
    "repairs:flag_explain": ("GET", BOTH),
    "documents:index": ("GET", BOTH),
    "documents:publish": ("POST", {COMMITTEE}),
    "documents:statement_pdf": ("GET", {COMMITTEE}),
    "documents:statement_xlsx": ("GET", {COMMITTEE}),
    "documents:fee_notice": ("GET", BOTH),
    "documents:reminders": ("GET", BOTH),
    "notices_staff:list": ("GET", BOTH),
    "notices_staff:new": ("GET", BOTH),
    "notices_staff:edit": ("GET", BOTH),
    "notices_staff:publish": ("POST", BOTH),
    "notices_staff:correct": ("POST", BOTH),
    "notices_staff:attachment": ("GET", BOTH),
}
# Files the demo has none of: a role that may open them gets 404 for a missing file, never 403.
FILES = {"ledger:voucher", "repairs:photo", "repairs:contract_document", "ledger:ballot_scan"}
PUBLIC_POST = {"logout", "set_language"}


def staff_urls() -> list[tuple[str, str]]:
    return [(name, url) for name, url in walk.urls(walk.load_demo()) if name not in walk.PUBLIC]


def request(client: Client, name: str, url: str):
    method = STAFF[name][0]
    return client.get(url) if method == "GET" else client.post(url)


def is_login_redirect(response) -> bool:
    return response.status_code == 302 and response.url.startswith(reverse(settings.LOGIN_URL))


def test_every_page_is_public_or_has_its_roles_listed():
    names = walk.url_names()
    unlisted = [name for name in names if name not in walk.PUBLIC and name not in STAFF]
    assert not unlisted, f"decide who may open these pages (STAFF here, or walk.PUBLIC): {unlisted}"
    assert not [name for name in STAFF if name not in names], "STAFF lists pages that no longer exist"


def test_anonymous_visitors_are_sent_to_the_login_page(demo_complex, db, client):
    wrong = []
    for name, url in staff_urls():
        response = request(client, name, url)
        if not is_login_redirect(response):
            wrong.append(f"{name} {url}: {response.status_code}")
    assert not wrong, "\n".join(wrong)


def test_anonymous_visitors_may_open_the_public_pages(demo_complex, db, client):
    for name, url in walk.urls(walk.load_demo(), sorted(walk.PUBLIC - PUBLIC_POST)):
        assert client.get(url).status_code == 200, name


def test_outsiders_are_refused_everywhere(demo_complex, db, client):
    client.force_login(User.objects.create_user("outsider", password="outsider-password-1"))
    wrong = []
    for name, url in staff_urls():
        response = request(client, name, url)
        if response.status_code != 403:
            wrong.append(f"{name} {url}: {response.status_code}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("role", [STEWARD, COMMITTEE])
def test_each_role_opens_its_pages_and_is_refused_the_others(demo_complex, db, client, role):
    client.force_login(User.objects.get(username=role))
    wrong = []
    for name, url in staff_urls():
        method, roles = STAFF[name]
        response = request(client, name, url)
        if role not in roles:
            if response.status_code != 403:
                wrong.append(f"{name} {url}: {role} should get 403, got {response.status_code}")
        elif method == "GET":
            allowed = {200, 404} if name in FILES else {200}
            if response.status_code not in allowed and not (
                response.status_code == 302 and not is_login_redirect(response)
            ):
                wrong.append(f"{name} {url}: {role} should open it, got {response.status_code}")
    assert not wrong, "\n".join(wrong)


def test_the_admin_opens_every_staff_page(demo_complex, db, client):
    client.force_login(User.objects.get(username="admin"))
    wrong = []
    for name, url in staff_urls():
        if STAFF[name][0] != "GET":
            continue
        response = client.get(url)
        if response.status_code not in ({200, 302, 404} if name in FILES else {200, 302}) or is_login_redirect(
            response
        ):
            wrong.append(f"{name} {url}: {response.status_code}")
    assert not wrong, "\n".join(wrong)


def test_the_django_admin_is_for_the_admin_only(demo_complex, db, client):
    assert client.get(reverse("admin:index")).status_code == 302
    client.force_login(User.objects.get(username=STEWARD))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and "login" in response.url
    client.force_login(User.objects.get(username="admin"))
    assert client.get(reverse("admin:index")).status_code == 200


def test_the_steward_cannot_approve_and_the_committee_cannot_record(demo_complex, db, client):
    """The two rules that matter most, spelled out: who records money and who approves spending."""
    demo = walk.load_demo()
    client.force_login(User.objects.get(username=STEWARD))
    assert client.post(reverse("ledger:expenditure_approve", args=[demo.pending_expenditure.pk])).status_code == 403
    assert client.get(reverse("ledger:approvals")).status_code == 403
    client.force_login(User.objects.get(username=COMMITTEE))
    assert client.get(reverse("ledger:expenditure_new")).status_code == 403
    assert client.post(reverse("ledger:household", args=[demo.household])).status_code == 403
