"""Owners' inspection requests (查账) and the vouchers the committee makes public.

`services` (ask, answer, make a voucher public or withdraw it), `selectors` (counts the public sees, overdue
requests), `views` (staff, `/ledger/inspections/`), `demo`. The models are `ledger.models.inspections`; the
public form is `trustmgmt.disclosure.inspections`.
"""
