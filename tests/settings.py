"""Settings for the test suite: the real ones, with a key and a fast password hasher."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-secret")

from trustmgmt.settings import *  # noqa: F403

# Live spending below zero is refused in every test, as in every real complex (a developer's environment may not
# turn it off here); a test about history says `history=True`.
REFUSE_POOL_OVERDRAW = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SECURE_SSL_REDIRECT = False
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
# One folder per xdist worker ("gw0", "gw1"; "main" without xdist), so parallel tests never share files.
MEDIA_ROOT = BASE_DIR / ".test-media" / os.environ.get("PYTEST_XDIST_WORKER", "main")  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
