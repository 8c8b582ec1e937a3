"""Nothing posted can be changed or deleted: not in Python, not through the ORM, not in raw SQL."""

import sqlite3
from datetime import date
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.backends.sqlite3._functions import register as register_django_functions

from ledger import db as ledger_db
from ledger import services
from ledger.models import Entry, Payment
from tests.builders import fund
from trustmgmt.base.records import AppendOnlyError


@pytest.fixture
def expenditure(steward, funded):
    return services.expenditure_record(
        spent_on=date(2024, 3, 6),
        pool="electricity",
        payee="国网宁波供电公司",
        amount=Decimal("120.50"),
        description="楼道照明电费 2 月",
        recorded_by=steward,
    )


def test_the_model_refuses_save_and_delete(payment):
    entry = payment.entries.get()
    entry.memo = "changed"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        payment.delete()


@pytest.mark.parametrize("model", [Entry, Payment])
def test_the_queryset_refuses_update_and_delete(payment, model):
    with pytest.raises(AppendOnlyError):
        model.objects.all().update(created_at=None)
    with pytest.raises(AppendOnlyError):
        model.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        model.objects.bulk_update(list(model.objects.all()), ["created_at"])


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE ledger_entry SET memo = 'x'",
        "UPDATE ledger_entry SET electricity = 0, maintenance = 0, garbage = 200, amount = 200",
        "DELETE FROM ledger_entry",
        "UPDATE ledger_payment SET amount = 1",
        "DELETE FROM ledger_payment",
        "UPDATE ledger_expenditure SET amount = 1",
        "DELETE FROM ledger_expenditure",
    ],
)
def test_the_database_refuses_raw_sql(payment, expenditure, sql):
    entries = Entry.objects.count()  # the payment, the spending and the funded pools' opening balance
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    assert Entry.objects.count() == entries and Payment.objects.count() == 1


def test_a_pending_expenditure_may_still_be_decided(steward, committee):
    fund(steward, "800.00", pools=["maintenance"])
    pending = services.expenditure_record(
        spent_on=date(2024, 3, 6),
        pool="maintenance",
        payee="某维修公司",
        amount=Decimal("800.00"),
        description="屋面防水",
        recorded_by=steward,
    )
    services.expenditure_approve(expenditure=pending, by=committee)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE ledger_expenditure SET status = 'pending'")


def test_the_triggers_are_installed_on_every_protected_table(db):
    names = ledger_db.installed_triggers()
    for table in ledger_db.APPEND_ONLY:
        assert {f"{table}_no_update", f"{table}_no_delete"} <= names


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only: another client lacks the unlock function")
def test_another_sqlite_client_cannot_change_rows(tmp_path, payment):
    other = sqlite3.connect(tmp_path / "copy.sqlite3")
    register_django_functions(other)  # even a client with Django's SQL functions, but not the ledger's
    other.executescript("\n".join(connection.connection.iterdump()))  # schema, triggers and rows
    try:
        for sql in ("DELETE FROM ledger_entry", "UPDATE ledger_payment SET amount = 1"):
            with pytest.raises(sqlite3.OperationalError, match="trustmgmt_unlocked"):
                other.execute(sql)
        assert other.execute("SELECT COUNT(*) FROM ledger_entry").fetchone() == (1,)
    finally:
        other.close()
