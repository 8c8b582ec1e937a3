"""Public, no login: anyone can check (issue 11). Included at `verify/` with the namespace `verify`."""

from django.urls import path

from trustmgmt.disclosure import household_lookup, receipt_check, verification

app_name = "verify"

urlpatterns = [
    path("receipt/", receipt_check.start, name="receipt_start"),
    path("receipt/<str:token>/", receipt_check.receipt, name="receipt"),
    path("household/", household_lookup.lookup, name="household"),
    path("fingerprint/", verification.fingerprint_check, name="fingerprint"),
]
