"""Every write to repairs. Views, the demo and tests call these; none repeats a rule.

Each function is keyword-only, runs in one transaction, locks the work order it changes
(`select_for_update`), validates with `full_clean()` and raises `ValidationError` with one of the
messages below when it refuses, having written nothing. Settlement is the only call into the ledger:
`ledger.services.expenditure_record`, which posts at once up to the approval threshold and otherwise
waits for a committee member.
"""

from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from ledger import services as ledger_services
from ledger.decisions.services import check_citable
from ledger.models import Expenditure, ExpenditureStatus, Household, JointDecision, Pool, Topic
from repairs import lifecycle
from repairs.models import (
    EDITABLE_STATUSES,
    Contract,
    Contractor,
    CostLine,
    Patrol,
    Photo,
    PriceItem,
    Reporter,
    Status,
    Transition,
    WorkOrder,
    WorkOrderCounter,
    format_work_order_number,
    location_label,
)
from trustmgmt.base import clock, uploads
from trustmgmt.base.dates import check_not_future
from trustmgmt.base.money import CENT, MAX_AMOUNT, ZERO, AmountError, parse_amount
from trustmgmt.base.refusals import checked_text, coded, refuse

DATE_BEFORE = _("The date cannot be before %(day)s, when the order was %(what)s.")
REASON_REQUIRED = _("Say why.")

CONTRACT_OVERLAPS = _("Another contract (“%(contract)s”, %(starts)s to %(ends)s) is in force then; only one can be.")
CONTRACT_TERM = _("A contract runs for at most a year: from %(starts)s it ends on %(latest)s at the latest.")
CONTRACT_ENDS_BEFORE_START = _("The contract must end after it starts.")
CONTRACT_PROMISE = _("The days to fix a fault are from 1 to 365.")
CONTRACT_SIGNED_AFTER_START = _("The contract is signed on or before the day it starts.")
VOTES_EXCEED_HOUSEHOLDS = _("More votes than households: %(votes)s votes from %(households)s households.")
VOTE_TURNOUT_TOO_LOW = _(
    "Only %(votes)s of %(households)s households voted; at least two thirds (%(needed)s) must take part."
)
VOTE_NOT_APPROVED = _("%(votes_for)s of %(votes)s votes were for the contract; it needs more than half.")
PRICE_NOT_POSITIVE = _("Enter a price above zero, in yuan with at most two decimal places.")
PRICE_ITEM_TAKEN = _("The price list already has an item with this %(what)s.")

NO_CONTRACT = _("No repair contract is in force on %(day)s, so the order cannot be assigned.")
OUTSIDE_CONTRACT = _("%(day)s is outside the term of “%(contract)s” (%(starts)s to %(ends)s).")
LOCATION_REQUIRED = _("Say where: a building (and unit), or a common area.")
UNIT_NEEDS_BUILDING = _("A unit belongs to a building: give the building too.")
HOUSEHOLD_REQUIRED = _("Say which household reported it.")
HOUSEHOLD_NOT_STEWARD = _("A fault the steward reports is not tied to a household.")
PATROL_LATER = _("The fault cannot be reported before the patrol that found it (%(day)s).")
LINES_FROZEN = _("Cost lines can change while an order is assigned, done or accepted; %(number)s is “%(status)s”.")
UNKNOWN_PRICE_ITEM = _("That item is not on the price list of the contract this order is assigned under.")
QUANTITY_INVALID = _("Enter a quantity above zero with at most two decimal places.")
QUANTITY_TOO_LARGE = _("A quantity of more than %(limit)s is surely a typing mistake.")
AMOUNT_TOO_LARGE = _("The order would cost more than %(limit)s yuan; check the quantity and the price.")
HAND_LINE_FIELDS = _("A line written by hand needs the item, its unit, a unit price and a justification.")
NOTHING_TO_APPROVE = _("No charge on %(number)s is above the reference price or written by hand.")
ALREADY_APPROVED = _("The charges on %(number)s are already approved.")
APPROVER_NOT_COMMITTEE = _("Only a committee member can approve charges.")
CHARGES_NEED_APPROVAL = _(
    "Some charges are above the reference price or written by hand: a committee member must approve them "
    "before %(number)s is settled."
)
SETTLEMENT_EXISTS = _("The ledger already has an expenditure for %(number)s; it cannot be settled twice.")
REOPEN_NOT_REJECTED = _(
    "Only an order whose settlement the committee rejected can be reopened; a wrong settlement that was "
    "posted is reversed in the ledger instead."
)
TOO_MANY_PHOTOS = _("An order holds at most %(limit)s photos.")
PHOTOS_FROZEN = _("Photos cannot be added to a settled or cancelled order.")

