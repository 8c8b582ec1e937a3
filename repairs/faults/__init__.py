"""Fault reports from residents (报修): the public form's record, the steward's triage, the public board's reads.

The report itself is a work order in the "reported" state (`repairs.models.WorkOrder`); `FaultReport` holds
what only the staff see (the flat, a contact, the place in the resident's words) and the triage: accepted
(the normal lifecycle follows), merged into an earlier order as a duplicate, or declined with a public reason.
"""
