import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from trustmgmt.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Write a consistent copy of the database (SQLite: online backup; PostgreSQL: pg_dump) and the uploaded "
        "files into one archive named with the time and the ledger fingerprint. The desks may keep working. "
        "The archive names residents: it is readable by its owner only; keep copies off the machine."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            default=None,
            help=f"folder for the archive (default: BACKUP_DIR, now {settings.BACKUP_DIR})",
        )

    def handle(self, *args, output, **options):
        folder = output or settings.BACKUP_DIR
        if folder.exists() and not folder.is_dir():
            raise CommandError(f"{folder} exists and is not a folder.")
        try:
            path = backup_create(output=folder)
        except BackupError as error:
            raise CommandError(str(error)) from None
        except OSError as error:
            raise CommandError(f"Could not write the backup into {folder}: {error}") from None
        except subprocess.CalledProcessError as error:
            raise CommandError(f"pg_dump failed: {(error.stderr or '').strip()}") from None
        self.stdout.write(self.style.SUCCESS(f"Backup written: {path}"))
