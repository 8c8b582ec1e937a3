"""Set-up that coverage need not watch: a demo complex built for a walk or a browser test, a database migrated back
and forth. What it runs is measured by the tests made for it (tests/trustmgmt/test_seed_demo.py, the services'
tests); traced here it only costs time, since coverage's tracer is called on every Python call and Django's
migration machinery makes millions of them (alone, with its process start, the journal-migration module takes 24 s
fully traced, 19 s with its way back untraced, 17 s without coverage)."""

from contextlib import contextmanager

import pytest


@contextmanager
def untraced(config: pytest.Config):
    """Coverage paused for the block, where pytest-cov measures this run (`make test`); otherwise nothing."""
    plugin = config.pluginmanager.getplugin("_cov")
    controller = getattr(plugin, "cov_controller", None)
    if controller is None or not controller.started:
        yield
        return
    controller.pause()
    try:
        yield
    finally:
        controller.resume()
