"""The notices a steward posts or hands out: the annual fee notice (收费通知) and payment reminders (催缴).

One context function per notice; the notice's template extends pdf/base.html.
"""

from datetime import date

from django.conf import settings
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from ledger import figures
from ledger.models import POOLS, Method, Occupancy, Pool
from trustmgmt.base.dates import month_start
from trustmgmt.base.money import ZERO
from trustmgmt.base.pdf import qr_svg

# What each pool pays for, as the fee notice explains it.
POOL_PURPOSES = {
    "electricity": _(
        "Stairwell and courtyard lights, the water pumps and the access gates: the shared electricity bill."
    ),
    "maintenance": _(
        "Repairs of shared facilities by the contractor the residents approved, at actual cost and government "
        "reference prices: drains, roofs, doors, locks, pipes, lights."
    ),
    "garbage": _("Daily removal of household rubbish to the district's transfer station."),
}
# Said of a pool only where the plan asks nothing of a vacant flat.
VACANT_EXEMPT = _("%(purpose)s Vacant flats do not pay it.")
SERVICES = [
    _("A designated person from the contractor patrols the complex and unblocks drains."),
    _("Faults are reported to the steward and repaired under the one-year repair contract."),
    _("Every yuan in and out is published each month on the notice board and online."),
    _("The money is the owners' trust property and sits in the owners' committee's account."),
]


def _methods() -> str:
    return pgettext("list separator", ", ").join(str(label) for _value, label in Method.choices)


def _plan_or_404(year: int):
    plan = figures.fee_plan_for_year(year)
    if plan is None:
        raise Http404("no fee plan for that year")
    return plan


def fee_notice_context(*, year: int, place: str, hours: str, deadline: date | None) -> dict:
    """The year's plan per pool for occupied and vacant flats, and how last year went. Six queries."""
    plan = _plan_or_404(year)
    vacant = plan.amounts(Occupancy.VACANT)
    rows = [
        {
            "code": code,
            "label": Pool(code).label,
            "purpose": VACANT_EXEMPT % {"purpose": POOL_PURPOSES[code]} if not vacant[code] else POOL_PURPOSES[code],
            "occupied": plan.amounts(Occupancy.OCCUPIED)[code],
            "vacant": vacant[code],
        }
        for code in POOLS
    ]
    last_year = None
    previous = figures.fee_plan_for_year(year - 1)
    if previous is not None:
        totals = figures.monthly_totals(previous.starts_on, previous.ends_on)
        pools = []
        for code in POOLS:
            income = sum((m.get("income", {}).get(code, ZERO) for m in totals.values()), ZERO)
            spent = sum((m.get("expenditure", {}).get(code, ZERO) for m in totals.values()), ZERO)
            pools.append({"label": Pool(code).label, "income": income, "expenditure": spent})
        balances = figures.balances(as_of=month_start(previous.ends_on))
        last_year = {
            "year": previous.year,
            "collection": figures.collection(previous),
            "pools": pools,
            "income": sum((p["income"] for p in pools), ZERO),
            "expenditure": sum((p["expenditure"] for p in pools), ZERO),
            "balance": sum(balances.values(), ZERO),
        }
    disclosure_url = settings.PUBLIC_BASE_URL + reverse("disclosure:index")
    return {
        "plan": plan,
        "rows": rows,
        "total_occupied": plan.total(Occupancy.OCCUPIED),
        "total_vacant": plan.total(Occupancy.VACANT),
        "services": SERVICES,
        "methods": _methods(),
        "place": place,
        "hours": hours,
        "deadline": deadline,
        "last_year": last_year,
        "disclosure_url": disclosure_url,
        "qr": qr_svg(disclosure_url),
        "today": timezone.localdate(),
        "complex_name": settings.COMPLEX_NAME,
    }


def reminders_context(*, year: int, building: int | None, place: str, hours: str, deadline: date | None) -> dict:
    """One page per household that has not paid the fee year in full, as recorded now. Two queries."""
    plan = _plan_or_404(year)
    dues = figures.arrears(plan)
    if building is not None:
        dues = dues.filter(household__building=building)
    households = []
    for due in dues:
        lines = [
            {
                "label": Pool(code).label,
                "due": getattr(due, code),
                "paid": getattr(due, f"paid_{code}"),
                "outstanding": getattr(due, code) - getattr(due, f"paid_{code}"),
            }
            for code in POOLS
        ]
        households.append({"due": due, "household": due.household, "lines": lines})
    return {
        "plan": plan,
        "building": building,
        "households": households,
        "outstanding_total": sum((item["due"].outstanding for item in households), ZERO),
        "place": place,
        "hours": hours,
        "deadline": deadline,
        "methods": _methods(),
        "today": timezone.localdate(),
        "complex_name": settings.COMPLEX_NAME,
    }
