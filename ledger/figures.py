"""The ledger's figures: balances, monthly flows, collection. Every page and document reads them here.

Each function aggregates in SQL with a fixed number of queries, whatever the number of households or
entries. Months are `date`s on their first day; "as of" a month means as it stood at that month's end,
counting entries disclosed in that month or before (`Entry.period`), so a published month's figures
never change.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from ledger.journal import GENESIS
from ledger.models import (
    PAID_KINDS,
    POOLS,
    Budget,
    ChainHead,
    Due,
    Entry,
    Expenditure,
    ExpenditureStatus,
    FeePlan,
    FeeYearClosing,
    Flow,
    Household,
    Kind,
    Occupancy,
    Pool,
    Publication,
)
from trustmgmt.base.dates import month_start
from trustmgmt.base.dates import next_month as next_month_start
from trustmgmt.base.money import CENT, MONEY_FIELD, ZERO, Money, fraction, money_sum

_MONEY = DecimalField(**MONEY_FIELD)
PAYMENT_KINDS = PAID_KINDS  # payments, their reversals, and settlement credits


@dataclass(frozen=True)
class PoolFlow:
    code: str
    opening: Decimal
    income: Decimal
    expenditure: Decimal
    closing: Decimal
    # Advances between pools (资金池调剂) in the month, net: + borrowed, − lent. Settlements net to zero.
    transfers: Decimal = ZERO

    @property
    def label(self) -> str:
        return Pool(self.code).label


def balances(as_of: date | None = None) -> dict[str, Decimal]:
    """Each pool's balance at the end of month `as_of` (or now), in pool order. One query."""
    entries = Entry.objects.all() if as_of is None else Entry.objects.filter(period__lte=as_of)
    totals = entries.aggregate(**{pool: money_sum(pool) for pool in POOLS})
    return {pool: totals[pool] for pool in POOLS}


BEFORE = "before"  # month_flows' group of the entries before the month (no flow is called that)


def month_flows(month: date) -> list[PoolFlow]:
    """Per pool: opening, income, expenditure and closing of one month. One query.

    Income is net of payment reversals and expenditure net of expenditure reversals, both counted in
    the month they are disclosed in (cash basis). The entries up to the month's end are summed in groups:
    everything before the month as one, then the month's own by flow (three sums a group, not twelve
    filtered ones: the query is built for every month a page or a check walks through).
    """
    month = month_start(month)
    part = Case(When(period__lt=month, then=Value(BEFORE)), default=F("flow"), output_field=CharField())
    rows = (
        Entry.objects.filter(period__lte=month)
        .annotate(part=part)
        .order_by()
        .values("part")
        .annotate(**{pool: money_sum(pool) for pool in POOLS})
    )
    totals = {row["part"]: row for row in rows}
    nothing = dict.fromkeys(POOLS, ZERO)

    def total(part: str, pool: str) -> Decimal:
        return totals.get(part, nothing)[pool]

    flows = []
    for pool in POOLS:
        opening, income = total(BEFORE, pool), total(Flow.INCOME, pool)
        expenditure, moved = -total(Flow.EXPENDITURE, pool), total(Flow.TRANSFER, pool)
        flows.append(PoolFlow(pool, opening, income, expenditure, opening + income - expenditure + moved, moved))
    return flows


def lowest_balance(pool: str, since: date) -> tuple[Decimal, date]:
    """The pool's lowest balance at the end of `since` or of any later day, and that day. Two queries.

    By the day money moved (value date), so spending dated back is weighed against every balance after it.
    """
    balance = Entry.objects.filter(value_date__lt=since).aggregate(total=money_sum(pool))["total"]
    days = (
        Entry.objects.filter(value_date__gte=since)
        .values("value_date")
        .annotate(total=money_sum(pool))
        .order_by("value_date")
    )
    lowest, on = balance, since
    for row in days:
        if row["value_date"] == since:
            lowest = None  # the day's own movements count before its end
        balance += row["total"]
        if lowest is None or balance < lowest:
            lowest, on = balance, row["value_date"]
    return lowest, on


