"""Public notices, no login: /notices/ (DESIGN.md)."""

from django.urls import path, re_path

from trustmgmt.disclosure import notices

app_name = "notices"

urlpatterns = [
    path("", notices.notice_list, name="list"),
    path("archive/", notices.notice_archive, name="archive"),
    path("<int:pk>/", notices.notice_page, name="notice"),
    re_path(r"^(?P<pk>[0-9]+)\.pdf$", notices.notice_pdf, name="pdf"),
    re_path(r"^(?P<pk>[0-9]+)/attachment\.(?P<ext>pdf|jpg|png|webp)$", notices.notice_attachment, name="attachment"),
]
