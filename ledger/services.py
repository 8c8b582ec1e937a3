"""Every write to the ledger. Views, admin, commands and tests call these; none repeats a rule.

Each function is keyword-only, runs in one transaction, validates with `full_clean()` and raises
`ValidationError` with one of the messages below when it refuses, having written nothing.
"""

from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Min
from django.utils.translation import gettext_lazy as _

from ledger import check_tokens, figures, journal
from ledger.allocation import allocate
from ledger.models import (
    MAX_FLOOR_AREA,
    PAID_KINDS,
    POOLS,
    Account,
    Due,
    Entry,
    Expenditure,
    ExpenditureStatus,
    FeePlan,
    FeeYearClosing,
    Household,
    Kind,
    LookupLock,
    Movement,
    Occupancy,
    Payment,
    Pool,
    PoolAdvance,
    Publication,
    ReceiptCheck,
    ReceiptCounter,
    ReversalCategory,
    ReversalReason,
    format_receipt_no,
)
from trustmgmt.base import clock, throttle
from trustmgmt.base.dates import check_not_future, month_start, next_month
from trustmgmt.base.money import (
    AMOUNT_NOT_POSITIVE,
    AMOUNT_TOO_PRECISE,
    CENT,
    MAX_AMOUNT,
    ZERO,
    check_amount,
)
from trustmgmt.base.refusals import checked_text, coded, refuse

AMOUNT_EXCEEDS_DUE = _("That is more than is still due: %(household)s owes %(outstanding)s for %(year)s.")
ALREADY_PAID = _("%(household)s has already paid %(year)s in full.")
DATE_TOO_EARLY = _("The date is more than a year before the fee year starts; check the year.")
NO_DUE = _("%(household)s owes nothing for %(year)s.")
RECEIPT_TAKEN = _("Receipt number %(receipt)s is already used.")
REASON_REQUIRED = _("Say why it is reversed.")
ALREADY_REVERSED = _("This has already been reversed.")
CATEGORY_INVALID = _("Choose why it is reversed from the list.")
NOT_REVERSIBLE = _("Only a posted payment or expenditure can be reversed.")
NOT_PENDING = _("This expenditure has already been decided.")
APPROVER_NOT_COMMITTEE = _("Only a committee member can approve spending above the threshold.")
APPROVER_IS_RECORDER = _("Someone other than the person who recorded it must approve it.")
PLAN_YEAR_TAKEN = _("There is already a fee plan for %(year)s.")
PLAN_OVERLAPS = _("The fee year overlaps the fee year %(year)s.")
PLAN_CLOSED = _("The fee year %(year)s is closed; its plan can no longer change.")
PLAN_HAS_PAYMENTS = _("Payments have been recorded for %(year)s; its plan can no longer change.")
OCCUPANCY_BELOW_PAID = _(
    "%(household)s has paid more into %(pool)s for %(year)s than a %(occupancy)s unit owes; reverse that payment first."
)
PUBLISH_NOT_ENDED = _("%(month)s has not ended yet.")
PUBLISH_OUT_OF_ORDER = _("Publish the months in order: %(month)s comes next.")
PUBLISH_NOTHING = _("There is nothing to publish yet.")
OCCUPANCY_INVALID = _("Choose occupied or vacant.")
PLAN_AMOUNT_INVALID = _("Enter an amount of zero or more, in yuan.")
RECEIPT_NUMBER_INVALID = _("A receipt number is a whole number above zero.")
AREA_INVALID = _("Enter the floor area in square metres, more than 0 and at most %(limit)s, with at most two decimals.")
POOL_WOULD_OVERDRAW = _(
    "That would leave the %(pool)s pool at %(lowest)s on %(day)s. A committee member can first approve an "
    "advance from another pool (资金池调剂), with a reason."
)
ADVANCE_NOT_COMMITTEE = _("Only a committee member can approve an advance between pools.")
ADVANCE_SAME_POOL = _("Choose two different pools.")
POOL_INVALID = _("Choose a pool.")
ACCOUNT_INVALID = _("Choose an account.")
MAX_NOTE = 300  # a reason, a decision note or a memo (the columns hold 300 characters)
CANNOT_LIFT = _("Only the steward or a committee member can lift a lock.")
NO_LOCK = _("The lookup of %(flat)s is not locked.")