@dataclass(frozen=True)
class Overdrawn:
    code: str
    lowest: Decimal
    on: date

    @property
    def label(self) -> str:
        return Pool(self.code).label


def overdrawn(month: date) -> list[Overdrawn]:
    """The pools that stood below zero at the end of some day of `month` (imported history can do that;
    live spending cannot), each with its lowest balance and the day. One query: everything before the
    month summed as one row, then a row a day."""
    first, last = month_start(month), next_month_start(month)
    before = first - timedelta(days=1)
    day = Case(When(value_date__lt=first, then=Value(before)), default=F("value_date"), output_field=DateField())
    rows = (
        Entry.objects.filter(value_date__lt=last)
        .annotate(day=day)
        .values("day")
        .annotate(**{pool: money_sum(pool) for pool in POOLS})
        .order_by("day")
    )
    rows = list(rows)
    balance = dict.fromkeys(POOLS, ZERO)
    if rows and _as_date(rows[0]["day"]) < first:
        balance = {pool: rows[0][pool] for pool in POOLS}
        rows = rows[1:]
    lowest = {pool: (balance[pool], first) for pool in POOLS}  # the month opens with what it brought forward
    for row in rows:
        on = _as_date(row["day"])
        for pool in POOLS:
            balance[pool] += row[pool]
            if balance[pool] < lowest[pool][0]:
                lowest[pool] = (balance[pool], on)
    return [Overdrawn(pool, *lowest[pool]) for pool in POOLS if lowest[pool][0] < 0]


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])  # SQLite hands back text


def monthly_totals(first: date, last: date) -> dict[date, dict[str, dict[str, Decimal]]]:
    """{month: {flow: {pool: amount}}} for the months from `first` to `last`; expenditure positive."""
    rows = (
        Entry.objects.filter(period__gte=month_start(first), period__lte=month_start(last))
        .values("period", "flow")
        .annotate(**{pool: money_sum(pool) for pool in POOLS})
        .order_by("period", "flow")
    )
    result: dict[date, dict[str, dict[str, Decimal]]] = {}
    for row in rows:
        sign = -1 if row["flow"] == Flow.EXPENDITURE else 1
        result.setdefault(row["period"], {})[row["flow"]] = {pool: sign * row[pool] for pool in POOLS}
    return result


def months_with_entries() -> list[date]:
    """The months anything was disclosed in, newest first."""
    return list(Entry.objects.order_by("-period").values_list("period", flat=True).distinct())


def fee_plan_for_month(month: date) -> FeePlan | None:
    """The fee year that contains the month (its first day)."""
    return FeePlan.objects.filter(starts_on__lte=month_start(month), ends_on__gte=month_start(month)).first()


def _paid(entries: QuerySet[Entry], column: str) -> Money:
    """Net paid per row of the outer query, from `entries` grouped to one row per household or year."""
    return Money(
        Coalesce(Subquery(entries.annotate(total=Sum(column)).values("total")), Value(ZERO), output_field=_MONEY)
    )


def dues_with_paid(fee_plan: FeePlan, as_of: date | None = None) -> QuerySet[Due]:
    """The fee year's dues, each annotated with `paid` (net, in total and per pool) and `outstanding`."""
    entries = Entry.objects.filter(household=OuterRef("household"), fee_plan=fee_plan, kind__in=PAYMENT_KINDS)
    if as_of is not None:
        entries = entries.filter(period__lte=month_start(as_of))
    entries = entries.order_by().values("household")

    return (
        Due.objects.filter(fee_plan=fee_plan)
        .annotate(paid=_paid(entries, "amount"), **{f"paid_{pool}": _paid(entries, pool) for pool in POOLS})
        .annotate(outstanding=Money(F("total") - F("paid")))
    )


