"""What the three import commands share: the options, the report, and a non-zero exit on any bad row."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ledger import importers


class ImportCommand(BaseCommand):
    kind = ""  # "households", "payments", "expenditures"
    records_user = True

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .csv (UTF-8 or GB18030) or .xlsx file with a header row")
        parser.add_argument("--dry-run", action="store_true", help="check every row and report, but write nothing")
        if self.records_user:
            parser.add_argument(
                "--user",
                metavar="USERNAME",
                help=f"who the {self.kind} are recorded by (default: a locked account named "
                f"'{importers.IMPORT_USERNAME}', created on first use)",
            )

    def run_import(self, path: str, **options) -> importers.Result:
        raise NotImplementedError

    def handle(self, *args, file: str, dry_run: bool, **options):
        if self.records_user:
            user = importers.import_user(options.get("user"))
            if user is None:
                raise CommandError(_("There is no user “%(name)s”.") % {"name": options["user"]})
            options["recorded_by"] = user
        try:
            result = self.run_import(file, dry_run=dry_run, **options)
        except importers.ImportFailed as failure:
            lines = "\n".join(f"  {problem}" for problem in failure.problems)
            heading = _("Nothing was imported from %(file)s: %(count)s problem(s).") % {
                "file": file,
                "count": len(failure.problems),
            }
            raise CommandError(f"{heading}\n{lines}") from None
        counts = {"file": file, "new": result.created, "updated": result.updated, "unchanged": result.unchanged}
        if self.kind == "households":
            message = _("%(file)s: %(new)s new, %(updated)s updated, %(unchanged)s unchanged households.")
        else:
            message = _("%(file)s: %(new)s new rows posted.")
        if dry_run:
            message = _("Dry run, nothing written.") + " " + message
        self.stdout.write(self.style.SUCCESS(message % counts))


def parse_day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(_("--since “%(value)s” is not a date such as 2024-01-01.") % {"value": value}) from None
