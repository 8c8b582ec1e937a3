from ledger import importers
from ledger.management.commands._importing import ImportCommand, parse_day


class Command(ImportCommand):
    kind = "households"
    records_user = False
    help = (
        "Import households from a .csv or .xlsx file with the header building,unit,room,owner_name,phone,occupancy "
        "(occupancy is 'occupied' or 'vacant'). New flats are added and owe every fee year on the plan; a known "
        "flat whose owner, phone or occupancy differs is updated (occupancy from --since, default today); "
        "re-importing the same file changes nothing. All or nothing: if any row is bad, every bad row is listed "
        "with its line number, nothing is written and the exit status is non-zero."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--since",
            metavar="YYYY-MM-DD",
            help="the day a changed occupancy takes effect (default today); fee years starting then or later follow it",
        )

    def run_import(self, path, *, dry_run, since=None, **options):
        return importers.import_households(path, since=parse_day(since) if since else None, dry_run=dry_run)
