"""Staff pages for where the money sits: accounts, the day-close, deposits, statements, matching,
advances between pools and the month's reconciliation. Thin: parse, call a service, redirect."""

import tempfile
from datetime import date
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from ledger import importers
from ledger import services as ledger_services
from ledger.accounts import selectors, services
from ledger.accounts.forms import (
    AdvanceForm,
    BookLineForm,
    DayCloseForm,
    DepositForm,
    SettlementForm,
    StatementForm,
)
from ledger.models import AccountKind, DayClose, StatementLine
from trustmgmt.base.dates import month_from_url, this_month
from trustmgmt.base.forms import add_service_errors
from trustmgmt.base.roles import permission_required

CLOSED = _("The day is closed. Print the slip for the two signatures.")
DEPOSITED = _("The deposit is recorded.")
SETTLED = _("The settlement is recorded; its bank line will match it.")
IMPORTED = _("%(added)s new statement lines (%(read)s read): %(matched)s matched, %(proposed)s proposed.")
ADVANCED = _("The advance is approved and on the journal.")
CONFIRMED = _("The match is confirmed.")
REJECTED = _("The proposed match is undone; the line is unmatched again.")
BOOKED = _("Booked in the ledger and matched.")


def _cash_box():
    box = next((account for account in selectors.accounts() if account.kind == AccountKind.CASH), None)
    if box is None:
        raise Http404
    return box


@permission_required("ledger.view_account")
def accounts_page(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    rows = [{"account": account, "balance": selectors.book_balance(account, today)} for account in selectors.accounts()]
    context = {
        "rows": rows,
        "today": today,
        "month": this_month(),
        "proposed": selectors.proposed_matches()[:50],
        "unmatched": selectors.unmatched_lines()[:50],
        "unmatched_books": [
            (account, list(selectors.unmatched_movements(account)[:50]))
            for account in selectors.accounts()
            if account.kind == AccountKind.BANK
        ],
        "differences": selectors.cash_differences(),
        "book_form": BookLineForm(auto_id=False),
    }
    return render(request, "ledger/accounts/accounts.html", context)


@permission_required("ledger.close_day")
def day_close_page(request: HttpRequest) -> HttpResponse:
    box = _cash_box()
    try:
        day = date.fromisoformat(request.GET.get("day", "")) if request.GET.get("day") else timezone.localdate()
    except ValueError:
        raise Http404 from None
    existing = selectors.last_close(box, day, inclusive=True)
    existing = existing if existing is not None and existing.day == day else None
    form = DayCloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            close = services.day_close(account=box, day=day, by=request.user, corrects=existing, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, CLOSED)
            return redirect(f"{request.path}?day={close.day.isoformat()}")
    context = {
        "box": box,
        "day": day,
        "sheet": selectors.day_sheet(box, day),
        "existing": existing,
        "form": form,
        "history": DayClose.objects.filter(account=box).select_related("closed_by")[:14],
    }
    return render(request, "ledger/accounts/day_close.html", context)


@permission_required("ledger.add_transfer")
def deposit_page(request: HttpRequest) -> HttpResponse:
    box = _cash_box()
    form = DepositForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.deposit_record(cash_box=box, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, DEPOSITED)
            return redirect("ledger:accounts")
    context = {"form": form, "cash": selectors.cash_on_hand(box, timezone.localdate()), "box": box}
    return render(request, "ledger/accounts/form.html", {**context, "title": _("Deposit cash in the bank")})


@permission_required("ledger.add_transfer")
def settlement_page(request: HttpRequest) -> HttpResponse:
    """A collection account (WeChat/Alipay) paid out to the bank, less the platform's fee."""
    form = SettlementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.settlement_record(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, SETTLED)
            return redirect("ledger:settlement")
    context = {
        "form": form,
        "collections": selectors.collection_balances(timezone.localdate()),
        "settlements": selectors.settlements(),
    }
    return render(request, "ledger/accounts/settlement.html", context)


@permission_required("ledger.import_statement")
def statement_upload(request: HttpRequest) -> HttpResponse:
    form = StatementForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        with tempfile.NamedTemporaryFile(suffix=suffix) as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
            handle.flush()
            try:
                result = services.statement_import(
                    account=form.cleaned_data["account"],
                    path=handle.name,
                    file_name=upload.name,
                    layout=form.cleaned_data["layout"] or None,
                    by=request.user,
                )
            except importers.ImportFailed as failure:
                problems = [str(problem) for problem in failure.problems]
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                counts = {"added": result.added, "read": result.read, "matched": result.matched}
                messages.success(request, IMPORTED % {**counts, "proposed": result.proposed})
                return redirect("ledger:accounts")
    context = {"form": form, "problems": problems, "title": _("Import a bank statement"), "multipart": True}
    return render(request, "ledger/accounts/form.html", context)


def _line(pk: int) -> StatementLine:
    return get_object_or_404(StatementLine.objects.select_related("account"), pk=pk)


@require_POST
@permission_required("ledger.change_match")
def line_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    line = _line(pk)
    form = BookLineForm(request.POST)
    try:
        if action == "confirm":
            services.match_confirm(line=line, by=request.user)
            messages.success(request, CONFIRMED)
        elif action == "reject":
            services.match_reject(line=line, by=request.user)
            messages.success(request, REJECTED)
        elif action in ("fee", "interest") and form.is_valid():
            book = services.line_book_fee if action == "fee" else services.line_book_interest
            book(line=line, pool=form.cleaned_data["pool"], by=request.user)
            messages.success(request, BOOKED)
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("ledger:accounts")


@permission_required("ledger.approve_advance")
def advance_page(request: HttpRequest) -> HttpResponse:
    form = AdvanceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ledger_services.pool_advance_approve(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, ADVANCED)
            return redirect("ledger:accounts")
    return render(request, "ledger/accounts/form.html", {"form": form, "title": _("Advance between pools")})


@permission_required("ledger.view_account")
def reconciliation_page(request: HttpRequest, year: str, month: str) -> HttpResponse:
    try:
        first = month_from_url(year, month)
    except ValueError:
        raise Http404 from None
    context = {"reconciliation": selectors.cached_reconciliation(first), "month": first}
    return render(request, "ledger/accounts/reconciliation.html", context)
