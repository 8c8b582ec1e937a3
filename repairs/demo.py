"""The demo's repairs: the contractor, a contract a year with its price list, years of work orders, patrols.

Built through the services, like real data, so every rule holds: numbers without gaps, steps in order,
settlements through the ledger (approved by the committee above the threshold).
"""

import random
from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from ledger import demo as ledger_demo
from ledger import services as ledger_services
from ledger.models import ExpenditureStatus, Household
from repairs import services
from repairs.electricity import demo as electricity_demo
from repairs.models import CommonArea, Contract, PriceItem
from trustmgmt.base import clock
from trustmgmt.base.money import CENT

CONTRACTOR = ("宁波海曙安居物业维修服务有限公司", "张国平", "13857412368")
INSPECTORS = "张国平（安居维修）、王秀英（管家）"
REFERENCE = "宁波市住房维修参考价（{year}）"


@dataclass(frozen=True)
class Item:
    code: str
    name: str
    unit: str
    reference: str  # the reference price in the first year
    category: str
    markup: str = "1.00"  # the contract price over the reference; above 1 is flagged


# About fifteen items at Ningbo reference prices (yuan, labour and materials).
PRICE_LIST = [
    Item("ZM-01", "更换楼道LED灯（含灯具）", "只", "45.00", "lighting"),
    Item("ZM-02", "更换声光控开关", "只", "38.00", "lighting"),
    Item("ZM-03", "检修楼道照明线路", "米", "16.50", "lighting"),
    Item("PS-01", "疏通屋面天沟", "米", "12.00", "drains"),
    Item("PS-02", "疏通下水道", "处", "150.00", "drains"),
    Item("PS-03", "更换落水管", "米", "68.00", "drains"),
    Item("MJ-01", "更换地弹簧闭门器", "只", "180.00", "doors"),
    Item("MJ-02", "维修门禁电控锁", "套", "220.00", "doors"),
    Item("MJ-03", "更换单元门拉手", "只", "55.00", "doors"),
    Item("GS-01", "更换给水管（PPR，DN25）", "米", "85.00", "water"),
    Item("GS-02", "更换公共水龙头", "只", "60.00", "water"),
    Item("QW-01", "修补墙面抹灰", "平方米", "55.00", "walls_roofs"),
    Item("QW-02", "屋面防水（SBS卷材）", "平方米", "88.00", "walls_roofs", markup="1.08"),
    Item("LH-01", "修剪乔木", "株", "120.00", "greenery"),
    Item("LH-02", "补种草皮", "平方米", "35.00", "greenery", markup="1.10"),
]
FAULTS = {
    "lighting": ["{where}楼道灯不亮", "{where}楼道灯闪烁，声控失灵", "{where}三楼楼道灯灯罩脱落"],
    "drains": ["{where}屋面天沟堵塞，雨天溢水", "{where}一楼下水道返水", "{where}落水管断裂"],
    "doors": ["{where}单元门闭门器漏油，门关不上", "{where}门禁刷卡无反应", "{where}单元门拉手松动"],
    "water": ["{where}公共水管渗漏", "{where}公共水龙头关不紧"],
    "walls_roofs": ["{where}楼道墙面抹灰剥落", "{where}顶楼屋面渗水", "{where}外墙抹灰空鼓"],
    "greenery": ["{where}树枝遮挡楼道窗户", "{where}草皮枯死一片"],
    "other": ["{where}信报箱门损坏", "{where}消防通道标识脱落"],
}
# How often each kind of fault comes, and how many days the work takes (fewest, most).
CATEGORY_WEIGHTS = {
    "lighting": 30,
    "drains": 20,
    "doors": 16,
    "water": 10,
    "walls_roofs": 10,
    "greenery": 8,
    "other": 6,
}
WORK_DAYS = {
    "lighting": (0, 3),
    "drains": (0, 4),
    "doors": (1, 6),
    "water": (0, 3),
    "walls_roofs": (3, 20),
    "greenery": (2, 12),
    "other": (1, 8),
}
QUANTITIES = {"只": ["1", "1", "2", "3"], "米": ["3", "6", "8.5", "12"], "平方米": ["1.5", "4", "6.2", "10"]}
PATROL_AREAS = ["{a}–{b}幢楼道及屋面", "{a}–{b}幢单元门、门禁", "公共区域：大门、车棚、花园、道路"]


