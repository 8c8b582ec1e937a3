"""Owners' joint decisions (业主共同决定, Civil Code art. 278), counted by floor area and by headcount.

`counting` (the exact count, no database), `selectors` (reads: the tally of a decision, ballots, lists),
`services` (put a question, enter and correct ballots, close), `chain` (closed results hashed into a chain
of their own, checked by `verify_ledger`), `forms`, `views` (`/ledger/decisions/`). The models are
`ledger.models.decisions`; the public pages are `trustmgmt.disclosure.decisions`.
"""