@dataclass(frozen=True)
class Rate:
    households: int
    paid: int

    @property
    def rate(self) -> str | None:
        return fraction(self.paid, self.households)


@dataclass(frozen=True)
class Collection:
    fee_year: int
    occupied: Rate
    vacant: Rate

    @property
    def all(self) -> Rate:
        return Rate(self.occupied.households + self.vacant.households, self.occupied.paid + self.vacant.paid)


def collection(fee_plan: FeePlan, as_of: date | None = None) -> Collection:
    """Households and how many have paid the fee year in full, per occupancy. One query."""
    rows = (
        dues_with_paid(fee_plan, as_of)
        .values("occupancy")
        .annotate(households=Count("id"), paid_in_full=Count("id", filter=Q(paid__gte=F("total"))))
        .order_by()
    )
    counts = {row["occupancy"]: Rate(row["households"], row["paid_in_full"]) for row in rows}
    return Collection(
        fee_year=fee_plan.year,
        occupied=counts.get(Occupancy.OCCUPIED, Rate(0, 0)),
        vacant=counts.get(Occupancy.VACANT, Rate(0, 0)),
    )


def collection_by_building(fee_plan: FeePlan, as_of: date | None = None) -> list[tuple[int, Rate]]:
    """[(building, Rate)] in building order. One query. Buildings, not flats: safe to publish."""
    rows = (
        dues_with_paid(fee_plan, as_of)
        .values("household__building")
        .annotate(households=Count("id"), paid_in_full=Count("id", filter=Q(paid__gte=F("total"))))
        .order_by("household__building")
    )
    return [(row["household__building"], Rate(row["households"], row["paid_in_full"])) for row in rows]


def arrears(fee_plan: FeePlan, as_of: date | None = None) -> QuerySet[Due]:
    """Dues not paid in full, with the household, in flat order (staff only: it names people)."""
    return (
        dues_with_paid(fee_plan, as_of)
        .filter(paid__lt=F("total"))
        .select_related("household")
        .order_by("household__building", "household__unit", "household__room")
    )


@dataclass(frozen=True)
class YearStatus:
    fee_plan: FeePlan
    occupancy: str
    due: dict[str, Decimal]
    paid: dict[str, Decimal]  # including `credited`
    credited: Decimal = ZERO  # of it, credited from a closed year's surplus

    @property
    def due_total(self) -> Decimal:
        return sum(self.due.values(), ZERO)

    @property
    def paid_total(self) -> Decimal:
        return sum(self.paid.values(), ZERO)

    @property
    def outstanding(self) -> dict[str, Decimal]:
        return {pool: self.due[pool] - self.paid[pool] for pool in POOLS}

    @property
    def outstanding_total(self) -> Decimal:
        return self.due_total - self.paid_total

    @property
    def state(self) -> str:
        if self.paid_total >= self.due_total:
            return "paid"
        return "part" if self.paid_total > 0 else "unpaid"


def household_years(household: Household, fee_plans: list[FeePlan] | None = None) -> list[YearStatus]:
    """Each fee year of one household (or the given ones), newest first: due and paid per pool. One query."""
    dues = _household_dues(household)
    if fee_plans is not None:
        dues = dues.filter(fee_plan__in=fee_plans)
    return [
        YearStatus(
            fee_plan=due.fee_plan,
            occupancy=due.occupancy,
            due=due.amounts(),
            paid={pool: getattr(due, f"paid_{pool}") for pool in POOLS},
            credited=due.credited,
        )
        for due in dues
    ]


