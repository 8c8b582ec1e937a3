from ledger import importers
from ledger.management.commands._importing import ImportCommand


class Command(ImportCommand):
    kind = "expenditures"
    help = (
        "Import spending that already happened, from the old ledger: a .csv or .xlsx file with the header "
        "spent_on,pool,payee,amount,description, where pool is electricity, maintenance or garbage. Each row is "
        "posted at once as approved, whatever its size. All or nothing: if any row is bad, every bad row is "
        "listed with its line number, nothing is written and the exit status is non-zero."
    )

    def run_import(self, path, *, dry_run, recorded_by, **options):
        return importers.import_expenditures(path, recorded_by=recorded_by, dry_run=dry_run)
