"""Hostile values in every field of every form on every page, as each role: no 500, nothing written when the
form is refused, nothing rendered unescaped, no redirect off the site.

The forms are found in the pages themselves (tests/trust/forms.py), so a new form is tested the day it ships.
A role's forms are found once per module (`forms_by_role`); each test then sends one hostile value into every
form the role has, starting from the same demo complex (each test is rolled back), so the work spreads over
the xdist workers. The admin (a superuser) sees every form the steward and the committee see, and their views
run the same code for it: the admin is sent only the forms neither of them has (`ATTACKED_AS`), so each form
meets each value once as every role with its own permissions, and a form only the admin reaches is still
attacked the day it appears.
"""

from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client

from tests.trust import walk
from tests.trust.forms import Field, Form, find_forms

SCRIPT = '<script>alert("xss")</script>'
ATTRIBUTE = '"><img src=x onerror=alert(1)>'
HOSTILE = [
    "",
    "   ",
    "9" * 400,
    "-1",
    "-0.01",
    "0",
    "12.345",
    "abc",
    "1e309",
    "NaN",
    "2024-02-30",
    "\u202e12-2-301\u200d\u200b👩\u200d👩\u200d👧",
    "\x00",
    SCRIPT,
    ATTRIBUTE,
    "'; DROP TABLE ledger_entry; --",
    "1 OR 1=1",
    "//evil.example/",
    "长" * 10_000,
]
# Each value as the visitor types it; the last three are also put in the hidden fields (a forged request).
ATTEMPTS = [(value, False) for value in HOSTILE] + [(SCRIPT, True), ("//evil.example/", True), ("", True)]
ATTEMPT_IDS = [f"{index}{'-hidden' if hidden else ''}" for index, (_, hidden) in enumerate(ATTEMPTS)]
ROLES = ["steward", "committee", "admin", "public"]
# Under xdist (`make test` runs --dist loadgroup) the roles go in two groups of about equal work, each kept on one
# worker: a worker builds the demo once and finds the forms of the roles it needs once each.
GROUP = {"steward": "hostile-steward-public", "public": "hostile-steward-public"}
GROUP |= {"committee": "hostile-committee-admin", "admin": "hostile-committee-admin"}
# role -> the roles whose forms it is not sent again (the superuser's are theirs, by the same views).
ATTACKED_AS = {"admin": ("steward", "committee")}


def in_group(role: str):
    return pytest.param(role, marks=pytest.mark.xdist_group(GROUP[role]))


# Rows that change as a matter of course: sessions, login records.
UNCOUNTED = {"sessions.Session", "axes.AccessAttempt", "axes.AccessLog", "axes.AccessFailureLog"}
# Forms that end the visit rather than change anything.
SKIPPED_ACTIONS = {"/accounts/logout/"}
UNTOUCHED = {"csrfmiddlewaretoken"}
# Pages that are documents, never forms (WeasyPrint takes about 0.3 s a PDF).
DOCUMENT_SUFFIXES = (".pdf", ".json", ".xlsx", ".csv", ".png", ".jpg", ".jpeg", ".py", ".zip")


def row_counts() -> dict[str, int]:
    """Rows in every table, in one query (it runs twice for each of some thousand submissions)."""
    models = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and model._meta.label not in UNCOUNTED
    ]
    quote = connection.ops.quote_name
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(model._meta.db_table)})" for model in models)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        counts = cursor.fetchone()
    return {model._meta.label: count for model, count in zip(models, counts, strict=True)}


def hostile_data(form: Form, value: str, *, hidden: bool = False) -> dict:
    """Every field the visitor fills gets `value`; with `hidden`, the hidden ones too (a forged request)."""
    data = form.defaults()
    for item in form.fields:
        if item.name in UNTOUCHED or item.kind in {"submit", "button"} or (item.kind == "hidden" and not hidden):
            continue
        if item.kind == "file":
            data[item.name] = SimpleUploadedFile(f"{value[:20]}<x>.pdf", SCRIPT.encode(), content_type="text/html")
        else:
            data[item.name] = value
    return data


def forms_on(client: Client) -> list[Form]:
    """The forms on every page the client can open, each page fetched once. Documents (PDF, JSON, spreadsheets,
    images) have no forms and are not fetched: the privacy and permission walks open every one of them."""
    demo = walk.load_demo()
    found: dict[tuple, Form] = {}
    for name, url in walk.urls(demo):
        if name in {"logout", "set_language"} or urlsplit(url).path.endswith(DOCUMENT_SUFFIXES):
            continue
        response = client.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        for form in find_forms(url, response.content.decode()):
            if urlsplit(form.action).path not in SKIPPED_ACTIONS:
                found.setdefault(form.key, form)
    return list(found.values())


def submit(client: Client, form: Form, data: dict):
    if form.method == "post":
        return client.post(form.action, data)
    return client.get(form.action, {k: v for k, v in data.items() if not hasattr(v, "read")})


