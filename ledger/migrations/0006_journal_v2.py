"""Digest v2: every existing entry is carried over in one pass (`ledger.journal.carry_over`).

Existing rows get `version` 1 as the column is added, then `carry_over` gives each a position, a salt, a
commitment and a v2 hash chained from the first entry, keeping its v1 hash in `legacy_hash`. The posted
rows are append-only in the database, so the update triggers step aside for this one pass: on SQLite the
column changes rebuild the table (which drops its triggers) and `unlocked()` covers the rest; on
PostgreSQL the update trigger is dropped and created again. After any migrate, `ledger.db` installs every
trigger anew.
"""

from django.db import migrations, models
from django.db.migrations.exceptions import IrreversibleError

ENTRY_TRIGGER = "ledger_entry_no_update"


def _without_update_trigger(schema_editor, work) -> None:
    from ledger import db as ledger_db

    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # A new database has no triggers yet (they are installed after migrate).
            cursor.execute("SELECT 1 FROM pg_trigger WHERE tgname = %s", [ENTRY_TRIGGER])
            installed = cursor.fetchone() is not None
            cursor.execute(f"DROP TRIGGER IF EXISTS {ENTRY_TRIGGER} ON ledger_entry")
        work()
        if installed:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"CREATE TRIGGER {ENTRY_TRIGGER} BEFORE UPDATE ON ledger_entry FOR EACH ROW "
                    "EXECUTE FUNCTION ledger_refuse_change()"
                )
        return
    with ledger_db.unlocked():
        work()


def forward(apps, schema_editor):
    from ledger.journal import carry_over

    entry_model, head_model = apps.get_model("ledger", "Entry"), apps.get_model("ledger", "ChainHead")
    _without_update_trigger(schema_editor, lambda: carry_over(entry_model, head_model))


def backward(apps, schema_editor):
    """Back to v1 hashes, possible only while every entry still has one (none was posted under v2)."""
    entry_model, head_model = apps.get_model("ledger", "Entry"), apps.get_model("ledger", "ChainHead")
    if entry_model._base_manager.filter(legacy_hash="").exists():
        raise IrreversibleError("entries were posted under digest v2; they have no v1 hash to go back to")

    def work():
        previous, changed = "0" * 64, []
        for entry in entry_model._base_manager.order_by("id"):
            entry.prev_hash, entry.hash, entry.version = previous, entry.legacy_hash, 1
            previous = entry.hash
            changed.append(entry)
        entry_model._base_manager.bulk_update(changed, ["prev_hash", "hash", "version"], batch_size=1000)
        head_model._base_manager.filter(id=1).update(hash=previous)

    _without_update_trigger(schema_editor, work)


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0005_receipt_check_lookup_lock"),
    ]

    operations = [
        migrations.AddField(
            model_name="entry",
            name="version",
            field=models.PositiveSmallIntegerField(default=1),
        ),
        migrations.AddField(
            model_name="entry",
            name="position",
            field=models.PositiveIntegerField(null=True, unique=True),
        ),
        migrations.AddField(
            model_name="entry",
            name="salt",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="entry",
            name="commitment",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddField(
            model_name="entry",
            name="legacy_hash",
            field=models.CharField(blank=True, db_index=True, max_length=64),
        ),
        migrations.RunPython(forward, backward),
        migrations.AlterField(
            model_name="entry",
            name="version",
            field=models.PositiveSmallIntegerField(default=2),
        ),
    ]
