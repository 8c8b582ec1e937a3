"""Public, no login (DESIGN.md, "Interfaces that must stay stable")."""

from django.urls import path, re_path

from trustmgmt.disclosure import (
    account,
    budget_views,
    contract,
    decisions,
    electricity,
    inspections,
    journal_json,
    views,
)

app_name = "disclosure"

MONTH = r"(?P<year>[0-9]{4})/(?P<month>[0-9]{2})"

urlpatterns = [
    path("", views.index, name="index"),
    path("index.json", journal_json.index_json, name="index_json"),
    path("verify_disclosure.py", journal_json.verifier, name="verifier"),
    re_path(rf"^{MONTH}/journal\.json$", journal_json.journal_json, name="journal_json"),
    re_path(rf"^{MONTH}/$", views.month_page, name="month"),
    re_path(rf"^{MONTH}\.json$", views.month_json, name="month_json"),
    re_path(rf"^{MONTH}\.pdf$", views.month_pdf, name="month_pdf"),
    re_path(rf"^{MONTH}\.png$", views.month_png, name="month_png"),
    re_path(r"^(?P<year>[0-9]{4})/budget/$", budget_views.budget_page, name="budget"),
    re_path(r"^(?P<year>[0-9]{4})/budget\.json$", budget_views.budget_json, name="budget_json"),
    re_path(r"^(?P<year>[0-9]{4})/account/$", account.account_page, name="account"),
    re_path(r"^(?P<year>[0-9]{4})/account\.json$", account.account_json, name="account_json"),
    re_path(r"^(?P<year>[0-9]{4})/account\.pdf$", account.account_pdf, name="account_pdf"),
    path("contract/", contract.contract_page, name="contract"),
    path("contract.json", contract.contract_json, name="contract_json"),
    path("electricity/", electricity.electricity_page, name="electricity"),
    path("electricity.json", electricity.electricity_json, name="electricity_json"),
    path("decisions/", decisions.decision_list, name="decisions"),
    path("decisions/<int:pk>/", decisions.decision_page, name="decision"),
    re_path(r"^decisions/(?P<pk>[0-9]+)\.json$", decisions.decision_json, name="decision_json"),
    re_path(r"^decisions/(?P<pk>[0-9]+)\.pdf$", decisions.decision_pdf, name="decision_pdf"),
    path("expenditures/<int:pk>/ask/", inspections.ask, name="inspection_ask"),
    path("asked/<str:token>/", inspections.thanks, name="inspection_thanks"),
    re_path(r"^vouchers/(?P<pk>[0-9]+)\.(?P<ext>jpg|png|webp|pdf)$", inspections.public_voucher, name="public_voucher"),
]
