"""Every write to public electricity: meters, readings, bills, explanations. Views, the demo and tests call
these; none repeats a rule.

Each function is keyword-only, runs in one transaction, locks the meter it writes under (`select_for_update`,
so two stewards entering the same meter's readings are serialised) and refuses with a coded message, having
written nothing. Readings and bills are records: a mistake is corrected by a new record that points back to
the one it corrects and says why (`reading_correct`, `bill_correct`); nothing is changed or deleted.
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ledger.models import Entry, Expenditure, ExpenditureStatus, Kind, Pool
from repairs.electricity import selectors
from repairs.electricity.models import ElectricityBill, Meter, MeterReading, UsageExplanation
from trustmgmt.base.dates import DATE_IN_FUTURE, month_start
from trustmgmt.base.money import CENT, AmountError, check_amount, parse_amount
from trustmgmt.base.refusals import checked_text, coded, refuse

NOT_ALLOWED = _("You may not do this.")
METER_NAME_TAKEN = _("Another meter already has this name.")
KWH_NOT_A_NUMBER = _("Enter the kWh as a number, such as 1234 or 1234.5.")
KWH_NEGATIVE = _("A meter reading cannot be below zero.")
KWH_TOO_PRECISE = _("A reading has at most two decimal places.")
KWH_TOO_LARGE = _("A reading of more than %(limit)s kWh is surely a typing mistake.")
KWH_NOT_POSITIVE = _("The kWh billed must be more than zero.")
DUPLICATE_MONTH = _("%(meter)s already has a reading for %(month)s; correct that one instead.")
READING_BELOW_PREVIOUS = _(
    "The reading is below the one before it (%(previous)s kWh on %(day)s). If the meter was replaced, mark it as "
    "a replacement and give the new meter's start reading."
)
READING_ABOVE_NEXT = _("The reading is above the one after it (%(next)s kWh on %(day)s).")
REPLACEMENT_FIELDS = _("A replacement needs the old meter's final reading and the new meter's start reading.")
REPLACEMENT_NOT_FIRST = _("The first reading of a meter cannot be a replacement: there is nothing before it.")
OLD_FINAL_BELOW_PREVIOUS = _("The old meter's final reading is below its reading before (%(previous)s kWh).")
NEW_START_ABOVE_READING = _("The new meter's start reading is above the reading itself.")
READING_NOT_CURRENT = _("This reading was already corrected; correct the latest one.")
CORRECTION_OTHER_MONTH = _("A correction keeps the month of the reading it corrects (%(month)s).")
MONTH_IN_FUTURE = _("The month has not begun.")
BILL_OTHER_POOL = _("That expenditure is paid from the %(pool)s pool; an electricity bill is paid from electricity.")
BILL_EXPENDITURE_NOT_POSTED = _("That expenditure is not posted (it waits for approval or was rejected).")
BILL_EXPENDITURE_REVERSED = _("That expenditure was reversed in the ledger; link the bill to the one that paid it.")
BILL_EXCEEDS_EXPENDITURE = _(
    "The bills on that expenditure would come to %(total)s yuan, more than the %(amount)s yuan it paid."
)
BILL_PAID_BEFORE_MONTH = _("That expenditure was paid on %(day)s, before the month the bill is for.")
BILL_DUPLICATE = _("%(meter)s already has a bill for %(month)s; correct that one instead.")
BILL_NOT_CURRENT = _("This bill was already corrected; correct the latest one.")
NOT_FLAGGED = _("%(month)s of %(meter)s is not flagged; only a flagged month is explained.")

MAX_KWH = Decimal("99999999.99")


def parse_kwh(value, field: str, *, positive: bool = False) -> Decimal:
    """kWh as typed: a number, at least zero (above it for a bill), at most two places, not absurdly large."""
    if isinstance(value, Decimal):
        number = value
    else:
        text = str(value if value is not None else "").strip().replace(",", "")
        if not text or len(text) > 20:
            raise refuse(KWH_NOT_A_NUMBER, field)
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise refuse(KWH_NOT_A_NUMBER, field) from None
    if not number.is_finite():
        raise refuse(KWH_NOT_A_NUMBER, field)
    if number < 0:
        raise refuse(KWH_NEGATIVE, field)
    if positive and number == 0:
        raise refuse(KWH_NOT_POSITIVE, field)
    if number > MAX_KWH:
        raise refuse(KWH_TOO_LARGE, field, limit=MAX_KWH)
    if number != number.quantize(CENT):
        raise refuse(KWH_TOO_PRECISE, field)
    return number.quantize(CENT)


def _check_day(day: date, field: str) -> date:
    if day > timezone.localdate():
        raise refuse(DATE_IN_FUTURE, field)
    return day


def _locked(meter: Meter) -> Meter:
    return Meter.objects.select_for_update().get(pk=meter.pk)


# Meters


@transaction.atomic
def meter_create(*, name: str, place: str, serves: str, by) -> Meter:
    if not by.has_perm("repairs.add_meter"):
        raise refuse(NOT_ALLOWED)
    name = checked_text(name, "name", 60)
    if Meter.objects.filter(name=name).exists():  # the unique constraint stands behind this
        raise refuse(METER_NAME_TAKEN, "name")
    meter = Meter(name=name, place=checked_text(place, "place", 100), serves=checked_text(serves, "serves", 200))
    meter.created_by = by
    meter.save()
    return meter


@transaction.atomic
def meter_update(*, meter: Meter, name: str, place: str, serves: str, by) -> Meter:
    if not by.has_perm("repairs.change_meter"):
        raise refuse(NOT_ALLOWED)
    meter = _locked(meter)
    name = checked_text(name, "name", 60)
    if Meter.objects.filter(name=name).exclude(pk=meter.pk).exists():
        raise refuse(METER_NAME_TAKEN, "name")
    meter.name, meter.place, meter.serves = name, checked_text(place, "place", 100), checked_text(serves, "serves", 200)
    meter.save()
    return meter


# Readings


def _check_reading(meter: Meter, month: date, values: dict, *, replacing: MeterReading | None = None) -> None:
    """The reading against the current readings before and after it on the same meter."""
    current = selectors.current_readings().filter(meter=meter)
    if replacing is not None:
        current = current.exclude(pk=replacing.pk)
    elif current.filter(month=month).exists():
        raise refuse(DUPLICATE_MONTH, "read_on", meter=meter.name, month=f"{month:%Y-%m}")
    before = current.filter(month__lt=month).order_by("-month").first()
    after = current.filter(month__gt=month).order_by("month").first()
    reading = values["reading"]
    if values["replacement"]:
        if before is None:
            raise refuse(REPLACEMENT_NOT_FIRST, "replacement")
        if values["old_final"] < before.reading:
            raise refuse(OLD_FINAL_BELOW_PREVIOUS, "old_final", previous=before.reading)
        if values["new_start"] > reading:
            raise refuse(NEW_START_ABOVE_READING, "new_start")
    elif before is not None and reading < before.reading:
        raise refuse(READING_BELOW_PREVIOUS, "reading", previous=before.reading, day=before.read_on)
    if after is not None:
        ceiling = after.old_final if after.replacement else after.reading
        if reading > ceiling:
            raise refuse(READING_ABOVE_NEXT, "reading", next=ceiling, day=after.read_on)


def _reading_values(reading, replacement: bool, old_final, new_start) -> dict:
    values = {"reading": parse_kwh(reading, "reading"), "replacement": bool(replacement)}
    if values["replacement"]:
        if old_final in (None, "") or new_start in (None, ""):
            raise refuse(REPLACEMENT_FIELDS, "old_final" if old_final in (None, "") else "new_start")
        values["old_final"] = parse_kwh(old_final, "old_final")
        values["new_start"] = parse_kwh(new_start, "new_start")
    else:
        values["old_final"] = values["new_start"] = None
    return values


@transaction.atomic
def reading_record(
    *, meter: Meter, read_on: date, reading, by, replacement: bool = False, old_final=None, new_start=None
) -> MeterReading:
    """The month's reading of a meter (its month is the month of `read_on`; one a month)."""
    if not by.has_perm("repairs.add_meterreading"):
        raise refuse(NOT_ALLOWED)
    values = _reading_values(reading, replacement, old_final, new_start)
    read_on = _check_day(read_on, "read_on")
    meter = _locked(meter)
    month = month_start(read_on)
    _check_reading(meter, month, values)
    return MeterReading.objects.create(meter=meter, month=month, read_on=read_on, recorded_by=by, **values)


