"""The residents' side of repairs, in public: the open-faults board, the report form and a report's status page.

No login and no personal data: the board and a status page show the kind of fault, the place (a building and
unit or a common area), dates and the state of the work; never the reporter's flat, contact, words or photos,
which only the staff see (`repairs.faults`). The form is throttled per address like the inspection requests.
"""

import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from repairs.faults import selectors
from repairs.faults import services as faults
from trustmgmt.base import throttle
from trustmgmt.base.forms import add_service_errors
from trustmgmt.disclosure.forms import FaultReportForm

# Refused attempts (a mistyped flat) count too, at a looser limit, so the form cannot be used to try flats.
ATTEMPTS_PER_REPORT = 4


def _limit_reached(request: HttpRequest) -> bool:
    limit = settings.FAULT_REPORTS_PER_HOUR
    made = throttle.current(throttle.key("fault-report-made", request))
    return made >= limit or throttle.count(throttle.key("fault-report-tried", request)) > limit * ATTEMPTS_PER_REPORT


@require_GET
def board(request: HttpRequest) -> HttpResponse:
    """Open faults and those fixed in the last 30 days, for a phone. Two queries."""
    context = {"board": selectors.board(), "fixed_days": selectors.FIXED_DAYS}
    return render(request, "disclosure/faults.html", context)


@require_GET
def board_json(request: HttpRequest) -> HttpResponse:
    data = selectors.board()
    body = {
        "as_of": data.today.isoformat(),
        "promised_days": data.promised_days,
        "open": [row.as_json() for row in data.open],
        "fixed_since": data.fixed_since.isoformat(),
        "fixed": [row.as_json() for row in data.fixed],
        "median_days_to_fix": str(data.median_days_to_fix) if data.median_days_to_fix is not None else None,
    }
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Access-Control-Allow-Origin"] = "*"  # open data, like the month JSON
    return response


@require_http_methods(["GET", "POST"])
def report(request: HttpRequest) -> HttpResponse:
    form = FaultReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if _limit_reached(request):
            return render(request, "disclosure/fault_throttled.html", status=429)
        if form.is_valid():
            try:
                created = faults.fault_report_create(**form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                throttle.count(throttle.key("fault-report-made", request))
                return redirect(f"{reverse('faults:status', args=[created.reference])}?sent=1")
    return render(request, "disclosure/fault_report.html", {"form": form, "limit": faults.MAX_REPORT_PHOTOS})


@require_GET
def status(request: HttpRequest, reference: str) -> HttpResponse:
    found = selectors.public_status_of(reference.upper())
    if found is None:
        raise Http404
    return render(request, "disclosure/fault_status.html", {"report": found, "sent": "sent" in request.GET})
