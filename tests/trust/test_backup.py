"""backup writes a consistent copy; restore brings it back into an empty database with every figure equal."""

import json
import os
import sqlite3
import stat
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from ledger import db as ledger_db
from ledger import journal
from ledger.models import Entry, Household
from tests.untraced import untraced
from trustmgmt import backup, demo

ROOT = Path(__file__).resolve().parents[2]


# One worker runs the module under xdist: its first tests share one complex, which the later ones' flush would clear.
pytestmark = pytest.mark.xdist_group("trust-backup")


@pytest.fixture(scope="module")
def complex_(django_db_setup, django_db_blocker, tmp_path_factory, pytestconfig):
    """The demo complex and a voucher file, built once for the module: the tests that use it only read it (they
    restore into a scratch database). Committed, so `backup` and the commands see it, and cleared after the
    module's last test, as transactional_db clears after each. Its value is the ledger's summary."""
    media_root = tmp_path_factory.mktemp("media")
    with override_settings(MEDIA_ROOT=media_root), django_db_blocker.unblock():
        try:
            default_storage.save("vouchers/2024/03/发票.pdf", ContentFile(b"%PDF-1.4 voucher"))
            with untraced(pytestconfig):
                demo.seed(households=24, years=2, seed=7)
            yield backup.ledger_summary()
        finally:
            call_command("flush", verbosity=0, interactive=False)


@pytest.fixture
def scratch(tmp_path):
    """An empty database of the same kind as the test database, and the URL to reach it."""
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    name = f"{settings_dict['NAME']}_restore"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    user = settings_dict["USER"] or ""
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    host = settings_dict["HOST"] or "127.0.0.1"
    port = settings_dict["PORT"] or 5432
    yield f"postgres://{user}{password}@{host}:{port}/{name}"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(*args: str, database_url: str, media_root: Path) -> subprocess.CompletedProcess:
    """The real command line, in its own process, against another database."""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO")},
        "DJANGO_SETTINGS_MODULE": "trustmgmt.settings",
        "SECRET_KEY": "backup-test",
        "DEBUG": "1",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


SUMMARY = "import json; from trustmgmt.backup import ledger_summary; print(json.dumps(ledger_summary()))"


def test_it_restores_into_an_empty_database_with_every_figure_equal(complex_, tmp_path, scratch):
    archive = backup.backup_create(output=tmp_path / "backups")
    restored_media = tmp_path / "restored-media"

    result = manage("restore", str(archive), database_url=scratch, media_root=restored_media)
    assert result.returncode == 0, result.stderr
    assert "every figure equals the backup's" in result.stdout

    verified = manage("verify_ledger", database_url=scratch, media_root=restored_media)
    assert verified.returncode == 0, verified.stderr
    ledger_line, decisions_line = verified.stdout.strip().splitlines()
    assert ledger_line == f"Ledger intact: {Entry.objects.count()} entries, fingerprint {journal.fingerprint()}"
    assert decisions_line.startswith("Owners' decisions intact: ")

    summary = manage("shell", "-c", SUMMARY, database_url=scratch, media_root=restored_media)
    assert summary.returncode == 0, summary.stderr
    found = json.loads(summary.stdout.strip().splitlines()[-1])
    assert found == complex_
    assert found["balances"] == backup.ledger_summary()["balances"]
    assert found["collection"] and found["rows"]["ledger.Household"] == 24

    assert (restored_media / "vouchers/2024/03/发票.pdf").read_bytes() == b"%PDF-1.4 voucher"


