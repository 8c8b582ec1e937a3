"""Flats, fee plans and what each flat owes: the three pools and the dues they are split into."""

import re
import unicodedata

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Round
from django.utils.translation import gettext_lazy as _

from trustmgmt.base.checks import QuickChecks
from trustmgmt.base.clock import Stamp
from trustmgmt.base.money import MONEY_FIELD


class Pool(models.TextChoices):
    ELECTRICITY = "electricity", _("Public electricity")
    MAINTENANCE = "maintenance", _("Facility maintenance")
    GARBAGE = "garbage", _("Garbage removal")


POOLS: tuple[str, ...] = tuple(Pool.values)
FLOOR_AREA_FIELD = {"max_digits": 8, "decimal_places": 2}  # m², to the hundredth
MAX_FLOOR_AREA = 10000  # m²: more is a typing mistake, not a flat


class Occupancy(models.TextChoices):
    OCCUPIED = "occupied", _("Occupied")
    VACANT = "vacant", _("Vacant")


def pool_sum():
    """electricity + maintenance + garbage, rounded to the fen in SQL.

    PostgreSQL adds numerics exactly; SQLite stores decimals as binary floats, where 0.04 + 0.07 + 0.04
    is not 0.15. Rounding to two places gives both the exact sum.
    """
    return Round(F("electricity") + F("maintenance") + F("garbage"), 2)


# A flat as people write it: `12-2-301`, `12 2 301`, `12/2/301`; the desk also takes `12-2` or `12`.
_PART, _SEPARATOR = r"(\d{1,6})", r"\s*[-\s/#]\s*"
FLAT_PATTERN = re.compile(rf"\s*{_PART}{_SEPARATOR}{_PART}{_SEPARATOR}{_PART}\s*")
_FLAT_PREFIX = re.compile(rf"\s*{_PART}(?:{_SEPARATOR}{_PART})?(?:{_SEPARATOR}{_PART})?\s*")


_NOT_DIGITS = re.compile(r"[^0-9]")
_SPACE = re.compile(r"\s+")


def owner_key(name: str, phone: str) -> str:
    """Who a flat's owner is, for the headcount: `王 堃` and `王堃` are one person, as are `138 0000 0001`
    and `+86 13800000001`. Two people of the same name are told apart by their phones.

    Stored on each household (`Household.owner_key`), so a tally groups owners in SQL."""
    name = name or ""
    if not unicodedata.is_normalized("NFKC", name):
        name = unicodedata.normalize("NFKC", name)
    name = _SPACE.sub("", name).casefold()
    digits = phone or ""
    if not (digits.isascii() and digits.isdigit()):
        digits = _NOT_DIGITS.sub("", unicodedata.normalize("NFKC", digits))
    if len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    return f"{name}|{digits}"


class HouseholdQuerySet(models.QuerySet):
    def search(self, text: str):
        """`12-2-301`, `12 2 301`, `12-2`, `12`, or part of the owner's name."""
        numbers = _FLAT_PREFIX.fullmatch(text)
        if numbers:
            fields = ("building", "unit", "room")
            return self.filter(
                **{field: int(value) for field, value in zip(fields, numbers.groups(), strict=True) if value}
            )
        text = text.strip()
        if not text:
            return self.none()
        return self.filter(owner_name__icontains=text)


