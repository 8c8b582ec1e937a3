"""Staff pages: publishing a month, the quarterly statement, the fee notice and payment reminders."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ledger import figures, services
from trustmgmt.base.dates import month_label, next_month, quarter_months, quarter_of, this_month
from trustmgmt.base.pdf import pdf_response, render_pdf
from trustmgmt.base.roles import permission_required
from trustmgmt.disclosure.context import month_urls
from trustmgmt.disclosure.services import publish
from trustmgmt.documents import forms
from trustmgmt.documents.day_close import day_close_context
from trustmgmt.documents.notices import fee_notice_context, reminders_context
from trustmgmt.documents.statement import statement_context, statement_xlsx

DOCUMENT_PERMISSIONS = ("ledger.publish_month", "ledger.view_statement", "ledger.view_feeplan", "ledger.view_due")
PUBLISHED = _("%(month)s is published. Its figures are now final.")


def _quarters() -> list[dict]:
    """Quarters with anything disclosed in them whose three months are all published, newest first (a
    statement of a quarter still open would change after it was signed)."""
    published = figures.publications()
    last_published = max(published) if published else None
    seen = []
    for month in figures.months_with_entries():
        quarter = (month.year, quarter_of(month))
        if quarter not in seen and last_published and quarter_months(*quarter)[1] <= last_published:
            seen.append(quarter)
    return [{"year": year, "quarter": quarter} for year, quarter in seen]


@require_GET
@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not any(user.has_perm(perm) for perm in DOCUMENT_PERMISSIONS):
        raise PermissionDenied
    context: dict = {}
    if user.has_perm("ledger.publish_month"):
        upcoming = services.next_month_to_publish()
        context["publish"] = {
            "month": upcoming,
            "label": month_label(upcoming) if upcoming else None,
            "urls": month_urls(upcoming) if upcoming else None,
            "ready": upcoming is not None and next_month(upcoming) <= this_month(),
            "form": forms.PublishForm(initial={"month": upcoming.strftime("%Y-%m")}) if upcoming else None,
            "recent": [
                {"month": month, "label": month_label(month), "at": at, "urls": month_urls(month)}
                for month, (at, _fingerprint) in sorted(figures.publications().items(), reverse=True)[:6]
            ],
        }
    if user.has_perm("ledger.view_statement"):
        context["quarters"] = _quarters()
    year = this_month().year
    if user.has_perm("ledger.view_feeplan"):
        # Next year's notice once its plan is set, else this year's.
        notice_year = year + 1 if figures.fee_plan_for_year(year + 1) else year
        context["fee_notice_form"] = forms.WhereToPayForm(initial={"year": notice_year}, auto_id="notice_%s")
    if user.has_perm("ledger.view_due") and user.has_perm("ledger.view_household"):
        context["reminders_form"] = forms.RemindersForm(initial={"year": year}, auto_id="reminders_%s")
    return render(request, "documents/index.html", context)


@require_POST
@permission_required("ledger.publish_month")
def publish_month(request: HttpRequest) -> HttpResponse:
    form = forms.PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the month to publish from this page."))
        return redirect("documents:index")
    month = form.cleaned_data["month"]
    try:
        publish(month=month, by=request.user, note=form.cleaned_data["note"])
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("documents:index")
    messages.success(request, PUBLISHED % {"month": month_label(month)})
    return redirect(month_urls(month)["page"])


def _statement(year: str, quarter: str) -> dict:
    return statement_context(int(year), int(quarter))


@require_GET
@permission_required("ledger.view_statement")
def statement_pdf(request: HttpRequest, year: str, quarter: str) -> HttpResponse:
    context = _statement(year, quarter)
    return pdf_response(render_pdf("documents/statement.html", context), f"statement-{year}-Q{quarter}.pdf")


@require_GET
@permission_required("ledger.view_statement")
def statement_workbook(request: HttpRequest, year: str, quarter: str) -> HttpResponse:
    workbook = statement_xlsx(_statement(year, quarter))
    response = HttpResponse(workbook, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="statement-{year}-Q{quarter}.xlsx"'
    return response


def _invalid(request: HttpRequest, form) -> HttpResponse:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)
    return redirect("documents:index")


@require_GET
@permission_required("ledger.view_feeplan")
def fee_notice(request: HttpRequest) -> HttpResponse:
    form = forms.WhereToPayForm(request.GET)
    if not form.is_valid():
        return _invalid(request, form)
    data = form.cleaned_data
    context = fee_notice_context(year=data["year"], place=data["place"], hours=data["hours"], deadline=data["deadline"])
    return pdf_response(render_pdf("documents/fee_notice.html", context), f"fee-notice-{data['year']}.pdf")


@require_GET
@permission_required("ledger.view_due", "ledger.view_household")
def reminders(request: HttpRequest) -> HttpResponse:
    form = forms.RemindersForm(request.GET)
    if not form.is_valid():
        return _invalid(request, form)
    data = form.cleaned_data
    context = reminders_context(
        year=data["year"],
        building=data["building"],
        place=data["place"],
        hours=data["hours"],
        deadline=data["deadline"],
    )
    name = f"reminders-{data['year']}" + (f"-building-{data['building']}" if data["building"] else "")
    return pdf_response(render_pdf("documents/reminders.html", context), f"{name}.pdf")


@require_GET
@permission_required("ledger.view_account")
def day_close_slip(request: HttpRequest, day: str) -> HttpResponse:
    """The day-close slip for the two signatures (日结单), as a PDF."""
    try:
        parsed = date.fromisoformat(day)
    except ValueError:
        raise Http404 from None
    context = day_close_context(parsed)
    return pdf_response(render_pdf("documents/day_close_slip.html", context), f"day-close-{parsed.isoformat()}.pdf")
