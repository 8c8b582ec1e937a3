"""Starting a real complex in the browser: the getting-started page, and the old ledgers (households, past
payments, past spending) brought in by upload, previewed, and written only on confirm.

`services` (preview, confirm, recheck, discard), `selectors`, `forms`, `views` (`/ledger/start/`,
`/ledger/imports/<kind>/`). The model is `ledger.models.imports.LedgerImport`; the files are read by the same
`ledger.importers` as the import commands.
"""
