from ledger import importers
from ledger.management.commands._importing import ImportCommand


class Command(ImportCommand):
    kind = "payments"
    help = (
        "Import payments from the old ledger, a .csv or .xlsx file with the header "
        "household,fee_year,paid_on,amount,method,receipt_no. household is building-unit-room (12-2-301); the "
        "fee year must have a fee plan; method is cash, wechat, alipay or bank; receipt_no is 2024-000045 or 45 "
        "(of that fee year), or empty for the next number. Each payment is split over the pools and posted to "
        "the journal like one made at the desk. All or nothing: if any row is bad, every bad row is listed with "
        "its line number, nothing is written and the exit status is non-zero."
    )

    def run_import(self, path, *, dry_run, recorded_by, **options):
        return importers.import_payments(path, recorded_by=recorded_by, dry_run=dry_run)
