import subprocess
import tarfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from trustmgmt.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Bring back a backup made by `backup` into an empty database (refused if it already holds users or "
        "ledger data, unless --force), with its uploaded files. Afterwards the journal must verify and every "
        "figure (balances, collection, fingerprint, rows per table) must equal the backup's, or it fails."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="a trustmgmt-….tar.gz archive written by `backup`")
        parser.add_argument(
            "--force", action="store_true", help="replace a database that already holds data (everything in it)"
        )

    def handle(self, *args, file, force, **options):
        if not file.is_file():
            raise CommandError(f"{file} does not exist or is not a file.")
        try:
            restored = backup_restore(path=file, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from None
        except (tarfile.TarError, EOFError) as error:
            raise CommandError(f"{file} is not a readable backup archive: {error}") from None
        except subprocess.CalledProcessError as error:
            raise CommandError(f"pg_restore failed: {(error.stderr or '').strip()}") from None
        summary = restored.summary
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {file.name}: ledger intact, {summary['entries']} entries, "
                f"fingerprint {summary['fingerprint']}; every figure equals the backup's."
            )
        )
        if restored.pending_migrations:
            self.stdout.write(
                self.style.WARNING(
                    f"The backup predates {restored.pending_migrations} migration(s) of this version: run migrate."
                )
            )
