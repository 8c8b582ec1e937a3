"""Rules the database keeps for repairs, whoever writes: the ORM, `.update()`, raw SQL or another client.

- Contract terms never overlap, so one contract at most is in force on any day: an exclusion
  constraint on PostgreSQL, a trigger on SQLite (whose writers are serialised, so a trigger suffices).
- A settled or cancelled work order never changes (a settled one may only go back to "accepted", which
  `services.work_order_reopen` does when the committee rejected its settlement); work orders are never
  deleted, so their numbers stay without gaps.
- The cost lines and photos of a settled or cancelled order never change.
- Work-order steps (`Transition`) are append-only.

Installed after every migrate, like `ledger.db`, because SQLite drops a table's triggers when a migration
rebuilds it. On SQLite the triggers ask `trustmgmt_unlocked()`, which `ledger.db` registers (false except
while tests clear the tables).
"""

from django.db import connections

CLOSED = "('settled', 'cancelled')"
ORDER_CLOSED = "a settled or cancelled work order cannot change"
LINES_CLOSED = "the cost lines and photos of a settled or cancelled work order cannot change"
NO_DELETE = "work orders are never deleted, so their numbers stay without gaps"
STEPS = "work-order steps are append-only"
OVERLAP = "contract terms overlap: only one contract may be in force at a time"

# The one change a settled order may see: back to accepted after its settlement was rejected.
_ORDER_FROZEN = f"OLD.status IN {CLOSED} AND NOT (OLD.status = 'settled' AND NEW.status = 'accepted')"


def _postgresql_sql() -> list[str]:
    return [
        """
        CREATE OR REPLACE FUNCTION repairs_refuse() RETURNS trigger AS $$
        BEGIN
            RAISE EXCEPTION '%: % of % refused', TG_ARGV[0], TG_OP, TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
        END;
        $$ LANGUAGE plpgsql
        """,
        f"""
        CREATE OR REPLACE FUNCTION repairs_refuse_if_order_closed() RETURNS trigger AS $$
        DECLARE
            closed boolean;
        BEGIN
            IF TG_OP IN ('UPDATE', 'DELETE') THEN
                SELECT status IN {CLOSED} INTO closed FROM repairs_workorder WHERE id = OLD.order_id;
                IF closed THEN
                    RAISE EXCEPTION '{LINES_CLOSED}: % of % refused', TG_OP, TG_TABLE_NAME
                        USING ERRCODE = 'restrict_violation';
                END IF;
            END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') THEN
                SELECT status IN {CLOSED} INTO closed FROM repairs_workorder WHERE id = NEW.order_id;
                IF closed THEN
                    RAISE EXCEPTION '{LINES_CLOSED}: % of % refused', TG_OP, TG_TABLE_NAME
                        USING ERRCODE = 'restrict_violation';
                END IF;
                RETURN NEW;
            END IF;
            RETURN OLD;
        END;
        $$ LANGUAGE plpgsql
        """,  # noqa: S608 (constants of this module, no input)
        "CREATE OR REPLACE TRIGGER repairs_workorder_frozen BEFORE UPDATE ON repairs_workorder FOR EACH ROW "
        f"WHEN ({_ORDER_FROZEN}) EXECUTE FUNCTION repairs_refuse('{ORDER_CLOSED}')",
        "CREATE OR REPLACE TRIGGER repairs_workorder_no_delete BEFORE DELETE ON repairs_workorder FOR EACH ROW "
        f"EXECUTE FUNCTION repairs_refuse('{NO_DELETE}')",
        "CREATE OR REPLACE TRIGGER repairs_costline_frozen BEFORE INSERT OR UPDATE OR DELETE ON repairs_costline "
        "FOR EACH ROW EXECUTE FUNCTION repairs_refuse_if_order_closed()",
        "CREATE OR REPLACE TRIGGER repairs_photo_frozen BEFORE INSERT OR UPDATE OR DELETE ON repairs_photo "
        "FOR EACH ROW EXECUTE FUNCTION repairs_refuse_if_order_closed()",
        "CREATE OR REPLACE TRIGGER repairs_transition_no_change BEFORE UPDATE OR DELETE ON repairs_transition "
        f"FOR EACH ROW EXECUTE FUNCTION repairs_refuse('{STEPS}')",
        # Ranges need no extension for GiST; '[]' because both the first and the last day are in force.
        f"""
        DO $$ BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'contract_terms_do_not_overlap') THEN
                ALTER TABLE repairs_contract ADD CONSTRAINT contract_terms_do_not_overlap
                    EXCLUDE USING gist (daterange(starts_on, ends_on, '[]') WITH &&);
                COMMENT ON CONSTRAINT contract_terms_do_not_overlap ON repairs_contract IS '{OVERLAP}';
            END IF;
        END $$
        """,  # noqa: S608 (constants of this module, no input)
    ]


def _sqlite_trigger(name: str, when: str, table: str, condition: str, message: str) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {name}",
        f"CREATE TRIGGER {name} {when} ON {table} FOR EACH ROW WHEN ({condition}) AND NOT trustmgmt_unlocked() "
        f"BEGIN SELECT RAISE(ABORT, '{message}: {name} refused'); END",
    ]


def _sqlite_sql() -> list[str]:
    def closed(ref: str) -> str:
        return f"(SELECT status FROM repairs_workorder WHERE id = {ref}.order_id) IN {CLOSED}"  # noqa: S608

    overlap = (
        "EXISTS (SELECT 1 FROM repairs_contract c WHERE c.id IS NOT NEW.id "
        "AND c.starts_on <= NEW.ends_on AND c.ends_on >= NEW.starts_on)"
    )
    statements = [
        *_sqlite_trigger("repairs_workorder_frozen", "BEFORE UPDATE", "repairs_workorder", _ORDER_FROZEN, ORDER_CLOSED),
        *_sqlite_trigger("repairs_workorder_no_delete", "BEFORE DELETE", "repairs_workorder", "1", NO_DELETE),
        *_sqlite_trigger("repairs_transition_no_update", "BEFORE UPDATE", "repairs_transition", "1", STEPS),
        *_sqlite_trigger("repairs_transition_no_delete", "BEFORE DELETE", "repairs_transition", "1", STEPS),
        *_sqlite_trigger("repairs_contract_no_overlap_insert", "BEFORE INSERT", "repairs_contract", overlap, OVERLAP),
        *_sqlite_trigger("repairs_contract_no_overlap_update", "BEFORE UPDATE", "repairs_contract", overlap, OVERLAP),
    ]
    for table in ("repairs_costline", "repairs_photo"):
        statements += [
            *_sqlite_trigger(f"{table}_frozen_insert", "BEFORE INSERT", table, closed("NEW"), LINES_CLOSED),
            *_sqlite_trigger(
                f"{table}_frozen_update", "BEFORE UPDATE", table, f"{closed('OLD')} OR {closed('NEW')}", LINES_CLOSED
            ),
            *_sqlite_trigger(f"{table}_frozen_delete", "BEFORE DELETE", table, closed("OLD"), LINES_CLOSED),
        ]
    return statements


def install(using: str = "default") -> None:
    connection = connections[using]
    statements = {"postgresql": _postgresql_sql, "sqlite": _sqlite_sql}.get(connection.vendor)
    if statements is None or "repairs_contract" not in connection.introspection.table_names():
        return  # not migrated yet (e.g. `migrate ledger` alone); the next full migrate installs them
    with connection.cursor() as cursor:
        for sql in statements():
            cursor.execute(sql)


def install_after_migrate(sender, using="default", **kwargs) -> None:
    install(using)
