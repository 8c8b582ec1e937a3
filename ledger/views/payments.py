"""Payments: the list, a payment's receipt (page and PDF), and its reversal (红冲)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from ledger import receipts, services
from ledger.filters import PaymentFilter
from ledger.forms import PaymentReverseForm
from ledger.models import Payment
from ledger.tables import PaymentTable
from ledger.views.common import LedgerListView, payment_or_404
from trustmgmt.base.forms import add_service_errors
from trustmgmt.base.pdf import pdf_response, render_pdf
from trustmgmt.base.roles import permission_required

PAYMENT_REVERSED = _("Receipt %(receipt)s is reversed (红冲). The payment stays on record beside its reversal.")


class PaymentListView(LedgerListView):
    permission_required = "ledger.view_payment"
    table_class = PaymentTable
    filterset_class = PaymentFilter
    template_name = "ledger/payment_list.html"
    export_name = "payments"

    def get_queryset(self):
        return receipts.with_reversal(Payment.objects.select_related("household", "fee_plan", "recorded_by"))


@permission_required("ledger.view_payment")
def receipt_page(request: HttpRequest, receipt_no: str) -> HttpResponse:
    payment = payment_or_404(receipt_no)
    context = receipts.receipt_context(payment)
    context["can_reverse"] = context["reversal"] is None and request.user.has_perm("ledger.reverse_payment")
    return render(request, "ledger/receipt.html", context)


@permission_required("ledger.view_payment")
def receipt_pdf(request: HttpRequest, receipt_no: str) -> HttpResponse:
    payment = payment_or_404(receipt_no)
    document = render_pdf("ledger/receipt_pdf.html", receipts.receipt_context(payment), request=request)
    return pdf_response(document, receipts.receipt_filename(payment))


@permission_required("ledger.reverse_payment")
def payment_reverse(request: HttpRequest, receipt_no: str) -> HttpResponse:
    payment = payment_or_404(receipt_no)
    form = PaymentReverseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.payment_reverse(
                payment=payment,
                reason=form.cleaned_data["reason"],
                category=form.cleaned_data["category"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, PAYMENT_REVERSED % {"receipt": payment.receipt_no})
            return redirect("ledger:payment", payment)
    context = receipts.receipt_context(payment)
    context["form"] = form
    return render(request, "ledger/payment_reverse.html", context)
