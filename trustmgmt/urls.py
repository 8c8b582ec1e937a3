from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from trustmgmt import audit, views

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/login/", views.StaffLoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("audit/", audit.audit_trail, name="audit"),
    path("ledger/", include("ledger.urls")),
    path("repairs/", include("repairs.urls")),
    path("disclosure/", include("trustmgmt.disclosure.urls")),
    path("documents/", include("trustmgmt.documents.urls")),
    path("verify/", include("trustmgmt.disclosure.verify_urls")),
    path("", include("trustmgmt.disclosure.fault_urls")),
    path("notices/staff/", include("trustmgmt.notices.urls")),
    path("notices/", include("trustmgmt.disclosure.notice_urls")),
]
