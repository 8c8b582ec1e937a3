"""Publishing a month: the ledger closes it (`ledger.services.month_publish`) and stores its document."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ledger import services
from ledger.accounts import selectors as accounts
from ledger.journal import published_through
from ledger.models import Publication, StatementLine
from trustmgmt.base.dates import month_start, next_month, this_month
from trustmgmt.base.refusals import checked_text, coded, refuse
from trustmgmt.disclosure.document import publication_document

UNRECONCILED_NEEDS_NOTE = _(
    "%(month)s does not reconcile with the bank (difference %(difference)s). A committee member publishes it "
    "only with a note saying why."
)


@transaction.atomic
def publish(*, month: date, by, note: str = "") -> Publication:
    """Publish `month` for good, storing the disclosure as it stands now. The ledger checks the order.

    Once the complex reconciles with its bank (a statement has been imported), a month whose books do not
    agree with the bank, the cash box and money in transit is published only with a committee member's
    note, which the published document keeps beside the figures.
    """
    note = checked_text(note, "note", 300, required=False)
    if StatementLine.objects.exists():
        result = accounts.reconciliation(month_start(month))
        if not result.reconciled and not note:
            raise refuse(UNRECONCILED_NEEDS_NOTE, "note", month=month.strftime("%Y-%m"), difference=result.difference)

    def document(first: date) -> dict:
        stored = publication_document(first)
        if note:
            stored["reconciliation_note"] = note
        return stored

    return services.month_publish(month=month, by=by, document=document)


NOT_ALLOWED = "%(user)s may not publish months (only an active committee member may)."
ALREADY_PUBLISHED = "%(month)s is already published (the months through %(last)s are)."
NOT_ENDED = "%(month)s has not ended yet; a month is published only after its last day."
NOTHING_TO_PUBLISH = "Nothing is disclosed in any month up to %(month)s, so there is nothing to publish."


@transaction.atomic
def publish_through(*, through: date, by) -> list[Publication]:
    """Publish, in order, every month not yet published up to `through`, as `by`: all of them, or none.

    Refused with a code (`not_allowed`, `already_published`, `not_ended`, `nothing`) before anything is
    written; a refusal of the ledger's on the way undoes the months published before it.
    """
    through = month_start(through)
    if not (by.is_active and by.has_perm("ledger.publish_month")):
        raise ValidationError(NOT_ALLOWED, code="not_allowed", params={"user": by.get_username()})
    if next_month(through) > this_month():
        raise ValidationError(NOT_ENDED, code="not_ended", params={"month": f"{through:%Y-%m}"})
    last = published_through()
    if last is not None and through <= last:
        raise ValidationError(
            ALREADY_PUBLISHED, code="already_published", params={"month": f"{through:%Y-%m}", "last": f"{last:%Y-%m}"}
        )
    month = services.next_month_to_publish()
    if month is None or month > through:
        raise ValidationError(NOTHING_TO_PUBLISH, code="nothing", params={"month": f"{through:%Y-%m}"})
    published = []
    while month <= through:
        published.append(publish(month=month, by=by))
        month = next_month(month)
    return published


coded(globals())
