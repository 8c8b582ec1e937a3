"""`set_fee_plan YEAR`: a fee year's plan from the command line, through the same services as the fee-plan page."""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ledger import figures, importers, services
from ledger.models import POOLS, FeePlan, Occupancy
from trustmgmt.base.money import AmountError, parse_amount
from trustmgmt.base.refusals import codes

BAD_AMOUNTS = _(
    "--%(option)s “%(value)s” is not three amounts in yuan for electricity/maintenance/garbage, such as 50/90/60."
)
BAD_DAY = _("--%(option)s “%(value)s” is not a date such as 2024-01-01.")
NO_USER = _("There is no user “%(name)s”.")
NO_PLAN_TO_CHANGE = _("There is no fee plan for %(year)s to change; leave out --change to set it.")
TAKEN_HINT = _("To change its amounts, add --change (possible until a payment is recorded for it).")
TAKEN_WITH_PAYMENTS = _("%(count)s payment(s) are recorded for it, so it can no longer change.")


def _amounts(value: str | None, option: str) -> dict | None:
    if value is None:
        return None
    parts = value.replace("／", "/").split("/")
    try:
        if len(parts) != len(POOLS):
            raise AmountError(value)
        amounts = {pool: parse_amount(part) for pool, part in zip(POOLS, parts, strict=True)}
    except AmountError:
        raise CommandError(BAD_AMOUNTS % {"option": option, "value": value}) from None
    return amounts


def _day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(BAD_DAY % {"option": option, "value": value}) from None


def _plan_line(plan: FeePlan) -> str:
    parts = []
    for occupancy in Occupancy:
        amounts = plan.amounts(occupancy.value)
        split = "/".join(str(amounts[pool]) for pool in POOLS)
        parts.append(f"{occupancy.label} {split} = {sum(amounts.values())}")
    return "; ".join(parts)


class Command(BaseCommand):
    help = (
        "Set the fee plan of a fee year: what an occupied and a vacant flat owe the electricity, maintenance and "
        "garbage pools (default 50/90/60 and 50/90/0). Every household owes it at once. Refused, with the reason, "
        "when the year already has a plan, overlaps another fee year, or (with --change) has payments recorded. "
        "The committee's fee-plan page does the same in the browser."
    )

    def add_arguments(self, parser):
        parser.add_argument("year", type=int, help="the fee year, such as 2024")
        parser.add_argument("--occupied", metavar="E/M/G", help="yuan for an occupied flat (default 50/90/60)")
        parser.add_argument("--vacant", metavar="E/M/G", help="yuan for a vacant flat (default 50/90/0)")
        parser.add_argument("--starts-on", metavar="YYYY-MM-DD", help="first day (default 1 January of the year)")
        parser.add_argument("--ends-on", metavar="YYYY-MM-DD", help="last day (default 31 December of the year)")
        parser.add_argument(
            "--change", action="store_true", help="change the amounts of the year's existing plan instead"
        )
        parser.add_argument("--user", metavar="USERNAME", help="who sets it (recorded on the plan)")

    def handle(self, *args, year: int, change: bool, user: str | None, **options):
        occupied = _amounts(options["occupied"], "occupied")
        vacant = _amounts(options["vacant"], "vacant")
        starts_on = _day(options["starts_on"], "starts-on")
        ends_on = _day(options["ends_on"], "ends-on")
        by = importers.import_user(user) if user else None
        if user and by is None:
            raise CommandError(NO_USER % {"name": user})
        try:
            if change:
                plan = figures.fee_plan_for_year(year)
                if plan is None:
                    raise CommandError(NO_PLAN_TO_CHANGE % {"year": year})
                plan = services.fee_plan_update(
                    fee_plan=plan,
                    occupied=occupied or plan.amounts(Occupancy.OCCUPIED),
                    vacant=vacant or plan.amounts(Occupancy.VACANT),
                )
            else:
                plan = services.fee_plan_create(
                    year=year,
                    occupied=occupied,
                    vacant=vacant,
                    starts_on=starts_on,
                    ends_on=ends_on,
                    created_by=by,
                )
        except ValidationError as error:
            message = " ".join(error.messages)
            if "plan_year_taken" in codes(error):
                count = FeePlan.objects.get(year=year).payments.count()
                message += " " + (TAKEN_WITH_PAYMENTS % {"count": count} if count else TAKEN_HINT)
            raise CommandError(message) from None
        households = plan.dues.count()
        self.stdout.write(
            self.style.SUCCESS(
                gettext("Fee plan %(year)s (%(starts)s to %(ends)s): %(amounts)s; %(households)s household(s) owe it.")
                % {
                    "year": plan.year,
                    "starts": plan.starts_on.isoformat(),
                    "ends": plan.ends_on.isoformat(),
                    "amounts": _plan_line(plan),
                    "households": households,
                }
            )
        )
