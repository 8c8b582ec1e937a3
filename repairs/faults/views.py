"""The steward's side of residents' fault reports: the list waiting for triage, and one report's triage page."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from repairs.faults import selectors, services
from repairs.faults.forms import AcceptForm, DeclineForm, MergeForm
from repairs.models import FaultReport, Triage
from trustmgmt.base.forms import add_service_errors
from trustmgmt.base.roles import permission_required


@permission_required("repairs.view_faultreport")
def report_list(request: HttpRequest) -> HttpResponse:
    triage = request.GET.get("triage", Triage.PENDING)
    triage = triage if triage in Triage.values or triage == "all" else Triage.PENDING
    context = {
        "reports": list(selectors.reports(None if triage == "all" else triage)[:200]),
        "triage": triage,
        "choices": [*Triage.choices, ("all", _("All"))],
        "pending": selectors.pending_count(),
    }
    return render(request, "repairs/fault_reports.html", context)


def _report(pk: int) -> FaultReport:
    return get_object_or_404(
        FaultReport.objects.select_related("order", "household", "merged_into", "triaged_by"), pk=pk
    )


def _page(request, report: FaultReport, *, accept=None, merge=None, decline=None, status=200) -> HttpResponse:
    order = report.order
    context = {
        "report": report,
        "order": order,
        "photos": list(order.photos.all()),
        "accept": accept
        or AcceptForm(
            initial={
                "category": order.category,
                "building": order.building,
                "unit": order.unit,
                "common_area": order.common_area,
            }
        ),
        "merge": merge or MergeForm(targets=selectors.merge_targets(report)),
        "decline": decline or DeclineForm(),
        "can_triage": report.triage == Triage.PENDING and request.user.has_perm("repairs.triage_faultreport"),
    }
    return render(request, "repairs/fault_report.html", context, status=status)


@permission_required("repairs.view_faultreport")
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _report(pk))


def _done(request, report: FaultReport, message: str) -> HttpResponse:
    messages.success(request, message % {"reference": report.reference, "number": report.order.number})
    return redirect("repairs:fault_reports")


def _triage_view(step: str, form, service, message: str) -> Callable[..., HttpResponse]:
    """The view of one triage step (accept, merge or decline), POST only, for who may triage: the step's form
    (`form(data, report)`) read, then its service called with what the form chose; back to the list with
    `message` when the service takes it, else the report's page again with the form and its errors (400)."""

    def view(request: HttpRequest, pk: int) -> HttpResponse:
        report = _report(pk)
        bound = form(request.POST, report)
        if bound.is_valid():
            try:
                service(report=report, by=request.user, **bound.cleaned_data)
            except ValidationError as error:
                add_service_errors(bound, error)
            else:
                return _done(request, report, message)
        return _page(request, report, status=400, **{step: bound})

    view.__name__ = view.__qualname__ = f"report_{step}"
    return require_POST(permission_required("repairs.triage_faultreport")(view))


report_accept = _triage_view(
    "accept",
    lambda data, report: AcceptForm(data),
    services.fault_report_accept,
    gettext_lazy("%(reference)s is accepted: %(number)s goes on as a work order."),
)
report_merge = _triage_view(
    "merge",
    lambda data, report: MergeForm(data, targets=selectors.merge_targets(report)),
    services.fault_report_merge,
    gettext_lazy("%(reference)s is merged as a duplicate; %(number)s is cancelled."),
)
report_decline = _triage_view(
    "decline",
    lambda data, report: DeclineForm(data),
    services.fault_report_decline,
    gettext_lazy("%(reference)s is declined; %(number)s is cancelled."),
)
