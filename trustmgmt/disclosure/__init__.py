"""The public disclosure (公示) and the printed documents.

- `document`: the month's JSON document, computed live from `ledger.figures` and `repairs.figures` while the
  month is open, stored in `Publication.document` when the committee publishes it (`publishing`).
- `context`: one context function per public document, feeding its page and its PDF; `charts` draws the
  SVG charts both show.
- `views` (public, `/disclosure/`) and `cache`: pages keyed by the ledger's state, so nothing is invalidated.
- `staff`, `statement`, `notices`, `forms` (staff, `/documents/`): publishing, the quarterly statement
  (PDF and XLSX), the annual fee notice and payment reminders.

Nothing outside this package reads it; it reads the ledger only through `ledger.figures`.
"""
