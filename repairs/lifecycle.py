"""The steps a work order takes, who may take each, and the refusal when a step is not possible.

    reported -> assigned -> done -> accepted -> settled
                   ^---------'  (sent back for rework)
    reported, assigned, done, accepted -> cancelled (with a reason)
    settled -> accepted          (only when the committee rejected the settlement in the ledger)

`services` takes the steps; pages ask `next_steps` which buttons to show a user.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from repairs.models import Status, WorkOrder
from trustmgmt.base.refusals import coded

ILLEGAL_STEP = _("%(number)s is “%(status)s”, so “%(step)s” is not possible. Possible next steps: %(next)s.")
NO_NEXT_STEP = _("none")
STEP_NOT_ALLOWED = _("You may not “%(step)s” a work order; ask someone with that role.")


@dataclass(frozen=True)
class Step:
    code: str
    sources: tuple[str, ...]
    target: str
    label: Promise  # what the button says
    done_label: Promise  # what the timeline says afterwards
    permission: str
    needs_reason: bool = False


STEPS: dict[str, Step] = {
    step.code: step
    for step in [
        Step(
            "assign",
            (Status.REPORTED,),
            Status.ASSIGNED,
            _("Assign to the contractor"),
            _("Assigned to the contractor"),
            "repairs.change_workorder",
        ),
        Step(
            "complete",
            (Status.ASSIGNED,),
            Status.DONE,
            _("Record the work done"),
            _("Work done"),
            "repairs.change_workorder",
        ),
        Step(
            "send_back",
            (Status.DONE,),
            Status.ASSIGNED,
            _("Send back for rework"),
            _("Sent back for rework"),
            "repairs.change_workorder",
            needs_reason=True,
        ),
        Step(
            "accept",
            (Status.DONE,),
            Status.ACCEPTED,
            _("Accept the work"),
            _("Work accepted"),
            "repairs.accept_workorder",
        ),
        Step("settle", (Status.ACCEPTED,), Status.SETTLED, _("Settle"), _("Settled"), "repairs.settle_workorder"),
        Step(
            "reopen",
            (Status.SETTLED,),
            Status.ACCEPTED,
            _("Reopen for correction"),
            _("Reopened after the settlement was rejected"),
            "repairs.settle_workorder",
        ),
        Step(
            "cancel",
            (Status.REPORTED, Status.ASSIGNED, Status.DONE, Status.ACCEPTED),
            Status.CANCELLED,
            _("Cancel the order"),
            _("Cancelled"),
            "repairs.change_workorder",
            needs_reason=True,
        ),
    ]
}
# Steps in the timeline that are not moves between statuses.
OTHER_EVENTS = {
    "report": _("Reported"),
    "approve_charges": _("Charges approved by the committee"),
    "accept_report": _("Resident's report accepted by the steward"),
}


def _join(labels: list[Promise]) -> str:
    return pgettext("list separator", ", ").join(str(label) for label in labels)


_listing = lazy(_join, str)  # joined in the language the message is read in


def timeline_label(action: str) -> Promise:
    step = STEPS.get(action)
    return step.done_label if step else OTHER_EVENTS.get(action, action)


def legal_steps(status: str) -> list[Step]:
    return [step for step in STEPS.values() if status in step.sources]


def check_step(order: WorkOrder, code: str, by) -> Step:
    """The step, if `by` may take it and `order` may take it now; otherwise a refusal (which names the steps the
    order may take)."""
    step = STEPS[code]
    if not by.has_perm(step.permission):
        raise ValidationError(STEP_NOT_ALLOWED, code="step_not_allowed", params={"step": step.label})
    if order.status not in step.sources:
        possible = [s.label for s in legal_steps(order.status)]
        raise ValidationError(
            ILLEGAL_STEP,
            code="illegal_step",
            params={
                "number": order.number,
                "status": Status(order.status).label,
                "step": step.label,
                "next": _listing(possible) if possible else NO_NEXT_STEP,
            },
        )
    return step


def next_steps(order: WorkOrder, user) -> list[Step]:
    """The steps this user may take on the order now, for its buttons.

    Reopening is offered only when the committee rejected the settlement; `services` checks it again.
    """
    steps = [step for step in legal_steps(order.status) if user.has_perm(step.permission)]
    if order.status == Status.SETTLED:
        rejected = order.settlement is not None and order.settlement.status == "rejected"
        steps = [step for step in steps if step.code != "reopen" or rejected]
    return steps


coded(globals())
