"""The benchmarks' one timing loop and query count (tests/perf/harness.py), checked quickly: the benchmarks
themselves (bench_*.py, `make bench`) are too slow for `make test`."""

import time

import pytest

from ledger.models import Household
from tests.perf.harness import queries, timed


def test_timed_warms_up_once_then_times_each_run():
    calls, cleared = [], []
    figures = timed(lambda: calls.append(len(cleared)), 5, before=lambda: cleared.append(True))
    assert calls == [1, 2, 3, 4, 5, 6]  # the warm-up, then five timed runs, each after `before`
    assert figures["runs"] == 5
    assert set(figures) == {"median_ms", "cpu_ms", "runs"}
    assert figures["median_ms"] >= 0 and figures["cpu_ms"] >= 0


def test_timed_without_a_warm_up():
    calls = []
    timed(lambda: calls.append(1), 3, warm_up=False)
    assert len(calls) == 3


def test_timed_takes_the_median():
    pauses = iter([0, 0.03, 0.0, 0.0, 0.03, 0.0])  # warm-up, then five runs: three short, two long
    figures = timed(lambda: time.sleep(next(pauses)), 5)
    assert figures["median_ms"] < 25


@pytest.mark.django_db
def test_queries_counts_the_sql_of_one_call():
    assert queries(lambda: None) == 0
    assert queries(lambda: list(Household.objects.all())) == 1
