from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from trustmgmt.disclosure.export import ExportError, export_disclosure


class Command(BaseCommand):
    help = (
        "Write every published month (its page, JSON, journal.json and notice PDF), the index (HTML and JSON) "
        "and verify_disclosure.py into DIR: a static copy any web server or mirror can serve as is, and that "
        "`python3 DIR/verify_disclosure.py DIR` checks offline. Refuses a folder that is not empty unless "
        "--force; on any error DIR is left as it was."
    )

    def add_arguments(self, parser):
        parser.add_argument("dir", type=Path, metavar="DIR", help="the folder to write (created if missing)")
        parser.add_argument("--force", action="store_true", help="replace what DIR holds")

    def handle(self, *args, dir: Path, force: bool, **options):
        try:
            exported = export_disclosure(target=dir, force=force)
        except ExportError as error:
            raise CommandError(f"{error} Nothing was written.") from None
        except OSError as error:
            raise CommandError(f"Could not write {dir}: {error}. Nothing was written.") from None
        self.stdout.write(
            self.style.SUCCESS(f"Exported {exported.months} month(s), {exported.files} files, into {exported.folder}")
        )
