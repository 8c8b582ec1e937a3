"""The committee's budget pages: budgets by fee year, a draft to edit, propose, approve (开放式预算)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Prefetch, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from ledger.budgets import selectors as budget_figures
from ledger.budgets import services as budgets
from ledger.budgets.forms import BudgetLineForm, BudgetSettingsForm
from ledger.decisions.forms import CiteForm
from ledger.models import Budget, BudgetLine, BudgetStatus, FeePlan, FeeYearClosing, Topic
from trustmgmt.base.forms import add_service_errors
from trustmgmt.base.roles import permission_required

PROPOSED = _("A draft budget for %(year)s is proposed from the past years' spending; check it and approve it.")
NEW_VERSION = _("Version %(version)s of the %(year)s budget is drafted from the one in force.")
SAVED = _("The draft is saved.")
APPROVED = _("The %(year)s budget (version %(version)s) is approved and published.")
DISCARDED = _("The draft is discarded.")


def _budget_or_404(year: int, version: int) -> Budget:
    return get_object_or_404(
        Budget.objects.select_related("fee_plan", "approved_by"), fee_plan__year=year, version=version
    )


def _refused(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@permission_required("ledger.view_budget")
def budget_list(request: HttpRequest) -> HttpResponse:
    plans = (
        FeePlan.objects.order_by("-year")
        .annotate(closed=Exists(FeeYearClosing.objects.filter(fee_plan=OuterRef("pk"))))
        .prefetch_related(Prefetch("budgets", queryset=Budget.objects.order_by("-version"), to_attr="versions"))
    )
    years = []
    for plan in plans:
        in_force = next((budget for budget in plan.versions if budget.status == BudgetStatus.APPROVED), None)
        draft = next((budget for budget in plan.versions if budget.is_draft), None)
        years.append({"plan": plan, "versions": plan.versions, "in_force": in_force, "draft": draft})
    return render(request, "ledger/budgets.html", {"years": years})


@require_POST
@permission_required("ledger.add_budget")
def budget_propose(request: HttpRequest, year: int) -> HttpResponse:
    plan = get_object_or_404(FeePlan, year=year)
    try:
        budget = budgets.budget_propose(fee_plan=plan, by=request.user)
    except ValidationError as error:
        _refused(request, error)
        return redirect("ledger:budgets")
    messages.success(request, PROPOSED % {"year": year})
    return redirect("ledger:budget", year=year, version=budget.version)


@require_POST
@permission_required("ledger.add_budget")
def budget_new_version(request: HttpRequest, year: int) -> HttpResponse:
    plan = get_object_or_404(FeePlan, year=year)
    try:
        budget = budgets.budget_new_version(fee_plan=plan, by=request.user)
    except ValidationError as error:
        _refused(request, error)
        return redirect("ledger:budgets")
    messages.success(request, NEW_VERSION % {"year": year, "version": budget.version})
    return redirect("ledger:budget", year=year, version=budget.version)


def _page(request: HttpRequest, budget: Budget, *, settings_form=None, line_form=None, status: int = 200):
    prefetch_related_objects([budget], "lines")
    lines = list(budget.lines.all())
    pools = budget_figures.against_actual(budget, budget_figures.actuals(budget.fee_plan))
    fees = budgets.covering_fees(budget, {pool.code: pool.planned_expenditure for pool in pools})
    latest_approved = (
        Budget.objects.approved()
        .filter(fee_plan=budget.fee_plan)
        .order_by("-version")
        .values_list("version", flat=True)
    ).first()
    editable = budget.is_draft and request.user.has_perm("ledger.change_budget")
    context = {
        "budget": budget,
        "pools": [(pool, fees[pool.code]) for pool in pools],
        "superseded": budget.status == BudgetStatus.APPROVED and latest_approved != budget.version,
        "editable": editable,
        "settings_form": settings_form
        or (
            BudgetSettingsForm(
                initial={
                    "expected_rate_occupied": budget.expected_rate_occupied,
                    "expected_rate_vacant": budget.expected_rate_vacant,
                    "notes": budget.notes,
                }
            )
            if editable
            else None
        ),
        "line_form": line_form or (BudgetLineForm() if editable else None),
        "cite_form": CiteForm(topic=Topic.BUDGET) if budget.is_draft else None,
        "line_forms": [(line, BudgetLineForm(initial=_line_initial(line), prefix=f"line{line.pk}")) for line in lines]
        if editable
        else [],
    }
    return render(request, "ledger/budget.html", context, status=status)


def _line_initial(line: BudgetLine) -> dict:
    return {field: getattr(line, field) for field in ("pool", "label", "amount", "payee", "basis")}


@permission_required("ledger.view_budget")
def budget_page(request: HttpRequest, year: int, version: int) -> HttpResponse:
    return _page(request, _budget_or_404(year, version))


@require_POST
@permission_required("ledger.change_budget")
def budget_settings(request: HttpRequest, year: int, version: int) -> HttpResponse:
    budget = _budget_or_404(year, version)
    form = BudgetSettingsForm(request.POST)
    if form.is_valid():
        try:
            budgets.budget_update(budget=budget, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, SAVED)
            return redirect("ledger:budget", year=year, version=version)
    return _page(request, budget, settings_form=form, status=400)


@require_POST
@permission_required("ledger.change_budget")
def budget_line_add(request: HttpRequest, year: int, version: int) -> HttpResponse:
    budget = _budget_or_404(year, version)
    form = BudgetLineForm(request.POST)
    if form.is_valid():
        try:
            budgets.budget_line_add(budget=budget, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, SAVED)
            return redirect("ledger:budget", year=year, version=version)
    return _page(request, budget, line_form=form, status=400)


@require_POST
@permission_required("ledger.change_budget")
def budget_line(request: HttpRequest, year: int, version: int, line: int) -> HttpResponse:
    """Change a line of a draft, or remove it (the `remove` button)."""
    budget = _budget_or_404(year, version)
    item = get_object_or_404(BudgetLine.objects.select_related("budget"), pk=line, budget=budget)
    try:
        if "remove" in request.POST:
            budgets.budget_line_remove(line=item)
        else:
            form = BudgetLineForm(request.POST, prefix=f"line{item.pk}")
            if not form.is_valid():
                for errors in form.errors.values():
                    messages.error(request, " ".join(errors))
                return redirect("ledger:budget", year=year, version=version)
            budgets.budget_line_update(line=item, **form.cleaned_data)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, SAVED)
    return redirect("ledger:budget", year=year, version=version)


@require_POST
@permission_required("ledger.approve_budget")
def budget_approve(request: HttpRequest, year: int, version: int) -> HttpResponse:
    budget = _budget_or_404(year, version)
    form = CiteForm(request.POST, topic=Topic.BUDGET)
    if not form.is_valid():
        _refused(request, ValidationError(list(form.errors.get("decision", []))))
        return redirect("ledger:budget", year=year, version=version)
    try:
        budgets.budget_approve(budget=budget, by=request.user, decision=form.cleaned_data["decision"])
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, APPROVED % {"year": year, "version": version})
    return redirect("ledger:budget", year=year, version=version)


@require_POST
@permission_required("ledger.delete_budget")
def budget_discard(request: HttpRequest, year: int, version: int) -> HttpResponse:
    budget = _budget_or_404(year, version)
    try:
        budgets.budget_discard(budget=budget)
    except ValidationError as error:
        _refused(request, error)
        return redirect("ledger:budget", year=year, version=version)
    messages.success(request, DISCARDED)
    return redirect("ledger:budgets")
