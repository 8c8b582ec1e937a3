"""The ledger: the owners' trust property, to the fen.

Invariants (DESIGN.md, "Money and the journal"), and where each is enforced:

- Money is Decimal yuan with 2 places (`money.MONEY_FIELD`); never float.
- Three pools, always in the order of `Pool`. A household owes per fee year what its `Due` says: the
  fee plan's amounts for its occupancy in that year.
- Every money movement is one `Entry` in the journal, with its per-pool amounts (signed: the effect on
  the pool's balance) and `flow` (income or expenditure). A pool's balance is the sum of its column, so
  closing = opening + income - expenditure holds by construction.
- The journal is append-only: `Entry`, `Payment` and `Publication` rows, and decided `Expenditure`
  rows, refuse update and delete in Python (`AppendOnlyQuerySet`, `save`, `delete`) and in the
  database (triggers, `ledger.db`). A mistake is undone by a reversal entry pointing to the original.
- Each entry's `hash` is SHA-256 over its content and the previous entry's hash (`ledger.journal`);
  `ChainHead` holds the latest, so a cut-off tail is noticed too.
- Each entry is disclosed in a `period` (a month). Once a month is published (`Publication`) nothing
  more is booked into it; money that moved in it but is recorded later is disclosed in the first open
  month, with its true date. So a published month never changes.
- Owners' joint decisions (`decisions`) count by floor area and headcount, exactly; a closed decision's
  result is append-only and chained by hash of its own (`ledger.decisions.chain`).
- Money sits in accounts (`ledger.models.accounts`): each payment and expenditure says which account it
  moved; live spending never takes a pool below zero on its value date except through an approved advance
  between pools (two `transfer` entries, net zero).
- Writes go through `ledger.services`, inside `transaction.atomic()`, holding the chain-head lock.
"""

from ledger.models.accounts import (
    Account,
    AccountKind,
    DayClose,
    Match,
    MethodAccount,
    Movement,
    PoolAdvance,
    StatementImport,
    StatementLine,
    Transfer,
    TransferKind,
)
from ledger.models.budgets import (
    RATE_FIELD,
    Budget,
    BudgetFrozenError,
    BudgetLine,
    BudgetLineQuerySet,
    BudgetQuerySet,
    BudgetStatus,
    FrozenOnceApprovedQuerySet,
)
from ledger.models.decisions import Ballot, Choice, DecisionResult, HeldBy, JointDecision, Rule, Topic
from ledger.models.households import (
    FLAT_PATTERN,
    FLOOR_AREA_FIELD,
    MAX_FLOOR_AREA,
    POOLS,
    Due,
    FeePlan,
    Household,
    HouseholdQuerySet,
    Occupancy,
    Pool,
    owner_key,
    pool_sum,
)
from ledger.models.imports import ImportKind, ImportStatus, LedgerImport
from ledger.models.inspections import AnswerMethod, InspectionRequest, PublicVoucher
from ledger.models.journal import (
    FLOW_OF_KIND,
    PAID_KINDS,
    ChainHead,
    Entry,
    Expenditure,
    ExpenditureQuerySet,
    ExpenditureStatus,
    Flow,
    Kind,
    Method,
    Payment,
    Publication,
    ReceiptCounter,
    format_receipt_no,
)
from ledger.models.settlement import Decision, FeeYearClosing, PoolSettlement
from ledger.models.verification import LookupLock, ReceiptCheck, ReversalCategory, ReversalReason

__all__ = [
    "FLAT_PATTERN",
    "FLOOR_AREA_FIELD",
    "FLOW_OF_KIND",
    "MAX_FLOOR_AREA",
    "PAID_KINDS",
    "POOLS",
    "RATE_FIELD",
    "Account",
    "AccountKind",
    "AnswerMethod",
    "Ballot",
    "Budget",
    "BudgetFrozenError",
    "BudgetLine",
    "BudgetLineQuerySet",
    "BudgetQuerySet",
    "BudgetStatus",
    "ChainHead",
    "Choice",
    "DayClose",
    "Decision",
    "DecisionResult",
    "Due",
    "Entry",
    "Expenditure",
    "ExpenditureQuerySet",
    "ExpenditureStatus",
    "FeePlan",
    "FeeYearClosing",
    "Flow",
    "FrozenOnceApprovedQuerySet",
    "HeldBy",
    "Household",
    "HouseholdQuerySet",
    "ImportKind",
    "ImportStatus",
    "InspectionRequest",
    "JointDecision",
    "Kind",
    "LedgerImport",
    "LookupLock",
    "Match",
    "Method",
    "MethodAccount",
    "Movement",
    "Occupancy",
    "Payment",
    "Pool",
    "PoolAdvance",
    "PoolSettlement",
    "PublicVoucher",
    "Publication",
    "ReceiptCheck",
    "ReceiptCounter",
    "ReversalCategory",
    "ReversalReason",
    "Rule",
    "StatementImport",
    "StatementLine",
    "Topic",
    "Transfer",
    "TransferKind",
    "format_receipt_no",
    "owner_key",
    "pool_sum",
]
