"""Login protection: lock-out after repeated failures, session expiry, password rules, CSRF, CSP."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from tests.trustmgmt.settings_process import PRODUCTION, setting

pytestmark = pytest.mark.django_db

WRONG = "not-the-password"


def attempt(client: Client, username: str, password: str, ip: str = "10.0.0.7"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip, HTTP_USER_AGENT="desk"
    )


def test_a_wrong_password_shows_the_form_again(client, steward):
    response = attempt(client, "steward", WRONG)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_it_locks_out_after_five_failures(client, steward):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "steward", WRONG).status_code == 200
    response = attempt(client, "steward", WRONG)
    assert response.status_code == 429
    # now even the right password is refused, with the friendly page in Chinese
    response = attempt(client, "steward", "steward-password-1")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    page = response.content.decode()
    assert "暂时无法登录" in page and "15 分钟" in page
    assert WRONG not in page


def test_the_lockout_page_reads_in_english_when_chosen(client, steward):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = attempt(client, "steward", WRONG)
    assert response.status_code == 429
    assert "Please wait 15 minutes" in response.content.decode()


def test_the_lockout_is_per_username_and_address(client, steward, committee):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "steward", WRONG)
    # the same person from another address, and another person from the same address, may still log in
    assert attempt(Client(), "steward", "steward-password-1", ip="10.0.0.8").status_code == 302
    assert attempt(Client(), "committee", "committee-password-1").status_code == 302


def test_a_success_resets_the_count(client, steward):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "steward", WRONG)
    assert attempt(client, "steward", "steward-password-1").status_code == 302
    assert not AccessAttempt.objects.filter(username="steward", failures_since_start__gt=0).exists()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(Client(), "steward", WRONG).status_code == 200


def test_the_test_clients_login_still_works(client, steward):
    assert client.login(username="steward", password="steward-password-1")


def test_sessions_expire(client, steward):
    assert attempt(client, "steward", "steward-password-1").status_code == 302
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert client.session.get_expire_at_browser_close()
    assert 0 < client.session.get_expiry_age() <= 8 * 3600
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] and not cookie["max-age"]  # a browser-session cookie


@pytest.mark.parametrize("password", ["short1", "password123", "1234567890123", "steward2024x"])
def test_weak_passwords_are_refused(steward, password):
    with pytest.raises(ValidationError):
        validate_password(password, user=steward)


def test_a_strong_password_is_accepted(steward):
    validate_password("晚饭后去河边散步-2024", user=steward)


def test_posting_without_the_csrf_token_is_refused(steward):
    client = Client(enforce_csrf_checks=True)
    assert client.post(reverse("login"), {"username": "steward", "password": "steward-password-1"}).status_code == 403
    client.force_login(steward)
    assert client.post(reverse("logout")).status_code == 403


def test_every_page_carries_a_strict_content_security_policy(client):
    policy = client.get(reverse("login")).headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'" and directives["form-action"] == "'self'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_pages_refuse_framing_and_sniffing(client):
    response = client.get(reverse("login"))
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("username", ["x" * 300, "长" * 1000])
def test_an_absurd_username_is_just_a_failed_login(client, username):
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        response = attempt(client, username, WRONG)
    assert response.status_code == 429
    assert AccessAttempt.objects.get().username == username[:150]


def test_production_cookies_are_secure():
    for name in (
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SESSION_EXPIRE_AT_BROWSER_CLOSE",
    ):
        assert setting(name, **PRODUCTION) == "True", name
