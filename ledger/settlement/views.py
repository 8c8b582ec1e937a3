"""Fee years and their closing (年终结算): the list with each year's status, the preview and the record."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _

from ledger.models import FeePlan, FeeYearClosing, Kind
from ledger.settlement import selectors
from ledger.settlement import services as settlement
from ledger.settlement.forms import FeeYearCloseForm
from trustmgmt.base.forms import add_service_errors
from trustmgmt.base.money import ZERO
from trustmgmt.base.roles import permission_required

YEAR_CLOSED = _("The fee year %(year)s is closed; its settlement is in the journal.")


@permission_required("ledger.view_feeplan")
def fee_years(request: HttpRequest) -> HttpResponse:
    return render(request, "ledger/fee_years.html", {"years": selectors.year_states()})


@permission_required("ledger.view_feeplan")
def fee_year(request: HttpRequest, year: int) -> HttpResponse:
    plan = get_object_or_404(FeePlan, year=year)
    closing = FeeYearClosing.objects.filter(fee_plan=plan).select_related("next_plan", "closed_by").first()
    if closing is not None:
        return _record(request, closing)
    can_close = request.user.has_perm("ledger.close_fee_year")
    if request.method == "POST" and not can_close:
        raise PermissionDenied
    form = FeeYearCloseForm(request.POST or None) if can_close else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            settlement.fee_year_close(
                fee_plan=plan,
                decisions=form.decisions(),
                minute=form.cleaned_data["minute"],
                decision=form.cleaned_data.get("decision"),
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, YEAR_CLOSED % {"year": plan.year})
            return redirect("ledger:fee_year", plan.year)
    try:
        following = settlement.check_closable(plan)
        blocker = None
    except ValidationError as error:
        following, blocker = selectors.next_plan(plan), error.messages[0]
    pools = selectors.preview(plan)
    context = {
        "plan": plan,
        "next_plan": following,
        "pools": pools,
        "totals": _totals(pools, ("opening", "income", "expenditure", "closing", "surplus", "creditable")),
        "blocker": blocker,
        "form": form if blocker is None else None,
    }
    return render(request, "ledger/fee_year.html", context)


def _totals(pools, fields: tuple[str, ...]) -> dict:
    """The table's foot: each column summed over the three pools."""
    return {name: sum((getattr(pool, name) for pool in pools), ZERO) for name in fields}


def _record(request: HttpRequest, closing: FeeYearClosing) -> HttpResponse:
    if request.method == "POST":
        raise PermissionDenied  # closed once, for good
    pools = list(closing.pools.all())
    entries = closing.entries()
    context = {
        "closing": closing,
        "plan": closing.fee_plan,
        "pools": pools,
        "totals": _totals(
            pools, ("opening", "income", "expenditure", "closing_balance", "surplus", "credited", "carried")
        ),
        "entries": entries.exclude(kind=Kind.CREDIT),
        "credits": entries.filter(kind=Kind.CREDIT),
    }
    return render(request, "ledger/fee_year_closed.html", context)
