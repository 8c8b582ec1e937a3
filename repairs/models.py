"""Repairs: the contractor's work on the shared facilities, from a reported fault to its settlement.

Invariants, and where each is enforced:

- One contract in force at a time: contract terms never overlap. `services.contract_create` checks under
  a lock, and the database refuses an overlapping row on its own (`repairs.db`: an exclusion
  constraint on PostgreSQL, a trigger on SQLite).
- Work-order numbers are `WO-<year>-<nnnn>`, per year of the report, without gaps or duplicates:
  `WorkOrderCounter` is locked while a number is taken, and (year, sequence) is unique.
- A resident's report from the public form (`repairs.faults`) is a work order in "reported" with a
  `FaultReport` beside it, waiting for the steward's triage; its steps have no staff member as `by`.
- A work order moves reported -> assigned -> done -> accepted -> settled, or to cancelled with a reason
  (`lifecycle`). Only `services` changes `status`, holding the order's row lock, and every step is one
  `Transition` row (who, when, the day it took effect), which is append-only.
- Work is done within the term of the contract it is assigned under; its cost lines come from that
  contract's price list (the unit price copied at the time) or are written by hand with a
  justification. A line's amount is quantity x unit price, rounded half up to the fen (四舍五入).
- Settlement posts one ledger expenditure whose reference is the order number; the ledger's unique
  reference (among expenditures that are not rejected) refuses a second one. A settled order never
  changes. If the committee rejects the settlement in the ledger, the order may be reopened to
  "accepted" (`services.work_order_reopen`), corrected and settled again; a posted settlement that was
  wrong is reversed in the ledger, and the order stays settled. The database refuses changes to a
  settled or cancelled order, its cost lines and the steps (`repairs.db`).
"""

import secrets
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.db.models import DecimalField, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ledger.models import Expenditure, Household, Pool
from trustmgmt.base.checks import QuickChecks
from trustmgmt.base.clock import Stamp
from trustmgmt.base.money import CENT, MONEY_FIELD, ZERO, Money
from trustmgmt.base.records import AppendOnlyModel

QUANTITY_FIELD = {"max_digits": 9, "decimal_places": 2}


class Contractor(QuickChecks, models.Model):
    """The third-party company that does the repairs, with the person it names for the complex."""

    company = models.CharField(_("company"), max_length=100, unique=True)
    contact_person = models.CharField(_("designated person"), max_length=50)
    phone = models.CharField(_("phone"), max_length=20)
    notes = models.TextField(_("notes"), max_length=1000, blank=True)
    created_at = Stamp(auto_now_add=True)

    class Meta:
        ordering = ["company"]
        verbose_name = _("contractor")
        verbose_name_plural = _("contractors")

    def __str__(self):
        return self.company


class Contract(QuickChecks, models.Model):
    """A one-year repair contract (维修承揽合同), approved by the residents' vote."""

    contractor = models.ForeignKey(Contractor, on_delete=models.PROTECT, related_name="contracts")
    title = models.CharField(_("title"), max_length=100)
    signed_on = models.DateField(_("signed on"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    votes_for = models.PositiveIntegerField(_("votes for"))
    votes_against = models.PositiveIntegerField(_("votes against"))
    households = models.PositiveIntegerField(_("households entitled to vote"))
    document = models.FileField(_("contract document"), upload_to="contracts/%Y/", blank=True, max_length=200)
    notes = models.TextField(_("notes"), max_length=1000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = Stamp(auto_now_add=True)
    promised_days = models.PositiveSmallIntegerField(
        _("days to fix a fault"),
        default=7,
        help_text=_("The contract's promise: a fault is fixed within this many days."),
    )
    # The owners' decision that approved it (业主共同决定); empty for a contract approved before decisions
    # were recorded, which then shows only the vote counts above.
    decision = models.ForeignKey(
        "ledger.JointDecision", null=True, blank=True, on_delete=models.PROTECT, related_name="contracts"
    )

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gt=F("starts_on")), name="contract_ends_after_start"),
            models.CheckConstraint(condition=Q(signed_on__lte=F("starts_on")), name="contract_signed_before_start"),
            models.CheckConstraint(
                condition=Q(households__gte=F("votes_for") + F("votes_against")),
                name="contract_votes_within_households",
            ),
        ]

    def __str__(self):
        return self.title

    def covers(self, day) -> bool:
        return self.starts_on <= day <= self.ends_on

    @property
    def turnout(self) -> int:
        return self.votes_for + self.votes_against