def test_the_restored_database_still_refuses_changes_to_the_journal(complex_, tmp_path, scratch):
    archive = backup.backup_create(output=tmp_path / "backups")
    assert manage("restore", str(archive), database_url=scratch, media_root=tmp_path / "m").returncode == 0
    if connection.vendor == "sqlite":
        restored = sqlite3.connect(scratch.removeprefix("sqlite:///"))
        try:
            triggers = {row[0] for row in restored.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
            with pytest.raises(sqlite3.OperationalError, match="trustmgmt_unlocked"):
                restored.execute("DELETE FROM ledger_entry")
        finally:
            restored.close()
    else:
        import psycopg

        with psycopg.connect(scratch.replace("postgres://", "postgresql://"), autocommit=True) as restored:
            triggers = {row[0] for row in restored.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")}
            with pytest.raises(psycopg.Error, match="append-only"):
                restored.execute("UPDATE ledger_entry SET memo = 'rewritten'")
            with pytest.raises(psycopg.Error, match="append-only"):
                restored.execute("DELETE FROM ledger_payment")
    for table in ledger_db.APPEND_ONLY:
        assert {f"{table}_no_update", f"{table}_no_delete"} <= triggers


def test_the_archive_is_named_for_its_time_and_fingerprint_and_private(complex_, tmp_path):
    call_command("backup", output=tmp_path / "backups")
    (archive,) = (tmp_path / "backups").iterdir()
    assert archive.name.startswith("trustmgmt-20") and archive.name.endswith(f"-{journal.fingerprint()[:12]}.tar.gz")
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    with tarfile.open(archive) as contents:
        names = contents.getnames()
        manifest = json.load(contents.extractfile("manifest.json"))
    assert "manifest.json" in names and manifest["database"] in names
    assert "media/vouchers/2024/03/发票.pdf" in names
    assert manifest["vendor"] == connection.vendor and manifest["summary"] == complex_


def test_it_refuses_a_database_that_holds_data(complex_, tmp_path):
    archive = backup.backup_create(output=tmp_path / "backups")
    with pytest.raises(CommandError, match="already holds data"):
        call_command("restore", str(archive))
    assert Household.objects.count() == 24


def test_force_replaces_what_is_there(complex_, tmp_path, scratch):
    archive = backup.backup_create(output=tmp_path / "backups")
    media_root = tmp_path / "m"
    assert manage("restore", str(archive), database_url=scratch, media_root=media_root).returncode == 0
    again = manage("restore", str(archive), database_url=scratch, media_root=media_root)
    assert again.returncode != 0 and "already holds data" in again.stderr
    forced = manage("restore", "--force", str(archive), database_url=scratch, media_root=media_root)
    assert forced.returncode == 0, forced.stderr


def test_it_refuses_what_is_not_a_backup(transactional_db, tmp_path):
    not_archive = tmp_path / "notes.tar.gz"
    not_archive.write_text("hello")
    with pytest.raises(CommandError, match="not a readable backup archive"):
        call_command("restore", str(not_archive))
    empty = tmp_path / "empty.tar.gz"
    with tarfile.open(empty, "w:gz"):
        pass
    with pytest.raises(CommandError, match="is not a trustmgmt backup"):
        call_command("restore", str(empty))
    with pytest.raises(CommandError, match="does not exist"):
        call_command("restore", str(tmp_path / "missing.tar.gz"))


def _archive_with(tmp_path, manifest: dict, extra: tuple[str, bytes] | None = None) -> Path:
    path = tmp_path / "crafted.tar.gz"
    folder = tmp_path / "crafted"
    folder.mkdir()
    (folder / "manifest.json").write_text(json.dumps(manifest))
    with tarfile.open(path, "w:gz") as archive:
        archive.add(folder / "manifest.json", arcname="manifest.json")
        if extra:
            (folder / "extra").write_bytes(extra[1])
            archive.add(folder / "extra", arcname=extra[0])
    return path


def test_it_refuses_another_kind_of_database(transactional_db, tmp_path):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    path = _archive_with(tmp_path, {"format": 1, "vendor": other, "database": "database.dump", "summary": {}})
    with pytest.raises(CommandError, match=f"holds a {other} database"):
        call_command("restore", str(path))


def test_it_refuses_paths_outside_its_folder(transactional_db, tmp_path):
    manifest = {"format": 1, "vendor": connection.vendor, "database": "database.sqlite3", "summary": {}}
    path = _archive_with(tmp_path, manifest, extra=("../../etc/evil", b"x"))
    with pytest.raises(CommandError, match="unsafe path"):
        call_command("restore", str(path))
    assert not (tmp_path.parent / "etc").exists()


def test_it_refuses_an_unknown_format_or_a_damaged_manifest(transactional_db, tmp_path):
    path = _archive_with(tmp_path, {"format": 99, "vendor": connection.vendor})
    with pytest.raises(CommandError, match="format 99"):
        call_command("restore", str(path))
    (tmp_path / "crafted").rename(tmp_path / "crafted-1")
    path = _archive_with(tmp_path, {"format": 1, "vendor": connection.vendor, "database": "/etc/passwd"})
    with pytest.raises(CommandError, match="damaged manifest"):
        call_command("restore", str(path))


def test_a_bad_output_folder_is_a_clear_error(transactional_db, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(CommandError, match="is not a folder"):
        call_command("backup", output=blocker)


def test_a_backup_older_than_a_schema_change_says_to_migrate_instead_of_failing(complex_, tmp_path, monkeypatch):
    """Restored by a newer version whose summary reads columns the backup lacks (as digest v2 added)."""
    archive = backup.backup_create(output=tmp_path / "backups")

    def old_schema(using="default"):
        raise backup.DatabaseError("no such column: ledger_entry.position")

    monkeypatch.setattr(backup, "ledger_summary", old_schema)
    monkeypatch.setattr(backup, "_pending_migrations", lambda using: 1)
    with pytest.raises(backup.BackupError, match=r"predates 1 migration.*run migrate.*then verify_ledger"):
        backup.backup_restore(path=archive, force=True)
