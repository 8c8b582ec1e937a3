"""Staff documents: publishing, the quarterly statement, the fee notice and payment reminders."""

from django.urls import path, re_path

from trustmgmt.documents import views as staff

app_name = "documents"

QUARTER = r"(?P<year>[0-9]{4})-Q(?P<quarter>[1-4])"

urlpatterns = [
    path("", staff.index, name="index"),
    path("publish/", staff.publish_month, name="publish"),
    re_path(rf"^statement/{QUARTER}\.pdf$", staff.statement_pdf, name="statement_pdf"),
    re_path(rf"^statement/{QUARTER}\.xlsx$", staff.statement_workbook, name="statement_xlsx"),
    path("fee-notice.pdf", staff.fee_notice, name="fee_notice"),
    path("reminders.pdf", staff.reminders, name="reminders"),
    path("day-close/<str:day>.pdf", staff.day_close_slip, name="day_close_slip"),
]