MAX_QUANTITY = Decimal("100000")
MAX_PHOTOS = 12
EDITABLE_LINES = EDITABLE_STATUSES


def _today() -> date:
    return clock.today()


def _price(value, field: str) -> Decimal:
    try:
        value = parse_amount(value)
    except AmountError:
        raise refuse(PRICE_NOT_POSITIVE, field) from None
    if value <= 0:
        raise refuse(PRICE_NOT_POSITIVE, field)
    if value > MAX_AMOUNT:
        raise refuse(AMOUNT_TOO_LARGE, field, limit=MAX_AMOUNT)
    return value


def _checked(check, upload, field: str):
    """An upload checked by `uploads`, its refusal put on the form field it came from."""
    try:
        return check(upload)
    except ValidationError as error:
        raise ValidationError({field: error.error_list}) from None


def one_year_term(starts_on: date) -> date:
    """The last day of a one-year term: 2024-03-01 -> 2025-02-28."""
    try:
        anniversary = starts_on.replace(year=starts_on.year + 1)
    except ValueError:  # 29 February
        anniversary = date(starts_on.year + 1, 3, 1)
    return anniversary - timedelta(days=1)


# Contractors, contracts and price lists


@transaction.atomic
def contractor_create(*, company: str, contact_person: str, phone: str, notes: str = "") -> Contractor:
    contractor = Contractor(
        company=checked_text(company, "company", 100),
        contact_person=checked_text(contact_person, "contact_person", 50),
        phone=checked_text(phone, "phone", 20),
        notes=checked_text(notes, "notes", 1000, required=False),
    )
    contractor.full_clean()
    contractor.save()
    return contractor


@transaction.atomic
def contractor_update(*, contractor: Contractor, contact_person: str, phone: str, notes: str = "") -> Contractor:
    contractor = Contractor.objects.select_for_update().get(pk=contractor.pk)
    contractor.contact_person = checked_text(contact_person, "contact_person", 50)
    contractor.phone = checked_text(phone, "phone", 20)
    contractor.notes = checked_text(notes, "notes", 1000, required=False)
    contractor.full_clean()
    contractor.save()
    return contractor


