"""The demo's public electricity: four meters read at every month's end for two years, each month's bills split
from the demo's real electricity payments, one meter replaced, one month not read, and one month of the pumps
flagged and explained. Built through the services, with the dates passed in."""

from datetime import date
from decimal import ROUND_DOWN, Decimal

from ledger.models import Expenditure, ExpenditureStatus, Pool
from repairs.electricity import services
from repairs.electricity.models import Meter
from trustmgmt.base.dates import add_months, last_day, month_start
from trustmgmt.base.money import CENT

MONTHS = 24
TARIFF = Decimal("0.55")  # yuan a kWh, roughly, to turn a payment into kWh
# name, place, what it serves, share of the month's kWh, first dial reading
METERS = [
    ("楼道照明", "1—48幢各单元一楼电表箱（合计）", "各幢楼道声控灯、单元门禁", Decimal("0.46"), Decimal("18230.40")),
    ("二次供水水泵", "小区东侧水泵房", "二次供水加压水泵两台", Decimal("0.34"), Decimal("52874.10")),
    ("非机动车棚", "北门非机动车棚", "车棚照明及电动车充电桩", Decimal("0.13"), Decimal("7410.00")),
    ("大门及道路照明", "南大门门卫室", "大门道闸、门卫室、道路路灯", Decimal("0.07"), Decimal("3105.80")),
]
# The season: more light in winter, more pumping in summer (index: month - 1).
# Within 0.95 to 1.05, so that with the payments' own spread (up to 4/3) no ordinary month is flagged.
SEASON = [
    Decimal(s) for s in ("1.05", "1.03", "1.00", "0.97", "0.95", "1.00", "1.04", "1.05", "1.00", "0.96", "1.00", "1.05")
]
PUMPS_RAN_DRY = Decimal("2.5")
FLAGGED_AGO, REPLACED_AGO, MISSING_AGO = 7, 14, 4  # months before the last ended month
EXPLANATION = "水泵房进水阀故障，水泵连续空转约十天，已于次月初更换阀门，并已要求维修方书面说明。"


def _payment(month: date) -> Expenditure | None:
    """The demo's electricity payment made in the month after `month`: it pays `month`'s bills."""
    paid_in = add_months(month, 1)
    return (
        Expenditure.objects.filter(
            pool=Pool.ELECTRICITY,
            status=ExpenditureStatus.POSTED,
            spent_on__gte=paid_in,
            spent_on__lte=last_day(paid_in),
        )
        .exclude(entries__reversal__isnull=False)
        .order_by("spent_on", "id")
        .first()
    )


def _uses(month: date, total: Decimal, back: int) -> list[Decimal]:
    """Each meter's kWh in `month`: its share of `total` (what the month's payment bought), with the season;
    the pumps ran dry in the flagged month."""
    uses = []
    for index, (_name, _place, _serves, share, _start) in enumerate(METERS):
        use = total * share * SEASON[month.month - 1]
        if index == 1 and back == FLAGGED_AGO:
            use *= PUMPS_RAN_DRY
        uses.append(use.quantize(Decimal("0.1"), rounding=ROUND_DOWN))
    return uses


def _split(amount: Decimal, uses: list[Decimal]) -> list[Decimal]:
    """`amount` in proportion to `uses`, to the fen by largest remainder (the parts sum to the whole)."""
    total = sum(uses)
    fen = int(amount / CENT)
    exact = [Decimal(fen) * use / total for use in uses]
    parts = [int(value) for value in exact]
    for index in sorted(range(len(uses)), key=lambda i: exact[i] - parts[i], reverse=True)[: fen - sum(parts)]:
        parts[index] += 1
    return [Decimal(part) * CENT for part in parts]


def build(*, today: date, steward, committee) -> None:
    """Meters, readings, bills and the explanation, for the `MONTHS` ended before `today`'s month."""
    if Meter.objects.exists():
        return
    meters = [
        services.meter_create(name=name, place=place, serves=serves, by=steward)
        for name, place, serves, _share, _start in METERS
    ]
    last = add_months(month_start(today), -1)
    first = add_months(last, -MONTHS)
    dials = [start for *_rest, start in METERS]
    total = Decimal(6500)  # kWh a month, before the first payment found
    for index, meter in enumerate(meters):
        services.reading_record(meter=meter, read_on=last_day(first), reading=dials[index], by=steward)
    for back in range(MONTHS - 1, -1, -1):
        month = add_months(last, -back)
        payment = _payment(month)
        # Last month's bill is not paid yet: it is read like the month before.
        total = payment.amount / TARIFF if payment else total
        uses = _uses(month, total, back)
        for index, meter in enumerate(meters):
            dials[index] += uses[index]
            if index == 2 and back == MISSING_AGO:
                continue  # the steward was away: the next reading covers two months
            fields = {}
            if index == 0 and back == REPLACED_AGO:  # a new meter, started at zero, eight kWh before the reading
                fields = {"replacement": True, "old_final": dials[index] - 8, "new_start": Decimal("0.00")}
                dials[index] = Decimal("8.00")
            day = min(last_day(month), today)
            services.reading_record(meter=meter, read_on=day, reading=dials[index], by=steward, **fields)
        if payment is not None:
            for meter, use, amount in zip(meters, uses, _split(payment.amount, uses), strict=True):
                services.bill_record(meter=meter, month=month, kwh=use, amount=amount, expenditure=payment, by=steward)
    flagged = add_months(last, -FLAGGED_AGO)
    if flagged in services.selectors.flagged_months(meters[1]):
        services.explanation_record(meter=meters[1], month=flagged, text=EXPLANATION, by=committee)
