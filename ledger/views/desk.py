"""The steward's desk: find a household, see its fee years, record a payment in one step."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from ledger import figures, receipts, services
from ledger.forms import PaymentForm, SearchForm
from ledger.models import FeePlan, Household, Pool
from ledger.views.common import household_or_404
from trustmgmt.base.forms import add_service_errors
from trustmgmt.base.roles import permission_required

MATCHES_SHOWN = 50
PAYMENT_RECORDED = gettext_lazy("Payment recorded: receipt %(receipt)s.")
NOTHING_OWED_THAT_YEAR = gettext_lazy("%(household)s owes nothing for that fee year.")


@permission_required("ledger.view_household")
def desk(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    matches, more = [], False
    query = ""
    if form.is_valid() and form.cleaned_data["q"].strip():
        query = form.cleaned_data["q"].strip()
        found = list(Household.objects.search(query)[: MATCHES_SHOWN + 1])
        if len(found) == 1:
            return redirect("ledger:household", found[0])
        matches, more = found[:MATCHES_SHOWN], len(found) > MATCHES_SHOWN
        states = figures.desk_states([household.pk for household in matches])
        matches = [(household, states[household.pk]) for household in matches]
    context = {"form": form, "query": query, "matches": matches, "more": more, "shown": MATCHES_SHOWN}
    if not query and request.user.has_perm("ledger.add_payment"):
        context["today"] = receipts.today_at_desk(request.user, timezone.localdate())
    return render(request, "ledger/desk.html", context)


def _year_to_pay(years: list[figures.YearStatus], asked: str | None) -> figures.YearStatus | None:
    """The year the form is for: the one asked for, else this fee year, else the oldest still owed."""
    owed = [year for year in years if year.outstanding_total > 0]
    if asked:
        for year in owed:
            if str(year.fee_plan.year) == asked:
                return year
    today = timezone.localdate()
    for year in owed:
        if year.fee_plan.starts_on <= today <= year.fee_plan.ends_on:
            return year
    return owed[-1] if owed else None


@permission_required("ledger.view_household")
def household_page(request: HttpRequest, flat) -> HttpResponse:
    household = household_or_404(flat)
    can_pay = request.user.has_perm("ledger.add_payment")
    if request.method == "POST" and not can_pay:
        raise PermissionDenied
    form = None
    paying = None
    if request.method == "POST":
        form = PaymentForm(request.POST)
        if form.is_valid():
            # Only the fee plan here: the service reads what is owed, under its lock.
            fee_plan = FeePlan.objects.filter(year=form.cleaned_data["fee_year"], dues__household=household).first()
            if fee_plan is None:
                form.add_error(None, NOTHING_OWED_THAT_YEAR % {"household": household})
            else:
                try:
                    payment = services.payment_record(
                        household=household,
                        fee_plan=fee_plan,
                        amount=form.cleaned_data["amount"],
                        method=form.cleaned_data["method"],
                        paid_on=form.cleaned_data["paid_on"],
                        recorded_by=request.user,
                        request_key=form.cleaned_data["request_key"],
                    )
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(request, PAYMENT_RECORDED % {"receipt": payment.receipt_no})
                    return redirect("ledger:payment", payment)
    years = figures.household_years(household)
    if form is not None:
        paying = _year_to_pay(years, request.POST.get("fee_year"))
    elif can_pay:
        paying = _year_to_pay(years, request.GET.get("year"))
        if paying is not None:
            form = PaymentForm(initial={"fee_year": paying.fee_plan.year, "amount": paying.outstanding_total})
    payments = receipts.with_reversal(household.payments.select_related("fee_plan")).order_by(
        "-fee_plan__year", "-receipt_number"
    )
    context = {
        "household": household,
        "years": years,
        "pools": Pool.choices,
        "paying": paying,
        "form": form if can_pay else None,
        "payments": payments,
        "owed": sum((year.outstanding_total for year in years), figures.ZERO),
        "action": reverse("ledger:household", args=[household]),
    }
    return render(request, "ledger/household.html", context)
