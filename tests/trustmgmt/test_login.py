"""After logging in, the steward lands on the desk and the committee on its dashboard; a safe `next` wins."""

import pytest
from django.urls import reverse

LOGIN = "/accounts/login/"


def log_in(client, user, **query):
    url = LOGIN + ("?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else "")
    return client.post(url, {"username": user.username, "password": f"{user.username}-password-1"})


def test_the_steward_lands_on_the_desk(client, steward):
    assert log_in(client, steward)["Location"] == reverse("ledger:desk")


def test_the_committee_lands_on_its_dashboard(client, committee):
    assert log_in(client, committee)["Location"] == reverse("ledger:dashboard")


def test_someone_without_a_role_lands_on_the_home_page(client, outsider):
    assert log_in(client, outsider)["Location"] == reverse("home")


def test_a_safe_next_is_honoured(client, committee):
    assert log_in(client, committee, next="/ledger/budgets/")["Location"] == "/ledger/budgets/"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "http:/evil.example"])
def test_a_next_elsewhere_is_ignored(client, steward, target):
    assert log_in(client, steward, next=target)["Location"] == reverse("ledger:desk")


def test_the_home_pages_login_link_sends_no_next_back_to_it(client, db):
    page = client.get("/").content.decode()
    assert f'href="{LOGIN}"' in page
    assert f'href="{LOGIN}?next=/disclosure/"' in client.get("/disclosure/").content.decode()
