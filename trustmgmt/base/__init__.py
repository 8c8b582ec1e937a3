"""The base layer: what every app needs and no app owns. It imports no app (import-linter says so).

- `money`: Decimal yuan, the one parser and its limits, amounts as text, SQL sums to the fen.
- `refusals`: `refuse`, the error every service raises.   `records`: append-only models.
- `dates`: months and quarters (the one place months are counted).
- `uploads`: the one checker of uploaded files;   `files`: the one view helper that serves them.
- `forms`: the amount field and `add_service_errors`;   `templatetags/trust.py`: the one set of filters.
- `roles`: the steward and committee groups and their permissions;   `pdf`: HTML to PDF;   `privacy`: masking.
"""
