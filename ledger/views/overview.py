"""The committee's overview: the dashboard, arrears for a fee year, and the fee plans."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from ledger import figures, journal, services
from ledger.accounts import selectors as account_figures
from ledger.decisions.forms import FeePlanCiteForm
from ledger.filters import ArrearsFilter
from ledger.forms import FeePlanForm
from ledger.imports import selectors as import_selectors
from ledger.models import POOLS, FeePlan, Occupancy, Pool
from ledger.tables import ArrearsTable
from ledger.views.common import LedgerListView
from trustmgmt.base.forms import add_service_errors
from trustmgmt.base.money import ZERO
from trustmgmt.base.roles import permission_required

PLAN_CREATED = _("The fee plan for %(year)s is set; every household now owes it.")
PLAN_UPDATED = _("The fee plan for %(year)s is changed; what each household owes follows it.")


@permission_required("ledger.view_entry")
def dashboard(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    plan = figures.current_fee_plan()
    balances = figures.balances()
    month = figures.month_flows(today)
    collection = figures.collection(plan) if plan else None
    context = {
        "plan": plan,
        "collection": collection,
        # A complex with no households yet is starting: point to the getting-started page. (The collection
        # counts them when there is a plan; without one, one more query.)
        "starting": collection.all.households == 0 if collection else import_selectors.complex_is_empty(),
        "pools": [(flow, balances[flow.code]) for flow in month],
        "balance_total": sum(balances.values(), ZERO),
        "month": today.replace(day=1),
        "month_income": sum((flow.income for flow in month), ZERO),
        "month_spent": sum((flow.expenditure for flow in month), ZERO),
        "pending": figures.pending_expenditures().count(),
        "fingerprint": journal.fingerprint(),
        # The committee sees every cash difference found at a day-close (issue 12).
        "cash_differences": list(account_figures.cash_differences(5)),
    }
    return render(request, "ledger/dashboard.html", context)


class ArrearsView(LedgerListView):
    """Who still owes for a fee year (`?year=`, default this one), by flat; staff only, it names people."""

    permission_required = "ledger.view_due"
    table_class = ArrearsTable
    filterset_class = ArrearsFilter
    template_name = "ledger/arrears.html"

    @cached_property
    def fee_plan(self) -> FeePlan:
        asked = self.request.GET.get("year", "")
        if asked:
            plan = FeePlan.objects.filter(year=asked).first() if asked.isdigit() else None
            if plan is None:
                raise Http404
            return plan
        plan = figures.current_fee_plan()
        if plan is None:
            raise Http404
        return plan

    def get_export_filename(self, export_format):
        return f"arrears-{self.fee_plan.year}.{export_format}"

    def get_queryset(self):
        return figures.arrears(self.fee_plan)

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        if kwargs["data"] is not None and "year" not in kwargs["data"]:
            kwargs["data"] = kwargs["data"].copy()
            kwargs["data"]["year"] = str(self.fee_plan.year)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        households, owed = figures.arrears_totals(self.object_list)
        context.update(
            fee_plan=self.fee_plan,
            households=households,
            owed=owed,
            owed_total=sum(owed.values(), ZERO),
            pools=Pool.choices,
        )
        return context


@permission_required("ledger.view_feeplan")
def fee_plans(request: HttpRequest) -> HttpResponse:
    can_add = request.user.has_perm("ledger.add_feeplan")
    if request.method == "POST" and not can_add:
        raise PermissionDenied
    years = figures.plan_years(timezone.localdate())
    asked = request.GET.get("year", "")
    year = int(asked) if asked.isdigit() and len(asked) == 4 else years.suggested
    form = FeePlanForm(request.POST or None, initial={"year": year}) if can_add else None
    if form is not None and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = services.fee_plan_create(
                year=data["year"],
                occupied=form.amounts(Occupancy.OCCUPIED),
                vacant=form.amounts(Occupancy.VACANT),
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                created_by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, PLAN_CREATED % {"year": plan.year})
            return redirect("ledger:fee_plans")
    context = {
        "plans": figures.fee_plans_with_payment_counts(),
        "years": years,
        "form": form,
        "can_change": request.user.has_perm("ledger.change_feeplan"),
        "cite_form": FeePlanCiteForm() if request.user.has_perm("ledger.change_feeplan") else None,
    }
    return render(request, "ledger/fee_plans.html", context)


@permission_required("ledger.change_feeplan")
def fee_plan_edit(request: HttpRequest, year: int) -> HttpResponse:
    plan = get_object_or_404(FeePlan, year=year)
    initial = {
        f"{pool}_{occupancy}": getattr(plan, f"{pool}_{occupancy}") for pool in POOLS for occupancy in Occupancy.values
    }
    form = FeePlanForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.fee_plan_update(
                fee_plan=plan, occupied=form.amounts(Occupancy.OCCUPIED), vacant=form.amounts(Occupancy.VACANT)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, PLAN_UPDATED % {"year": plan.year})
            return redirect("ledger:fee_plans")
    return render(request, "ledger/fee_plan_form.html", {"form": form, "plan": plan})