@transaction.atomic
def reading_correct(
    *,
    original: MeterReading,
    read_on: date,
    reading,
    reason: str,
    by,
    replacement: bool = False,
    old_final=None,
    new_start=None,
) -> MeterReading:
    """A new record in place of `original` (which stays, pointing forward through `correction`)."""
    if not by.has_perm("repairs.add_meterreading"):
        raise refuse(NOT_ALLOWED)
    reason = checked_text(reason, "reason", 300)
    values = _reading_values(reading, replacement, old_final, new_start)
    read_on = _check_day(read_on, "read_on")
    meter = _locked(original.meter)
    if MeterReading.objects.filter(corrects=original).exists():
        raise refuse(READING_NOT_CURRENT)
    if month_start(read_on) != original.month:
        raise refuse(CORRECTION_OTHER_MONTH, "read_on", month=f"{original.month:%Y-%m}")
    _check_reading(meter, original.month, values, replacing=original)
    return MeterReading.objects.create(
        meter=meter, month=original.month, read_on=read_on, corrects=original, reason=reason, recorded_by=by, **values
    )


# Bills


def _check_month(month: date) -> date:
    month = month_start(month)
    if month > month_start(timezone.localdate()):
        raise refuse(MONTH_IN_FUTURE, "month")
    return month


