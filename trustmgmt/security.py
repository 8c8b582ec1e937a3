"""Login protection: django-axes counts failed logins; the page a locked-out login sees is `locked_out`."""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

# The longest username Django allows; axes keeps what was typed in a 255-character column.
USERNAME_MAX_LENGTH = 150


def login_username(request: HttpRequest, credentials: dict | None = None) -> str:
    """The username a login attempt is counted under, cut to a length the database keeps.

    Without the cut, a 300-character username made PostgreSQL refuse axes' record of the failure: a 500.
    """
    value = (credentials or {}).get("username") if credentials else request.POST.get("username")
    return str(value or "")[:USERNAME_MAX_LENGTH]


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """429, in the visitor's language, saying how long to wait; the username is not echoed."""
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return render(
        request,
        "registration/locked_out.html",
        {"failure_limit": settings.AXES_FAILURE_LIMIT, "lockout_minutes": minutes},
        status=429,
    )


class LoginLockoutBackend(AxesStandaloneBackend):
    """django-axes' check, for logins over the web only.

    `authenticate()` without a request (a management command, the test client's `login()`) has no address
    to lock out; axes would refuse it outright, so it passes on to the next backend here.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
