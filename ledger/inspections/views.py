"""Owners' inspection requests (查账) for the staff: the list, answering one, and making a voucher public.

Who asked (the flat and the contact) is shown here, to the staff only; the public pages show counts.
"""

import django_filters
import django_tables2 as tables
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from ledger.inspections import selectors
from ledger.inspections import services as inspections
from ledger.inspections.selectors import with_state
from ledger.models import Expenditure, Household
from ledger.models.inspections import MAX_ANSWER, AnswerMethod, InspectionRequest
from ledger.receipts import person
from ledger.tables import WIDE, MoneyColumn
from ledger.views.common import LedgerListView
from trustmgmt.base.forms import add_service_errors
from trustmgmt.base.roles import permission_required

ANSWERED = _("The answer to %(reference)s is recorded.")
MADE_PUBLIC = _("The voucher is public: it shows beside the expenditure on the disclosure page.")
WITHDRAWN = _("The voucher is no longer public.")
STATUS_CHOICES = [("open", _("Open")), ("overdue", _("Past its deadline")), ("answered", _("Answered"))]


class InspectionFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=STATUS_CHOICES, method="filter_status", empty_label=_("Any")
    )
    flat = django_filters.CharFilter(label=_("Flat"), method="filter_flat")

    class Meta:
        model = InspectionRequest
        fields = ["status", "flat"]

    def filter_status(self, queryset, name, value):
        if value == "answered":
            return queryset.filter(answered_at__isnull=False)
        if value == "overdue":
            return queryset.filter(selectors.overdue())
        return queryset.filter(answered_at__isnull=True)

    def filter_flat(self, queryset, name, value):
        return queryset.filter(household__in=Household.objects.search(value)) if value.strip() else queryset


class InspectionTable(tables.Table):
    reference = tables.Column(
        verbose_name=_("Request no."),
        accessor="pk",
        linkify=lambda record: reverse("ledger:inspection", args=[record.pk]),
    )
    asked_at = tables.DateTimeColumn(verbose_name=_("Asked"), format="Y-m-d")
    household = tables.Column(
        verbose_name=_("Flat"),
        accessor="household__label",
        order_by=("household__building", "household__unit", "household__room"),
    )
    contact = tables.Column(verbose_name=_("Contact"), attrs=WIDE)
    payee = tables.Column(
        verbose_name=_("Spending"), accessor="expenditure__payee", attrs={"td": {"class": "cell-wrap"}}
    )
    amount = MoneyColumn(verbose_name=_("Amount"), accessor="expenditure__amount")
    due_by = tables.DateColumn(verbose_name=_("Due by"), format="Y-m-d")
    rank = tables.Column(verbose_name=_("Status"))
    answered_at = tables.DateTimeColumn(verbose_name=_("Answered"), format="Y-m-d", attrs=WIDE)

    class Meta:
        model = InspectionRequest
        template_name = "ledger/table.html"
        fields = ()
        sequence = ("reference", "asked_at", "household", "contact", "payee", "amount", "due_by", "rank", "answered_at")
        order_by = ("rank", "due_by")
        empty_text = _("No inspection requests match.")
        row_attrs = {"class": lambda record: "overdue" if record.rank == 0 else ""}

    def render_reference(self, record):
        return record.reference

    def value_reference(self, record):
        return record.reference

    def render_rank(self, value):
        badge, label = [("bad", _("Past its deadline")), ("warn", _("Open")), ("ok", _("Answered"))][value]
        return format_html('<span class="badge badge-{}">{}</span>', badge, label)

    def value_rank(self, value):
        return str([_("Past its deadline"), _("Open"), _("Answered")][value])

    def value_answered_at(self, value):
        return timezone.localtime(value).strftime("%Y-%m-%d") if value else ""


class InspectionListView(LedgerListView):
    permission_required = "ledger.view_inspectionrequest"
    table_class = InspectionTable
    filterset_class = InspectionFilter
    template_name = "ledger/inspection_list.html"
    export_name = "inspection-requests"

    def get_queryset(self):
        return with_state(InspectionRequest.objects.select_related("household", "expenditure"))


class AnswerForm(forms.Form):
    method = forms.ChoiceField(label=_("How it was answered"), choices=AnswerMethod.choices)
    answer = forms.CharField(
        label=_("Answer"),
        max_length=MAX_ANSWER,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What was shown or sent, when and by whom. Staff only."),
    )


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
