"""Public checks anyone can make, no login: /verify/…"""

from django.urls import path

from trustmgmt.disclosure import verification

app_name = "verify"

urlpatterns = [
    path("fingerprint/", verification.fingerprint_check, name="fingerprint"),
]
