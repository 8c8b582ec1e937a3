"""Append-only in the database itself: triggers that refuse UPDATE and DELETE of posted rows.

They are (re)installed after every migrate, because SQLite drops a table's triggers when a migration
rebuilds the table. On PostgreSQL they refuse raw SQL from any client. On SQLite the trigger asks the
function `trustmgmt_unlocked()`, which only this process defines (returning false): another client,
such as the sqlite3 shell, fails on the missing function, so it cannot change rows either. Tests clear
tables between runs inside `unlocked()`; nothing else does.
"""

import threading
from contextlib import contextmanager

from django.db import connections

# table -> SQL condition on OLD under which a change is refused ("" means always)
APPEND_ONLY = {
    "ledger_entry": "",
    "ledger_payment": "",
    "ledger_publication": "",
    "ledger_expenditure": "OLD.status <> 'pending'",
    "ledger_budget": "OLD.status <> 'draft'",
    "ledger_feeyearclosing": "",
    "ledger_poolsettlement": "",
    "ledger_receiptcheck": "",
    "ledger_reversalcategory": "",
    "ledger_jointdecision": "",
    "ledger_ballot": "",
    "ledger_decisionresult": "",
    "ledger_movement": "",
    "ledger_transfer": "",
    "ledger_dayclose": "",
    "ledger_statementimport": "",
    "ledger_statementline": "",
    "ledger_pooladvance": "",
}
# child table -> (parent table, foreign key column, SQL condition on the parent under which any insert,
# update or delete of a child row is refused): the lines of an approved budget.
FROZEN_WITH_PARENT = {
    "ledger_budgetline": ("ledger_budget", "budget_id", "status <> 'draft'"),
}
MESSAGE = "ledger records are append-only: post a reversal instead"

_state = threading.local()


@contextmanager
def unlocked():
    """Let this thread clear append-only tables on SQLite (test teardown). Not for application code."""
    _state.unlocked = True
    try:
        yield
    finally:
        _state.unlocked = False


def _is_unlocked() -> bool:
    return bool(getattr(_state, "unlocked", False))


def register_sqlite_function(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("trustmgmt_unlocked", 0, _is_unlocked, deterministic=False)


def _postgresql_sql() -> list[str]:
    statements = [
        f"""
        CREATE OR REPLACE FUNCTION ledger_refuse_change() RETURNS trigger AS $$
        BEGIN
            RAISE EXCEPTION '%: % of % #% refused', '{MESSAGE}', TG_OP, TG_TABLE_NAME, OLD.id
                USING ERRCODE = 'restrict_violation';
        END;
        $$ LANGUAGE plpgsql
        """
    ]
    for table, condition in APPEND_ONLY.items():
        when = f"WHEN ({condition})" if condition else ""
        statements += [
            f"CREATE OR REPLACE TRIGGER {table}_no_update BEFORE UPDATE ON {table} FOR EACH ROW {when} "
            "EXECUTE FUNCTION ledger_refuse_change()",
            f"CREATE OR REPLACE TRIGGER {table}_no_delete BEFORE DELETE ON {table} FOR EACH ROW {when} "
            "EXECUTE FUNCTION ledger_refuse_change()",
        ]
    for table, (parent, column, condition) in FROZEN_WITH_PARENT.items():
        # PostgreSQL allows no subquery in a trigger's WHEN, so the function looks the parent up.
        statements += [
            f"""
            CREATE OR REPLACE FUNCTION {table}_refuse_frozen() RETURNS trigger AS $$
            DECLARE old_id bigint; new_id bigint;
            BEGIN
                IF TG_OP <> 'INSERT' THEN old_id := OLD.{column}; END IF;
                IF TG_OP <> 'DELETE' THEN new_id := NEW.{column}; END IF;
                IF EXISTS (SELECT 1 FROM {parent} WHERE id IN (old_id, new_id) AND {condition}) THEN
                    RAISE EXCEPTION '%: % of % refused', '{MESSAGE}', TG_OP, TG_TABLE_NAME
                        USING ERRCODE = 'restrict_violation';
                END IF;
                IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
                RETURN NEW;
            END;
            $$ LANGUAGE plpgsql
            """,  # noqa: S608 (table names from this module)
            f"CREATE OR REPLACE TRIGGER {table}_frozen BEFORE INSERT OR UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_refuse_frozen()",
        ]
    return statements


def _sqlite_sql() -> list[str]:
    statements = []
    for table, condition in APPEND_ONLY.items():
        when = f"({condition}) AND " if condition else ""
        for operation in ("update", "delete"):
            statements += [
                f"DROP TRIGGER IF EXISTS {table}_no_{operation}",
                f"CREATE TRIGGER {table}_no_{operation} BEFORE {operation.upper()} ON {table} "
                f"FOR EACH ROW WHEN {when}NOT trustmgmt_unlocked() "
                f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}: {operation} of {table} refused'); END",
            ]
    for table, (parent, column, condition) in FROZEN_WITH_PARENT.items():
        for operation, ids in (("insert", "NEW"), ("update", "OLD, NEW"), ("delete", "OLD")):
            rows = ", ".join(f"{row}.{column}" for row in ids.split(", "))
            statements += [
                f"DROP TRIGGER IF EXISTS {table}_frozen_{operation}",
                f"CREATE TRIGGER {table}_frozen_{operation} BEFORE {operation.upper()} ON {table} FOR EACH ROW "  # noqa: S608
                f"WHEN EXISTS (SELECT 1 FROM {parent} WHERE id IN ({rows}) AND {condition}) "
                f"AND NOT trustmgmt_unlocked() "
                f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}: {operation} of {table} refused'); END",
            ]
    return statements


def install_triggers(using: str = "default") -> None:
    connection = connections[using]
    statements = {"postgresql": _postgresql_sql, "sqlite": _sqlite_sql}.get(connection.vendor)
    if statements is None:
        return
    with connection.cursor() as cursor:
        for sql in statements():
            cursor.execute(sql)


def installed_triggers(using: str = "default") -> set[str]:
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return {row[0] for row in cursor.fetchall()}


def install_after_migrate(sender, using="default", **kwargs) -> None:
    install_triggers(using)


def drop_sqlite_triggers(using: str = "default") -> None:
    """On SQLite, drop every trigger before migrations run; `install_after_migrate` (and repairs') puts them back.

    SQLite changes a column by rebuilding the table (create, copy, drop, rename), and refuses the rename while a
    trigger on another table names the dropped one: upgrading a database that has its triggers would stop at the
    first such migration. PostgreSQL alters tables in place, so its triggers stay.
    """
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        for (name,) in cursor.fetchall():
            cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')


def drop_before_migrate(sender, using="default", **kwargs) -> None:
    drop_sqlite_triggers(using)
