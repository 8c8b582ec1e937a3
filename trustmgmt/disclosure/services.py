"""Publishing a month: the ledger closes it (`ledger.services.month_publish`) and stores its document."""

from datetime import date

from ledger import services
from ledger.models import Publication
from trustmgmt.base.dates import next_month, this_month
from trustmgmt.disclosure.document import publication_document


def publish(*, month: date, by) -> Publication:
    """Publish `month` for good, storing the disclosure as it stands now. The ledger checks the order."""
    return services.month_publish(month=month, by=by, document=publication_document)


def publish_ended_months(*, by) -> list[Publication]:
    """Publish, in order, every month that has ended and is not published yet (for the demo)."""
    published = []
    month = services.next_month_to_publish()
    while month is not None and next_month(month) <= this_month():
        published.append(publish(month=month, by=by))
        month = services.next_month_to_publish()
    return published
