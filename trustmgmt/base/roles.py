"""Who may do what. Roles are Django groups; staff pages check permissions, never group names.

- steward (红色管家): keeps the books day to day: households, payments, expenditures, repairs; drafts
  budgets; enters the owners' paper ballots; writes and publishes notices.
- committee (业委会): reads everything, approves spending above the threshold, sets fee plans, drafts
  and approves budgets, publishes months, closes fee years and prints statements;
  puts questions to the owners and closes the decisions; writes and publishes notices.
- both bring in the old ledgers when a complex starts (`ledger.import_ledger`: households, past payments and
  spending, by upload with a preview): that is history written down, not money taken at the desk.
- admin: a superuser, for the Django admin.
"""

import logging
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

log = logging.getLogger(__name__)

STEWARD = "steward"
COMMITTEE = "committee"
ROLES = (STEWARD, COMMITTEE)

_STEWARD = [
    "ledger.view_household",
    "ledger.add_household",
    "ledger.change_household",
    "ledger.view_feeplan",
    "ledger.view_due",
    "ledger.view_payment",
    "ledger.add_payment",
    "ledger.reverse_payment",
    "ledger.view_expenditure",
    "ledger.add_expenditure",
    "ledger.reverse_expenditure",
    "ledger.view_entry",
    "ledger.view_budget",
    "ledger.add_budget",
    "ledger.change_budget",
    "ledger.delete_budget",
    "ledger.view_inspectionrequest",
    "ledger.answer_inspectionrequest",
    "ledger.view_lookuplock",
    "ledger.lift_lookuplock",
    "ledger.view_jointdecision",
    "ledger.view_ballot",
    "ledger.add_ballot",
    "ledger.view_account",
    "ledger.close_day",
    "ledger.add_transfer",
    "ledger.view_statementline",
    "ledger.change_match",
    "ledger.import_ledger",
    "repairs.view_contractor",
    "repairs.view_contract",
    "repairs.view_workorder",
    "repairs.add_workorder",
    "repairs.change_workorder",
    "repairs.accept_workorder",
    "repairs.settle_workorder",
    "repairs.add_costline",
    "repairs.delete_costline",
    "repairs.add_photo",
    "repairs.view_patrol",
    "repairs.add_patrol",
    "repairs.view_faultreport",
    "repairs.triage_faultreport",
    "repairs.view_meter",
    "repairs.add_meter",
    "repairs.change_meter",
    "repairs.view_meterreading",
    "repairs.add_meterreading",
    "repairs.view_electricitybill",
    "repairs.add_electricitybill",
    "repairs.add_usageexplanation",
    "notices.view_notice",
    "notices.add_notice",
    "notices.change_notice",
    "notices.publish_notice",
]
_COMMITTEE = [
    "ledger.view_household",
    "ledger.view_feeplan",
    "ledger.add_feeplan",
    "ledger.change_feeplan",
    "ledger.view_due",
    "ledger.view_payment",
    "ledger.view_expenditure",
    "ledger.view_entry",
    "ledger.approve_expenditure",
    "ledger.reverse_expenditure",
    "ledger.publish_month",
    "ledger.view_statement",
    "ledger.view_budget",
    "ledger.add_budget",
    "ledger.change_budget",
    "ledger.delete_budget",
    "ledger.approve_budget",
    "ledger.close_fee_year",
    "ledger.view_inspectionrequest",
    "ledger.answer_inspectionrequest",
    "ledger.publish_voucher",
    "ledger.view_lookuplock",
    "ledger.lift_lookuplock",
    "ledger.view_jointdecision",
    "ledger.add_jointdecision",
    "ledger.close_jointdecision",
    "ledger.view_ballot",
    "ledger.add_ballot",
    "ledger.approve_advance",
    "ledger.view_account",
    "ledger.view_statementline",
    "ledger.import_statement",
    "ledger.change_match",
    "ledger.import_ledger",
    "repairs.view_contractor",
    "repairs.add_contractor",
    "repairs.change_contractor",
    "repairs.view_contract",
    "repairs.add_contract",
    "repairs.change_contract",
    "repairs.add_priceitem",
    "repairs.change_priceitem",
    "repairs.view_workorder",
    "repairs.approve_charges",
    "repairs.view_patrol",
    "repairs.view_faultreport",
    "repairs.view_meter",
    "repairs.view_meterreading",
    "repairs.view_electricitybill",
    "repairs.add_usageexplanation",
    "trustmgmt.view_audit",
    "notices.view_notice",
    "notices.add_notice",
    "notices.change_notice",
    "notices.publish_notice",
]
ROLE_PERMISSIONS: dict[str, list[str]] = {STEWARD: _STEWARD, COMMITTEE: _COMMITTEE}


def sync_role_permissions(sender=None, using="default", **kwargs) -> None:
    """Give each role exactly its permissions; runs after every migrate, so new models join in."""
    from django.contrib.auth.models import Group, Permission

    # It runs once for each app that migrate signals (eleven on a fresh database), so the permissions are read in
    # one query rather than one query each (the permissions' lookups were 0.6 s of a fresh `migrate`).
    labels = {name.split(".")[0] for names in ROLE_PERMISSIONS.values() for name in names}
    existing = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in Permission.objects.using(using)
        .filter(content_type__app_label__in=labels)
        .order_by("-pk")  # a codename in two of an app's models: the first one, as before
        .values_list("pk", "content_type__app_label", "codename")
    }
    for role, names in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.using(using).get_or_create(name=role)
        wanted = []
        for name in names:
            if name not in existing:  # the app is not migrated yet; the next migrate adds it
                log.debug("permission %s does not exist yet", name)
                continue
            wanted.append(existing[name])
        group.permissions.set(wanted)


def permission_required(*perms: str):
    """Anonymous visitors go to the login page; a signed-in user without the permission gets 403."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not request.user.has_perms(perms):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
