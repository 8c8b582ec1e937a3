from django.urls import path, register_converter

from ledger.converters import FlatConverter, ReceiptConverter
from ledger.views import desk, expenditures, households, inspections, overview, payments

register_converter(FlatConverter, "flat")
register_converter(ReceiptConverter, "receipt")

app_name = "ledger"

urlpatterns = [
    path("", overview.dashboard, name="dashboard"),
    path("desk/", desk.desk, name="desk"),
    path("households/", households.HouseholdListView.as_view(), name="households"),
    path("households/new/", households.household_new, name="household_new"),
    path("households/<flat:flat>/", desk.household_page, name="household"),
    path("households/<flat:flat>/edit/", households.household_edit, name="household_edit"),
    path("households/<flat:flat>/occupancy/", households.household_occupancy, name="household_occupancy"),
    path("payments/", payments.PaymentListView.as_view(), name="payments"),
    path("payments/<receipt:receipt_no>/", payments.receipt_page, name="payment"),
    path("payments/<receipt:receipt_no>/receipt.pdf", payments.receipt_pdf, name="receipt_pdf"),
    path("payments/<receipt:receipt_no>/reverse/", payments.payment_reverse, name="payment_reverse"),
    path("expenditures/", expenditures.ExpenditureListView.as_view(), name="expenditures"),
    path("expenditures/new/", expenditures.expenditure_new, name="expenditure_new"),
    path("expenditures/pending/", expenditures.approvals, name="approvals"),
    path("expenditures/<int:pk>/", expenditures.expenditure_page, name="expenditure"),
    path("expenditures/<int:pk>/voucher/", expenditures.voucher, name="voucher"),
    path("expenditures/<int:pk>/approve/", expenditures.expenditure_approve, name="expenditure_approve"),
    path("expenditures/<int:pk>/reject/", expenditures.expenditure_reject, name="expenditure_reject"),
    path("expenditures/<int:pk>/reverse/", expenditures.expenditure_reverse, name="expenditure_reverse"),
    path("expenditures/<int:pk>/voucher/publish/", inspections.voucher_publish, name="voucher_publish"),
    path("expenditures/<int:pk>/voucher/withdraw/", inspections.voucher_withdraw, name="voucher_withdraw"),
    path("inspections/", inspections.InspectionListView.as_view(), name="inspections"),
    path("inspections/<int:pk>/", inspections.inspection_page, name="inspection"),
    path("arrears/", overview.ArrearsView.as_view(), name="arrears"),
    path("fee-plans/", overview.fee_plans, name="fee_plans"),
    path("fee-plans/<int:year>/", overview.fee_plan_edit, name="fee_plan_edit"),
]
