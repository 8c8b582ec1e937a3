"""Year-end settlement (年终结算): closing a fee year and deciding, per pool, to carry or credit its surplus.

`services` (the figures of a closable year and `fee_year_close`), `forms`, `views` (`/ledger/fee-years/`).
The models are `ledger.models.settlement`.
"""