def _on(day: date, hour: int = 10, minute: int = 0):
    """Record what happens inside on `day` (at the hour given)."""
    return clock.at(clock.moment(day, time(hour, minute)))


def _half_yuan(amount: Decimal) -> Decimal:
    """Reference prices are quoted to the half yuan."""
    return ((amount * 2).quantize(Decimal("1"), rounding=ROUND_HALF_UP) / 2).quantize(CENT)


def build_contracts(first_year: int, committee, rng: random.Random, today: date) -> list[Contract]:
    """One contract a year, signed in March (as in the report), running from the 15th of March."""
    with _on(date(first_year, 2, 1)):
        contractor = services.contractor_create(
            company=CONTRACTOR[0], contact_person=CONTRACTOR[1], phone=CONTRACTOR[2]
        )
    households = Household.objects.count()
    contracts = []
    for year in range(first_year, today.year + 1):
        signed_on = date(year, 3, rng.randint(1, 10))
        if signed_on > today:
            break
        decision = ledger_demo.owners_decide(
            topic="contract",
            title=f"{year}年度维修承揽合同",
            question=f"是否同意与{CONTRACTOR[0]}签订{year}年度《维修承揽合同》，维修费用按实际发生、执行政府参考价结算？",
            opens_on=date(year, 2, 10),
            closes_on=date(year, 2, 25),
            committee=committee,
            steward=committee,
            rng=random.Random(year * 7),  # noqa: S311 (repeatable demo data)
        )
        result = decision.result
        turnout = result.participating_owners
        votes_for = result.agreeing_owners
        with _on(signed_on, 15):
            contract = services.contract_create(
                decision=decision,
                contractor=contractor,
                title=f"游河小区维修承揽合同（{year}年度）",
                signed_on=signed_on,
                starts_on=date(year, 3, 15),
                votes_for=votes_for,
                votes_against=turnout - votes_for,
                households=households,
                created_by=committee,
                notes="经业主大会表决通过；维修费用按实际发生结算，执行宁波市住房维修参考价。",
            )
            growth = Decimal("1.025") ** (year - first_year)  # reference prices rise a little each year
            for item in PRICE_LIST:
                reference = _half_yuan(Decimal(item.reference) * growth)
                services.price_item_add(
                    contract=contract,
                    code=item.code,
                    name=item.name,
                    unit=item.unit,
                    unit_price=_half_yuan(reference * Decimal(item.markup)),
                    reference_price=reference,
                    reference_source=REFERENCE.format(year=year),
                )
        contracts.append(contract)
    return contracts


def _location(rng: random.Random, buildings: int, category: str):
    """(household or None, building, unit, common area)."""
    if category in ("greenery", "other") and rng.random() < 0.6:
        return None, None, None, rng.choice([CommonArea.GARDEN, CommonArea.PATHS, CommonArea.BIKE_SHED])
    if category == "doors" and rng.random() < 0.2:
        return None, None, None, CommonArea.GATE
    building = rng.randint(1, buildings)
    return None, building, rng.choice([1, 2]), ""


def _settle(order, steward, committee, rng: random.Random, day: date):
    with _on(day, 16):
        return _settle_on(order, steward, committee, rng, day)


