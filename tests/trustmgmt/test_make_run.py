"""`make run` serves the demo with PUBLIC_BASE_URL at the address it serves on, so a receipt's QR code opens there
(an address set in the environment still wins)."""

import os
import shutil
import subprocess

import pytest
from django.conf import settings

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def public_base_url(environment: dict, **variables) -> str:
    """The PUBLIC_BASE_URL the runserver line of `make run` would start with (the line is run with `env`)."""
    plan = subprocess.run(
        ["make", "-n", "run", *(f"{name}={value}" for name, value in variables.items())],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(line for line in plan.splitlines() if " runserver " in line)
    command = line.split(" .venv/bin/python ", 1)[0] + " env"
    shown = subprocess.run(["sh", "-c", command], env=environment, capture_output=True, text=True, check=True).stdout
    return next(entry.split("=", 1)[1] for entry in shown.splitlines() if entry.startswith("PUBLIC_BASE_URL="))


def test_make_run_sets_the_address_it_serves_on():
    environment = {key: value for key, value in os.environ.items() if key != "PUBLIC_BASE_URL"}
    assert public_base_url(environment, HOST="127.0.0.1", PORT="8123") == "http://127.0.0.1:8123"
    assert public_base_url(environment) == "http://127.0.0.1:8000"


def test_an_address_from_the_environment_wins():
    environment = {**os.environ, "PUBLIC_BASE_URL": "https://wuye.example.cn"}
    assert public_base_url(environment, PORT="8123") == "https://wuye.example.cn"
