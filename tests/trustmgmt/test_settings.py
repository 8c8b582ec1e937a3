"""Settings are read from the environment, fail loudly on bad values, and pass check --deploy."""

import os
import subprocess
import sys

import pytest

from tests.trustmgmt.settings_process import PRODUCTION, ROOT, run, setting


def test_sqlite_is_the_default_database():
    assert setting("DATABASES['default']['ENGINE']", DEBUG="1") == "django.db.backends.sqlite3"


def test_database_url_selects_postgresql():
    url = "postgres://trust:secret@db.example:5433/trustmgmt"
    assert setting("DATABASES['default']['ENGINE']", DEBUG="1", DATABASE_URL=url) == "django.db.backends.postgresql"
    assert setting("DATABASES['default']['PORT']", DEBUG="1", DATABASE_URL=url) == "5433"


def test_production_refuses_to_start_without_a_secret_key():
    result = run("import django; django.setup()", DEBUG="0")
    assert result.returncode != 0 and "Set the environment variable SECRET_KEY" in result.stderr


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "maybe"}, "DEBUG must be one of"),
        ({"DEBUG": "1", "EXPENDITURE_APPROVAL_THRESHOLD": "lots"}, "must be an amount"),
        ({"DEBUG": "1", "EXPENDITURE_APPROVAL_THRESHOLD": "-5"}, "must be an amount"),
        ({"DEBUG": "1", "SESSION_COOKIE_AGE": "a day"}, "must be a whole number"),
        ({"DEBUG": "1", "INSPECTION_ANSWER_DAYS": "a week"}, "must be a whole number"),
        ({"DEBUG": "1", "INSPECTION_ANSWER_DAYS": "0"}, "INSPECTION_ANSWER_DAYS must be at least 1"),
        ({"DEBUG": "1", "INSPECTION_REQUESTS_PER_HOUR": "-1"}, "INSPECTION_REQUESTS_PER_HOUR must be at least 1"),
    ],
)
def test_bad_values_stop_the_start_with_a_message(env, message):
    result = run("import django; django.setup()", **env)
    assert result.returncode != 0 and message in result.stderr


def test_settings_follow_the_environment():
    assert setting("COMPLEX_NAME", DEBUG="1", COMPLEX_NAME="紫薇小区") == "紫薇小区"
    assert setting("EXPENDITURE_APPROVAL_THRESHOLD", DEBUG="1", EXPENDITURE_APPROVAL_THRESHOLD="800") == "800.00"
    assert setting("ALLOWED_HOSTS", **PRODUCTION) == "['wuye.example.cn']"
    assert setting("LANGUAGE_CODE", DEBUG="1") == "zh-hans"
    assert setting("INSPECTION_ANSWER_DAYS", DEBUG="1") == "7"
    assert setting("INSPECTION_ANSWER_DAYS", DEBUG="1", INSPECTION_ANSWER_DAYS="10") == "10"
    assert setting("TIME_ZONE", DEBUG="1") == "Asia/Shanghai"


def test_production_mode_passes_check_deploy_without_warnings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={
            **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
            **PRODUCTION,
            "DJANGO_SETTINGS_MODULE": "trustmgmt.settings",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