def _today() -> date:
    return clock.today()


def _check_year_open(day: date, field: str) -> None:
    try:
        journal.check_year_open(day, journal.limits()[1])
    except ValidationError as error:
        raise ValidationError({field: error}) from None


def check_not_overdrawn(amounts: dict[str, Decimal], day: date, field: str | None = None) -> None:
    """Refuse taking `amounts` (positive: what leaves each pool) from the pools on `day`, if that would leave
    any of them below zero on that day or on any later one (spending dated back lowers every balance after).

    An approved advance between pools (`pool_advance_approve`) is on the journal before the spending, so
    it is simply part of the balance here.
    """
    if not settings.REFUSE_POOL_OVERDRAW:
        return
    for pool in POOLS:
        amount = amounts.get(pool, ZERO)
        if amount <= 0:
            continue
        lowest, on = figures.lowest_balance(pool, since=day)
        if lowest - amount < 0:
            raise refuse(POOL_WOULD_OVERDRAW, field, pool=Pool(pool).label, lowest=lowest - amount, day=on.isoformat())


# Households and what they owe


def _due_for(household: Household, plan: FeePlan, occupancy: str) -> Due:
    amounts = plan.amounts(occupancy)
    return Due(household=household, fee_plan=plan, occupancy=occupancy, total=sum(amounts.values()), **amounts)


KEEP = object()  # household_update: leave the floor area as it is


