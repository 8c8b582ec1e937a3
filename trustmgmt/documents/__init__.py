"""Staff documents (`/documents/`), which may name owners: the quarterly statement (PDF and XLSX), the annual
fee notice, payment reminders, and the committee's page for publishing a month.

Built on the same figures as the public disclosure (it may read `trustmgmt.disclosure`; never the reverse).
"""
