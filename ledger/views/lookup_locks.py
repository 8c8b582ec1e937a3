"""Locks on the public own-flat lookup (本户查询), for the steward and the committee: which flats are locked
after too many wrong tries, and lifting one when the owner asks at the desk (`services.lookup_lock_lift`).

A lock is keyed on the flat as typed, whether or not it exists: a lock on a flat that is not in the complex
means someone was trying flats, and is worth knowing too.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from ledger import lookups, services
from trustmgmt.base.forms import add_service_errors
from trustmgmt.base.roles import permission_required

LIFTED = _("The lookup of %(flat)s is open again.")


class LiftForm(forms.Form):
    flat = forms.CharField(max_length=24, widget=forms.HiddenInput)


@permission_required("ledger.view_lookuplock")
def lookup_locks(request: HttpRequest) -> HttpResponse:
    form = LiftForm(request.POST or None)
    if request.method == "POST":
        if not request.user.has_perm("ledger.lift_lookuplock"):
            return HttpResponse(status=403)
        if form.is_valid():
            try:
                lock = services.lookup_lock_lift(flat=form.cleaned_data["flat"], by=request.user)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, LIFTED % {"flat": lock.flat})
                return redirect("ledger:lookup_locks")
    context = {"locks": lookups.active_lookup_locks(), "form": form, "section": "lookup_locks"}
    return render(request, "ledger/lookup_locks.html", context)
