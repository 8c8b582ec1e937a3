"""Backups: one archive holds a consistent copy of the database, the uploaded files, and what the ledger said.

    trustmgmt-20240531T183000Z-3f9a1c2b7d4e.tar.gz
        manifest.json      format, database vendor, when, the ledger fingerprint and a summary of figures
        database.sqlite3   SQLite: made with the online backup API, consistent while the desks work
        database.dump      PostgreSQL: `pg_dump -Fc` (one snapshot), schema, rows and the append-only triggers
        media/…            vouchers, contract documents, repair photos

`restore` refuses a database that already holds users or ledger data (unless forced), brings the copy
back, and then recomputes the summary: the hash chain must verify and every figure must equal the one in
the manifest, or it says so and fails.
"""

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.dump"
MEDIA_DIR = "media"
# A database holding rows in any of these is not empty: restoring over it needs --force.
DATA_TABLES = ("auth_user", "ledger_household", "ledger_feeplan", "ledger_entry")

NOT_A_BACKUP = "{path} is not a trustmgmt backup (no manifest.json)."
WRONG_FORMAT = "{path} is a backup of format {found}; this version reads format {expected}."
WRONG_VENDOR = "{path} holds a {found} database; this installation uses {expected}. Restore it into {found}."
NOT_EMPTY = (
    "The database already holds data ({tables}). Restore into an empty database, or pass --force to replace "
    "everything in it."
)
UNSAFE_MEMBER = "{path} contains an unsafe path: {member}."
MISMATCH = "The restored database does not match the backup: {differences}."
BROKEN_CHAIN = "The restored journal does not verify: {reason}."
OLDER = (
    "The backup is restored, but it predates {count} migration(s) of this version, so its figures can only be "
    "checked after them: run migrate (which carries the journal over), then verify_ledger."
)


class BackupError(Exception):
    pass


@dataclass(frozen=True)
class Restored:
    summary: dict
    pending_migrations: int


def ledger_summary(using: str = DEFAULT_DB_ALIAS) -> dict:
    """What must be equal after a restore: fingerprint, balances, collection per fee year, rows per table."""
    from ledger import figures, journal
    from ledger.models import FeePlan

    checked, broken = journal.verify()
    collection = {}
    for plan in FeePlan.objects.using(using).order_by("year"):
        rates = figures.collection(plan)
        collection[str(plan.year)] = {
            occupancy: {"households": rate.households, "paid": rate.paid, "rate": rate.rate}
            for occupancy, rate in (("occupied", rates.occupied), ("vacant", rates.vacant))
        }
    rows = {
        model._meta.label: model._base_manager.using(using).count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }
    return {
        "fingerprint": journal.fingerprint(),
        "entries": checked,
        "chain_intact": broken is None,
        "balances": {pool: str(amount) for pool, amount in figures.balances().items()},
        "collection": collection,
        "rows": rows,
    }


def differences(expected: dict, found: dict, prefix: str = "") -> list[str]:
    result = []
    for key in sorted(set(expected) | set(found)):
        left, right = expected.get(key), found.get(key)
        if isinstance(left, dict) and isinstance(right, dict):
            result += differences(left, right, f"{prefix}{key}.")
        elif left != right:
            result.append(f"{prefix}{key}: {left!r} in the backup, {right!r} now")
    return result


def _vendor(using: str) -> str:
    return connections[using].vendor


def _pg_env(settings_dict: dict) -> dict:
    env = {**os.environ, "PGDATABASE": settings_dict["NAME"]}
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    return env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client).")
    return path


def _dump_database(using: str, folder: Path, snapshot: str | None) -> str:
    connection = connections[using]
    if connection.vendor == "sqlite":
        target = sqlite3.connect(folder / SQLITE_FILE)
        try:
            if connection.is_in_memory_db():  # the test database: nobody else writes to it
                if connection.in_atomic_block:
                    raise BackupError("An in-memory database can only be copied outside a transaction.")
                connection.connection.backup(target)
            else:
                # A second connection reads the last committed state; our transaction holds the write
                # lock (and writes nothing), so that state is the one the summary was taken from.
                source = sqlite3.connect(connection.settings_dict["NAME"], timeout=30)
                try:
                    source.backup(target)
                finally:
                    source.close()
        finally:
            target.close()
        return SQLITE_FILE
    if connection.vendor == "postgresql":
        subprocess.run(  # noqa: S603 (fixed arguments, no shell)
            [
                _tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                "--file",
                str(folder / POSTGRES_FILE),
            ],
            env=_pg_env(connection.settings_dict),
            check=True,
            capture_output=True,
            text=True,
        )
        return POSTGRES_FILE
    raise BackupError(f"Backups of {connection.vendor} databases are not supported.")


