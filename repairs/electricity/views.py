"""Staff pages for public electricity: the meters, entering a reading (on a phone, at the meter), correcting
one, linking a bill to its payment, and explaining a flagged month. Thin: parse, call a service, redirect."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from repairs.electricity import selectors, services
from repairs.electricity.forms import BillForm, CorrectionForm, ExplanationForm, MeterForm, ReadingForm
from repairs.electricity.models import Meter, MeterReading
from trustmgmt.base.forms import add_service_errors
from trustmgmt.base.roles import permission_required


def _form_page(request, form, template: str, context: dict, save) -> HttpResponse:
    """Post/Redirect/Get around one service call; its refusal lands on the form."""
    if request.method == "POST" and form.is_valid():
        try:
            return save(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
    return render(request, template, {**context, "form": form})


@permission_required("repairs.view_meter")
def electricity_home(request: HttpRequest) -> HttpResponse:
    first, through = selectors.window(selectors.last_month_with_data(timezone.localdate()))
    uses = selectors.usage(first, through)
    flags = sorted(
        ((use.meter, row) for use in uses for row in use.months if row.flagged),
        key=lambda pair: (pair[1].explanation is not None, -pair[1].month.toordinal()),
    )
    meters = [(use.meter, next((row for row in reversed(use.months) if row.reading is not None), None)) for use in uses]
    return render(request, "repairs/electricity/home.html", {"meters": meters, "flags": flags})


@permission_required("repairs.view_meter")
def meter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meter = get_object_or_404(Meter, pk=pk)
    readings, bills = selectors.meter_records(meter)
    first, through = selectors.window(selectors.last_month_with_data(timezone.localdate()))
    (use,) = selectors.usage(first, through, [meter])
    return render(
        request,
        "repairs/electricity/meter.html",
        {"meter": meter, "readings": readings, "bills": bills, "months": list(reversed(use.months))},
    )


@permission_required("repairs.add_meter")
def meter_create(request: HttpRequest) -> HttpResponse:
    def save(data):
        meter = services.meter_create(by=request.user, **data)
        messages.success(request, _("The meter is added. Enter its first reading."))
        return redirect("repairs:meter", meter.pk)

    form = MeterForm(request.POST or None)
    return _form_page(request, form, "repairs/electricity/form.html", {"title": _("Add a meter")}, save)


@permission_required("repairs.change_meter")
def meter_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meter = get_object_or_404(Meter, pk=pk)

    def save(data):
        services.meter_update(meter=meter, by=request.user, **data)
        return redirect("repairs:meter", meter.pk)

    initial = {"name": meter.name, "place": meter.place, "serves": meter.serves}
    form = MeterForm(request.POST or None, initial=initial)
    return _form_page(request, form, "repairs/electricity/form.html", {"title": _("Edit the meter")}, save)


@permission_required("repairs.add_meterreading")
def reading_record(request: HttpRequest) -> HttpResponse:
    def save(data):
        reading = services.reading_record(by=request.user, **data)
        messages.success(
            request,
            _("Reading saved: %(meter)s, %(reading)s kWh.") % {"meter": reading.meter, "reading": reading.reading},
        )
        return redirect(f"{request.path}?meter={reading.meter_id}")

    asked = request.GET.get("meter", "")
    initial = {"meter": asked} if asked.isdigit() else {}
    form = ReadingForm(request.POST or None, initial=initial)
    return _form_page(request, form, "repairs/electricity/reading_form.html", {"title": _("Enter a reading")}, save)


@permission_required("repairs.add_meterreading")
def reading_correct(request: HttpRequest, pk: int) -> HttpResponse:
    original = get_object_or_404(MeterReading.objects.select_related("meter"), pk=pk)

    def save(data):
        services.reading_correct(original=original, by=request.user, **data)
        messages.success(request, _("The correction is saved; the reading it corrects stays on record."))
        return redirect("repairs:meter", original.meter_id)

    initial = {
        "read_on": original.read_on,
        "reading": original.reading,
        "replacement": original.replacement,
        "old_final": original.old_final or "",
        "new_start": original.new_start if original.new_start is not None else "",
    }
    form = CorrectionForm(request.POST or None, initial=initial)
    context = {"title": _("Correct a reading"), "original": original}
    return _form_page(request, form, "repairs/electricity/reading_form.html", context, save)


@permission_required("repairs.add_electricitybill")
def bill_record(request: HttpRequest) -> HttpResponse:
    def save(data):
        bill = services.bill_record(by=request.user, **data)
        messages.success(request, _("The bill is linked to its payment."))
        return redirect("repairs:meter", bill.meter_id)

    form = BillForm(request.POST or None)
    return _form_page(request, form, "repairs/electricity/form.html", {"title": _("Link a bill")}, save)


@permission_required("repairs.add_usageexplanation")
def flag_explain(request: HttpRequest, pk: int, year: int, month: int) -> HttpResponse:
    meter = get_object_or_404(Meter, pk=pk)
    if not 1 <= month <= 12:
        raise Http404
    period = date(year, month, 1)
    if period not in selectors.flagged_months(meter):
        raise Http404("not a flagged month")

    def save(data):
        services.explanation_record(meter=meter, month=period, by=request.user, **data)
        messages.success(request, _("The explanation is public now, beside the month."))
        return redirect("repairs:electricity")

    (use,) = selectors.usage(period, period, [meter])
    context = {"title": _("Explain a month"), "meter": meter, "row": use.months[0]}
    return _form_page(request, ExplanationForm(request.POST or None), "repairs/electricity/explain.html", context, save)
