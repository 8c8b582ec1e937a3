"""Year-end settlement (年终结算): closing a fee year, and what it does to the pools and the households.

A fee year is its `FeePlan`'s dates. Its opening, income, expenditure and closing are cash, by the date
money moved (`Entry.value_date`) within those dates, like the disclosure: final once the year is closed,
since nothing can be dated in a closed year afterwards. Its surplus (or deficit) is income less spending,
except that fees paid in advance count in the year they pay for: a December prepayment of next year's
fee is in this year's closing balance, but not in its surplus (it is carried forward), and this year's
fees paid last December are in its surplus.

Closing year Y, the committee decides for each pool:
- carry forward: the pool's closing balance is brought forward into the next year's pool;
- credit to households (only a surplus, income above spending in Y): the surplus is split across the
  households that paid Y in full, in proportion to what each paid into that pool for Y (so equal shares
  among flats of the same occupancy), in fen by largest remainder, ties to the flat listed first. Each
  share is credited toward that household's due for the pool in the next year, at most what it still
  owes there; whatever cannot be credited is carried forward with the rest of the balance.

The journal carries it as `transfer` entries, all dated the next year's first day: `year_close` takes
each pool's closing balance out of Y, `year_open` brings the carried part into Y+1, and one `credit` per
household puts its shares toward its Y+1 due (counted as paid, like a payment). They net to zero per
pool and fall in one disclosure month, so balances and every month's income and expenditure are as
before: the money stays in the owners' account; a credit only prepays next year's fee.
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ledger import journal
from ledger.decisions.services import check_citable
from ledger.models import (
    Decision,
    Entry,
    Expenditure,
    ExpenditureStatus,
    FeePlan,
    FeeYearClosing,
    Household,
    JointDecision,
    Kind,
    PoolSettlement,
    Topic,
)
from ledger.settlement.selectors import (  # noqa: F401
    PoolYear,
    credit_shares,
    next_plan,
    preview,
    previous_plan,
    year_flows,
    year_states,
)
from trustmgmt.base import clock
from trustmgmt.base.money import ZERO
from trustmgmt.base.refusals import checked_text, coded, refuse

NOT_COMMITTEE = _("Only a committee member can close a fee year.")
ALREADY_CLOSED = _("The fee year %(year)s is already closed.")
NOT_ENDED = _("The fee year %(year)s has not ended yet (it ends on %(day)s).")
PREVIOUS_OPEN = _("Close the fee year %(year)s first: years are closed in order.")
PENDING_IN_YEAR = _(
    "%(count)s expenditure(s) dated in %(year)s still await approval; approve or reject them before closing."
)
NO_NEXT_YEAR = _("Set the fee plan for the year after %(year)s first: the settlement carries into it.")
NEXT_NOT_STARTED = _("The next fee year starts on %(day)s; close %(year)s once it has started.")
MINUTE_REQUIRED = _("Record the committee's decision: the meeting and minute reference.")
DECISION_MISSING = _("Choose carry forward or credit to households for this pool.")
CREDIT_NEEDS_SURPLUS = _("Only a surplus can be credited to households; this pool has none for %(year)s.")
CREDIT_NOBODY = _(
    "No household can be credited from this pool: none paid %(year)s in full and still owes it for %(next)s."
)


def check_closable(plan: FeePlan) -> FeePlan:
    """The year may be closed now, or ValidationError says why not. Returns the next fee year."""
    params = {"year": plan.year}
    if FeeYearClosing.objects.filter(fee_plan=plan).exists():
        raise refuse(ALREADY_CLOSED, **params)
    today = clock.today()
    if plan.ends_on >= today:
        raise refuse(NOT_ENDED, **params, day=plan.ends_on.isoformat())
    previous = previous_plan(plan)
    if previous is not None and not FeeYearClosing.objects.filter(fee_plan=previous).exists():
        raise refuse(PREVIOUS_OPEN, year=previous.year)
    pending = Expenditure.objects.filter(
        status=ExpenditureStatus.PENDING, spent_on__gte=plan.starts_on, spent_on__lte=plan.ends_on
    ).count()
    if pending:
        raise refuse(PENDING_IN_YEAR, **params, count=pending)
    following = next_plan(plan)
    if following is None:
        raise refuse(NO_NEXT_YEAR, **params)
    if following.starts_on > today:
        raise refuse(NEXT_NOT_STARTED, **params, day=following.starts_on.isoformat())
    return following


def _check_decisions(pools: list[PoolYear], decisions: dict[str, str], plan: FeePlan, following: FeePlan) -> None:
    errors = {}
    for pool in pools:
        decision = decisions.get(pool.code)
        if decision not in Decision.values:
            errors[pool.code] = refuse(DECISION_MISSING)
        elif decision == Decision.CREDIT and pool.creditable_limit <= 0:
            errors[pool.code] = refuse(CREDIT_NEEDS_SURPLUS, year=plan.year)
        elif decision == Decision.CREDIT and not pool.creditable:
            errors[pool.code] = refuse(CREDIT_NOBODY, year=plan.year, next=following.year)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def fee_year_close(
    *, fee_plan: FeePlan, decisions: dict[str, str], minute: str, by, decision: JointDecision | None = None
) -> FeeYearClosing:
    """Close a fee year for good and post its settlement; refused, writing nothing, unless all is in order.

    `decision`: the owners' decision on the settlement (closed as passed), if the owners voted on it."""
    head = journal.lock_head()
    plan = FeePlan.objects.get(pk=fee_plan.pk)
    if not by.has_perm("ledger.close_fee_year"):
        raise refuse(NOT_COMMITTEE)
    following = check_closable(plan)
    minute = checked_text(minute, "minute", FeeYearClosing._meta.get_field("minute").max_length, empty=MINUTE_REQUIRED)
    pools = preview(plan)
    _check_decisions(pools, decisions, plan, following)
    check_citable(decision, Topic.SETTLEMENT)

    day: date = following.starts_on
    common = {"value_date": day, "reference": f"SETTLE-{plan.year}", "memo": minute, "created_by": by}
    posted: list[Entry] = []
    carried, credits = {}, {}
    for pool in pools:
        credits[pool.code] = pool.credits if decisions[pool.code] == Decision.CREDIT else {}
        carried[pool.code] = pool.closing - sum(credits[pool.code].values(), ZERO)
    for pool in pools:
        if pool.closing:
            posted.append(
                journal.post(head, kind=Kind.YEAR_CLOSE, amounts={pool.code: -pool.closing}, fee_plan=plan, **common)
            )
    for pool in pools:
        if carried[pool.code]:
            posted.append(
                journal.post(
                    head, kind=Kind.YEAR_OPEN, amounts={pool.code: carried[pool.code]}, fee_plan=following, **common
                )
            )
    by_household: dict[int, dict[str, Decimal]] = {}
    for code, shares in credits.items():
        for household_id, share in shares.items():
            by_household.setdefault(household_id, {})[code] = share
    for household in Household.objects.filter(pk__in=by_household).order_by("building", "unit", "room"):
        posted.append(
            journal.post(
                head,
                kind=Kind.CREDIT,
                amounts=by_household[household.pk],
                household=household,
                fee_plan=following,
                counterparty=household.label,
                **common,
            )
        )
    closing = FeeYearClosing.objects.create(
        fee_plan=plan,
        next_plan=following,
        minute=minute,
        decision=decision,
        first_entry=posted[0] if posted else None,
        last_entry=posted[-1] if posted else None,
        closed_by=by,
    )
    PoolSettlement.objects.bulk_create(
        PoolSettlement(
            closing=closing,
            pool=pool.code,
            opening=pool.opening,
            income=pool.income,
            expenditure=pool.expenditure,
            closing_balance=pool.closing,
            surplus=pool.surplus,
            decision=decisions[pool.code],
            credited=sum(credits[pool.code].values(), ZERO),
            carried=carried[pool.code],
            households=len(credits[pool.code]),
        )
        for pool in pools
    )
    return closing


coded(globals())