def _settle_on(order, steward, committee, rng: random.Random, day: date):
    if settings.REFUSE_POOL_OVERDRAW:  # the committee advances from another pool what this one lacks
        total = services.order_total(list(order.cost_lines.all()))
        if total > 0 and not ledger_demo.advance_if_short(committee, day, order.pool, total):
            return order  # the owners' money cannot pay it yet: the contractor waits, the order stays accepted
    order = services.work_order_settle(order=order, settled_on=day, by=steward)
    expenditure = order.settlement
    if expenditure is not None and expenditure.status == ExpenditureStatus.PENDING:
        if rng.random() < 0.08:  # the committee finds a mistake: reject, reopen, correct, settle again
            ledger_services.expenditure_reject(
                expenditure=expenditure, by=committee, reason="数量与验收记录不符，请核实"
            )
            order = services.work_order_reopen(order=order, reopened_on=day, by=steward)
            largest = max(order.cost_lines.all(), key=lambda line: line.amount)
            services.cost_line_remove(line=largest, by=steward)
            half = max(Decimal("1"), (largest.quantity / 2).quantize(Decimal("1")))
            services.cost_line_add(order=order, price_item=largest.price_item, quantity=half, by=steward)
            if any(line.needs_review for line in order.cost_lines.all()):
                services.work_order_approve_charges(order=order, approved_on=day, by=committee)
            order = services.work_order_settle(order=order, settled_on=day, by=steward)
            expenditure = order.settlement
        if expenditure is not None and expenditure.status == ExpenditureStatus.PENDING:
            ledger_services.expenditure_approve(expenditure=expenditure, by=committee, note="已核对验收单与发票")
    return order


def _work(order, steward, committee, rng: random.Random, today: date) -> None:
    """Take a reported order as far as the days allow: assigned, done, accepted, settled."""
    day = order.reported_on + timedelta(days=rng.choice([0, 0, 1, 1, 2]))
    if day > today:
        return
    if rng.random() < 0.03:
        with _on(day, 11):
            services.work_order_cancel(
                order=order, reason=rng.choice(["重复报修", "住户自行修复", "属于自来水公司维修范围"]), by=steward
            )
        return
    with _on(day, 11):
        order = services.work_order_assign(order=order, assigned_on=day, by=steward)
    if today - day < timedelta(days=120) and rng.random() < 0.1:
        return  # waiting: for parts, for a dry spell, for the contractor
    fewest, most = WORK_DAYS[order.category]
    done_on = day + timedelta(days=rng.randint(fewest, most))
    if done_on > today or done_on > order.contract.ends_on:
        return
    with _on(done_on, 17):
        order = _costs_and_done(order, steward, rng, done_on)
    accepted_on = done_on + timedelta(days=rng.randint(0, 3))
    if accepted_on > today:
        return
    with _on(accepted_on, 9, 30):
        order = services.work_order_accept(order=order, accepted_on=accepted_on, by=steward)
        if any(line.needs_review for line in order.cost_lines.all()):
            services.work_order_approve_charges(order=order, approved_on=accepted_on, by=committee)
    settled_on = accepted_on + timedelta(days=rng.randint(3, 20))
    if settled_on > today - timedelta(days=10):  # the newest accepted orders wait for the month's settlement
        return
    _settle(order, steward, committee, rng, settled_on)


def _costs_and_done(order, steward, rng: random.Random, done_on: date):
    """The contractor's work: its cost lines, then done."""
    items = [item for item in order.contract.price_items.all() if _category_of(item) == order.category]
    for item in rng.sample(items, k=min(len(items), rng.choice([1, 1, 2]))) if items else []:
        services.cost_line_add(
            order=order,
            price_item=item,
            quantity=Decimal(rng.choice(QUANTITIES.get(item.unit, ["1", "2"]))),
            by=steward,
        )
    if not items or rng.random() < 0.05:
        services.cost_line_add(
            order=order,
            description=rng.choice(["高空作业车台班", "夜间抢修人工", "辅材（密封胶、膨胀螺丝）"]),
            unit="项",
            unit_price=Decimal(rng.choice(["80.00", "120.00", "260.00"])),
            quantity=Decimal("1"),
            justification="价目表无此项，按实际发生并附票据",
            by=steward,
        )
    return services.work_order_complete(order=order, done_on=done_on, by=steward)


_ITEM_CATEGORY = {item.code: item.category for item in PRICE_LIST}


