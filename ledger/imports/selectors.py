"""What the getting-started page and the import pages read: how far the complex has come, and past imports."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Max, Min

from ledger import services
from ledger.models import Expenditure, FeePlan, Household, ImportStatus, LedgerImport, Payment, Publication


@dataclass(frozen=True)
class Progress:
    """Each step of starting a complex, done or not (the first four are counts)."""

    plan_years: tuple[int, int] | None  # the first and last fee year with a plan
    households: int
    payments: int
    expenditures: int
    published_through: date | None
    next_to_publish: date | None

    @property
    def started(self) -> bool:
        return self.households > 0


def progress() -> Progress:
    """Six queries, however large the complex."""
    years = FeePlan.objects.aggregate(first=Min("year"), last=Max("year"))
    published = Publication.objects.aggregate(last=Max("month"))["last"]
    return Progress(
        plan_years=(years["first"], years["last"]) if years["first"] else None,
        households=Household.objects.count(),
        payments=Payment.objects.count(),
        expenditures=Expenditure.objects.count(),
        published_through=published,
        next_to_publish=services.next_month_to_publish() if published is None else None,
    )


def complex_is_empty() -> bool:
    return not Household.objects.exists()


def pending(kind: str, by) -> LedgerImport | None:
    """The user's preview of this kind that waits for a confirm."""
    return LedgerImport.objects.filter(kind=kind, uploaded_by=by, status=ImportStatus.PREVIEWED).first()


def recent(kind: str, limit: int = 5) -> list[LedgerImport]:
    return list(
        LedgerImport.objects.filter(kind=kind, status=ImportStatus.CONFIRMED)
        .select_related("uploaded_by")
        .order_by("-decided_at")[:limit]
    )
