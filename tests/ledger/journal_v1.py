"""A ledger as digest v1 wrote it, built on the historical models of migration 0005, and the migrations to and
from it as `manage.py migrate` runs them (tests/ledger/test_journal_migration.py)."""

import json
from datetime import UTC, date, datetime
from decimal import Decimal

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from ledger import db as ledger_db
from ledger import journal
from ledger.models import Publication
from repairs import db as repairs_db
from trustmgmt.disclosure.document import publication_document

BEFORE = [("ledger", "0005_receipt_check_lookup_lock")]


def migrate(targets=None):
    """As `manage.py migrate` does it: triggers dropped on SQLite before, every trigger installed after.

    Without `targets`, to the latest migrations. Returns the migration executor (one loader a call: building
    it and rendering the models' states are most of this module's time).
    """
    ledger_db.drop_sqlite_triggers()
    executor = MigrationExecutor(connection)
    latest = targets is None
    executor.migrate(executor.loader.graph.leaf_nodes() if latest else targets)
    if latest:
        ledger_db.install_triggers()
        repairs_db.install()
    return executor


def build_v1_ledger(apps) -> list[str]:
    """A ledger as v1 wrote it: an opening, two payments, one reversed (a vacant flat: garbage 0.00, so the
    reversal was hashed with "-0.00"), spending; January published at the v1 fingerprint of its last entry."""
    User = apps.get_model("auth", "User")
    FeePlan, Household = apps.get_model("ledger", "FeePlan"), apps.get_model("ledger", "Household")
    Entry_, Head, Publication = (apps.get_model("ledger", name) for name in ("Entry", "ChainHead", "Publication"))
    steward = User.objects.create(username="old-steward")
    plan = FeePlan.objects.create(
        year=2024,
        starts_on=date(2024, 1, 1),
        ends_on=date(2024, 12, 31),
        **{
            f"{pool}_{occupancy}": Decimal(amount)
            for pool, amount in zip(("electricity", "maintenance", "garbage"), ("50", "90", "60"), strict=True)
            for occupancy in ("occupied",)
        },
        electricity_vacant=Decimal("50"),
        maintenance_vacant=Decimal("90"),
        garbage_vacant=Decimal("0"),
    )
    flat = Household.objects.create(
        building=12, unit=2, room=302, owner_name="李喆", phone="13800000002", occupancy="vacant"
    )
    at = datetime(2024, 1, 10, 9, 30, tzinfo=UTC)
    rows = [
        ("opening", "income", date(2024, 1, 1), ("100.00", "300.00", "0.00"), {"memo": "原纸质台账结余"}),
        (
            "payment",
            "income",
            date(2024, 1, 10),
            ("50.00", "90.00", "0.00"),
            {"household": flat, "fee_plan": plan, "reference": "2024-000001", "counterparty": "12-2-302"},
        ),
        (
            "payment_reversal",
            "income",
            date(2024, 1, 11),
            ("-50.00", "-90.00", "-0.00"),
            {
                "household": flat,
                "fee_plan": plan,
                "reference": "2024-000001",
                "counterparty": "12-2-302",
                "memo": "录错",
            },
        ),
        (
            "expenditure",
            "expenditure",
            date(2024, 1, 15),
            ("-35.50", "0.00", "0.00"),
            {"counterparty": "国网宁波供电公司", "memo": "电费"},
        ),
        (
            "payment",
            "income",
            date(2024, 2, 3),
            ("50.00", "90.00", "0.00"),
            {"household": flat, "fee_plan": plan, "reference": "2024-000002", "counterparty": "12-2-302"},
        ),
    ]
    previous, hashes, created = journal.GENESIS, [], []
    for number, (kind, flow, day, amounts, fields) in enumerate(rows):
        if kind == "payment_reversal":
            fields = {**fields, "reverses": created[1]}
        entry = Entry_(
            kind=kind,
            flow=flow,
            value_date=day,
            period=day.replace(day=1),
            electricity=Decimal(amounts[0]),
            maintenance=Decimal(amounts[1]),
            garbage=Decimal(amounts[2]),
            amount=sum(map(Decimal, amounts)),
            created_by=steward,
            created_at=at.replace(minute=number),
            prev_hash=previous,
            **fields,
        )
        entry.hash = journal.entry_digest_v1(entry)  # as v1 hashed it: before saving, "-0.00" and all
        entry.save()
        created.append(entry)
        previous = entry.hash
        hashes.append(entry.hash)
        if number == 3:
            Publication.objects.create(month=date(2024, 1, 1), fingerprint=previous, published_by=steward, document={})
    Head.objects.update_or_create(id=1, defaults={"entry": created[-1], "hash": previous, "entries": len(created)})
    return hashes


def store_january_document(fingerprint: str) -> None:
    """The application always stored a month's document when publishing it (only the builder above, working on
    historical models, cannot): store January's as it was published, at its v1 fingerprint."""
    document = publication_document(date(2024, 1, 1)) | {"ledger_fingerprint": fingerprint}
    table = Publication._meta.db_table
    with connection.cursor() as cursor, ledger_db.unlocked():
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        cursor.execute(f"UPDATE {table} SET document = %s WHERE month = %s", [json.dumps(document), date(2024, 1, 1)])
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