def _check_vote(votes_for: int, votes_against: int, households: int) -> None:
    """The residents' approval, as the Civil Code (民法典 art. 278) asks of owners' joint decisions:
    at least two thirds of the households vote, and more than half of those who vote are for it."""
    votes = votes_for + votes_against
    if votes > households:
        raise refuse(VOTES_EXCEED_HOUSEHOLDS, "votes_for", votes=votes, households=households)
    needed = -(-2 * households // 3)
    if votes < needed:
        raise refuse(VOTE_TURNOUT_TOO_LOW, "votes_for", votes=votes, households=households, needed=needed)
    if votes_for * 2 <= votes:
        raise refuse(VOTE_NOT_APPROVED, "votes_for", votes_for=votes_for, votes=votes)


def _overlapping(starts_on: date, ends_on: date, exclude: int | None = None) -> Contract | None:
    contracts = Contract.objects.filter(starts_on__lte=ends_on, ends_on__gte=starts_on)
    if exclude is not None:
        contracts = contracts.exclude(pk=exclude)
    return contracts.first()


def _refuse_overlap(contract: Contract) -> ValidationError:
    return refuse(
        CONTRACT_OVERLAPS, "starts_on", contract=contract.title, starts=contract.starts_on, ends=contract.ends_on
    )


@transaction.atomic
def contract_create(
    *,
    contractor: Contractor,
    title: str,
    signed_on: date,
    starts_on: date,
    votes_for: int,
    votes_against: int,
    households: int,
    created_by,
    ends_on: date | None = None,
    document=None,
    notes: str = "",
    decision: JointDecision | None = None,
    promised_days: int = 7,
) -> Contract:
    """A one-year contract the residents approved. Its term may not overlap another contract's.

    `decision`: the owners' decision that approved it (closed as passed, on a contract)."""
    ends_on = ends_on or one_year_term(starts_on)
    check_not_future(signed_on, "signed_on")
    if signed_on > starts_on:
        raise refuse(CONTRACT_SIGNED_AFTER_START, "signed_on")
    if ends_on <= starts_on:
        raise refuse(CONTRACT_ENDS_BEFORE_START, "ends_on")
    if ends_on > one_year_term(starts_on):
        raise refuse(CONTRACT_TERM, "ends_on", starts=starts_on, latest=one_year_term(starts_on))
    _check_vote(votes_for, votes_against, households)
    check_citable(decision, Topic.CONTRACT)
    overlapping = _overlapping(starts_on, ends_on)
    if overlapping is not None:
        raise _refuse_overlap(overlapping)
    if not 1 <= promised_days <= 365:
        raise refuse(CONTRACT_PROMISE, "promised_days")
    contract = Contract(
        decision=decision,
        promised_days=promised_days,
        contractor=contractor,
        title=checked_text(title, "title", 100),
        signed_on=signed_on,
        starts_on=starts_on,
        ends_on=ends_on,
        votes_for=votes_for,
        votes_against=votes_against,
        households=households,
        document=_checked(uploads.checked_document, document, "document") if document else "",
        notes=checked_text(notes, "notes", 1000, required=False),
        created_by=created_by,
    )
    contract.full_clean()
    try:
        with transaction.atomic():
            contract.save()
    except IntegrityError:  # a contract saved at the same moment took the term (the database refused ours)
        overlapping = _overlapping(starts_on, ends_on)
        if overlapping is None:
            raise
        raise _refuse_overlap(overlapping) from None
    return contract


@transaction.atomic
def contract_attach_document(*, contract: Contract, document) -> Contract:
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    contract.document = _checked(uploads.checked_document, document, "document")
    contract.save(update_fields=["document"])
    return contract


def contract_in_force(day: date) -> Contract | None:
    return Contract.objects.filter(starts_on__lte=day, ends_on__gte=day).select_related("contractor").first()


def _price_item_fields(contract, code, name, unit, unit_price, reference_price, reference_source, exclude=None):
    fields = {
        "code": checked_text(code, "code", 10),
        "name": checked_text(name, "name", 100),
        "unit": checked_text(unit, "unit", 10),
        "unit_price": _price(unit_price, "unit_price"),
        "reference_price": _price(reference_price, "reference_price"),
        "reference_source": checked_text(reference_source, "reference_source", 100),
    }
    others = PriceItem.objects.filter(contract=contract).exclude(pk=exclude)
    for field in ("code", "name"):
        if others.filter(**{field: fields[field]}).exists():
            raise refuse(PRICE_ITEM_TAKEN, field, what=PriceItem._meta.get_field(field).verbose_name)
    return fields


@transaction.atomic
def price_item_add(
    *,
    contract: Contract,
    code: str,
    name: str,
    unit: str,
    unit_price: Decimal,
    reference_price: Decimal,
    reference_source: str,
) -> PriceItem:
    Contract.objects.select_for_update().get(pk=contract.pk)
    item = PriceItem(
        contract=contract,
        **_price_item_fields(contract, code, name, unit, unit_price, reference_price, reference_source),
    )
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def price_item_update(
    *,
    item: PriceItem,
    code: str,
    name: str,
    unit: str,
    unit_price: Decimal,
    reference_price: Decimal,
    reference_source: str,
) -> PriceItem:
    """Cost lines copied the price when they were added, so changing it changes no existing line."""
    item = PriceItem.objects.select_for_update().get(pk=item.pk)
    fields = _price_item_fields(
        item.contract, code, name, unit, unit_price, reference_price, reference_source, exclude=item.pk
    )
    for field, value in fields.items():
        setattr(item, field, value)
    item.full_clean()
    item.save()
    return item


# Work orders


def _lock(order: WorkOrder) -> WorkOrder:
    return WorkOrder.objects.select_for_update(of=("self",)).select_related("contract").get(pk=order.pk)


def _record(order: WorkOrder, action: str, from_status: str, effective_on: date, by, note: str = "") -> None:
    Transition.objects.create(
        order=order,
        action=action,
        from_status=from_status,
        to_status=order.status,
        effective_on=effective_on,
        by=by,
        note=note,
    )


def _not_before(day: date, earlier: date | None, field: str, what) -> None:
    if earlier is not None and day < earlier:
        raise refuse(DATE_BEFORE, field, day=earlier, what=what)


def _move(order: WorkOrder, code: str, *, effective_on: date, by, note: str = "", **fields) -> WorkOrder:
    """Take step `code` (already checked), set `fields`, save and record the step."""
    step = lifecycle.STEPS[code]
    from_status = order.status
    order.status = step.target
    for name, value in fields.items():
        setattr(order, name, value)
    # The fields it sets, and every check constraint (in Python, trustmgmt.base.checks). Not the rest: the
    # order's place, number and links were validated when it was reported and a step does not change them
    # (re-checking each link and the number's uniqueness would cost a query each, on every step).
    changed = {"status", *fields}
    order.clean_fields(exclude=[field.name for field in WorkOrder._meta.fields if field.name not in changed])
    order.clean()
    order.validate_constraints(exclude={"year", "sequence"})
    order.save(update_fields=["status", *fields])
    _record(order, code, from_status, effective_on, by, note)
    return order


def _take_number(year: int) -> tuple[int, str]:
    """The next number of the year, under the counter's row lock, so two desks never share or skip one."""
    WorkOrderCounter.objects.get_or_create(year=year)
    counter = WorkOrderCounter.objects.select_for_update().get(year=year)
    sequence = counter.last_number + 1
    WorkOrderCounter.objects.filter(pk=year).update(last_number=sequence)
    return sequence, format_work_order_number(year, sequence)


def _location(reporter, household, building, unit, common_area) -> tuple[int | None, int | None, str]:
    if building is None and not common_area and reporter == Reporter.HOUSEHOLD and household is not None:
        building, unit = household.building, household.unit  # the fault is where the reporter lives
    if unit is not None and building is None:
        raise refuse(UNIT_NEEDS_BUILDING, "unit")
    if building is None and not common_area:
        raise refuse(LOCATION_REQUIRED, "building")
    return building, unit, common_area or ""


@transaction.atomic
def work_order_report(
    *,
    reported_on: date,
    reporter: str,
    category: str,
    description: str,
    by,
    household: Household | None = None,
    building: int | None = None,
    unit: int | None = None,
    common_area: str = "",
    pool: str = Pool.MAINTENANCE,
    patrol: Patrol | None = None,
    photos=(),
) -> WorkOrder:
    """Log a fault with the next number of its year. A household's report is recorded by the steward."""
    check_not_future(reported_on, "reported_on")
    if reporter == Reporter.HOUSEHOLD and household is None:
        raise refuse(HOUSEHOLD_REQUIRED, "household")
    if reporter == Reporter.STEWARD and household is not None:
        raise refuse(HOUSEHOLD_NOT_STEWARD, "household")
    if patrol is not None and reported_on < patrol.patrolled_on:
        raise refuse(PATROL_LATER, "reported_on", day=patrol.patrolled_on)
    building, unit, common_area = _location(reporter, household, building, unit, common_area)
    description = checked_text(description, "description", 1000)
    photos = [_checked(uploads.checked_photo, photo, "photos") for photo in photos]
    if len(photos) > MAX_PHOTOS:
        raise refuse(TOO_MANY_PHOTOS, "photos", limit=MAX_PHOTOS)
    order = WorkOrder(
        reported_on=reported_on,
        reporter=reporter,
        household=household,
        patrol=patrol,
        building=building,
        unit=unit,
        common_area=common_area,
        category=category,
        description=description,
        pool=pool,
        created_by=by,
        year=reported_on.year,
        sequence=1,
        number="WO-0",
    )
    order.full_clean(exclude=["number", "year", "sequence"])  # everything checked before a number is taken
    order.sequence, order.number = _take_number(reported_on.year)
    order.save()
    for photo in photos:
        Photo.objects.create(order=order, image=photo, uploaded_by=by)
    _record(order, "report", "", reported_on, by)
    return order


@transaction.atomic
def work_order_assign(*, order: WorkOrder, by, assigned_on: date | None = None) -> WorkOrder:
    """Hand the fault to the contractor of the contract in force that day; no contract, no assignment."""
    assigned_on = assigned_on or _today()
    order = _lock(order)
    lifecycle.check_step(order, "assign", by)
    check_not_future(assigned_on, "assigned_on")
    _not_before(assigned_on, order.reported_on, "assigned_on", Status.REPORTED.label)
    contract = contract_in_force(assigned_on)
    if contract is None:
        raise refuse(NO_CONTRACT, "assigned_on", day=assigned_on)
    return _move(order, "assign", effective_on=assigned_on, by=by, contract=contract, assigned_on=assigned_on)


def _within_contract(order: WorkOrder, day: date, field: str) -> None:
    contract = order.contract
    if not contract.covers(day):
        raise refuse(
            OUTSIDE_CONTRACT, field, day=day, contract=contract.title, starts=contract.starts_on, ends=contract.ends_on
        )


@transaction.atomic
def work_order_complete(*, order: WorkOrder, by, done_on: date | None = None, note: str = "") -> WorkOrder:
    """The contractor did the work, on `done_on`, which must fall within the contract's term."""
    done_on = done_on or _today()
    order = _lock(order)
    lifecycle.check_step(order, "complete", by)
    check_not_future(done_on, "done_on")
    _not_before(done_on, order.assigned_on, "done_on", Status.ASSIGNED.label)
    _within_contract(order, done_on, "done_on")
    note = checked_text(note, "note", 300, required=False)
    return _move(order, "complete", effective_on=done_on, by=by, note=note, done_on=done_on)


@transaction.atomic
def work_order_send_back(*, order: WorkOrder, reason: str, by) -> WorkOrder:
    """The steward found the work not done properly: back to the contractor."""
    order = _lock(order)
    lifecycle.check_step(order, "send_back", by)
    if not (reason or "").strip():
        raise refuse(REASON_REQUIRED, "reason")
    reason = checked_text(reason, "reason", 300)
    return _move(order, "send_back", effective_on=_today(), by=by, note=reason, done_on=None)


@transaction.atomic
def work_order_accept(*, order: WorkOrder, by, accepted_on: date | None = None, note: str = "") -> WorkOrder:
    """The steward checked the work on site and accepts it."""
    accepted_on = accepted_on or _today()
    order = _lock(order)
    lifecycle.check_step(order, "accept", by)
    check_not_future(accepted_on, "accepted_on")
    _not_before(accepted_on, order.done_on, "accepted_on", Status.DONE.label)
    note = checked_text(note, "note", 300, required=False)
    return _move(order, "accept", effective_on=accepted_on, by=by, note=note, accepted_on=accepted_on)


@transaction.atomic
def work_order_cancel(*, order: WorkOrder, reason: str, by, cancelled_on: date | None = None) -> WorkOrder:
    cancelled_on = cancelled_on or _today()
    order = _lock(order)
    lifecycle.check_step(order, "cancel", by)
    if not (reason or "").strip():
        raise refuse(REASON_REQUIRED, "reason")
    reason = checked_text(reason, "reason", 300)
    check_not_future(cancelled_on, "cancelled_on")
    _not_before(cancelled_on, order.reported_on, "cancelled_on", Status.REPORTED.label)
    return _move(
        order, "cancel", effective_on=cancelled_on, by=by, note=reason, cancelled_on=cancelled_on, cancel_reason=reason
    )


def _lines(order: WorkOrder) -> list[CostLine]:
    return list(order.cost_lines.all())


def order_total(lines: list[CostLine]) -> Decimal:
    return sum((line.amount for line in lines), ZERO)


def _settlement_description(order: WorkOrder) -> str:
    """What the ledger (and the public disclosure) says: number, category and place, never the free text."""
    with translation.override("zh-hans"):
        category = str(order.get_category_display())
        location = location_label(order.building, order.unit, order.common_area)
        return str(
            _("Repair %(number)s: %(category)s, %(location)s")
            % {
                "number": order.number,
                "category": category,
                "location": location,
            }
        )


@transaction.atomic
def work_order_settle(*, order: WorkOrder, by, settled_on: date | None = None) -> WorkOrder:
    """Pay the contractor the order's total from its pool, through the ledger, once.

    Up to the approval threshold the expenditure is posted at once; above it, it waits for a committee
    member in the ledger. An order without cost is settled without an expenditure.
    """
    settled_on = settled_on or _today()
    order = _lock(order)
    lifecycle.check_step(order, "settle", by)
    check_not_future(settled_on, "settled_on")
    _not_before(settled_on, order.accepted_on, "settled_on", Status.ACCEPTED.label)
    lines = _lines(order)
    if any(line.needs_review for line in lines) and order.charges_approved_at is None:
        raise refuse(CHARGES_NEED_APPROVAL, number=order.number)
    total = order_total(lines)
    expenditure = None
    if total > 0:
        taken = Expenditure.objects.filter(reference=order.number).exclude(status=ExpenditureStatus.REJECTED)
        if taken.exists():
            raise refuse(SETTLEMENT_EXISTS, number=order.number)
        try:
            with transaction.atomic():
                expenditure = ledger_services.expenditure_record(
                    spent_on=settled_on,
                    pool=order.pool,
                    payee=order.contract.contractor.company,
                    amount=total,
                    description=_settlement_description(order),
                    reference=order.number,
                    recorded_by=by,
                )
        except IntegrityError:  # the ledger's unique reference: another settlement got there first
            raise refuse(SETTLEMENT_EXISTS, number=order.number) from None
    return _move(order, "settle", effective_on=settled_on, by=by, settled_on=settled_on, settlement=expenditure)


@transaction.atomic
def work_order_reopen(*, order: WorkOrder, by, reopened_on: date | None = None) -> WorkOrder:
    """After the committee rejected the settlement in the ledger: back to accepted, to correct and settle again."""
    reopened_on = reopened_on or _today()
    order = _lock(order)
    lifecycle.check_step(order, "reopen", by)
    settlement = order.settlement
    if settlement is None or settlement.status != ExpenditureStatus.REJECTED:
        raise refuse(REOPEN_NOT_REJECTED)
    check_not_future(reopened_on, "reopened_on")
    _not_before(reopened_on, order.settled_on, "reopened_on", Status.SETTLED.label)
    note = settlement.decision_note[:300]
    return _move(order, "reopen", effective_on=reopened_on, by=by, note=note, settled_on=None, settlement=None)


@transaction.atomic
def work_order_approve_charges(*, order: WorkOrder, by, approved_on: date | None = None) -> WorkOrder:
    """A committee member has looked at the charges above the reference price (or by hand) and agrees."""
    approved_on = approved_on or _today()
    order = _lock(order)
    check_not_future(approved_on, "approved_on")
    if not by.has_perm("repairs.approve_charges"):
        raise refuse(APPROVER_NOT_COMMITTEE)
    if order.status not in EDITABLE_LINES:
        raise refuse(LINES_FROZEN, number=order.number, status=Status(order.status).label)
    if not any(line.needs_review for line in _lines(order)):
        raise refuse(NOTHING_TO_APPROVE, number=order.number)
    if order.charges_approved_at is not None:
        raise refuse(ALREADY_APPROVED, number=order.number)
    order.charges_approved_by, order.charges_approved_at = by, clock.now()
    order.save(update_fields=["charges_approved_by", "charges_approved_at"])
    _record(order, "approve_charges", order.status, approved_on, by)
    return order


# Cost lines


def _lock_for_lines(order: WorkOrder) -> WorkOrder:
    order = _lock(order)
    if order.status not in EDITABLE_LINES:
        raise refuse(LINES_FROZEN, number=order.number, status=Status(order.status).label)
    return order


def _quantity(value) -> Decimal:
    try:
        quantity = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise refuse(QUANTITY_INVALID, "quantity") from None
    if not quantity.is_finite() or quantity <= 0 or quantity != quantity.quantize(CENT):
        raise refuse(QUANTITY_INVALID, "quantity")
    if quantity > MAX_QUANTITY:
        raise refuse(QUANTITY_TOO_LARGE, "quantity", limit=MAX_QUANTITY)
    return quantity


def _clear_approval(order: WorkOrder) -> None:
    if order.charges_approved_at is not None:
        order.charges_approved_by = order.charges_approved_at = None
        order.save(update_fields=["charges_approved_by", "charges_approved_at"])


@transaction.atomic
def cost_line_add(
    *,
    order: WorkOrder,
    quantity: Decimal,
    by,
    price_item: PriceItem | None = None,
    description: str = "",
    unit: str = "",
    unit_price: Decimal | None = None,
    justification: str = "",
) -> CostLine:
    """A line from the contract's price list (its prices copied now), or by hand with a justification.

    Any change to the lines withdraws an earlier approval of the charges.
    """
    order = _lock_for_lines(order)
    quantity = _quantity(quantity)
    justification = checked_text(justification, "justification", 300, required=price_item is None)
    if price_item is not None:
        if price_item.contract_id != order.contract_id:
            raise refuse(UNKNOWN_PRICE_ITEM, "price_item")
        fields = {
            "price_item": price_item,
            "description": price_item.name,
            "unit": price_item.unit,
            "unit_price": price_item.unit_price,
            "reference_price": price_item.reference_price,
        }
    else:
        if not (description or "").strip() or not (unit or "").strip() or unit_price in (None, ""):
            raise refuse(HAND_LINE_FIELDS)
        fields = {
            "description": checked_text(description, "description", 100),
            "unit": checked_text(unit, "unit", 10),
            "unit_price": _price(unit_price, "unit_price"),
        }
    amount = CostLine.compute_amount(quantity, fields["unit_price"])
    if order_total(_lines(order)) + amount > MAX_AMOUNT:
        raise refuse(AMOUNT_TOO_LARGE, "quantity", limit=MAX_AMOUNT)
    line = CostLine(order=order, quantity=quantity, amount=amount, justification=justification, created_by=by, **fields)
    line.full_clean()
    line.save()
    _clear_approval(order)
    return line


@transaction.atomic
def cost_line_remove(*, line: CostLine, by) -> None:
    order = _lock_for_lines(line.order)
    CostLine.objects.filter(pk=line.pk, order=order).delete()
    _clear_approval(order)


# Photos and patrols


@transaction.atomic
def photo_add(*, order: WorkOrder, image, by) -> Photo:
    order = _lock(order)
    if order.status in (Status.SETTLED, Status.CANCELLED):
        raise refuse(PHOTOS_FROZEN)
    image = _checked(uploads.checked_photo, image, "image")
    if order.photos.count() >= MAX_PHOTOS:
        raise refuse(TOO_MANY_PHOTOS, "image", limit=MAX_PHOTOS)
    return Photo.objects.create(order=order, image=image, uploaded_by=by)


@transaction.atomic
def patrol_record(*, patrolled_on: date, inspector: str, area: str, findings: str, recorded_by) -> Patrol:
    """A walk round the complex and what it found; faults found are then reported with `patrol=`."""
    check_not_future(patrolled_on, "patrolled_on")
    patrol = Patrol(
        patrolled_on=patrolled_on,
        inspector=checked_text(inspector, "inspector", 100),
        area=checked_text(area, "area", 100),
        findings=checked_text(findings, "findings", 2000),
        recorded_by=recorded_by,
    )
    patrol.full_clean()
    patrol.save()
    return patrol


coded(globals())
