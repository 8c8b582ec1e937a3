"""Under load: two desks record payments while fifty residents read the disclosure page.

gunicorn (trustmgmt/gunicorn_conf.py, production settings) on PostgreSQL, loopback only, bounded in time
(LOAD_SECONDS, default 30). The residents are wrk with 50 connections on this month's disclosure page,
which changes with every payment; each desk is a thread that logs in through the form and, household after
household, opens the household page and records a payment of 5.00 yuan (every tenth one sent twice, as a
double tap would). Afterwards: no error on either side, every receipt the desks were given is in the
ledger exactly once, the fee year's receipt numbers run 1..N without a gap, and verify_ledger passes.

Needs wrk (apt-get install wrk) and PostgreSQL; builds a scratch database, LOAD_DATABASE (default
trustmgmt_load), and drops it afterwards. `make bench` runs it; the figures go to README.md, "Performance",
"Under load".
"""

import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

import pytest

ROOT = Path(__file__).resolve().parents[2]
PORT = 18104
SECONDS = int(os.environ.get("LOAD_SECONDS", "30"))
RESIDENTS = 50
DESKS = ("steward", "deskmate")
PASSWORD = "demo-steward-2024"
INSTALMENT = "5.00"
PG = os.environ.get("LOAD_POSTGRES", "postgres://postgres@127.0.0.1:5432")
DATABASE = os.environ.get("LOAD_DATABASE", "trustmgmt_load")

pytestmark = pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed (apt-get install wrk)")


def environment(tmp_path: Path) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO")},
        "DJANGO_SETTINGS_MODULE": "trustmgmt.settings",
        "DATABASE_URL": f"{PG}/{DATABASE}",
        "SECRET_KEY": "load-test-" + "k" * 50,
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "LOG_LEVEL": "WARNING",
        "GUNICORN_BIND": f"127.0.0.1:{PORT}",
        "GUNICORN_WORKERS": "3",
        "GUNICORN_THREADS": "4",
        "GUNICORN_ACCESS_LOG": str(tmp_path / "access.log"),
    }


def manage(env: dict, *args: str, timeout: int = 900) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def scratch_database(action: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG.replace('postgres://', 'postgresql://')}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        if action == "create":
            connection.execute(f'CREATE DATABASE "{DATABASE}"')


PREPARE = """
import json
from django.contrib.auth.models import Group, User
from ledger import figures
from ledger.models import FeePlan
deskmate = User.objects.create_user("deskmate", password="{password}")
deskmate.groups.add(Group.objects.get(name="steward"))
plan = FeePlan.objects.order_by("-year").first()
dues = figures.dues_with_paid(plan).select_related("household")
dues = dues.order_by("household__building", "household__unit", "household__room")
owing = [[due.household.label, str(due.total - due.paid)] for due in dues if due.total - due.paid > 0]
print(json.dumps({{"year": plan.year, "owing": owing, "payments": plan.payments.count()}}))
"""

CHECK = """
import json
from ledger.models import FeePlan, Payment
plan = FeePlan.objects.get(year={year})
payments = Payment.objects.filter(fee_plan=plan).select_related("fee_plan")
numbers = sorted(payment.receipt_number for payment in payments)
print(json.dumps({{"numbers": numbers, "receipts": sorted(payment.receipt_no for payment in payments)}}))
"""


@dataclass
class DeskLog:
    receipts: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    double_taps: int = 0


class Browser:
    """One keep-alive connection that keeps its cookies (Secure ones too: this is loopback, not the Internet)."""

    def __init__(self):
        self.connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, dict, bytes]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"http://127.0.0.1:{PORT}"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        content = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, {k.lower(): v for k, v in response.getheaders()}, content


def desk(username: str, households: list[list[str]], year: int, deadline: float, log: DeskLog) -> None:
    browser = Browser()
    try:
        browser.request("GET", "/accounts/login/")
        status, headers, _ = browser.request(
            "POST",
            "/accounts/login/",
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": browser.cookies["csrftoken"]},
        )
        assert status == 302 and "sessionid" in browser.cookies, f"{username} could not log in: {status}"
    except Exception as error:
        log.errors.append(f"login: {error!r}")
        return
    owing = {label: float(amount) for label, amount in households}
    count = 0
    while time.monotonic() < deadline and owing:
        for label in list(owing):
            if time.monotonic() >= deadline:
                break
            amount = min(float(INSTALMENT), owing[label])
            try:
                status, _, _ = browser.request("GET", f"/ledger/households/{label}/?year={year}")
                if status != 200:
                    log.errors.append(f"GET {label}: {status}")
                    continue
                form = {
                    "csrfmiddlewaretoken": browser.cookies["csrftoken"],
                    "fee_year": str(year),
                    "request_key": str(uuid.uuid4()),
                    "amount": f"{amount:.2f}",
                    "method": "cash",
                    "paid_on": date.today().isoformat(),
                }
                started = time.perf_counter()
                status, headers, body = browser.request("POST", f"/ledger/households/{label}/", form)
                log.latencies.append(time.perf_counter() - started)
                match = re.search(r"/ledger/payments/(\d{4}-\d+)/$", headers.get("location", ""))
                if status != 302 or not match:
                    log.errors.append(f"POST {label}: {status} {body[:200]!r}")
                    continue
                log.receipts.append(match.group(1))
                count += 1
                if count % 10 == 0:  # the same form again: it must lead to the same receipt, not a second one
                    status, headers, _ = browser.request("POST", f"/ledger/households/{label}/", form)
                    log.double_taps += 1
                    if status != 302 or not headers.get("location", "").endswith(f"/{match.group(1)}/"):
                        log.errors.append(f"double tap on {label} gave {status} {headers.get('location')}")
            except Exception as error:
                log.errors.append(f"{label}: {error!r}")
                browser = Browser() if "sessionid" not in browser.cookies else _reconnect(browser)
                continue
            owing[label] -= amount
            if owing[label] < 0.005:
                del owing[label]


