"""Work orders: the list, a fault's page with its timeline and cost, and each step's form."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export import ExportMixin

from ledger import figures
from ledger.services import needs_approval
from repairs import lifecycle, services
from repairs.filters import WorkOrderFilter
from repairs.forms import CostLineForm, PhotoForm, ReportForm, StepForm
from repairs.models import Patrol, Photo, Status, WorkOrder
from repairs.tables import WorkOrderTable
from repairs.views.common import ActiveFiltersMixin
from trustmgmt.base.files import serve_file
from trustmgmt.base.forms import add_service_errors
from trustmgmt.base.refusals import first_message
from trustmgmt.base.roles import permission_required


class WorkOrderListView(PermissionRequiredMixin, ActiveFiltersMixin, ExportMixin, SingleTableMixin, FilterView):
    permission_required = "repairs.view_workorder"
    table_class = WorkOrderTable
    filterset_class = WorkOrderFilter
    template_name = "repairs/workorder_list.html"
    table_pagination = {"per_page": 25}
    export_formats = ("csv", "xlsx")
    export_name = "work-orders"

    def get_queryset(self):
        return WorkOrder.objects.with_total()


def _order(number: str) -> WorkOrder:
    return get_object_or_404(
        WorkOrder.objects.with_total().select_related(
            "contract__contractor",
            "household",
            "patrol",
            "settlement",
            "charges_approved_by",
            "fault_report__household",
            "fault_report__merged_into",
        ),
        number=number,
    )


@permission_required("repairs.view_workorder")
def order_detail(request: HttpRequest, number: str) -> HttpResponse:
    order = _order(number)
    lines = list(order.cost_lines.all())
    reversal = None
    if order.settlement_id:
        reversal = figures.reversal_of_expenditure(order.settlement_id)
    user = request.user
    context = {
        "order": order,
        "lines": lines,
        "flagged": any(line.needs_review for line in lines),
        "steps": [(step, lifecycle.timeline_label(step.action)) for step in order.transitions.select_related("by")],
        "days": order.days,
        "photos": list(order.photos.all()),
        "next_steps": lifecycle.next_steps(order, user),
        "reversal": reversal,
        "fault_report": getattr(order, "fault_report", None),  # joined by `_order`: no query
        "lines_editable": order.status in services.EDITABLE_LINES,
        "can_add_line": user.has_perm("repairs.add_costline") and order.status in services.EDITABLE_LINES,
        "can_remove_line": user.has_perm("repairs.delete_costline") and order.status in services.EDITABLE_LINES,
        "can_add_photo": user.has_perm("repairs.add_photo") and order.status not in (Status.SETTLED, Status.CANCELLED),
        "can_approve": (
            user.has_perm("repairs.approve_charges")
            and order.status in services.EDITABLE_LINES
            and order.charges_approved_at is None
            and any(line.needs_review for line in lines)
        ),
    }
    return render(request, "repairs/workorder_detail.html", context)


@permission_required("repairs.add_workorder")
def order_report(request: HttpRequest) -> HttpResponse:
    patrol = None
    if request.GET.get("patrol", "").isdigit():
        patrol = get_object_or_404(Patrol, pk=request.GET["patrol"])
    form = ReportForm(
        request.POST or None, request.FILES or None, initial={"reported_on": patrol.patrolled_on} if patrol else None
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            order = services.work_order_report(
                reported_on=data["reported_on"],
                reporter=data["reporter"],
                household=data["household"],
                building=data["building"],
                unit=data["unit"],
                common_area=data["common_area"],
                category=data["category"],
                description=data["description"],
                pool=data["pool"],
                patrol=patrol,
                photos=data["photos"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(number)s is logged.") % {"number": order.number})
            return redirect("repairs:order", order.number)
    return render(request, "repairs/workorder_report.html", {"form": form, "patrol": patrol})


def _take_step(step_code: str, order: WorkOrder, data: dict, user) -> WorkOrder:
    day, note = data.get("day"), data.get("note", "")
    if step_code == "assign":
        return services.work_order_assign(order=order, assigned_on=day, by=user)
    if step_code == "complete":
        return services.work_order_complete(order=order, done_on=day, note=note, by=user)
    if step_code == "send_back":
        return services.work_order_send_back(order=order, reason=note, by=user)
    if step_code == "accept":
        return services.work_order_accept(order=order, accepted_on=day, note=note, by=user)
    if step_code == "settle":
        return services.work_order_settle(order=order, settled_on=day, by=user)
    if step_code == "reopen":
        return services.work_order_reopen(order=order, by=user)
    return services.work_order_cancel(order=order, reason=note, by=user)


@permission_required("repairs.view_workorder")
def order_step(request: HttpRequest, number: str, step: str) -> HttpResponse:
    if step not in lifecycle.STEPS:
        raise Http404
    chosen = lifecycle.STEPS[step]
    if not request.user.has_perm(chosen.permission):
        raise PermissionDenied
    order = _order(number)
    form = StepForm(request.POST or None, step=chosen)
    refusal = None
    if request.method == "POST" and form.is_valid():
        try:
            _take_step(step, order, form.cleaned_data, request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(number)s: %(step)s.") % {"number": order.number, "step": chosen.done_label})
            return redirect("repairs:order", order.number)
    elif request.method == "GET":
        try:
            lifecycle.check_step(order, step, request.user)
        except ValidationError as error:
            refusal = first_message(error)
    context = {"order": order, "step": chosen, "form": form, "refusal": refusal}
    if step == "settle":
        lines = list(order.cost_lines.all())
        context |= {
            "lines": lines,
            "needs_approval": needs_approval(order.total),
            "flagged": any(line.needs_review for line in lines),
        }
    return render(request, "repairs/workorder_step.html", context)


@permission_required("repairs.add_costline")
def order_add_line(request: HttpRequest, number: str) -> HttpResponse:
    order = _order(number)
    form = CostLineForm(request.POST or None, order=order)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.cost_line_add(
                order=order,
                price_item=data["price_item"],
                quantity=data["quantity"],
                description=data["description"],
                unit=data["unit"],
                unit_price=data["unit_price"],
                justification=data["justification"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The cost line is added."))
            if "another" in request.POST:
                return redirect("repairs:order_add_line", order.number)
            return redirect("repairs:order", order.number)
    items = list(order.contract.price_items.all()) if order.contract_id else []
    return render(request, "repairs/costline_form.html", {"order": order, "form": form, "items": items})


@require_POST
@permission_required("repairs.delete_costline")
def order_remove_line(request: HttpRequest, number: str, line: int) -> HttpResponse:
    order = _order(number)
    cost_line = get_object_or_404(order.cost_lines, pk=line)
    try:
        services.cost_line_remove(line=cost_line, by=request.user)
    except ValidationError as error:
        messages.error(request, first_message(error))
    else:
        messages.success(request, _("The cost line is removed."))
    return redirect("repairs:order", order.number)


@require_POST
@permission_required("repairs.approve_charges")
def order_approve_charges(request: HttpRequest, number: str) -> HttpResponse:
    order = _order(number)
    try:
        services.work_order_approve_charges(order=order, by=request.user)
    except ValidationError as error:
        messages.error(request, first_message(error))
    else:
        messages.success(request, _("The charges on %(number)s are approved.") % {"number": order.number})
    return redirect("repairs:order", order.number)


@permission_required("repairs.add_photo")
def order_add_photo(request: HttpRequest, number: str) -> HttpResponse:
    order = _order(number)
    form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.photo_add(order=order, image=form.cleaned_data["image"], by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The photo is added."))
            return redirect("repairs:order", order.number)
    return render(request, "repairs/photo_form.html", {"order": order, "form": form})


@permission_required("repairs.view_workorder")
def photo(request: HttpRequest, pk: int) -> HttpResponse:
    return serve_file(get_object_or_404(Photo, pk=pk).image)
