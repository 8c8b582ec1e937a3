"""Receipt check (扫码验票): anyone holding a receipt opens its check page from the QR code or types its code,
or types the number and amount of a receipt without a code; public, no login.

Guessing is throttled per address: each failed check (no such code, or a number and amount that do not
match) counts, and after VERIFY_FAILURES_PER_HOUR failures the address gets a friendly 429 for an hour.
"""

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from ledger import check_tokens, lookups
from trustmgmt.base import throttle
from trustmgmt.base.money import MAX_AMOUNT

CODE_INVALID = _("A check code has 16 letters and digits, as printed under the QR code: ABCD-EFGH-JKMN-PQRS.")
RECEIPT_NO_INVALID = _("Type the receipt number as printed, for example 2024-000123.")
AMOUNT_INVALID = _("Type the amount in yuan as printed, for example 200.00 (at most two decimal places).")


def failures_key(kind: str, request: HttpRequest) -> str:
    return throttle.key(f"verify-{kind}", request)


def throttled(kind: str, request: HttpRequest) -> bool:
    return throttle.current(failures_key(kind, request)) >= settings.VERIFY_FAILURES_PER_HOUR


def count_failure(kind: str, request: HttpRequest) -> None:
    throttle.count(failures_key(kind, request))


def private(response: HttpResponse) -> HttpResponse:
    """No shared cache keeps it, no search engine lists it: a check page is for whoever holds the paper."""
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def too_many(request: HttpRequest) -> HttpResponse:
    return private(render(request, "disclosure/verify_throttled.html", status=429))


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Check code"),
        max_length=40,
        error_messages={"required": CODE_INVALID, "max_length": CODE_INVALID},
        widget=forms.TextInput(
            attrs={"placeholder": "ABCD-EFGH-JKMN-PQRS", "autocomplete": "off", "autocapitalize": "characters"}
        ),
    )

    def clean_code(self) -> str:
        token = check_tokens.normalise(self.cleaned_data["code"])
        if token is None:
            raise forms.ValidationError(CODE_INVALID)
        return token


class MatchForm(forms.Form):
    receipt_no = forms.CharField(
        label=_("Receipt number"),
        max_length=20,
        error_messages={"required": RECEIPT_NO_INVALID, "max_length": RECEIPT_NO_INVALID},
        widget=forms.TextInput(attrs={"placeholder": "2024-000123", "autocomplete": "off", "inputmode": "numeric"}),
    )
    amount = forms.DecimalField(
        label=_("Amount (yuan)"),
        max_digits=12,
        decimal_places=2,
        min_value=0.01,
        max_value=MAX_AMOUNT,
        error_messages={key: AMOUNT_INVALID for key in ("required", "invalid", "max_decimal_places", "max_digits")},
        widget=forms.TextInput(attrs={"placeholder": "200.00", "autocomplete": "off", "inputmode": "decimal"}),
    )

    def clean_receipt_no(self) -> str:
        text = self.cleaned_data["receipt_no"]
        if lookups.parse_receipt_no(text) is None:
            raise forms.ValidationError(RECEIPT_NO_INVALID)
        return text.strip()


@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    """How to check a receipt: type its code (GET, to its page), or its number and amount (POST: matches or not)."""
    code_form = CodeForm(request.GET or None)
    match_form = MatchForm(request.POST or None)
    answer = None
    if request.method == "POST":
        if throttled("receipt", request):
            return too_many(request)
        if match_form.is_valid():
            answer = lookups.receipt_matches(match_form.cleaned_data["receipt_no"], match_form.cleaned_data["amount"])
            if not answer:
                count_failure("receipt", request)
    elif code_form.is_valid():
        return redirect("verify:receipt", token=code_form.cleaned_data["code"])
    context = {"code_form": code_form, "match_form": match_form, "answer": answer}
    return private(render(request, "disclosure/verify_receipt_start.html", context))


@require_GET
def receipt(request: HttpRequest, token: str) -> HttpResponse:
    """The receipt behind a check code, or a clear 404 that tells its holder to go to the committee."""
    if throttled("receipt", request):
        return too_many(request)
    found = lookups.receipt_check(token)
    if found is None:
        count_failure("receipt", request)
        context = {"code_form": CodeForm(), "match_form": MatchForm()}
        return private(render(request, "disclosure/verify_receipt_unknown.html", context, status=404))
    return private(render(request, "disclosure/verify_receipt.html", {"receipt": found}))