class PriceItem(QuickChecks, models.Model):
    """One line of a contract's price list: what the contractor charges for a unit of work.

    `reference_price` is the government reference price the item is measured against (e.g. 宁波市住房
    维修参考价); a contract price above it is flagged on every cost line that uses it.
    """

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="price_items")
    code = models.CharField(_("code"), max_length=10)
    name = models.CharField(_("item"), max_length=100)
    unit = models.CharField(_("unit of measure"), max_length=10)
    unit_price = models.DecimalField(_("unit price"), **MONEY_FIELD)
    reference_price = models.DecimalField(_("reference price"), **MONEY_FIELD)
    reference_source = models.CharField(_("reference source"), max_length=100)

    class Meta:
        ordering = ["contract", "code"]
        verbose_name = _("price item")
        verbose_name_plural = _("price items")
        constraints = [
            models.UniqueConstraint(fields=["contract", "code"], name="priceitem_code_unique"),
            models.UniqueConstraint(fields=["contract", "name"], name="priceitem_name_unique"),
            models.CheckConstraint(
                condition=Q(unit_price__gt=0, reference_price__gt=0), name="priceitem_prices_positive"
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name} ({self.unit})"

    @property
    def above_reference(self) -> bool:
        return self.unit_price > self.reference_price


class Category(models.TextChoices):
    LIGHTING = "lighting", _("Lighting")
    DRAINS = "drains", _("Drains and gutters")
    DOORS = "doors", _("Doors and access control")
    WATER = "water", _("Water")
    WALLS_ROOFS = "walls_roofs", _("Walls and roofs")
    GREENERY = "greenery", _("Greenery")
    OTHER = "other", _("Other")


class CommonArea(models.TextChoices):
    """Places outside the buildings. A fixed list, so a public location never carries a name or a flat."""

    GATE = "gate", _("Main gate")
    BIKE_SHED = "bike_shed", _("Bicycle shed")
    GARDEN = "garden", _("Garden and green space")
    PATHS = "paths", _("Paths and courtyard")
    GARBAGE_POINT = "garbage_point", _("Garbage point")
    BOUNDARY_WALL = "boundary_wall", _("Boundary wall")
    OTHER = "other", _("Other common area")


class Status(models.TextChoices):
    REPORTED = "reported", _("Reported")
    ASSIGNED = "assigned", _("Assigned")
    DONE = "done", _("Done")
    ACCEPTED = "accepted", _("Accepted")
    SETTLED = "settled", _("Settled")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STATUSES = (Status.REPORTED, Status.ASSIGNED)  # the fault is not fixed yet
COMPLETED_STATUSES = (Status.DONE, Status.ACCEPTED, Status.SETTLED)  # the work is done
EDITABLE_STATUSES = (Status.ASSIGNED, Status.DONE, Status.ACCEPTED)  # cost lines may change


class Reporter(models.TextChoices):
    HOUSEHOLD = "household", _("A household")
    STEWARD = "steward", _("The steward")


class WorkOrderCounter(models.Model):
    """The last work-order number given in a year. Locked while a number is taken, so none is skipped."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last_number}"


def format_work_order_number(year: int, sequence: int) -> str:
    return f"WO-{year}-{sequence:04d}"


class WorkOrderQuerySet(models.QuerySet):
    def with_total(self):
        """Each order with `total`: the sum of its cost lines, to the fen (0.00 when it has none)."""
        return self.annotate(total=order_total())


class WorkOrder(QuickChecks, models.Model):
    number = models.CharField(_("number"), max_length=20, unique=True, editable=False)
    year = models.PositiveSmallIntegerField(editable=False)
    sequence = models.PositiveIntegerField(editable=False)
    reported_on = models.DateField(_("reported on"))
    reporter = models.CharField(_("reported by"), max_length=10, choices=Reporter.choices)
    household = models.ForeignKey(
        Household,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="work_orders",
        verbose_name=_("household"),
    )
    patrol = models.ForeignKey(
        "Patrol", null=True, blank=True, on_delete=models.PROTECT, related_name="work_orders", verbose_name=_("patrol")
    )
    building = models.PositiveIntegerField(_("building"), null=True, blank=True)
    unit = models.PositiveIntegerField(_("unit"), null=True, blank=True)
    common_area = models.CharField(_("common area"), max_length=20, choices=CommonArea.choices, blank=True)
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    description = models.TextField(_("what is wrong"), max_length=1000)
    pool = models.CharField(_("charged to"), max_length=12, choices=Pool.choices, default=Pool.MAINTENANCE)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.REPORTED)
    contract = models.ForeignKey(
        Contract,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="work_orders",
        verbose_name=_("contract"),
    )
    # Days each step took effect, kept on the order for the lists and figures; who and when is in Transition.
    assigned_on = models.DateField(_("assigned on"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    settled_on = models.DateField(_("settled on"), null=True, blank=True)
    cancelled_on = models.DateField(_("cancelled on"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    # A committee member's approval of charges above the reference price; cleared when a line changes.
    charges_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    charges_approved_at = models.DateTimeField(null=True, blank=True)
    settlement = models.ForeignKey(
        Expenditure, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("settlement")
    )
    # Empty for a resident's report from the public form (it has a `fault_report`); staff always sign.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = Stamp(auto_now_add=True)

    objects = WorkOrderQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-sequence"]
        verbose_name = _("work order")
        verbose_name_plural = _("work orders")
        permissions = [
            ("accept_workorder", "Can accept the contractor's work"),
            ("settle_workorder", "Can settle a work order"),
            ("approve_charges", "Can approve charges above the reference price"),
        ]
        indexes = [
            models.Index(fields=["status", "reported_on"], name="workorder_status_reported"),
            models.Index(fields=["done_on"], name="workorder_done_on"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["year", "sequence"], name="workorder_year_sequence_unique"),
            models.CheckConstraint(condition=Q(sequence__gt=0), name="workorder_sequence_positive"),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="workorder_status_valid"),
            models.CheckConstraint(condition=Q(category__in=Category.values), name="workorder_category_valid"),
            models.CheckConstraint(condition=~Q(building__isnull=True, common_area=""), name="workorder_has_location"),
            models.CheckConstraint(
                condition=Q(unit__isnull=True) | Q(building__isnull=False), name="workorder_unit_needs_building"
            ),
            models.CheckConstraint(
                condition=Q(reporter=Reporter.STEWARD) | Q(household__isnull=False),
                name="workorder_household_reporter_named",
            ),
            models.CheckConstraint(
                condition=Q(status=Status.REPORTED) | Q(status=Status.CANCELLED) | Q(contract__isnull=False),
                name="workorder_assigned_under_contract",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=COMPLETED_STATUSES) | Q(done_on__isnull=False),
                name="workorder_done_dated",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.CANCELLED) | ~Q(cancel_reason=""), name="workorder_cancel_has_reason"
            ),
        ]

    def __str__(self):
        return self.number

    @property
    def days(self) -> int | None:
        """Days from the report to the work done; for a fault not fixed yet, the days so far."""
        if self.done_on is not None:
            return (self.done_on - self.reported_on).days
        if self.status in OPEN_STATUSES:
            return (timezone.localdate() - self.reported_on).days
        return None

    @property
    def location(self) -> str:
        """Where, safe to publish: building and unit, or a common area; never a flat or a person."""
        return location_label(self.building, self.unit, self.common_area)


class Transition(AppendOnlyModel):
    """One step of a work order: who took it, when, the day it took effect, and why (if it needs a why)."""

    order = models.ForeignKey(WorkOrder, on_delete=models.PROTECT, related_name="transitions")
    action = models.CharField(_("step"), max_length=16)
    from_status = models.CharField(max_length=10, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=Status.choices)
    effective_on = models.DateField(_("date"))
    # Empty only for the "report" step of a resident's report from the public form.
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    at = Stamp(auto_now_add=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("work-order step")
        verbose_name_plural = _("work-order steps")

    def __str__(self):
        return f"{self.order_id} {self.action}"


class CostLine(QuickChecks, models.Model):
    """What one piece of the work costs: a price-list item x quantity, or a hand-written line."""

    order = models.ForeignKey(WorkOrder, on_delete=models.PROTECT, related_name="cost_lines")
    price_item = models.ForeignKey(
        PriceItem, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("price item")
    )
    description = models.CharField(_("item"), max_length=100)
    unit = models.CharField(_("unit of measure"), max_length=10)
    quantity = models.DecimalField(_("quantity"), **QUANTITY_FIELD)
    unit_price = models.DecimalField(_("unit price"), **MONEY_FIELD)
    # The government reference price when the line was added (from the price item), if there is one.
    reference_price = models.DecimalField(_("reference price"), null=True, blank=True, **MONEY_FIELD)
    amount = models.DecimalField(_("amount"), **MONEY_FIELD)
    justification = models.CharField(_("justification"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = Stamp(auto_now_add=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("cost line")
        verbose_name_plural = _("cost lines")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="costline_quantity_positive"),
            models.CheckConstraint(condition=Q(unit_price__gt=0), name="costline_unit_price_positive"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="costline_amount_positive"),
            models.CheckConstraint(
                condition=Q(price_item__isnull=False) | ~Q(justification=""), name="costline_by_hand_justified"
            ),
        ]

    def __str__(self):
        return f"{self.description} x {self.quantity}"

    @staticmethod
    def compute_amount(quantity: Decimal, unit_price: Decimal) -> Decimal:
        return (quantity * unit_price).quantize(CENT, rounding=ROUND_HALF_UP)

    @property
    def by_hand(self) -> bool:
        return self.price_item_id is None

    @property
    def above_reference(self) -> bool:
        return self.reference_price is not None and self.unit_price > self.reference_price

    @property
    def needs_review(self) -> bool:
        """Flagged for the committee: dearer than the reference price, or no reference price to compare."""
        return self.above_reference or self.reference_price is None


class Photo(models.Model):
    order = models.ForeignKey(WorkOrder, on_delete=models.PROTECT, related_name="photos")
    image = models.FileField(_("photo"), upload_to="repairs/%Y/%m/", max_length=200)
    # Empty for a resident's photo sent with a fault report (stored without its metadata).
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = Stamp(auto_now_add=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return self.image.name


class Patrol(QuickChecks, models.Model):
    """A walk round the complex (巡查) by the contractor's designated person and/or the steward."""

    patrolled_on = models.DateField(_("date"))
    inspector = models.CharField(_("who"), max_length=100)
    area = models.CharField(_("area"), max_length=100)
    findings = models.TextField(_("findings"), max_length=2000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = Stamp(auto_now_add=True)

    class Meta:
        ordering = ["-patrolled_on", "-id"]
        verbose_name = _("patrol")
        verbose_name_plural = _("patrols")
        indexes = [models.Index(fields=["patrolled_on"], name="patrol_date")]

    def __str__(self):
        return f"{self.patrolled_on} {self.area}"


def order_total() -> Money:
    """The sum of an order's cost lines, for `WorkOrder` querysets: one subquery, 0.00 without lines."""
    lines = CostLine.objects.filter(order=OuterRef("pk")).order_by().values("order").annotate(total=Sum("amount"))
    return Money(Coalesce(Subquery(lines.values("total")), Value(ZERO), output_field=DecimalField(**MONEY_FIELD)))


def location_label(building: int | None, unit: int | None, common_area: str) -> str:
    """“12幢2单元”, “12幢”, “12幢 · 屋顶” style: where, without a flat or a name."""
    parts = []
    if building is not None:
        parts.append(_("Building %(building)s") % {"building": building})
        if unit is not None:
            parts[-1] = _("Building %(building)s, unit %(unit)s") % {"building": building, "unit": unit}
    if common_area:
        parts.append(str(CommonArea(common_area).label))
    return " · ".join(parts)


# Residents' fault reports (repairs.faults): who reported and how to reach them (staff only), the reference they
# were given, the steward's triage. The work order beside it holds what may be public.
MAX_REPORT_CONTACT = 60
MAX_PLACE = 100
MAX_PUBLIC_REASON = 300
# Letters and digits nobody confuses when reading a number aloud (no 0/O, 1/I/L).
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
REFERENCE_LENGTH = 8


def new_reference() -> str:
    """`K7Q2-M9XD`: random, so that nobody can page through other people's reports by counting."""
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
    return f"{code[:4]}-{code[4:]}"


class Triage(models.TextChoices):
    PENDING = "pending", _("Awaiting triage")
    ACCEPTED = "accepted", _("Accepted")
    MERGED = "merged", _("Merged as a duplicate")
    DECLINED = "declined", _("Declined")


class FaultReport(models.Model):
    order = models.OneToOneField(
        WorkOrder, on_delete=models.PROTECT, related_name="fault_report", verbose_name=_("work order")
    )
    reference = models.CharField(_("reference number"), max_length=9, unique=True, default=new_reference)
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="fault_reports", verbose_name=_("household")
    )
    contact = models.CharField(_("contact (phone or WeChat)"), max_length=MAX_REPORT_CONTACT)
    place = models.CharField(_("place, in the resident's words"), max_length=MAX_PLACE, blank=True)
    reported_at = models.DateTimeField(_("reported at"))
    triage = models.CharField(_("triage"), max_length=10, choices=Triage.choices, default=Triage.PENDING)
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    triaged_at = models.DateTimeField(_("triaged at"), null=True, blank=True)
    merged_into = models.ForeignKey(
        WorkOrder,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
        verbose_name=_("duplicate of"),
    )
    public_reason = models.CharField(_("reason (shown in public)"), max_length=MAX_PUBLIC_REASON, blank=True)

    class Meta:
        ordering = ["-reported_at", "-id"]
        verbose_name = _("fault report")
        verbose_name_plural = _("fault reports")
        permissions = [("triage_faultreport", "Can triage a resident's fault report")]
        indexes = [models.Index(fields=["triage", "reported_at"], name="faultreport_triage")]
        constraints = [
            models.CheckConstraint(condition=~Q(contact=""), name="faultreport_contact_given"),
            models.CheckConstraint(condition=Q(triage__in=Triage.values), name="faultreport_triage_valid"),
            models.CheckConstraint(
                condition=Q(triage=Triage.PENDING, triaged_at__isnull=True, triaged_by__isnull=True)
                | ~Q(triage=Triage.PENDING) & Q(triaged_at__isnull=False, triaged_by__isnull=False),
                name="faultreport_triage_complete",
            ),
            models.CheckConstraint(
                condition=Q(triage=Triage.MERGED, merged_into__isnull=False)
                | ~Q(triage=Triage.MERGED) & Q(merged_into__isnull=True),
                name="faultreport_merged_names_order",
            ),
            models.CheckConstraint(
                condition=~Q(triage=Triage.DECLINED) | ~Q(public_reason=""), name="faultreport_decline_has_reason"
            ),
            models.CheckConstraint(condition=~Q(merged_into=models.F("order")), name="faultreport_not_own_duplicate"),
        ]

    def __str__(self):
        return self.reference


# Public electricity lives in its own package; its models are imported here so that Django finds them.
from repairs.electricity.models import ElectricityBill, Meter, MeterReading, UsageExplanation  # noqa: E402, F401
