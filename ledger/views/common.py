"""What the ledger's views share: finding things by the names people use, and serving stored files."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export import ExportMixin

from ledger import receipts
from ledger.models import Household, Payment


def household_or_404(flat: tuple[int, int, int]) -> Household:
    building, unit, room = flat
    return get_object_or_404(Household, building=building, unit=unit, room=room)


def payment_or_404(receipt_no: str) -> Payment:
    payment = receipts.payment_by_receipt(receipt_no)
    if payment is None:
        raise Http404
    return payment


class LedgerListView(PermissionRequiredMixin, ExportMixin, SingleTableMixin, FilterView):
    """A filtered, sorted, paged table that exports as CSV or XLSX; a fixed number of queries either way."""

    export_formats = ("csv", "xlsx")
    # Not paginate_by: FilterView would count the rows a second time.
    table_pagination = {"per_page": 50}

    def get_table_pagination(self, table):
        if self.request.GET.get(self.export_trigger_param):  # the export takes every row; no page to count
            return False
        return super().get_table_pagination(table)