def _reconnect(browser: Browser) -> Browser:
    fresh = Browser()
    fresh.cookies = browser.cookies
    return fresh


def wait_for_port(port: int, seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.3)
    raise AssertionError(f"nothing listens on {port}")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def test_two_desks_and_fifty_residents(tmp_path):
    env = environment(tmp_path)
    scratch_database("create")
    server = None
    try:
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "collectstatic", "--noinput", "-v0")
        manage(env, "seed_demo", "--households", "240", "--years", "2")
        prepared = json.loads(manage(env, "shell", "-c", PREPARE.format(password=PASSWORD)).strip().splitlines()[-1])
        year, owing, payments_before = prepared["year"], prepared["owing"], prepared["payments"]
        assert len(owing) >= 20, "the demo should leave households owing"
        month = date.today().strftime("%Y/%m")

        server = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "-c", "python:trustmgmt.gunicorn_conf", "trustmgmt.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=open(tmp_path / "gunicorn.err", "w"),  # noqa: SIM115 (closed with the process)
            start_new_session=True,
        )
        wait_for_port(PORT)
        assert Browser().request("GET", f"/disclosure/{month}/")[0] == 200  # warm, and it works

        deadline = time.monotonic() + SECONDS
        logs = {name: DeskLog() for name in DESKS}
        desks = [
            threading.Thread(target=desk, args=(name, owing[index :: len(DESKS)], year, deadline, logs[name]))
            for index, name in enumerate(DESKS)
        ]
        residents = subprocess.Popen(
            [
                "wrk",
                "-t2",
                f"-c{RESIDENTS}",
                f"-d{SECONDS}s",
                "--timeout",
                "10s",
                "-s",
                str(Path(__file__).with_name("load_residents.lua")),
                f"http://127.0.0.1:{PORT}/disclosure/{month}/",
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        for thread in desks:
            thread.start()
        wrk_output, _ = residents.communicate(timeout=SECONDS + 60)
        for thread in desks:
            thread.join(timeout=60)
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)

    try:
        readers = json.loads(wrk_output.split("WRK ", 1)[1])
        check = json.loads(manage(env, "shell", "-c", CHECK.format(year=year)).strip().splitlines()[-1])
        verified = manage(env, "verify_ledger")
        access_log = (tmp_path / "access.log").read_text()
    finally:
        scratch_database("drop")

    receipts = [receipt for log in logs.values() for receipt in log.receipts]
    latencies = [seconds for log in logs.values() for seconds in log.latencies]
    errors = [error for log in logs.values() for error in log.errors]
    figures = {
        "seconds": SECONDS,
        "residents": {
            "requests_per_second": round(readers["requests"] / readers["duration_s"], 1),
            "p50_ms": readers["p50_ms"],
            "p95_ms": readers["p95_ms"],
            "p99_ms": readers["p99_ms"],
            "errors": readers["socket_errors"] + readers["status_errors"] + readers["timeouts"],
        },
        "desks": {
            "payments": len(receipts),
            "payments_per_second": round(len(receipts) / SECONDS, 1),
            "p50_ms": round(statistics.median(latencies) * 1000, 1) if latencies else None,
            "p95_ms": round(percentile(latencies, 0.95) * 1000, 1) if latencies else None,
            "double_taps": sum(log.double_taps for log in logs.values()),
            "errors": len(errors),
        },
    }
    print("\nUNDER LOAD", json.dumps(figures, ensure_ascii=False))

    assert not errors, errors[:10]
    assert figures["residents"]["errors"] == 0, readers
    assert readers["requests"] > 0 and len(receipts) > 0
    assert len(set(receipts)) == len(receipts), "a receipt number was given twice"
    assert set(receipts) <= set(check["receipts"]), "a receipt the desk was given is not in the ledger"
    numbers = check["numbers"]
    assert numbers == list(range(1, len(numbers) + 1)), "the fee year's receipt numbers have a gap or a duplicate"
    assert len(numbers) == payments_before + len(receipts), "a payment was recorded that no desk was told of"
    assert verified.startswith("Ledger intact:"), verified
    assert "?" not in access_log, "the access log keeps query strings"