def year_status(household: Household, fee_plan: FeePlan) -> YearStatus | None:
    """One fee year of one household, as `household_years` gives it. Two plain queries: the desk asks this
    before every payment, and they cost a third of the correlated one's time to build."""
    due = Due.objects.filter(household=household, fee_plan=fee_plan).first()
    if due is None:
        return None
    sums = Entry.objects.filter(household=household, fee_plan=fee_plan, kind__in=PAYMENT_KINDS).aggregate(
        **{pool: Sum(pool) for pool in POOLS}, credited=Sum("amount", filter=Q(kind=Kind.CREDIT))
    )
    return YearStatus(
        fee_plan=fee_plan,
        occupancy=due.occupancy,
        due=due.amounts(),
        paid={pool: (sums[pool] or ZERO).quantize(CENT) for pool in POOLS},
        credited=(sums["credited"] or ZERO).quantize(CENT),
    )


@dataclass(frozen=True)
class DeskState:
    """Where a flat stands, for a line of the desk's search results: this fee year and everything still owed."""

    year: int | None  # the fee year containing today, if the flat has a due for it
    year_paid: bool
    owed: Decimal  # over every fee year
    owed_years: tuple[int, ...]  # oldest first


def desk_states(household_ids: list[int]) -> dict[int, DeskState]:
    """{household id: DeskState} for the given flats, whatever their number, in one query."""
    entries = (
        Entry.objects.filter(household=OuterRef("household"), fee_plan=OuterRef("fee_plan"), kind__in=PAYMENT_KINDS)
        .order_by()
        .values("household", "fee_plan")
    )
    today = timezone.localdate()
    rows = (
        Due.objects.filter(household__in=household_ids)
        .annotate(paid=_paid(entries, "amount"))
        .values_list("household_id", "fee_plan__year", "fee_plan__starts_on", "fee_plan__ends_on", "total", "paid")
        .order_by("household_id", "fee_plan__year")
    )
    years: dict[int, list] = {}
    for household_id, year, starts_on, ends_on, total, paid in rows:
        years.setdefault(household_id, []).append((year, starts_on <= today <= ends_on, total - paid))
    states = {}
    for household_id in household_ids:
        dues = years.get(household_id, [])
        current = next((year for year in dues if year[1]), None)
        owing = [(year, outstanding) for year, _, outstanding in dues if outstanding > 0]
        states[household_id] = DeskState(
            year=current[0] if current else None,
            year_paid=current is not None and current[2] <= 0,
            owed=sum((outstanding for _, outstanding in owing), ZERO),
            owed_years=tuple(year for year, _ in owing),
        )
    return states


def _household_dues(household: Household) -> QuerySet[Due]:
    entries = (
        Entry.objects.filter(household=household, fee_plan=OuterRef("fee_plan"), kind__in=PAYMENT_KINDS)
        .order_by()
        .values("fee_plan")
    )

    return (
        Due.objects.filter(household=household)
        .select_related("fee_plan")
        .annotate(
            **{f"paid_{pool}": _paid(entries, pool) for pool in POOLS},
            credited=_paid(entries.filter(kind=Kind.CREDIT), "amount"),
        )
        .order_by("-fee_plan__year")
    )


@dataclass(frozen=True)
class ExpenditureLine:
    """One line of spending as disclosed: a posted expenditure, or its reversal (红冲) as a negative amount."""

    spent_on: date
    period: date
    pool: str
    payee: str
    amount: Decimal  # positive for spending, negative for a reversal
    description: str
    work_order: str
    voucher_on_file: bool
    reversal: bool
    reason: str  # why it was reversed; empty for spending
    expenditure_id: int | None = None  # what an owner's inspection request and a public voucher refer to

    @property
    def pool_label(self) -> str:
        return Pool(self.pool).label


