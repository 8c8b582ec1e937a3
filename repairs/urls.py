from django.urls import path

from repairs.electricity import views as electricity
from repairs.faults import views as faults
from repairs.views import contracts, orders, overview, patrols

app_name = "repairs"

urlpatterns = [
    path("", orders.WorkOrderListView.as_view(), name="workorders"),
    path("overview/", overview.overview, name="overview"),
    path("orders/new/", orders.order_report, name="order_report"),
    path("orders/<str:number>/", orders.order_detail, name="order"),
    path("orders/<str:number>/step/<str:step>/", orders.order_step, name="order_step"),
    path("orders/<str:number>/lines/new/", orders.order_add_line, name="order_add_line"),
    path("orders/<str:number>/lines/<int:line>/remove/", orders.order_remove_line, name="order_remove_line"),
    path("orders/<str:number>/approve-charges/", orders.order_approve_charges, name="order_approve_charges"),
    path("orders/<str:number>/photos/new/", orders.order_add_photo, name="order_add_photo"),
    path("photos/<int:pk>/", orders.photo, name="photo"),
    path("reports/", faults.report_list, name="fault_reports"),
    path("reports/<int:pk>/", faults.report_detail, name="fault_report"),
    path("reports/<int:pk>/accept/", faults.report_accept, name="fault_report_accept"),
    path("reports/<int:pk>/merge/", faults.report_merge, name="fault_report_merge"),
    path("reports/<int:pk>/decline/", faults.report_decline, name="fault_report_decline"),
    path("patrols/", patrols.PatrolListView.as_view(), name="patrols"),
    path("patrols/new/", patrols.patrol_record, name="patrol_record"),
    path("patrols/<int:pk>/", patrols.patrol_detail, name="patrol"),
    path("contracts/", contracts.contract_list, name="contracts"),
    path("contracts/new/", contracts.contract_create, name="contract_create"),
    path("contracts/<int:pk>/", contracts.contract_detail, name="contract"),
    path("contracts/<int:pk>/document/", contracts.contract_document, name="contract_document"),
    path("contracts/<int:pk>/document/upload/", contracts.contract_upload_document, name="contract_upload_document"),
    path("contracts/<int:pk>/items/new/", contracts.price_item_add, name="price_item_add"),
    path("items/<int:pk>/edit/", contracts.price_item_edit, name="price_item_edit"),
    path("contractors/new/", contracts.contractor_create, name="contractor_create"),
    path("contractors/<int:pk>/edit/", contracts.contractor_edit, name="contractor_edit"),
    path("electricity/", electricity.electricity_home, name="electricity"),
    path("electricity/meters/new/", electricity.meter_create, name="meter_create"),
    path("electricity/meters/<int:pk>/", electricity.meter_detail, name="meter"),
    path("electricity/meters/<int:pk>/edit/", electricity.meter_edit, name="meter_edit"),
    path("electricity/readings/new/", electricity.reading_record, name="reading_record"),
    path("electricity/readings/<int:pk>/correct/", electricity.reading_correct, name="reading_correct"),
    path("electricity/bills/new/", electricity.bill_record, name="bill_record"),
    path("electricity/meters/<int:pk>/<int:year>-<int:month>/explain/", electricity.flag_explain, name="flag_explain"),
]
