"""The public disclosure (公示): pages, JSON and board notices that anyone may read, with no personal data ever.

- `document`: the month's JSON document, computed live from `ledger.figures` and `repairs.figures` while the
  month is open, stored in `Publication.document` when the committee publishes it (`services.publish`).
- `context`: one context function per public document, feeding its page and its PDF; `charts` draws the
  SVG charts both show.
- `views` (public, `/disclosure/`) and `cache`: pages keyed by the ledger's state, so nothing is invalidated.
- `inspections`: an owner's request to see a voucher, and the vouchers the committee made public.

It reads the ledger and the repairs through their read modules (`figures`, `selectors`) and writes only through
their services. It never imports `trustmgmt.documents` (staff prints that name owners): import-linter says so.
"""
