"""The committee's budget pages: propose, edit a draft, approve; an approved one is read-only."""

from decimal import Decimal

from ledger.budgets import services as budgets
from ledger.models import Budget, BudgetLine, BudgetStatus

D = Decimal


def test_the_list_offers_to_propose_a_budget(signed_in, history, committee):
    html = signed_in(committee).get("/ledger/budgets/").content.decode()

    assert "Fee year 2025" in html
    assert 'action="/ledger/budgets/2025/propose/"' in html


def test_proposing_opens_the_draft(signed_in, history, steward):
    client = signed_in(steward)

    response = client.post("/ledger/budgets/2025/propose/")

    assert response.status_code == 302 and response.url == "/ledger/budgets/2025/v1/"
    html = client.get(response.url).content.decode()
    assert "Draft" in html and "1,100.00" in html and "275.00" in html
    assert 'action="/ledger/budgets/2025/v1/lines/"' in html


def test_proposing_twice_says_why_and_writes_nothing(signed_in, history, steward):
    client = signed_in(steward)
    client.post("/ledger/budgets/2025/propose/")

    response = client.post("/ledger/budgets/2025/propose/", follow=True)

    assert "There is already a draft budget for 2025" in response.content.decode()
    assert Budget.objects.count() == 1


def test_a_line_is_added_changed_and_removed_through_the_page(signed_in, history, steward):
    client = signed_in(steward)
    client.post("/ledger/budgets/2025/propose/")
    url = "/ledger/budgets/2025/v1/lines/"

    response = client.post(
        url, {"pool": "maintenance", "label": "承揽方巡查", "amount": "2,400", "payee": "", "basis": ""}
    )
    assert response.status_code == 302
    line = BudgetLine.objects.get(label="承揽方巡查")
    assert line.amount == D("2400.00")

    prefix = f"line{line.pk}"
    client.post(
        f"{url}{line.pk}/",
        {f"{prefix}-pool": "maintenance", f"{prefix}-label": "巡查", f"{prefix}-amount": "2500", f"{prefix}-payee": ""},
    )
    line.refresh_from_db()
    assert (line.label, line.amount) == ("巡查", D("2500.00"))

    client.post(f"{url}{line.pk}/", {"remove": "1"})
    assert not BudgetLine.objects.filter(pk=line.pk).exists()


def test_a_bad_line_is_shown_with_its_message(signed_in, history, steward):
    client = signed_in(steward)
    client.post("/ledger/budgets/2025/propose/")
    count = BudgetLine.objects.count()

    response = client.post("/ledger/budgets/2025/v1/lines/", {"pool": "garbage", "label": "Bins", "amount": "0"})

    assert response.status_code == 400
    assert "Enter an amount in yuan, more than zero" in response.content.decode()
    assert BudgetLine.objects.count() == count


def test_a_bad_rate_is_shown_with_its_message(signed_in, history, steward):
    client = signed_in(steward)
    client.post("/ledger/budgets/2025/propose/")

    response = client.post(
        "/ledger/budgets/2025/v1/settings/", {"expected_rate_occupied": "85", "expected_rate_vacant": "0.8"}
    )

    assert response.status_code == 400
    assert "Enter the rate as a fraction from 0 to 1" in response.content.decode()
    assert Budget.objects.get().expected_rate_occupied == D("0.7500")


def test_the_committee_approves_and_the_page_turns_read_only(signed_in, history, steward, committee):
    budgets.budget_propose(fee_plan=history.plans[2025], by=steward)
    client = signed_in(committee)

    response = client.post("/ledger/budgets/2025/v1/approve/")

    assert response.status_code == 302
    assert Budget.objects.get().status == BudgetStatus.APPROVED
    html = client.get("/ledger/budgets/2025/v1/").content.decode()
    assert "In force" in html and "It cannot change" in html
    assert "/lines/" not in html and "/approve/" not in html


def test_a_steward_cannot_approve(signed_in, history, steward):
    budgets.budget_propose(fee_plan=history.plans[2025], by=steward)

    assert signed_in(steward).post("/ledger/budgets/2025/v1/approve/").status_code == 403
    assert Budget.objects.get().status == BudgetStatus.DRAFT


def test_posting_to_an_approved_budget_changes_nothing(signed_in, approved, committee):
    client = signed_in(committee)
    line = approved.lines.first()
    before = list(BudgetLine.objects.values_list("pool", "label", "amount"))

    client.post("/ledger/budgets/2025/v1/lines/", {"pool": "garbage", "label": "x", "amount": "1"})
    client.post(f"/ledger/budgets/2025/v1/lines/{line.pk}/", {"remove": "1"})
    client.post("/ledger/budgets/2025/v1/settings/", {"expected_rate_occupied": "1", "expected_rate_vacant": "1"})
    response = client.post("/ledger/budgets/2025/v1/discard/", follow=True)

    assert "This budget is approved and cannot change" in response.content.decode()
    assert list(BudgetLine.objects.values_list("pool", "label", "amount")) == before
    assert Budget.objects.get().expected_rate_occupied == D("0.7500")


def test_a_new_version_supersedes_the_old_one_in_the_list(signed_in, approved, committee):
    client = signed_in(committee)
    response = client.post("/ledger/budgets/2025/new-version/")
    assert response.url == "/ledger/budgets/2025/v2/"
    client.post("/ledger/budgets/2025/v2/approve/")

    html = client.get("/ledger/budgets/").content.decode()

    assert "Superseded" in html and "In force" in html
    assert "Superseded" in client.get("/ledger/budgets/2025/v1/").content.decode()


def test_the_pages_take_a_fixed_number_of_queries(signed_in, approved, committee, django_assert_max_num_queries):
    client = signed_in(committee)
    with django_assert_max_num_queries(14):
        assert client.get("/ledger/budgets/2025/v1/").status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get("/ledger/budgets/").status_code == 200