class Household(QuickChecks, models.Model):
    """A flat (户): building (幢) - unit (单元) - room (室). The owner may change; the flat stays."""

    building = models.PositiveIntegerField(_("building"))
    unit = models.PositiveIntegerField(_("unit"))
    room = models.PositiveIntegerField(_("room"))
    owner_name = models.CharField(_("owner"), max_length=50)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    occupancy = models.CharField(_("occupancy"), max_length=10, choices=Occupancy.choices)
    occupancy_since = models.DateField(_("occupancy since"), null=True, blank=True)
    # Exclusive floor area (专有部分面积): what a flat weighs in the owners' decisions (Civil Code art. 278).
    area = models.DecimalField(_("floor area (m²)"), **FLOOR_AREA_FIELD, null=True, blank=True)
    notes = models.TextField(_("notes"), max_length=1000, blank=True)
    # Who the owner is for the headcount of owners' decisions: `owner_key(owner_name, phone)`, kept by save().
    owner_key = models.CharField(max_length=80, blank=True, editable=False, db_index=True)
    created_at = Stamp(auto_now_add=True)
    updated_at = Stamp(auto_now=True)

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        ordering = ["building", "unit", "room"]
        verbose_name = _("household")
        verbose_name_plural = _("households")
        constraints = [
            models.UniqueConstraint(fields=["building", "unit", "room"], name="household_unique_flat"),
            models.CheckConstraint(
                condition=Q(building__gt=0, unit__gt=0, room__gt=0), name="household_numbers_positive"
            ),
            models.CheckConstraint(condition=Q(occupancy__in=Occupancy.values), name="household_occupancy_valid"),
            models.CheckConstraint(condition=Q(area__isnull=True) | Q(area__gt=0), name="household_area_positive"),
        ]

    def __str__(self):
        return self.label

    def save(self, *args, **kwargs):
        # Derived from the name and phone, so it cannot disagree with them; written with them.
        self.owner_key = owner_key(self.owner_name, self.phone)[: self._meta.get_field("owner_key").max_length]
        fields = kwargs.get("update_fields")
        if fields is not None and ({"owner_name", "phone"} & set(fields)):
            kwargs["update_fields"] = [*fields, "owner_key"]
        super().save(*args, **kwargs)

    @property
    def label(self) -> str:
        return f"{self.building}-{self.unit}-{self.room}"


class FeePlan(QuickChecks, models.Model):
    """What each household owes for one fee year, per pool and occupancy (收支计划)."""

    year = models.PositiveSmallIntegerField(_("fee year"), unique=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    electricity_occupied = models.DecimalField(_("electricity, occupied"), **MONEY_FIELD)
    maintenance_occupied = models.DecimalField(_("maintenance, occupied"), **MONEY_FIELD)
    garbage_occupied = models.DecimalField(_("garbage, occupied"), **MONEY_FIELD)
    electricity_vacant = models.DecimalField(_("electricity, vacant"), **MONEY_FIELD)
    maintenance_vacant = models.DecimalField(_("maintenance, vacant"), **MONEY_FIELD)
    garbage_vacant = models.DecimalField(_("garbage, vacant"), **MONEY_FIELD)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = Stamp(auto_now_add=True)
    # The owners' decision that approved the fees; empty when the committee alone set them.
    decision = models.ForeignKey(
        "ledger.JointDecision", null=True, blank=True, on_delete=models.PROTECT, related_name="fee_plans"
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = _("fee plan")
        verbose_name_plural = _("fee plans")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gt=F("starts_on")), name="feeplan_ends_after_start"),
            models.CheckConstraint(
                condition=Q(
                    electricity_occupied__gte=0,
                    maintenance_occupied__gte=0,
                    garbage_occupied__gte=0,
                    electricity_vacant__gte=0,
                    maintenance_vacant__gte=0,
                    garbage_vacant__gte=0,
                ),
                name="feeplan_amounts_not_negative",
            ),
        ]

    def __str__(self):
        return str(self.year)

    def amounts(self, occupancy: str) -> dict[str, object]:
        return {pool: getattr(self, f"{pool}_{occupancy}") for pool in POOLS}

    def total(self, occupancy: str):
        return sum(self.amounts(occupancy).values())


class Due(QuickChecks, models.Model):
    """What one household owes for one fee year (应收): the plan's amounts for its occupancy that year.

    Not a money movement, so not in the journal; services keep it in step with the plan and occupancy
    and never let it fall below what has been paid into any pool.
    """

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="dues")
    fee_plan = models.ForeignKey(FeePlan, on_delete=models.PROTECT, related_name="dues")
    occupancy = models.CharField(max_length=10, choices=Occupancy.choices)
    electricity = models.DecimalField(**MONEY_FIELD)
    maintenance = models.DecimalField(**MONEY_FIELD)
    garbage = models.DecimalField(**MONEY_FIELD)
    total = models.DecimalField(**MONEY_FIELD)

    class Meta:
        verbose_name = _("due")
        verbose_name_plural = _("dues")
        constraints = [
            models.UniqueConstraint(fields=["household", "fee_plan"], name="due_once_per_household_year"),
            models.CheckConstraint(condition=Q(total=pool_sum()), name="due_total_is_sum"),
            models.CheckConstraint(
                condition=Q(electricity__gte=0, maintenance__gte=0, garbage__gte=0), name="due_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.household} {self.fee_plan}"

    def amounts(self) -> dict[str, object]:
        return {pool: getattr(self, pool) for pool in POOLS}
