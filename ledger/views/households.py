"""Households: the list, adding one, editing the owner's details, and changing its occupancy."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from ledger import services
from ledger.filters import HouseholdFilter
from ledger.forms import HouseholdEditForm, HouseholdForm, OccupancyForm
from ledger.models import Household
from ledger.tables import HouseholdTable
from ledger.views.common import LedgerListView, household_or_404
from trustmgmt.base.forms import add_service_errors
from trustmgmt.base.roles import permission_required

ADDED = _("Household %(household)s is added; it owes every fee year on the plan from now on.")
SAVED = _("Household %(household)s is saved.")
OCCUPANCY_SET = _("%(household)s is %(occupancy)s from %(since)s.")
FLAT_TAKEN = _("There is already a household %(household)s.")


class HouseholdListView(LedgerListView):
    permission_required = "ledger.view_household"
    table_class = HouseholdTable
    filterset_class = HouseholdFilter
    template_name = "ledger/household_list.html"
    export_name = "households"

    def get_queryset(self):
        return Household.objects.all()


@permission_required("ledger.add_household")
def household_new(request: HttpRequest) -> HttpResponse:
    form = HouseholdForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        flat = {key: data[key] for key in ("building", "unit", "room")}
        if Household.objects.filter(**flat).exists():
            # The unique constraint refuses it too (full_clean); this says it in the desk's words.
            form.add_error(None, FLAT_TAKEN % {"household": "-".join(str(v) for v in flat.values())})
        else:
            try:
                household = services.household_create(**data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, ADDED % {"household": household})
                return redirect("ledger:household", household)
    return render(request, "ledger/household_form.html", {"form": form, "title": _("Add a household")})


@permission_required("ledger.change_household")
def household_edit(request: HttpRequest, flat) -> HttpResponse:
    household = household_or_404(flat)
    initial = {
        "owner_name": household.owner_name,
        "phone": household.phone,
        "notes": household.notes,
        "area": household.area,
    }
    form = HouseholdEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.household_update(household=household, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, SAVED % {"household": household})
            return redirect("ledger:household", household)
    title = _("Edit %(household)s") % {"household": household}
    return render(request, "ledger/household_form.html", {"form": form, "title": title, "household": household})


@permission_required("ledger.change_household")
def household_occupancy(request: HttpRequest, flat) -> HttpResponse:
    household = household_or_404(flat)
    form = OccupancyForm(request.POST or None, initial={"occupancy": household.occupancy})
    if request.method == "POST" and form.is_valid():
        try:
            services.household_set_occupancy(
                household=household, occupancy=form.cleaned_data["occupancy"], since=form.cleaned_data["since"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            household.refresh_from_db()
            messages.success(
                request,
                OCCUPANCY_SET
                % {
                    "household": household,
                    "occupancy": household.get_occupancy_display(),
                    "since": household.occupancy_since.isoformat(),
                },
            )
            return redirect("ledger:household", household)
    title = _("Occupancy of %(household)s") % {"household": household}
    return render(
        request,
        "ledger/household_form.html",
        {"form": form, "title": title, "household": household, "occupancy": True},
    )
