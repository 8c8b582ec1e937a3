"""With REDIS_URL, the throttles hold across workers: failures counted in one process count in another."""

import os
import subprocess
import sys
import textwrap
from datetime import date

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache, caches
from django.test import Client

from ledger.models import LookupLock
from tests.builders import pay

REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/9"
ADDRESS = "10.1.1.1"

# A second worker: its own process and cache connection, the same code the views call.
OTHER_WORKER = textwrap.dedent(
    f"""
    import django
    django.setup()
    from django.test import RequestFactory
    from ledger import services
    from trustmgmt.disclosure import receipt_check

    request = RequestFactory().post("/verify/household/", REMOTE_ADDR="{ADDRESS}")
    for _ in range(3):
        receipt_check.count_failure("household", request)
    for _ in range(4):
        assert services.lookup_failure_record(flat="12-2-301") is False
    """
)


@pytest.fixture
def redis_cache(settings):
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        pytest.skip(f"Redis is not reachable at {REDIS_URL}: {error}")
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    assert type(caches["default"]).__name__ == "RedisCache"
    cache.clear()
    yield
    cache.clear()


def other_worker() -> None:
    environment = {**os.environ, "REDIS_URL": REDIS_URL, "DJANGO_SETTINGS_MODULE": "tests.settings"}
    run = subprocess.run(
        [sys.executable, "-c", OTHER_WORKER],
        env=environment,
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 0, run.stderr


def look_up(client, flat, digits):
    return client.post("/verify/household/", {"flat": flat, "phone_last4": digits})


def test_failures_in_one_worker_count_in_another(redis_cache, household, plan, steward, settings):
    pay(household, plan, steward, "50.00", paid_on=date(2024, 3, 5))
    settings.VERIFY_FAILURES_PER_HOUR = 4
    other_worker()
    # This address made three failures in the other worker: one more here reaches the limit.
    here = Client(REMOTE_ADDR=ADDRESS)
    assert look_up(here, "5-5-505", "1234").status_code == 200
    assert look_up(here, "12-2-301", "0001").status_code == 429
    # The flat had four wrong tries in the other worker: the fifth, from anywhere, locks it.
    assert look_up(Client(REMOTE_ADDR="10.2.2.2"), "12-2-301", "9999").status_code == 200
    assert LookupLock.objects.filter(flat="12-2-301").exists()
    assert look_up(Client(REMOTE_ADDR="10.3.3.3"), "12-2-301", "0001").status_code == 429
