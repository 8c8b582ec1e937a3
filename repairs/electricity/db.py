"""Readings, bills and explanations are records: the database refuses to change or delete them, whoever
writes (the ORM, `.update()`, raw SQL, another client). Installed after every migrate, like `repairs.db`."""

from django.db import connections

RECORDS = "electricity readings, bills and explanations are records: correct one with a new record"
TABLES = ("repairs_meterreading", "repairs_electricitybill", "repairs_usageexplanation")


def _postgresql_sql() -> list[str]:
    statements = [
        f"""
        CREATE OR REPLACE FUNCTION repairs_power_refuse() RETURNS trigger AS $$
        BEGIN
            RAISE EXCEPTION '{RECORDS}: % of % refused', TG_OP, TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
        END;
        $$ LANGUAGE plpgsql
        """
    ]
    for table in TABLES:
        statements.append(
            f"CREATE OR REPLACE TRIGGER {table}_records BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION repairs_power_refuse()"
        )
    return statements


def _sqlite_sql() -> list[str]:
    statements = []
    for table in TABLES:
        for when in ("UPDATE", "DELETE"):
            name = f"{table}_no_{when.lower()}"
            statements += [
                f"DROP TRIGGER IF EXISTS {name}",
                f"CREATE TRIGGER {name} BEFORE {when} ON {table} FOR EACH ROW WHEN NOT trustmgmt_unlocked() "
                f"BEGIN SELECT RAISE(ABORT, '{RECORDS}: {name} refused'); END",
            ]
    return statements


def install(using: str = "default") -> None:
    connection = connections[using]
    statements = {"postgresql": _postgresql_sql, "sqlite": _sqlite_sql}.get(connection.vendor)
    if statements is None or TABLES[0] not in connection.introspection.table_names():
        return  # not migrated yet; the next full migrate installs them
    with connection.cursor() as cursor:
        for sql in statements():
            cursor.execute(sql)


def install_after_migrate(sender, using="default", **kwargs) -> None:
    install(using)