def expenditure_lines(first_month: date, last_month: date | None = None) -> list[ExpenditureLine]:
    """The spending disclosed in the months from `first_month` to `last_month` (default: that one month).

    Journal entries of the expenditure flow, so the lines of a month add up to its pools' expenditure;
    only expenditures that `for_public_display()` lets through. By date, then entry. One query.
    """
    first = month_start(first_month)
    last = month_start(last_month or first_month)
    rows = (
        Entry.objects.filter(
            period__gte=first,
            period__lte=last,
            flow=Flow.EXPENDITURE,
            expenditure__in=Expenditure.objects.for_public_display(),
        )
        .order_by("value_date", "id")
        .values_list(
            "kind",
            "period",
            "value_date",
            "amount",
            "memo",
            "expenditure__spent_on",
            "expenditure__pool",
            "expenditure__payee",
            "expenditure__description",
            "expenditure__reference",
            "expenditure__voucher",
            "expenditure_id",
        )
    )
    return [
        ExpenditureLine(
            spent_on=spent_on if kind == Kind.EXPENDITURE else value_date,
            period=period,
            pool=pool,
            payee=payee,
            amount=-Decimal(amount).quantize(CENT),
            description=description,
            work_order=reference,
            voucher_on_file=bool(voucher),
            reversal=kind == Kind.EXPENDITURE_REVERSAL,
            reason=memo if kind == Kind.EXPENDITURE_REVERSAL else "",
            expenditure_id=expenditure_id,
        )
        for (
            kind,
            period,
            value_date,
            amount,
            memo,
            spent_on,
            pool,
            payee,
            description,
            reference,
            voucher,
            expenditure_id,
        ) in rows
    ]


@dataclass(frozen=True)
class IncomeLine:
    """One line of income (staff only: it names the flat): a payment, its reversal, or an opening balance."""

    value_date: date
    period: date
    kind: str
    household: str  # the flat, 12-2-301; empty for an opening balance
    fee_year: int | None
    receipt_no: str
    amounts: dict[str, Decimal]
    amount: Decimal
    memo: str


def income_lines(first_month: date, last_month: date | None = None) -> list[IncomeLine]:
    """The income disclosed in the months from `first_month` to `last_month`, by date. One query."""
    first = month_start(first_month)
    last = month_start(last_month or first_month)
    rows = (
        Entry.objects.filter(period__gte=first, period__lte=last, flow=Flow.INCOME)
        .order_by("value_date", "id")
        .values_list("value_date", "period", "kind", "counterparty", "fee_plan__year", "reference", "memo", *POOLS)
    )
    lines = []
    for value_date, period, kind, counterparty, year, reference, memo, *amounts in rows:
        per_pool = {pool: Decimal(value).quantize(CENT) for pool, value in zip(POOLS, amounts, strict=True)}
        lines.append(
            IncomeLine(
                value_date=value_date,
                period=period,
                kind=kind,
                household=counterparty,
                fee_year=year,
                receipt_no=reference,
                amounts=per_pool,
                amount=sum(per_pool.values(), ZERO),
                memo=memo,
            )
        )
    return lines


def pending_expenditures() -> QuerySet[Expenditure]:
    """Spending that waits for a committee member's decision."""
    return Expenditure.objects.filter(status=ExpenditureStatus.PENDING)


def expenditures_with_reversal() -> QuerySet[Expenditure]:
    """Every expenditure with `reversed`: whether a reversal entry (红冲) undid it. One query."""
    undone = Entry.objects.filter(expenditure=OuterRef("pk"), kind=Kind.EXPENDITURE_REVERSAL)
    return Expenditure.objects.select_related("recorded_by").annotate(reversed=Exists(undone))


def entries_of_expenditure(expenditure: Expenditure) -> dict[str, Entry]:
    """The expenditure's journal entries by kind (its posting and, if undone, its reversal)."""
    return {entry.kind: entry for entry in Entry.objects.filter(expenditure=expenditure).select_related("created_by")}


def arrears_totals(dues: QuerySet[Due]) -> tuple[int, dict[str, Decimal]]:
    """How many flats, and what they still owe per pool, of an `arrears` queryset. One query."""
    totals = dues.aggregate(
        households=Count("id"),
        # Aliases unlike the annotations they sum: an aggregate named like an annotation replaces it.
        **{f"sum_due_{pool}": money_sum(pool) for pool in POOLS},
        **{f"sum_paid_{pool}": money_sum(f"paid_{pool}") for pool in POOLS},
    )
    return totals["households"], {pool: totals[f"sum_due_{pool}"] - totals[f"sum_paid_{pool}"] for pool in POOLS}