def _check_payment(expenditure: Expenditure, month: date, amount: Decimal, *, replacing=None) -> None:
    expenditure = Expenditure.objects.select_for_update().get(pk=expenditure.pk)
    if expenditure.pool != Pool.ELECTRICITY:
        raise refuse(BILL_OTHER_POOL, "expenditure", pool=Pool(expenditure.pool).label)
    if expenditure.status != ExpenditureStatus.POSTED:
        raise refuse(BILL_EXPENDITURE_NOT_POSTED, "expenditure")
    if Entry.objects.filter(expenditure=expenditure, kind=Kind.EXPENDITURE, reversal__isnull=False).exists():
        raise refuse(BILL_EXPENDITURE_REVERSED, "expenditure")
    if expenditure.spent_on < month:
        raise refuse(BILL_PAID_BEFORE_MONTH, "expenditure", day=expenditure.spent_on)
    others = selectors.current_bills().filter(expenditure=expenditure)
    if replacing is not None:
        others = others.exclude(pk=replacing.pk)
    total = sum((bill.amount for bill in others), Decimal("0.00")) + amount
    if total > expenditure.amount:
        raise refuse(BILL_EXCEEDS_EXPENDITURE, "amount", total=total, amount=expenditure.amount)


def _amount(value) -> Decimal:
    try:
        amount = parse_amount(value)
    except AmountError:
        raise refuse(KWH_NOT_A_NUMBER, "amount") from None
    check_amount(amount, "amount")
    return amount


@transaction.atomic
def bill_record(*, meter: Meter, month: date, kwh, amount, expenditure: Expenditure, by) -> ElectricityBill:
    """The grid company's bill for `meter` and `month`, paid by `expenditure` (of the electricity pool)."""
    if not by.has_perm("repairs.add_electricitybill"):
        raise refuse(NOT_ALLOWED)
    kwh = parse_kwh(kwh, "kwh", positive=True)
    amount = _amount(amount)
    month = _check_month(month)
    meter = _locked(meter)
    if selectors.current_bills().filter(meter=meter, month=month).exists():
        raise refuse(BILL_DUPLICATE, "month", meter=meter.name, month=f"{month:%Y-%m}")
    _check_payment(expenditure, month, amount)
    return ElectricityBill.objects.create(
        meter=meter, month=month, kwh=kwh, amount=amount, expenditure=expenditure, recorded_by=by
    )


@transaction.atomic
def bill_correct(
    *, original: ElectricityBill, kwh, amount, expenditure: Expenditure, reason: str, by
) -> ElectricityBill:
    if not by.has_perm("repairs.add_electricitybill"):
        raise refuse(NOT_ALLOWED)
    reason = checked_text(reason, "reason", 300)
    kwh = parse_kwh(kwh, "kwh", positive=True)
    amount = _amount(amount)
    meter = _locked(original.meter)
    if ElectricityBill.objects.filter(corrects=original).exists():
        raise refuse(BILL_NOT_CURRENT)
    _check_payment(expenditure, original.month, amount, replacing=original)
    return ElectricityBill.objects.create(
        meter=meter,
        month=original.month,
        kwh=kwh,
        amount=amount,
        expenditure=expenditure,
        corrects=original,
        reason=reason,
        recorded_by=by,
    )


# Explanations


@transaction.atomic
def explanation_record(*, meter: Meter, month: date, text: str, by) -> UsageExplanation:
    """Why a flagged month used so much; shown in public with the month from now on."""
    if not by.has_perm("repairs.add_usageexplanation"):
        raise refuse(NOT_ALLOWED)
    text = checked_text(text, "text", 500)
    meter = _locked(meter)
    month = month_start(month)
    if month not in selectors.flagged_months(meter):
        raise refuse(NOT_FLAGGED, "text", month=f"{month:%Y-%m}", meter=meter.name)
    return UsageExplanation.objects.create(meter=meter, month=month, text=text, by=by)


coded(globals())