def _category_of(item: PriceItem) -> str:
    return _ITEM_CATEGORY.get(item.code, "other")


def _describe(rng: random.Random, category: str, building, unit, common_area) -> str:
    if building is not None:
        where = f"{building}幢{unit}单元" if unit else f"{building}幢"
    else:
        where = str(CommonArea(common_area).label)
    return rng.choice(FAULTS[category]).format(where=where)


def build(*, years: int, steward, committee, rng: random.Random) -> None:
    today = clock.today()
    first_year = today.year - years + 1
    contracts = build_contracts(first_year, committee, rng, today)
    if not contracts:
        return
    households = list(Household.objects.only("id", "building", "unit"))
    buildings = Household.objects.aggregate(top=Max("building"))["top"] or 1
    per_month = max(1, round(len(households) / 280))  # about four a month for the report's 1,143 flats
    categories, weights = list(CATEGORY_WEIGHTS), list(CATEGORY_WEIGHTS.values())

    day = contracts[0].starts_on
    patrol_day = day
    while day <= today:
        if patrol_day <= day:  # a patrol every week, round the complex in turn
            week = (patrol_day - contracts[0].starts_on).days // 7
            a = (week % 3) * max(1, buildings // 3) + 1
            area = PATROL_AREAS[week % 3].format(a=a, b=min(buildings, a + max(1, buildings // 3) - 1))
            found = rng.random() < 0.25
            with _on(patrol_day, 9):
                patrol = services.patrol_record(
                    patrolled_on=patrol_day,
                    inspector=INSPECTORS,
                    area=area,
                    findings="发现问题，已登记报修" if found else "未发现问题",
                    recorded_by=steward,
                )
            if found:
                category = rng.choices(categories, weights)[0]
                _household, building, unit, common_area = _location(rng, buildings, category)
                with _on(patrol_day, 10, 30):
                    order = services.work_order_report(
                        reported_on=patrol_day,
                        reporter="steward",
                        building=building,
                        unit=unit,
                        common_area=common_area,
                        category=category,
                        description=_describe(rng, category, building, unit, common_area),
                        patrol=patrol,
                        by=steward,
                    )
                if services.contract_in_force(patrol_day) is not None:
                    _work(order, steward, committee, rng, today)
            patrol_day += timedelta(days=7)
        if rng.random() < per_month / 30:
            category = rng.choices(categories, weights)[0]
            household, building, unit, common_area = _location(rng, buildings, category)
            reporter = "steward"
            if building is not None and rng.random() < 0.6:
                neighbours = [h for h in households if h.building == building and h.unit == unit]
                if neighbours:
                    household, reporter = rng.choice(neighbours), "household"
            with _on(day, 8, 45):
                order = services.work_order_report(
                    reported_on=day,
                    reporter=reporter,
                    household=household,
                    building=building,
                    unit=unit,
                    common_area=common_area,
                    category=category,
                    description=_describe(rng, category, building, unit, common_area),
                    by=steward,
                )
            if services.contract_in_force(day) is not None:
                _work(order, steward, committee, rng, today)
        day += timedelta(days=1)
    for days_ago in (9, 5, 3, 1, 0):  # this week's faults, at whatever step they have reached
        category = rng.choices(categories, weights)[0]
        _household, building, unit, common_area = _location(rng, buildings, category)
        with _on(today - timedelta(days=days_ago), 8, 45):
            order = services.work_order_report(
                reported_on=today - timedelta(days=days_ago),
                reporter="steward",
                building=building,
                unit=unit,
                common_area=common_area,
                category=category,
                description=_describe(rng, category, building, unit, common_area),
                by=steward,
            )
        if services.contract_in_force(order.reported_on) is not None:
            _work(order, steward, committee, rng, today)


# Residents' fault reports (repairs.faults): one in every state, on their own dates before `today`.
RESIDENT_REPORTS = [
    # (days ago reported, category, building?, common area, place in words, description, what became of it)
    (0, "lighting", None, "bike_shed", "车棚东侧入口上方那盏灯", "车棚东门口路灯晚上不亮，骑车进出看不清。", "pending"),
    (2, "water", None, "garden", "", "花园里的公共水龙头一直滴水，地上积了一滩水。", "pending"),
    (6, "doors", 3, "", "", "单元门闭门器坏了，门一直关不上，陌生人随便进出。", "in_progress"),
    (4, "doors", 3, "", "3幢那个单元门", "单元门关不上，和邻居说的应该是同一个问题。", "merged"),
    (3, "drains", 5, "", "", "一楼下水道有异味，雨天返水。", "accepted"),
    (11, "other", 2, "", "", "我家卫生间的水管漏水，想请物业来修。", "declined"),
    (20, "lighting", 7, "", "", "7幢2单元三楼到五楼楼道灯都不亮，老人上下楼很危险。", "fixed"),
]
DECLINE_REASON = "室内管道属住户自有部分，不由物业费维修；已告知业主联系维修师傅。"


def _demo_photo(rng: random.Random):
    """A small JPEG with a GPS position in its EXIF, as a phone would send it (the service removes it)."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    image = Image.new("RGB", (640, 480), (rng.randint(60, 200), rng.randint(60, 200), rng.randint(60, 200)))
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (29.0, 52.0, 10.0), 3: "E", 4: (121.0, 33.0, 20.0)}  # GPSInfo: Ningbo
    output = io.BytesIO()
    image.save(output, format="JPEG", exif=exif)
    return SimpleUploadedFile("IMG_20240501_0930.jpg", output.getvalue(), content_type="image/jpeg")


def build_fault_reports(*, today: date, steward, rng: random.Random) -> None:
    """Residents' reports from the public form, in every state: awaiting triage, accepted (waiting, and with the
    contractor), merged as a duplicate, declined with a public reason, and fixed."""
    from datetime import datetime, time

    from repairs.faults import services as faults

    if services.contract_in_force(today - timedelta(days=20)) is None:
        return  # no contract (a demo without repairs): nothing could be assigned or fixed
    tz = timezone.get_current_timezone()
    households = list(Household.objects.order_by("id").only("id", "building", "unit", "room")[:50])

    def at(days_ago: int, hour: int) -> datetime:
        return datetime.combine(today - timedelta(days=days_ago), time(hour, rng.randint(0, 59)), tzinfo=tz)

    in_progress = None
    for days_ago, category, building, common_area, place, description, fate in RESIDENT_REPORTS:
        household = rng.choice(households)
        report = faults.fault_report_create(
            flat=household.label,
            contact=f"139{rng.randint(10_000_000, 99_999_999)}",
            category=category,
            description=description,
            building=building,
            common_area=common_area,
            place=place,
            photos=[_demo_photo(rng)] if days_ago == 0 or fate == "fixed" else [],
            reported_at=at(days_ago, 8 if days_ago == 0 else 19),
        )
        order = report.order
        triage_day = max(days_ago - 1, 0)
        if fate == "pending":
            continue
        if fate == "declined":
            faults.fault_report_decline(report=report, reason=DECLINE_REASON, by=steward, triaged_at=at(triage_day, 9))
            continue
        if fate == "merged":
            faults.fault_report_merge(report=report, into=in_progress, by=steward, triaged_at=at(triage_day, 9))
            continue
        faults.fault_report_accept(report=report, by=steward, triaged_at=at(triage_day, 9))
        if fate == "accepted":
            continue
        order = services.work_order_assign(order=order, by=steward, assigned_on=today - timedelta(days=triage_day))
        if fate == "in_progress":
            in_progress = order
            continue
        services.work_order_complete(order=order, by=steward, done_on=today - timedelta(days=days_ago - 3))
        services.work_order_accept(order=order, by=steward, accepted_on=today - timedelta(days=days_ago - 4))


def build_electricity(*, today: date, steward, committee) -> None:
    """Public electricity (after the ledger's spending exists: each month's bills link to its payment)."""
    electricity_demo.build(today=today, steward=steward, committee=committee)
