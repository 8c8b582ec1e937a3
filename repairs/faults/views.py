"""The steward's side of residents' fault reports: the list waiting for triage, and one report's triage page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
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


@require_POST
@permission_required("repairs.triage_faultreport")
def report_accept(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(pk)
    form = AcceptForm(request.POST)
    if form.is_valid():
        try:
            services.fault_report_accept(report=report, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, report, _("%(reference)s is accepted: %(number)s goes on as a work order."))
    return _page(request, report, accept=form, status=400)


@require_POST
@permission_required("repairs.triage_faultreport")
def report_merge(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(pk)
    form = MergeForm(request.POST, targets=selectors.merge_targets(report))
    if form.is_valid():
        try:
            services.fault_report_merge(report=report, into=form.cleaned_data["into"], by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, report, _("%(reference)s is merged as a duplicate; %(number)s is cancelled."))
    return _page(request, report, merge=form, status=400)


@require_POST
@permission_required("repairs.triage_faultreport")
def report_decline(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(pk)
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            services.fault_report_decline(report=report, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, report, _("%(reference)s is declined; %(number)s is cancelled."))
    return _page(request, report, decline=form, status=400)
