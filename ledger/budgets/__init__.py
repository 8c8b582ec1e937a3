"""The open budget (开放式预算): each fee year's plan of income and spending, proposed from past spending.

`services` (propose, edit a draft, approve, new version), `selectors` (budget against actual, covering fees
read back), `forms`, `views` (`/ledger/budgets/`). The models are `ledger.models.budgets`; the public pages
are `trustmgmt.disclosure.budget`.
"""
