"""Own-flat lookup (本户查询): an owner names the flat and the last four digits of the phone on file and sees
that flat's fee years, receipts and settlement credits. Public, no login; POST, so the digits never reach a
URL or an access log; never cached.

Nobody learns which flats exist or whose phone ends how: an unknown flat, a wrong pair and a flat with no
phone on file get the same answer, byte for byte, and the form is not filled in again. Wrong tries count
per address (VERIFY_FAILURES_PER_HOUR, then 429) and per flat as typed, existing or not
(`services.lookup_failure_record`: LOOKUP_FAILURES_PER_FLAT lock it, which the staff can lift).
"""

import re

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from ledger import lookups, services
from ledger.models import POOLS, Pool
from trustmgmt.base.money import grouped
from trustmgmt.disclosure.receipt_check import count_failure, private, throttled, too_many

FLAT_INVALID = _("Give your flat as building-unit-room, for example 12-2-301.")
DIGITS_INVALID = _("Type the last four digits of the phone number the steward has for your flat, for example 5678.")
NO_MATCH = _(
    "These do not match our records. Check the flat and the last four digits of the phone number you gave the "
    "steward. If the steward has no phone number for your flat, ask at the desk."
)
LOCKED = _(
    "There have been too many wrong tries for this flat, so its lookup is locked for an hour. Try again later, "
    "or ask the steward at the desk, who can lift the lock."
)
_FOUR_DIGITS = re.compile(r"[0-9]{4}")


class LookupForm(forms.Form):
    flat = forms.CharField(
        label=_("Your flat (building-unit-room)"),
        max_length=24,
        error_messages={"required": FLAT_INVALID, "max_length": FLAT_INVALID},
        widget=forms.TextInput(attrs={"placeholder": "12-2-301", "autocomplete": "off", "inputmode": "numeric"}),
    )
    phone_last4 = forms.CharField(
        label=_("Last four digits of the phone number on file"),
        max_length=4,
        min_length=4,
        strip=True,
        error_messages={key: DIGITS_INVALID for key in ("required", "max_length", "min_length")},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "inputmode": "numeric", "pattern": "[0-9]{4}", "placeholder": "5678"}
        ),
    )

    def clean_flat(self) -> str:
        flat = lookups.flat_key(self.cleaned_data["flat"])
        if flat is None:
            raise forms.ValidationError(FLAT_INVALID)
        return flat

    def clean_phone_last4(self) -> str:
        digits = self.cleaned_data["phone_last4"]
        if not _FOUR_DIGITS.fullmatch(digits):
            raise forms.ValidationError(DIGITS_INVALID)
        return digits


def _form_page(request: HttpRequest, form: LookupForm, *, message=None, status: int = 200) -> HttpResponse:
    context = {"form": form, "message": message}
    return private(render(request, "disclosure/verify_household.html", context, status=status))


@require_http_methods(["GET", "POST"])
def lookup(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _form_page(request, LookupForm())
    if throttled("household", request):
        return too_many(request)
    form = LookupForm(request.POST)
    if not form.is_valid():
        return _form_page(request, form)
    flat, digits = form.cleaned_data["flat"], form.cleaned_data["phone_last4"]
    if lookups.lookup_locked(flat):
        return _form_page(request, LookupForm(), message=LOCKED, status=429)
    household = lookups.household_for_lookup(flat, digits)
    if household is None:
        count_failure("household", request)
        services.lookup_failure_record(flat=flat)
        return _form_page(request, LookupForm(), message=NO_MATCH)
    services.lookup_success_record(flat=flat)
    record = lookups.flat_record(household)
    context = {"record": record, "years": [year_table(year) for year in record.years]}
    return private(render(request, "disclosure/verify_household_record.html", context))


def year_table(year) -> dict:
    """One fee year as the page prints it, the amounts already written out: a page with ten years of three
    pools would otherwise spend most of its time in template filters."""
    outstanding = year.outstanding
    return {
        "year": year.fee_plan.year,
        "state": year.state,
        "rows": [
            (Pool(code).label, grouped(year.due[code]), grouped(year.paid[code]), grouped(outstanding[code]))
            for code in POOLS
        ],
        "total": tuple(grouped(amount) for amount in (year.due_total, year.paid_total, year.outstanding_total)),
        "owed": grouped(year.outstanding_total) if year.outstanding_total else "",
        "paid": grouped(year.paid_total),
        "credited": grouped(year.credited) if year.credited else "",
    }
