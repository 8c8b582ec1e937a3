"""Staff pages for notices (the public ones are `trustmgmt.disclosure.notice_urls`)."""

from django.urls import path

from trustmgmt.notices import views

app_name = "notices_staff"

urlpatterns = [
    path("", views.notice_list, name="list"),
    path("new/", views.notice_new, name="new"),
    path("<int:pk>/", views.notice_edit, name="edit"),
    path("<int:pk>/publish/", views.notice_publish, name="publish"),
    path("<int:pk>/correct/", views.notice_correct, name="correct"),
    path("<int:pk>/attachment/", views.notice_attachment, name="attachment"),
]
