"""The admin shows budgets and their lines and changes nothing, even for a superuser."""

from django.urls import reverse

from ledger.models import Budget, BudgetLine


def test_an_approved_budget_is_read_only_in_the_admin(signed_in, approved, admin_user):
    client = signed_in(admin_user)
    lines = list(BudgetLine.objects.values_list("pool", "label", "amount"))

    assert client.get(reverse("admin:ledger_budget_changelist")).status_code == 200
    assert client.get(reverse("admin:ledger_budget_add")).status_code == 403
    change_url = reverse("admin:ledger_budget_change", args=[approved.pk])
    page = client.get(change_url)
    assert page.status_code == 200 and 'type="submit"' not in page.content.decode().split('id="content-main"')[1]
    assert "1,100.00" in page.content.decode() or "1100.00" in page.content.decode()
    assert client.post(change_url, {"notes": "changed"}).status_code == 403
    delete_url = reverse("admin:ledger_budget_delete", args=[approved.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert Budget.objects.get().notes == ""
    assert list(BudgetLine.objects.values_list("pool", "label", "amount")) == lines
