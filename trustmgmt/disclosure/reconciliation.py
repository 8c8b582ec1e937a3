"""The month's money in its places, for the public: the bank reconciliation's summary, advances between pools
and any pool that stood below zero. Totals only: no payer, no flat, account numbers masked to four digits."""

from datetime import date
from decimal import Decimal

from ledger import figures
from ledger.accounts import selectors
from ledger.models import AccountKind, Pool
from trustmgmt.base.money import ZERO, as_text


def reconciliation_data(month: date) -> dict:
    result = selectors.reconciliation(month)
    books = [item for item in result.items if item.side == "books"]
    bank = [item for item in result.items if item.side == "bank"]
    return {
        "ledger_closing": as_text(result.ledger_closing),
        "bank_balance": as_text(result.bank_balance) if result.has_statement else None,
        "cash_on_hand": as_text(result.cash_on_hand),
        "in_transit": as_text(result.in_transit),
        "difference": as_text(result.difference),
        "reconciled": result.reconciled,
        "accounts": [
            {
                "kind": row["account"].kind,
                "bank": row["account"].bank_name,
                "number": row["account"].masked_number,
                "balance": as_text(row["balance"]) if row["balance"] is not None else None,
            }
            for row in result.accounts
        ],
        "in_transit_items": len(books),
        "bank_items_not_in_books": len(bank),
        "bank_items_not_in_books_total": as_text(sum((item.amount for item in bank), ZERO)),
    }


def advances_data(month: date) -> list[dict]:
    return [
        {
            "value_date": advance.value_date.isoformat(),
            "from_pool": advance.from_pool,
            "to_pool": advance.to_pool,
            "amount": as_text(advance.amount),
            "reason": advance.reason,
        }
        for advance in selectors.advances_disclosed(month)
    ]


def overdrawn_data(month: date) -> list[dict]:
    return [
        {"pool": row.code, "lowest": as_text(row.lowest), "on": row.on.isoformat()} for row in figures.overdrawn(month)
    ]


def money_place_context(document: dict) -> dict:
    """The page's and the notice's view of the keys above (absent in months published before them)."""
    data = document.get("reconciliation")
    reconciliation = None
    if data:
        reconciliation = {
            **{
                key: Decimal(data[key]) if data.get(key) is not None else None
                for key in ("ledger_closing", "bank_balance", "cash_on_hand", "in_transit", "difference")
            },
            "reconciled": data["reconciled"],
            "accounts": [
                {**row, "kind_label": AccountKind(row["kind"]).label, "balance": _decimal(row["balance"])}
                for row in data["accounts"]
            ],
            "in_transit_items": data["in_transit_items"],
            "bank_items_not_in_books": data["bank_items_not_in_books"],
        }
    advances = [
        {
            **row,
            "value_date": date.fromisoformat(row["value_date"]),
            "amount": Decimal(row["amount"]),
            "from_label": Pool(row["from_pool"]).label,
            "to_label": Pool(row["to_pool"]).label,
        }
        for row in document.get("advances", [])
    ]
    overdrawn = [
        {
            "label": Pool(row["pool"]).label,
            "lowest": Decimal(row["lowest"]),
            "on": date.fromisoformat(row["on"]),
        }
        for row in document.get("overdrawn", [])
    ]
    note = document.get("reconciliation_note", "")
    return {"reconciliation": reconciliation, "advances": advances, "overdrawn": overdrawn, "reconciliation_note": note}


def _decimal(value: str | None) -> Decimal | None:
    return Decimal(value) if value is not None else None
