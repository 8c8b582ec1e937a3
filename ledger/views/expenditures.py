"""Expenditures: the list, recording one (with its voucher), the committee's approvals, and reversals."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from ledger import figures, services
from ledger.filters import ExpenditureFilter
from ledger.forms import ApproveForm, ExpenditureForm, RejectForm, ReverseForm
from ledger.models import Expenditure, ExpenditureStatus, Kind
from ledger.receipts import person
from ledger.tables import ExpenditureTable
from ledger.views.common import LedgerListView
from trustmgmt.base.files import serve_file
from trustmgmt.base.forms import add_service_errors
from trustmgmt.base.roles import permission_required

POSTED = _("The expenditure is posted to the ledger.")
AWAITS_APPROVAL = _("The expenditure is above %(threshold)s yuan and waits for a committee member's approval.")
APPROVED = _("Approved and posted: %(payee)s, %(amount)s yuan.")
REJECTED = _("Rejected: %(payee)s, %(amount)s yuan. Nothing was posted.")
REVERSED = _("The expenditure is reversed (红冲). It stays on record beside its reversal.")


class ExpenditureListView(LedgerListView):
    permission_required = "ledger.view_expenditure"
    table_class = ExpenditureTable
    filterset_class = ExpenditureFilter
    template_name = "ledger/expenditure_list.html"
    export_name = "expenditures"

    def get_queryset(self):
        return figures.expenditures_with_reversal()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.request.user.has_perm("ledger.approve_expenditure"):
            context["pending"] = figures.pending_expenditures().count()
        return context


@permission_required("ledger.add_expenditure")
def expenditure_new(request: HttpRequest) -> HttpResponse:
    form = ExpenditureForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            expenditure = services.expenditure_record(**form.cleaned_data, recorded_by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if expenditure.status == ExpenditureStatus.POSTED:
                messages.success(request, POSTED)
            else:
                threshold = settings.EXPENDITURE_APPROVAL_THRESHOLD
                messages.warning(request, AWAITS_APPROVAL % {"threshold": threshold})
            return redirect("ledger:expenditure", expenditure.pk)
    context = {"form": form, "threshold": settings.EXPENDITURE_APPROVAL_THRESHOLD}
    return render(request, "ledger/expenditure_form.html", context)


def _expenditure(pk: int) -> Expenditure:
    return get_object_or_404(Expenditure.objects.select_related("recorded_by", "decided_by"), pk=pk)


@permission_required("ledger.view_expenditure")
def expenditure_page(request: HttpRequest, pk: int) -> HttpResponse:
    expenditure = _expenditure(pk)
    entries = figures.entries_of_expenditure(expenditure)
    reversal = entries.get(Kind.EXPENDITURE_REVERSAL)
    user = request.user
    pending = expenditure.status == ExpenditureStatus.PENDING
    context = {
        "expenditure": expenditure,
        "entry": entries.get(Kind.EXPENDITURE),
        "reversal": reversal,
        "reversed_by": person(reversal.created_by) if reversal else "",
        "recorded_by": person(expenditure.recorded_by),
        "decided_by": person(expenditure.decided_by),
        "can_reverse": (
            expenditure.status == ExpenditureStatus.POSTED
            and reversal is None
            and user.has_perm("ledger.reverse_expenditure")
        ),
        "can_decide": pending and user.has_perm("ledger.approve_expenditure"),
        "approve_form": ApproveForm(auto_id=False),
        "reject_form": RejectForm(auto_id=False),
    }
    return render(request, "ledger/expenditure.html", context)


@permission_required("ledger.view_expenditure")
def voucher(request: HttpRequest, pk: int) -> HttpResponse:
    return serve_file(get_object_or_404(Expenditure, pk=pk).voucher)


def _approvals(request: HttpRequest, *, failed: int | None = None, reject_form: RejectForm | None = None):
    pending = list(figures.pending_expenditures().select_related("recorded_by").order_by("spent_on", "id"))
    for expenditure in pending:
        expenditure.recorder = person(expenditure.recorded_by)
        expenditure.own = expenditure.recorded_by_id == request.user.pk
        expenditure.reject_form = reject_form if expenditure.pk == failed else RejectForm(auto_id=False)
    context = {"pending": pending, "threshold": settings.EXPENDITURE_APPROVAL_THRESHOLD}
    return render(request, "ledger/approvals.html", context)


@permission_required("ledger.approve_expenditure")
def approvals(request: HttpRequest) -> HttpResponse:
    return _approvals(request)


def _first_message(error: ValidationError) -> str:
    return error.messages[0] if error.messages else str(error)


@require_POST
@permission_required("ledger.approve_expenditure")
def expenditure_approve(request: HttpRequest, pk: int) -> HttpResponse:
    expenditure = _expenditure(pk)
    form = ApproveForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.expenditure_approve(expenditure=expenditure, by=request.user, note=note)
    except ValidationError as error:
        messages.error(request, _first_message(error))
    else:
        messages.success(request, APPROVED % {"payee": expenditure.payee, "amount": expenditure.amount})
    if request.POST.get("next") == "page":
        return redirect("ledger:expenditure", expenditure.pk)
    return redirect("ledger:approvals")


@require_POST
@permission_required("ledger.approve_expenditure")
def expenditure_reject(request: HttpRequest, pk: int) -> HttpResponse:
    expenditure = _expenditure(pk)
    form = RejectForm(request.POST, auto_id=False)
    if form.is_valid():
        try:
            services.expenditure_reject(expenditure=expenditure, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, REJECTED % {"payee": expenditure.payee, "amount": expenditure.amount})
            return redirect("ledger:approvals")
    if form.non_field_errors():
        for error in form.non_field_errors():
            messages.error(request, error)
        return redirect("ledger:approvals")
    return _approvals(request, failed=expenditure.pk, reject_form=form)


@permission_required("ledger.reverse_expenditure")
def expenditure_reverse(request: HttpRequest, pk: int) -> HttpResponse:
    expenditure = _expenditure(pk)
    form = ReverseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.expenditure_reverse(expenditure=expenditure, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, REVERSED)
            return redirect("ledger:expenditure", expenditure.pk)
    return render(request, "ledger/expenditure_reverse.html", {"expenditure": expenditure, "form": form})
