from django.urls import path, register_converter

from ledger.accounts import views as accounts
from ledger.budgets import views as budgets
from ledger.converters import FlatConverter, ReceiptConverter
from ledger.decisions import views as decisions
from ledger.imports import views as imports
from ledger.inspections import views as inspections
from ledger.settlement import views as fee_years
from ledger.views import desk, expenditures, households, lookup_locks, overview, payments

register_converter(FlatConverter, "flat")
register_converter(ReceiptConverter, "receipt")

app_name = "ledger"

urlpatterns = [
    path("", overview.dashboard, name="dashboard"),
    path("start/", imports.start, name="start"),
    path("imports/<str:kind>/", imports.import_page, name="import"),
    path("imports/<str:kind>/confirm/", imports.import_confirm, name="import_confirm"),
    path("imports/<str:kind>/discard/", imports.import_discard, name="import_discard"),
    path("imports/<str:kind>/sample.csv", imports.import_sample, name="import_sample"),
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
    path("lookup-locks/", lookup_locks.lookup_locks, name="lookup_locks"),
    path("arrears/", overview.ArrearsView.as_view(), name="arrears"),
    path("fee-plans/", overview.fee_plans, name="fee_plans"),
    path("fee-plans/<int:year>/", overview.fee_plan_edit, name="fee_plan_edit"),
    path("fee-plans/decision/", decisions.fee_plan_cite, name="fee_plan_cite"),
    path("budgets/", budgets.budget_list, name="budgets"),
    path("budgets/<int:year>/propose/", budgets.budget_propose, name="budget_propose"),
    path("budgets/<int:year>/new-version/", budgets.budget_new_version, name="budget_new_version"),
    path("budgets/<int:year>/v<int:version>/", budgets.budget_page, name="budget"),
    path("budgets/<int:year>/v<int:version>/settings/", budgets.budget_settings, name="budget_settings"),
    path("budgets/<int:year>/v<int:version>/lines/", budgets.budget_line_add, name="budget_line_add"),
    path("budgets/<int:year>/v<int:version>/lines/<int:line>/", budgets.budget_line, name="budget_line"),
    path("budgets/<int:year>/v<int:version>/approve/", budgets.budget_approve, name="budget_approve"),
    path("budgets/<int:year>/v<int:version>/discard/", budgets.budget_discard, name="budget_discard"),
    path("decisions/", decisions.decision_list, name="decisions"),
    path("decisions/new/", decisions.decision_new, name="decision_new"),
    path("decisions/<int:pk>/", decisions.decision_page, name="decision"),
    path("decisions/<int:pk>/ballots/", decisions.ballot_add, name="ballot_add"),
    path("decisions/<int:pk>/corrections/", decisions.ballot_correct, name="ballot_correct"),
    path("decisions/<int:pk>/close/", decisions.decision_close, name="decision_close"),
    path("decisions/ballots/<int:pk>/scan/", decisions.ballot_scan, name="ballot_scan"),
    path("accounts/", accounts.accounts_page, name="accounts"),
    path("accounts/deposit/", accounts.deposit_page, name="deposit"),
    path("accounts/settlement/", accounts.settlement_page, name="settlement"),
    path("accounts/statements/", accounts.statement_upload, name="statement_upload"),
    path("accounts/advance/", accounts.advance_page, name="advance"),
    path("accounts/lines/<int:pk>/<str:action>/", accounts.line_action, name="line_action"),
    path("accounts/reconciliation/<str:year>/<str:month>/", accounts.reconciliation_page, name="reconciliation"),
    path("day-close/", accounts.day_close_page, name="day_close"),
    path("fee-years/", fee_years.fee_years, name="fee_years"),
    path("fee-years/<int:year>/", fee_years.fee_year, name="fee_year"),
]
