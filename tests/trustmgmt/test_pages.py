"""The base layout, the language, the public area and the login wall."""

import re

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.urls import reverse

from trustmgmt.base.roles import ROLE_PERMISSIONS


def test_the_home_page_is_public_and_chinese(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "zh-hans"
    html = response.content.decode()
    assert '<html lang="zh-CN">' in html
    assert "信托制物业管理" in html
    assert "游河小区" in html


def test_a_browser_asking_for_english_still_gets_chinese(client, db):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.headers["Content-Language"] == "zh-hans"


def test_the_language_switch_gives_english_and_back(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302 and response.url == "/"
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html and "Trust-model property management" in html
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert "信托制物业管理" in client.get("/").content.decode()


def test_an_unknown_language_cookie_falls_back_to_chinese(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert client.get("/").headers["Content-Language"] == "zh-hans"


def test_pages_load_nothing_from_other_sites(client, db):
    html = client.get("/").content.decode()
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert "<script>" not in html and " on" + "click=" not in html


def test_the_stylesheet_is_served(client, db):
    response = client.get("/static/css/app.css")
    assert response.status_code == 200


def test_the_login_page_is_in_chinese(client, db):
    html = client.get(reverse("login")).content.decode()
    assert "工作人员登录" in html and "csrfmiddlewaretoken" in html


def test_staff_can_log_in_and_out(client, steward):
    response = client.post(reverse("login"), {"username": "steward", "password": "steward-password-1"})
    assert response.status_code == 302
    assert "退出" in client.get("/").content.decode()
    client.post(reverse("logout"))
    assert "工作人员登录" in client.get("/").content.decode()


def test_a_wrong_password_is_refused(client, steward):
    response = client.post(reverse("login"), {"username": "steward", "password": "wrong"})
    assert response.status_code == 200 and "_auth_user_id" not in client.session


def test_the_admin_needs_a_staff_login(client, steward, admin_user):
    assert client.get("/admin/").status_code == 302
    client.force_login(steward)
    assert client.get("/admin/").status_code == 302  # not staff: sent to the admin login
    client.force_login(admin_user)
    assert client.get("/admin/").status_code == 200


def test_an_unknown_page_is_a_friendly_404(client, db):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "找不到" in response.content.decode()


@pytest.mark.parametrize("role", ["steward", "committee"])
def test_roles_exist_with_their_permissions(db, role):
    group = Group.objects.get(name=role)
    granted = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}
    wanted = set(ROLE_PERMISSIONS[role])
    assert granted == wanted, f"missing permissions: {wanted - granted}"


def test_only_the_committee_approves_and_only_the_steward_takes_payments(steward, committee):
    assert steward.has_perm("ledger.add_payment") and not steward.has_perm("ledger.approve_expenditure")
    assert committee.has_perm("ledger.approve_expenditure") and not committee.has_perm("ledger.add_payment")
