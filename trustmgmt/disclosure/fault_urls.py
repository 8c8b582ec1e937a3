"""Public, no login: the open-faults board, its JSON, the report form and a report's status (DESIGN.md)."""

from django.urls import path, re_path

from trustmgmt.disclosure import faults

app_name = "faults"

urlpatterns = [
    path("faults/", faults.board, name="board"),
    path("faults.json", faults.board_json, name="board_json"),
    path("faults/report/", faults.report, name="report"),
    re_path(r"^faults/status/(?P<reference>[2-9A-Za-z]{4}-[2-9A-Za-z]{4})/$", faults.status, name="status"),
]