def checked_area(value) -> Decimal | None:
    """A flat's floor area (m², two places) from a form, a file or code; None or "" means not known."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        area = Decimal(str(value).strip())
    except ArithmeticError:
        raise refuse(AREA_INVALID, "area", limit=MAX_FLOOR_AREA) from None
    if not area.is_finite() or area <= 0 or area > MAX_FLOOR_AREA or area != area.quantize(Decimal("0.01")):
        raise refuse(AREA_INVALID, "area", limit=MAX_FLOOR_AREA)
    return area.quantize(Decimal("0.01"))


@transaction.atomic
def household_create(
    *,
    building: int,
    unit: int,
    room: int,
    owner_name: str,
    occupancy: str,
    phone: str = "",
    occupancy_since: date | None = None,
    notes: str = "",
    area=None,
) -> Household:
    household = Household(
        building=building,
        unit=unit,
        room=room,
        owner_name=owner_name.strip(),
        phone=phone.strip(),
        occupancy=occupancy,
        occupancy_since=occupancy_since,
        notes=notes.strip(),
        area=checked_area(area),
    )
    household.full_clean()
    household.save()
    Due.objects.bulk_create(_due_for(household, plan, occupancy) for plan in FeePlan.objects.all())
    return household


@transaction.atomic
def household_update(
    *, household: Household, owner_name: str, phone: str = "", notes: str = "", area=KEEP
) -> Household:
    """Change the owner, phone, notes and (unless left out) the floor area; empty area means unknown."""
    household.owner_name, household.phone, household.notes = owner_name.strip(), phone.strip(), notes.strip()
    fields = ["owner_name", "phone", "notes", "updated_at"]
    if area is not KEEP:
        household.area = checked_area(area)
        fields.append("area")
    household.full_clean()
    household.save(update_fields=fields)
    return household


@transaction.atomic
def household_set_occupancy(*, household: Household, occupancy: str, since: date) -> Household:
    """Occupied or vacant from `since`. Fee years starting on or after it owe accordingly.

    A fee year's occupancy is the one in force on its first day: a flat that fills up in June pays the
    vacant rate that year, unless the steward dates the change back to the year's start.
    """
    household = Household.objects.select_for_update().get(pk=household.pk)
    if occupancy not in Occupancy.values:
        raise refuse(OCCUPANCY_INVALID, "occupancy")
    check_not_future(since, "since")
    journal.lock_head()  # no payment may land between the check below and the new dues
    # A closed fee year is history: what a flat owed in it no longer changes.
    open_years = FeePlan.objects.filter(starts_on__gte=since, closing__isnull=True)
    for year in figures.household_years(household, list(open_years)):
        if year.occupancy == occupancy:
            continue
        new = _due_for(household, year.fee_plan, occupancy)
        for pool in POOLS:
            if year.paid[pool] > getattr(new, pool):
                raise refuse(
                    OCCUPANCY_BELOW_PAID,
                    household=household.label,
                    pool=Pool(pool).label,
                    year=year.fee_plan.year,
                    occupancy=Occupancy(occupancy).label,
                )
        Due.objects.filter(household=household, fee_plan=year.fee_plan).update(
            occupancy=occupancy, total=new.total, **{pool: getattr(new, pool) for pool in POOLS}
        )
    household.occupancy, household.occupancy_since = occupancy, since
    household.save(update_fields=["occupancy", "occupancy_since", "updated_at"])
    return household


# Fee plans


def _plan_amount_fields(occupied: dict[str, Decimal], vacant: dict[str, Decimal]) -> dict[str, Decimal]:
    fields = {}
    for occupancy, amounts in ((Occupancy.OCCUPIED, occupied), (Occupancy.VACANT, vacant)):
        for pool in POOLS:
            value = Decimal(amounts[pool])
            if value < 0 or value != value.quantize(CENT) or value > MAX_AMOUNT:
                raise refuse(PLAN_AMOUNT_INVALID, f"{pool}_{occupancy}")
            fields[f"{pool}_{occupancy}"] = value
    return fields


DEFAULT_OCCUPIED = {
    "electricity": Decimal("50.00"),
    "maintenance": Decimal("90.00"),
    "garbage": Decimal("60.00"),
}
DEFAULT_VACANT = {
    "electricity": Decimal("50.00"),
    "maintenance": Decimal("90.00"),
    "garbage": Decimal("0.00"),
}


@transaction.atomic
def fee_plan_create(
    *,
    year: int,
    occupied: dict[str, Decimal] | None = None,
    vacant: dict[str, Decimal] | None = None,
    starts_on: date | None = None,
    ends_on: date | None = None,
    created_by=None,
) -> FeePlan:
    """A fee year and what each flat owes in it; every household gets its due at once."""
    journal.lock_head()
    starts_on = starts_on or date(year, 1, 1)
    ends_on = ends_on or date(year, 12, 31)
    if FeePlan.objects.filter(year=year).exists():
        raise refuse(PLAN_YEAR_TAKEN, "year", year=year)
    overlapping = FeePlan.objects.filter(starts_on__lte=ends_on, ends_on__gte=starts_on).first()
    if overlapping:
        raise refuse(PLAN_OVERLAPS, year=overlapping.year)
    plan = FeePlan(
        year=year,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=created_by,
        **_plan_amount_fields(occupied or DEFAULT_OCCUPIED, vacant or DEFAULT_VACANT),
    )
    plan.full_clean()
    plan.save()
    ReceiptCounter.objects.create(fee_plan=plan)
    Due.objects.bulk_create(
        (_due_for(household, plan, household.occupancy) for household in Household.objects.all()),
        batch_size=1000,
    )
    return plan


@transaction.atomic
def fee_plan_update(*, fee_plan: FeePlan, occupied: dict[str, Decimal], vacant: dict[str, Decimal]) -> FeePlan:
    journal.lock_head()
    if FeeYearClosing.objects.filter(fee_plan=fee_plan).exists():
        raise refuse(PLAN_CLOSED, year=fee_plan.year)
    # A settlement's credits count as paid toward the year, like payments.
    if Entry.objects.filter(fee_plan=fee_plan, kind__in=PAID_KINDS).exists():
        raise refuse(PLAN_HAS_PAYMENTS, year=fee_plan.year)
    for field, value in _plan_amount_fields(occupied, vacant).items():
        setattr(fee_plan, field, value)
    fee_plan.full_clean()
    fee_plan.save()
    for occupancy in Occupancy.values:
        amounts = fee_plan.amounts(occupancy)
        Due.objects.filter(fee_plan=fee_plan, occupancy=occupancy).update(total=sum(amounts.values()), **amounts)
    return fee_plan


# Payments


@transaction.atomic
def payment_record(
    *,
    household: Household,
    fee_plan: FeePlan,
    amount: Decimal,
    method: str,
    paid_on: date,
    recorded_by,
    receipt_number: int | None = None,
    request_key: UUID | None = None,
    check_code: bool = True,
) -> Payment:
    """Record money a household paid; split it over the pools; give it the next receipt number and, unless
    `check_code` is false (imported payments: their paper has no code), a check token for its receipt.

    A repeated `request_key` (the same desk form sent twice) returns the first payment, records nothing.
    """
    head = journal.lock_head()
    if request_key is not None:
        existing = Payment.objects.filter(request_key=request_key).first()
        if existing is not None:
            return existing
    check_amount(amount)
    check_not_future(paid_on, "paid_on")
    if paid_on < fee_plan.starts_on - timedelta(days=366):
        raise refuse(DATE_TOO_EARLY, "paid_on")
    status = figures.year_status(household, fee_plan)
    params = {"household": household.label, "year": fee_plan.year}
    if status is None or status.due_total == 0:
        raise refuse(NO_DUE, **params)
    if status.outstanding_total <= 0:
        raise refuse(ALREADY_PAID, **params)
    if amount > status.outstanding_total:
        raise refuse(AMOUNT_EXCEEDS_DUE, "amount", outstanding=status.outstanding_total, **params)

    counter = ReceiptCounter.objects.select_for_update().get(fee_plan=fee_plan)
    if receipt_number is None:
        receipt_number = counter.last_number + 1
    elif receipt_number <= 0:
        raise refuse(RECEIPT_NUMBER_INVALID, "receipt_number")
    elif Payment.objects.filter(fee_plan=fee_plan, receipt_number=receipt_number).exists():
        raise refuse(RECEIPT_TAKEN, "receipt_number", receipt=format_receipt_no(fee_plan.year, receipt_number))
    payment = Payment(
        household=household,
        fee_plan=fee_plan,
        paid_on=paid_on,
        amount=amount,
        method=method,
        receipt_number=receipt_number,
        request_key=request_key,
        recorded_by=recorded_by,
    )
    # Field checks only: the amount and date were checked above, the method is checked against its choices
    # here, and the receipt number is free under the counter's lock. The queries full_clean would add (the
    # constraints, and that the household, plan and user given as objects exist) only repeat that, and the
    # database enforces the same constraints and foreign keys anyway. Six queries fewer per payment.
    payment.full_clean(
        exclude=["household", "fee_plan", "recorded_by"], validate_unique=False, validate_constraints=False
    )
    payment.save()
    if receipt_number > counter.last_number:
        ReceiptCounter.objects.filter(pk=counter.pk).update(last_number=receipt_number)
    entry = journal.post(
        head,
        kind=Kind.PAYMENT,
        value_date=paid_on,
        amounts=allocate(amount, status.outstanding),
        household=household,
        fee_plan=fee_plan,
        payment=payment,
        reference=payment.receipt_no,
        counterparty=household.label,
        created_by=recorded_by,
    )
    if check_code:
        # 80 random bits: a collision is as likely as guessing one, but the unique key stands behind it.
        ReceiptCheck.objects.create(payment=payment, token=check_tokens.new_token())
    Movement.record(entry, Account.objects.for_method(method))
    return payment


def _reverse(head, original: Entry, *, kind: str, reason: str, by) -> Entry:
    reason = checked_text(reason, "reason", MAX_NOTE, empty=REASON_REQUIRED)
    if Entry.objects.filter(reverses=original).exists():
        raise refuse(ALREADY_REVERSED)
    # Undoing a payment takes its money out of the pools again, today: not below zero, like spending.
    check_not_overdrawn({pool: getattr(original, pool) for pool in POOLS}, _today())
    reversal = journal.post(
        head,
        kind=kind,
        value_date=_today(),
        amounts={pool: -getattr(original, pool) for pool in POOLS},
        household=original.household,
        fee_plan=original.fee_plan,
        payment=original.payment,
        expenditure=original.expenditure,
        reverses=original,
        reference=original.reference,
        counterparty=original.counterparty,
        memo=reason,
        created_by=by,
    )
    Movement.record(reversal, Account.objects.of_entry(original))
    return reversal


@transaction.atomic
def payment_reverse(*, payment: Payment, reason: str, by, category: str = ReversalReason.OTHER) -> Entry:
    """红冲: undo a wrong payment with an entry of the opposite sign; the payment and its receipt stay.

    `category` is what the receipt's public check page shows; `reason` (free text) stays with the staff.
    """
    head = journal.lock_head()
    original = Entry.objects.filter(payment=payment, kind=Kind.PAYMENT).first()
    if original is None:
        raise refuse(NOT_REVERSIBLE)
    if category not in ReversalReason.values:
        raise refuse(CATEGORY_INVALID, "category")
    reversal = _reverse(head, original, kind=Kind.PAYMENT_REVERSAL, reason=reason, by=by)
    ReversalCategory.objects.create(entry=reversal, category=category)
    return reversal


# Expenditures


def needs_approval(amount: Decimal) -> bool:
    return amount > settings.EXPENDITURE_APPROVAL_THRESHOLD


def _post_expenditure(head, expenditure: Expenditure, by, *, history: bool = False) -> Entry:
    if not history:
        check_not_overdrawn({expenditure.pool: expenditure.amount}, expenditure.spent_on, "amount")
    entry = journal.post(
        head,
        kind=Kind.EXPENDITURE,
        value_date=expenditure.spent_on,
        amounts={expenditure.pool: -expenditure.amount},
        expenditure=expenditure,
        reference=expenditure.reference,
        counterparty=expenditure.payee,
        memo=expenditure.description,
        created_by=by,
    )
    Movement.record(entry, expenditure.paid_from)
    return entry


@transaction.atomic
def expenditure_record(
    *,
    spent_on: date,
    pool: str,
    payee: str,
    amount: Decimal,
    description: str,
    recorded_by,
    voucher=None,
    reference: str = "",
    approved: bool = False,
    history: bool = False,
    paid_from: Account | None = None,
) -> Expenditure:
    """Record money paid out. Up to the threshold it is posted at once; above it, it awaits approval.

    `approved=True` is for spending the committee approved elsewhere: it is posted whatever its size.
    Live spending that would take its pool below zero is refused (`check_not_overdrawn`); `history=True`
    (old ledgers being imported: spending that already happened) is accepted anyway, and the months its
    pool stood below zero are flagged in the disclosure (`figures.overdrawn`). `paid_from` is the account
    the money left, the main bank account unless said.
    """
    head = journal.lock_head()
    check_amount(amount)
    check_not_future(spent_on, "spent_on")
    _check_year_open(spent_on, "spent_on")  # also while it awaits approval, which posts it with this date
    expenditure = Expenditure(
        spent_on=spent_on,
        pool=pool,
        payee=payee.strip(),
        amount=amount,
        description=description.strip(),
        reference=reference.strip(),
        recorded_by=recorded_by,
        voucher=voucher or "",
        paid_from=paid_from or Account.objects.main_bank(),
    )
    expenditure.full_clean()
    if approved or history or not needs_approval(amount):
        expenditure.status = ExpenditureStatus.POSTED
        expenditure.decided_at = clock.now()
        expenditure.save()
        _post_expenditure(head, expenditure, recorded_by, history=history)
    else:
        expenditure.save()
    return expenditure


def _lock_pending(expenditure: Expenditure) -> Expenditure:
    expenditure = Expenditure.objects.select_for_update().get(pk=expenditure.pk)
    if expenditure.status != ExpenditureStatus.PENDING:
        raise refuse(NOT_PENDING)
    return expenditure


def _check_approver(expenditure: Expenditure, by) -> None:
    if not by.has_perm("ledger.approve_expenditure"):
        raise refuse(APPROVER_NOT_COMMITTEE)
    if by.pk == expenditure.recorded_by_id:
        raise refuse(APPROVER_IS_RECORDER)


@transaction.atomic
def expenditure_approve(*, expenditure: Expenditure, by, note: str = "") -> Expenditure:
    head = journal.lock_head()
    expenditure = _lock_pending(expenditure)
    _check_approver(expenditure, by)
    note = checked_text(note, "note", MAX_NOTE, required=False)
    expenditure.status = ExpenditureStatus.POSTED
    expenditure.decided_by, expenditure.decided_at, expenditure.decision_note = (
        by,
        clock.now(),
        note,
    )
    expenditure.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    _post_expenditure(head, expenditure, by)
    return expenditure


@transaction.atomic
def expenditure_reject(*, expenditure: Expenditure, by, reason: str) -> Expenditure:
    journal.lock_head()
    expenditure = _lock_pending(expenditure)
    _check_approver(expenditure, by)
    reason = checked_text(reason, "reason", MAX_NOTE, empty=REASON_REQUIRED)
    expenditure.status = ExpenditureStatus.REJECTED
    expenditure.decided_by, expenditure.decided_at, expenditure.decision_note = (
        by,
        clock.now(),
        reason,
    )
    expenditure.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    return expenditure


@transaction.atomic
def expenditure_reverse(*, expenditure: Expenditure, reason: str, by) -> Entry:
    head = journal.lock_head()
    original = Entry.objects.filter(expenditure=expenditure, kind=Kind.EXPENDITURE).first()
    if original is None:
        raise refuse(NOT_REVERSIBLE)
    return _reverse(head, original, kind=Kind.EXPENDITURE_REVERSAL, reason=reason, by=by)


@transaction.atomic
def pool_advance_approve(
    *, from_pool: str, to_pool: str, amount: Decimal, value_date: date, reason: str, by
) -> "PoolAdvance":
    """资金池调剂: a committee member lends `amount` from one pool to another, from `value_date`, saying why.

    The journal records it as two `transfer` entries (one pool −amount, the other +amount), so the
    complex's total is unchanged, every month's income and spending are unchanged, and the disclosure
    shows the advance. The lending pool may not go below zero by it either.
    """
    head = journal.lock_head()
    if not by.has_perm("ledger.approve_advance"):
        raise refuse(ADVANCE_NOT_COMMITTEE)
    for field, pool in (("from_pool", from_pool), ("to_pool", to_pool)):
        if pool not in POOLS:
            raise refuse(POOL_INVALID, field)
    if from_pool == to_pool:
        raise refuse(ADVANCE_SAME_POOL, "to_pool")
    check_amount(amount)
    check_not_future(value_date, "value_date")
    _check_year_open(value_date, "value_date")
    reason = checked_text(reason, "reason", MAX_NOTE, empty=REASON_REQUIRED)
    check_not_overdrawn({from_pool: amount}, value_date, "amount")
    common = {"value_date": value_date, "memo": reason, "created_by": by}
    out_entry = journal.post(head, kind=Kind.ADVANCE_OUT, amounts={from_pool: -amount}, **common)
    in_entry = journal.post(head, kind=Kind.ADVANCE_IN, amounts={to_pool: amount}, **common)
    return PoolAdvance.objects.create(
        from_pool=from_pool,
        to_pool=to_pool,
        amount=amount,
        value_date=value_date,
        reason=reason,
        out_entry=out_entry,
        in_entry=in_entry,
        approved_by=by,
    )


@transaction.atomic
def interest_record(*, account: Account, value_date: date, amount: Decimal, pool: str, memo: str, by) -> Entry:
    """Interest the bank paid on the owners' money: the owners' income, into one pool (the committee says which)."""
    head = journal.lock_head()
    if pool not in POOLS:
        raise refuse(POOL_INVALID, "pool")
    if account is None:
        raise refuse(ACCOUNT_INVALID, "account")
    check_amount(amount)
    check_not_future(value_date, "value_date")
    memo = checked_text(memo, "memo", MAX_NOTE, required=False)
    entry = journal.post(
        head,
        kind=Kind.INTEREST,
        value_date=value_date,
        amounts={pool: amount},
        counterparty=account.bank_name,
        memo=memo,
        created_by=by,
    )
    Movement.record(entry, account)
    return entry


@transaction.atomic
def opening_balance_record(*, value_date: date, amounts: dict[str, Decimal], memo: str, by) -> Entry:
    """Money the pools held before this ledger began (from the paper ledger), as income."""
    head = journal.lock_head()
    check_not_future(value_date, "value_date")
    memo = checked_text(memo, "memo", MAX_NOTE, required=False)
    for pool in POOLS:
        value = amounts.get(pool, ZERO)
        if value < 0 or value != value.quantize(CENT):
            raise refuse(AMOUNT_TOO_PRECISE if value >= 0 else AMOUNT_NOT_POSITIVE, pool)
    if not any(amounts.values()):
        raise refuse(AMOUNT_NOT_POSITIVE)
    entry = journal.post(
        head,
        kind=Kind.OPENING,
        value_date=value_date,
        amounts=amounts,
        memo=memo,
        created_by=by,
    )
    Movement.record(entry, Account.objects.main_bank())
    return entry


# Publication


def next_month_to_publish() -> date | None:
    published = journal.published_through()
    if published is not None:
        return next_month(published)
    return Entry.objects.aggregate(first=Min("period"))["first"]


@transaction.atomic
def month_publish(*, month: date, by, document: Callable[[date], dict]) -> Publication:
    """Close a month for good, storing `document(month)`: the disclosure as published, never rebuilt on read.

    Months are published in order and only once they have ended; from then on, entries dated in
    them are disclosed in the first open month instead (journal.open_period).
    """
    journal.lock_head()
    month = month_start(month)
    expected = next_month_to_publish()
    if expected is None:
        raise refuse(PUBLISH_NOTHING)
    if month != expected:
        raise refuse(PUBLISH_OUT_OF_ORDER, month=expected.strftime("%Y-%m"))
    if next_month(month) > _today():
        raise refuse(PUBLISH_NOT_ENDED, month=month.strftime("%Y-%m"))
    return Publication.objects.create(
        month=month,
        fingerprint=journal.fingerprint(),
        published_by=by,
        document=document(month),
    )


# Own-flat lookup (本户查询): wrong tries lock a flat's lookup (the reads are in ledger.lookups)


def _lookup_failures_key(flat: str) -> str:
    return f"throttle:lookup-flat:{flat}"


def lookup_failure_record(*, flat: str, now: datetime | None = None) -> bool:
    """One more wrong try at the lookup of `flat` (as typed, normalised: `lookups.flat_key`), whether or not
    such a flat exists, so a lock tells nobody which flats do. The LOOKUP_FAILURES_PER_FLAT-th in an hour
    locks it for LOOKUP_LOCK_MINUTES. Returns whether this try locked it.
    """
    if throttle.count(_lookup_failures_key(flat)) < settings.LOOKUP_FAILURES_PER_FLAT:
        return False
    now = now or clock.now()
    fields = {
        "locked_at": now,
        "locked_until": now + timedelta(minutes=settings.LOOKUP_LOCK_MINUTES),
        "lifted_at": None,
        "lifted_by": None,
    }
    with transaction.atomic():  # only here: most wrong tries touch the cache alone
        LookupLock.objects.update_or_create(flat=flat, defaults=fields)
    throttle.reset(_lookup_failures_key(flat))  # after the lock, counting starts afresh
    return True


def lookup_success_record(*, flat: str) -> None:
    """The right pair: the owner's own earlier typos no longer count toward a lock."""
    throttle.reset(_lookup_failures_key(flat))


@transaction.atomic
def lookup_lock_lift(*, flat: str, by, now: datetime | None = None) -> LookupLock:
    """End a lock now (the owner asked at the desk); the row keeps who lifted it and when."""
    if not by.has_perm("ledger.lift_lookuplock"):
        raise refuse(CANNOT_LIFT)
    now = now or clock.now()
    lock = LookupLock.objects.select_for_update().filter(flat=flat, locked_until__gt=now).first()
    if lock is None:
        raise refuse(NO_LOCK, "flat", flat=flat[:24])
    lock.locked_until, lock.lifted_at, lock.lifted_by = now, now, by
    lock.save(update_fields=["locked_until", "lifted_at", "lifted_by"])
    throttle.reset(_lookup_failures_key(flat))
    return lock


coded(globals())