def backup_create(*, output: Path, using: str = DEFAULT_DB_ALIAS, now: datetime | None = None) -> Path:
    """Write one archive into `output` and return its path. Readable by its owner only: it names people."""
    now = now or datetime.now(UTC)
    output.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="trustmgmt-backup-") as work:
        folder = Path(work)
        # The summary and the copy must see the same moment, while the desks go on recording. SQLite: the
        # transaction holds the write lock for the second the copy takes. PostgreSQL: pg_dump joins this
        # transaction's snapshot, and nobody waits.
        in_memory = _vendor(using) == "sqlite" and connections[using].is_in_memory_db()
        with transaction.atomic(using=using) if not in_memory else nullcontext():
            snapshot = None
            if _vendor(using) == "postgresql":
                with connections[using].cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                    cursor.execute("SELECT pg_export_snapshot()")
                    snapshot = cursor.fetchone()[0]
            summary = ledger_summary(using)
            database_file = _dump_database(using, folder, snapshot)
        name = f"trustmgmt-{now:%Y%m%dT%H%M%SZ}-{summary['fingerprint'][:12]}.tar.gz"
        manifest = {
            "format": FORMAT,
            "vendor": _vendor(using),
            "created_at": now.isoformat(),
            "database": database_file,
            "summary": summary,
        }
        (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        partial = output / f".{name}.partial"
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
            archive.add(folder / MANIFEST, arcname=MANIFEST)
            archive.add(folder / database_file, arcname=database_file)
            media = Path(settings.MEDIA_ROOT)
            if media.is_dir():
                archive.add(media, arcname=MEDIA_DIR)
        partial.rename(output / name)  # never a half-written archive under the final name
    return output / name


def read_manifest(path: Path) -> dict:
    with tarfile.open(path, mode="r:*") as archive:
        try:
            member = archive.getmember(MANIFEST)
        except KeyError:
            raise BackupError(NOT_A_BACKUP.format(path=path)) from None
        manifest = json.load(archive.extractfile(member))
    if manifest.get("format") != FORMAT:
        raise BackupError(WRONG_FORMAT.format(path=path, found=manifest.get("format"), expected=FORMAT))
    if manifest.get("database") not in (SQLITE_FILE, POSTGRES_FILE) or not isinstance(manifest.get("summary"), dict):
        raise BackupError(NOT_A_BACKUP.format(path=path).replace("(no manifest.json)", "(a damaged manifest.json)"))
    return manifest


def tables_with_data(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    found = []
    with connection.cursor() as cursor:
        for table in DATA_TABLES:
            if table in existing:
                cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")  # noqa: S608 (fixed names)
                if cursor.fetchone():
                    found.append(table)
    return found


def _extract(path: Path, into: Path) -> None:
    with tarfile.open(path, mode="r:*") as archive:
        for member in archive.getmembers():
            target = (into / member.name).resolve()
            if not target.is_relative_to(into.resolve()) or member.issym() or member.islnk():
                raise BackupError(UNSAFE_MEMBER.format(path=path, member=member.name))
        archive.extractall(into, filter="data")


def _load_database(using: str, folder: Path, manifest: dict) -> None:
    connection = connections[using]
    if connection.vendor == "sqlite":
        source = sqlite3.connect(folder / manifest["database"])
        try:
            connection.ensure_connection()
            # Replaces every page of the live database at once, schema and triggers included.
            source.backup(connection.connection)
        finally:
            source.close()
        return
    connection.close()
    subprocess.run(  # noqa: S603 (fixed arguments, no shell)
        [
            _tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            "--dbname",
            connection.settings_dict["NAME"],
            str(folder / manifest["database"]),
        ],
        env=_pg_env(connection.settings_dict),
        check=True,
        capture_output=True,
        text=True,
    )


def _load_media(folder: Path) -> None:
    source = folder / MEDIA_DIR
    if source.is_dir():
        shutil.copytree(source, Path(settings.MEDIA_ROOT), dirs_exist_ok=True)


def _pending_migrations(using: str) -> int:
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[using])
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def backup_restore(*, path: Path, force: bool = False, using: str = DEFAULT_DB_ALIAS) -> Restored:
    manifest = read_manifest(path)
    vendor = _vendor(using)
    if manifest["vendor"] != vendor:
        raise BackupError(WRONG_VENDOR.format(path=path, found=manifest["vendor"], expected=vendor))
    occupied = tables_with_data(using)
    if occupied and not force:
        raise BackupError(NOT_EMPTY.format(tables=", ".join(occupied)))
    with tempfile.TemporaryDirectory(prefix="trustmgmt-restore-") as work:
        folder = Path(work)
        _extract(path, folder)
        _load_database(using, folder, manifest)
        _load_media(folder)
    connections[using].close()  # the next query sees the restored database from a fresh connection
    try:
        summary = ledger_summary(using)
    except DatabaseError:
        pending = _pending_migrations(using)
        if not pending:
            raise
        # Older than a migration that changed what the summary reads (e.g. the journal's digest v2).
        raise BackupError(OLDER.format(count=pending)) from None
    if not summary["chain_intact"]:
        raise BackupError(BROKEN_CHAIN.format(reason="run verify_ledger for the first entry that does not match"))
    found = differences(manifest["summary"], summary)
    if found:
        raise BackupError(MISMATCH.format(differences="; ".join(found)))
    return Restored(summary=summary, pending_migrations=_pending_migrations(using))
