"""Which notices are up, coming, or over: each list one query, whatever their number.

Current: published, `valid_from` ≤ today ≤ `valid_to`, and not corrected by a published correction.
Upcoming: published, not yet valid. Archived: published and over, or corrected.
"""

from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet

from trustmgmt.notices.models import Notice

HOME_LIMIT = 5
PAGE_LIMIT = 200  # more current notices than a board holds would be a mistake; the archive pages its list


def _corrected() -> Exists:
    return Exists(Notice.objects.published().filter(replaces=OuterRef("pk")))


def _public() -> QuerySet[Notice]:
    return Notice.objects.for_public_display().annotate(corrected=_corrected())


def current(today: date) -> QuerySet[Notice]:
    return _public().filter(valid_from__lte=today, valid_to__gte=today, corrected=False)


def upcoming(today: date) -> QuerySet[Notice]:
    return _public().filter(valid_from__gt=today, corrected=False).order_by("valid_from", "id")


def archived(today: date) -> QuerySet[Notice]:
    return _public().filter(Q(valid_to__lt=today) | Q(corrected=True)).order_by("-valid_to", "-id")


def for_home(today: date) -> list[Notice]:
    """The home page's few current notices, newest first (one query)."""
    return list(current(today).only("id", "title", "valid_from", "valid_to", "replaces")[:HOME_LIMIT])


def public_notice(pk: int) -> Notice | None:
    """A published notice with what its page shows about corrections (one query)."""
    return _public().select_related("replaces", "correction").filter(pk=pk).first()


def state(notice: Notice, today: date) -> str:
    if not notice.is_published:
        return "draft"
    if getattr(notice, "corrected", False):
        return "corrected"
    if notice.valid_to < today:
        return "expired"
    if notice.valid_from > today:
        return "upcoming"
    return "current"


def for_staff() -> QuerySet[Notice]:
    return Notice.objects.annotate(corrected=_corrected()).select_related("replaces").order_by("-created_at", "-id")