def fee_plans_with_payment_counts() -> QuerySet[FeePlan]:
    """Fee plans, newest first, each with `payments_count` and `closed` (a plan with payments, or of a closed
    year, can no longer change)."""
    return FeePlan.objects.annotate(
        payments_count=Count("payments"), closed=Exists(FeeYearClosing.objects.filter(fee_plan=OuterRef("pk")))
    ).order_by("-year")


@dataclass(frozen=True)
class PlanYears:
    """The years the fee-plan form offers: `suggested` (this year on an empty complex, else the year after the
    last plan), `earlier` (the year before the first plan, for the old ledger's receipts) and `later`."""

    suggested: int
    earlier: int | None
    later: int | None


def plan_years(today: date) -> PlanYears:
    years = sorted(FeePlan.objects.values_list("year", flat=True))
    if not years:
        return PlanYears(suggested=today.year, earlier=today.year - 1, later=None)
    return PlanYears(suggested=years[-1] + 1, earlier=years[0] - 1, later=years[-1] + 1)


def reversal_of_expenditure(expenditure_id: int) -> Entry | None:
    """The entry that undid an expenditure (红冲), if one did."""
    return Entry.objects.filter(expenditure=expenditure_id, kind=Kind.EXPENDITURE_REVERSAL).first()


def current_fee_plan() -> FeePlan | None:
    """The fee year containing today, else the latest one. One query."""
    today = timezone.localdate()
    this_year_first = Case(When(starts_on__lte=today, ends_on__gte=today, then=Value(0)), default=Value(1))
    return FeePlan.objects.order_by(this_year_first, "-year").first()


def fee_plan_for_year(year: int) -> FeePlan | None:
    return FeePlan.objects.filter(year=year).first()


def publication(month: date) -> Publication | None:
    """The month's `Publication` (with its stored document), or None while it is open. One query."""
    return Publication.objects.filter(month=month_start(month)).first()


def publications() -> dict[date, tuple]:
    """{month: (published_at, ledger fingerprint then)} of every published month, without the documents. One query."""
    rows = Publication.objects.order_by("month").values_list("month", "published_at", "fingerprint")
    return {month: (published_at, chain_hash) for month, published_at, chain_hash in rows}


def ledger_state(more_columns: str = "") -> tuple[str, date | None, int, tuple]:
    """The fingerprint, the last published month, how many budgets are approved and the inspection
    requests' state, in one query.

    Everything a disclosure shows follows from these: every money movement changes the fingerprint;
    publishing a month or approving a budget (which move no money) change the second and third (an approved
    budget is never deleted, so the count only grows); the fourth is what the public counts of inspection
    requests and the public vouchers follow: `more_columns` (SQL, from `ledger.inspections.selectors.state_sql`) is
    read in the same query and returned as the fourth. Caches key on them, so this
    runs on every public request: plain SQL, because building the same query through the ORM costs more
    than running it.
    """

    sql = (
        f"SELECT head.hash, (SELECT MAX(month) FROM {Publication._meta.db_table}), "  # noqa: S608 (model names)
        f"(SELECT COUNT(*) FROM {Budget._meta.db_table} WHERE status = 'approved')"
        f"{', ' + more_columns if more_columns else ''} "
        f"FROM {ChainHead._meta.db_table} head WHERE head.id = 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
    if row is None:
        return GENESIS, None, 0, ()
    chain_hash, published, budgets, *public = row
    if published is not None and not isinstance(published, date):
        published = date.fromisoformat(str(published)[:10])
    return chain_hash, published, budgets, tuple(public)
