"""Patrols (巡查): the list, one walk with the orders raised from it, and recording a walk."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export import ExportMixin

from repairs import services
from repairs.filters import PatrolFilter
from repairs.forms import PatrolForm
from repairs.models import Patrol
from repairs.tables import PatrolTable
from repairs.views.common import ActiveFiltersMixin
from trustmgmt.base.forms import add_service_errors
from trustmgmt.base.roles import permission_required


class PatrolListView(PermissionRequiredMixin, ActiveFiltersMixin, ExportMixin, SingleTableMixin, FilterView):
    permission_required = "repairs.view_patrol"
    table_class = PatrolTable
    filterset_class = PatrolFilter
    template_name = "repairs/patrol_list.html"
    table_pagination = {"per_page": 25}
    export_formats = ("csv", "xlsx")
    export_name = "patrols"

    def get_queryset(self):
        return Patrol.objects.annotate(orders=Count("work_orders")).order_by("-patrolled_on", "-id")


@permission_required("repairs.view_patrol")
def patrol_detail(request: HttpRequest, pk: int) -> HttpResponse:
    patrol = get_object_or_404(Patrol.objects.select_related("recorded_by"), pk=pk)
    orders = patrol.work_orders.with_total().order_by("sequence")
    return render(request, "repairs/patrol_detail.html", {"patrol": patrol, "orders": orders})


@permission_required("repairs.add_patrol")
def patrol_record(request: HttpRequest) -> HttpResponse:
    form = PatrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            patrol = services.patrol_record(recorded_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The patrol is recorded. Report each fault it found from its page."))
            return redirect("repairs:patrol", patrol.pk)
    return render(request, "repairs/patrol_form.html", {"form": form})