def attack(client: Client, forms: list[Form], attempts: list[tuple[str, bool]]) -> list[str]:
    problems = []
    counts = row_counts()  # the rows before the next submission (after a refusal, those after the last one)
    for form in forms:
        for value, hidden in attempts:
            before = counts
            try:
                response = submit(client, form, hostile_data(form, value, hidden=hidden))
            except Exception as error:  # the test client re-raises what would have been a 500
                problems.append(f"{form.method.upper()} {form.action} {value[:30]!r}: {type(error).__name__}: {error}")
                counts = row_counts()
                continue
            where = f"{form.method.upper()} {form.action} (from {form.page}) with {value[:30]!r}"
            if response.status_code >= 500:
                problems.append(f"{where}: {response.status_code}")
            body = response.content.decode(errors="replace")
            if SCRIPT in body or ATTRIBUTE in body:
                problems.append(f"{where}: the value is rendered unescaped")
            if response.status_code in (301, 302, 303):
                location = urlsplit(response["Location"])
                if location.netloc or response["Location"].startswith("//"):
                    problems.append(f"{where}: redirects off the site to {response['Location']}")
                followed = client.get(response["Location"])
                text = followed.content.decode(errors="replace")
                if followed.status_code >= 500 or SCRIPT in text or ATTRIBUTE in text:
                    problems.append(f"{where}: the page it leads to fails or shows the value unescaped")
                counts = row_counts()
                if form.method == "get" and counts != before:
                    problems.append(f"{where}: a GET wrote to the database")
                continue
            counts = row_counts()
            if counts != before:
                changed = {k: (before[k], counts[k]) for k in before if before[k] != counts[k]}
                problems.append(f"{where}: refused ({response.status_code}) but wrote {changed}")
    return problems


def client_for(role: str) -> Client:
    client = Client()
    if role != "public":
        client.force_login(User.objects.get(username=role))
        client.cookies["django_language"] = "en"
    return client


@pytest.fixture(scope="module")
def forms_by_role(demo_complex, django_db_blocker) -> dict[str, list[Form]]:
    """Each role's forms, found in the demo's pages the first time a test asks, then kept for the module."""

    class Found(dict):
        def __missing__(self, role: str) -> list[Form]:
            with django_db_blocker.unblock():
                self[role] = forms_on(client_for(role))
            return self[role]

    return Found()


@pytest.mark.parametrize("role", [in_group(role) for role in ("steward", "committee", "admin")])
def test_every_role_has_its_forms_and_each_post_form_a_csrf_token(forms_by_role, db, role):
    forms = forms_by_role[role]
    assert len(forms) >= 10, [form.action for form in forms]
    unprotected = [f.action for f in forms if f.method == "post" and "csrfmiddlewaretoken" not in f.defaults()]
    assert not unprotected, f"POST forms without a CSRF token: {unprotected}"


@pytest.mark.xdist_group(GROUP["public"])
def test_the_public_forms_are_found(forms_by_role, db):
    assert {urlsplit(form.action).path for form in forms_by_role["public"]} >= {
        "/accounts/login/",
        "/i18n/setlang/",
        "/verify/receipt/",  # the typed check code (GET) and the receipt number and amount (POST)
        "/verify/household/",
        "/verify/fingerprint/",
        "/faults/report/",  # a resident's fault report (multipart, with photos)
    }


def forms_to_attack(forms_by_role, role: str) -> list[Form]:
    """The role's forms, less those of the roles it stands behind (ATTACKED_AS)."""
    others = {form.key for other in ATTACKED_AS.get(role, ()) for form in forms_by_role[other]}
    return [form for form in forms_by_role[role] if form.key not in others]


@pytest.mark.xdist_group(GROUP["admin"])
def test_the_admin_sees_what_the_steward_and_the_committee_see(forms_by_role, db):
    """Why the admin's walk is short: the superuser's forms are the staff's, each attacked as its own role."""
    staff = {form.key for role in ATTACKED_AS["admin"] for form in forms_by_role[role]}
    assert {form.key for form in forms_by_role["admin"]} >= staff
    assert forms_to_attack(forms_by_role, "steward") == forms_by_role["steward"]


@pytest.mark.parametrize("attempt", ATTEMPTS, ids=ATTEMPT_IDS)
@pytest.mark.parametrize("role", [in_group(role) for role in ROLES])
def test_hostile_values_in_every_form(forms_by_role, db, role, attempt):
    problems = attack(client_for(role), forms_to_attack(forms_by_role, role), [attempt])
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:60])


@pytest.mark.urls("tests.trust.careless_views")
@pytest.mark.parametrize(
    ("method", "action", "field_name", "attempt", "problem"),
    [
        (
            "post",
            "/careless/writes-then-refuses/",
            "amount",
            ("-1", False),
            "refused (200) but wrote {'auth.Group': (",
        ),
        ("get", "/careless/writes-on-get/", "q", ("abc", False), "a GET wrote to the database"),
        ("get", "/careless/fails/", "q", ("NaN", False), "ValueError: a hostile value the page did not expect"),
        ("get", "/careless/echoes/", "q", (SCRIPT, False), "the value is rendered unescaped"),
        ("get", "/careless/sends-away/", "next", ("//evil.example/", False), "redirects off the site"),
    ],
)
def test_the_walk_notices_each_kind_of_mistake(db, method, action, field_name, attempt, problem):
    """Without these, a walk that found nothing wrong could be a walk that cannot find anything."""
    form = Form(page="/careless/", action=action, method=method, multipart=False, fields=[Field(field_name, "text")])
    problems = attack(Client(raise_request_exception=True), [form], [attempt])
    assert len(problems) == 1 and problem in problems[0], problems
