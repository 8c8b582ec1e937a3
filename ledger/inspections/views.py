"""Owners' inspection requests (查账) for the staff: the list, answering one, and making a voucher public.

Who asked (the flat and the contact) is shown here, to the staff only; the public pages show counts.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from ledger.inspections import selectors
from ledger.inspections import services as inspections
from ledger.inspections.forms import AnswerForm, InspectionFilter
from ledger.inspections.selectors import with_state
from ledger.inspections.tables import InspectionTable
from ledger.models import Expenditure
from ledger.models.inspections import InspectionRequest
from ledger.receipts import person
from ledger.views.common import LedgerListView
from trustmgmt.base.forms import add_service_errors
from trustmgmt.base.roles import permission_required

ANSWERED = _("The answer to %(reference)s is recorded.")
MADE_PUBLIC = _("The voucher is public: it shows beside the expenditure on the disclosure page.")
WITHDRAWN = _("The voucher is no longer public.")


class InspectionListView(LedgerListView):
    permission_required = "ledger.view_inspectionrequest"
    table_class = InspectionTable
    filterset_class = InspectionFilter
    template_name = "ledger/inspection_list.html"
    export_name = "inspection-requests"

    def get_queryset(self):
        return with_state(InspectionRequest.objects.select_related("household", "expenditure"))


@permission_required("ledger.view_inspectionrequest")
def inspection_page(request: HttpRequest, pk: int) -> HttpResponse:
    asked = get_object_or_404(
        InspectionRequest.objects.select_related("household", "expenditure", "answered_by"), pk=pk
    )
    can_answer = asked.is_open and request.user.has_perm("ledger.answer_inspectionrequest")
    form = AnswerForm(request.POST or None) if can_answer else None
    if request.method == "POST":
        if form is None:
            messages.error(request, inspections.ALREADY_ANSWERED if not asked.is_open else inspections.CANNOT_ANSWER)
            return redirect("ledger:inspection", asked.pk)
        if form.is_valid():
            try:
                inspections.inspection_request_answer(request=asked, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, ANSWERED % {"reference": asked.reference})
                return redirect("ledger:inspection", asked.pk)
    context = {
        "asked": asked,
        "expenditure": asked.expenditure,
        "form": form,
        "overdue": asked.is_overdue,
        "answered_by": person(asked.answered_by),
        "voucher_public": selectors.is_public(asked.expenditure_id),
    }
    return render(request, "ledger/inspection.html", context)


def _voucher_action(request: HttpRequest, pk: int, action, done) -> HttpResponse:
    expenditure = get_object_or_404(Expenditure, pk=pk)
    try:
        action(expenditure=expenditure, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, done)
    back = request.POST.get("next", "")
    if back.isdigit() and InspectionRequest.objects.filter(pk=back).exists():
        return redirect("ledger:inspection", int(back))
    return redirect("ledger:expenditure", expenditure.pk)


@require_POST
@permission_required("ledger.publish_voucher")
def voucher_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _voucher_action(request, pk, inspections.voucher_make_public, MADE_PUBLIC)


@require_POST
@permission_required("ledger.publish_voucher")
def voucher_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _voucher_action(request, pk, inspections.voucher_withdraw, WITHDRAWN)
