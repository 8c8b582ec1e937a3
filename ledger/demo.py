"""A realistic demo complex for the ledger: flats, fee plans, years of payments and spending.

Built through the services, like real data, so the demo obeys every rule the real ledger does.
"""

import random
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings

from ledger import figures, services
from ledger.inspections.demo import voucher_image, wants_voucher
from ledger.models import POOLS, Decision, Household, Occupancy, Pool
from trustmgmt.base import clock
from trustmgmt.base.dates import next_month
from trustmgmt.base.money import CENT

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
    "余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段漕钱汤尹黎易常武乔贺赖龚文"
)
# Given names include characters outside GB2312 that owners really have (堃 喆 珺 昇 玥 旻 淏 彧).
GIVEN = [
    "建国",
    "秀英",
    "桂英",
    "志强",
    "丽华",
    "海燕",
    "国平",
    "美玲",
    "卫东",
    "玉兰",
    "伟",
    "芳",
    "敏",
    "静",
    "磊",
    "军",
    "洋",
    "艳",
    "勇",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "霞",
    "平",
    "刚",
    "桂兰",
    "德福",
    "阿毛",
    "雅琴",
    "宏伟",
    "堃",
    "喆",
    "珺",
    "昇",
    "玥",
    "旻",
    "淏",
    "彧",
    "子涵",
    "欣怡",
    "浩然",
    "梓萱",
    "一鸣",
    "思远",
    "佳琪",
    "雨桐",
]
METHODS = ["wechat"] * 9 + ["cash"] * 6 + ["alipay"] * 3 + ["bank"] * 2
# The desk's hours, when the steward records payments (morning and afternoon).
DESK_HOURS = ((time(8, 30), time(11, 30)), (time(14, 0), time(17, 30)))
BILLS_AT = time(8, 10)  # the steward enters the month's bills before the desk opens
APPROVED_AT = time(20, 0)  # and a committee member approves them in the evening

ELECTRICITY_PAYEE = "国网浙江省电力有限公司宁波供电公司"
GARBAGE_PAYEE = "宁波市海曙区环境卫生管理处"
HARDWARE_PAYEE = "月湖五金水电商行"


def flat_numbers(count: int):
    """Buildings of six floors, two units, two flats a floor: 1-1-101, 1-1-102, 1-1-201 … 24 a building."""
    building = 1
    while True:
        for unit in (1, 2):
            for floor in range(1, 7):
                for flat in (1, 2):
                    if count == 0:
                        return
                    yield building, unit, floor * 100 + flat
                    count -= 1
        building += 1


def build_households(count: int, rng: random.Random) -> list[Household]:
    """Flats of 55 to 120 m²; every 40th owner also owns the flat next door (one owner, two flats)."""
    flats = []
    owner = phone = ""
    for index, (building, unit, room) in enumerate(flat_numbers(count)):
        if index % 40 != 1:
            owner = rng.choice(SURNAMES) + rng.choice(GIVEN)
            phone = f"13{rng.randint(0, 9)}{rng.randint(10_000_000, 99_999_999)}"
        flats.append(
            services.household_create(
                building=building,
                unit=unit,
                room=room,
                owner_name=owner,
                phone=phone,
                occupancy=Occupancy.VACANT if rng.random() < 0.12 else Occupancy.OCCUPIED,
                area=Decimal(rng.randint(5500, 12000)) / 100,
            )
        )
    return flats


def owners_decide(
    *,
    topic: str,
    title: str,
    question: str,
    opens_on: date,
    closes_on: date,
    committee,
    steward,
    rng: random.Random,
    rule: str = "ordinary",
    close: bool = True,
):
    """A decision held door to door as the committee would have: put, about four flats in five voting, most
    agreeing, and closed on its last day (if `close`). The ballots are inserted in one go, since a demo of
    eleven thousand flats would otherwise spend minutes entering them one by one through the desk."""
    from ledger.decisions import services as decisions
    from ledger.models import Ballot

    with decisions.as_of(opens_on), clock.at(clock.moment(opens_on, time(10))):
        decision = decisions.decision_create(
            topic=topic,
            title=title,
            question=question,
            rule=rule,
            held_by="door_to_door",
            opens_on=opens_on,
            closes_on=closes_on,
            by=committee,
        )
    turnout, agree = rng.uniform(0.76, 0.9), rng.uniform(0.82, 0.96)
    ballots = []
    for household_id in Household.objects.order_by("id").values_list("id", flat=True):
        if rng.random() < turnout:
            roll = rng.random()
            choice = "agree" if roll < agree else ("disagree" if roll < agree + (1 - agree) * 0.7 else "abstain")
            ballots.append(Ballot(decision=decision, household_id=household_id, choice=choice, entered_by=steward))
    entered = opens_on + (closes_on - opens_on) / 2  # the door-to-door round, half way through
    with clock.at(clock.moment(min(entered, clock.today()), time(18))):
        Ballot.objects.bulk_create(ballots, batch_size=2000)
    if close:
        with decisions.as_of(closes_on), clock.at(clock.moment(closes_on, time(20))):
            decisions.decision_close(decision=decision, by=committee)
    return decision


def _pay_day(rng: random.Random, year: int, today: date) -> date:
    """Most pay in the first quarter, when the steward goes door to door; some later, a few the December before.
    None pay today: the desk's "today" is the real day's, for the steward to fill."""
    roll = rng.random()
    if roll < 0.08:
        day = date(year - 1, 12, rng.randint(1, 31))
    elif roll < 0.8:
        day = date(year, rng.randint(1, 3), rng.randint(1, 28))
    else:
        day = date(year, rng.randint(4, 11), rng.randint(1, 28))
    return min(day, today - timedelta(days=1))


def desk_moment(day: date, rng: random.Random) -> datetime:
    """A moment during the desk's hours on `day`, to the minute."""
    opens, closes = rng.choice(DESK_HOURS)
    minutes = rng.randint(opens.hour * 60 + opens.minute, closes.hour * 60 + closes.minute - 1)
    return clock.moment(day, time(minutes // 60, minutes % 60, rng.randint(0, 59)))


Event = tuple[datetime, int, Callable[[], object]]  # when, tie-break, what happens then


def _at(when: datetime, action: Callable[[], object]) -> Callable[[], object]:
    def act():
        with clock.at(when):
            return action()

    return act


def build_payments(plans, households, steward, rng: random.Random, today: date) -> list[Event]:
    """About 88% of occupied and 82% of vacant flats pay in full (the report: above 85% and 80%): each
    payment at the desk on its day, during desk hours. This year, every twentieth flat still owes (so even
    a small demo has arrears to show, whatever the dice)."""
    events = []
    for plan in plans:
        if plan.starts_on - timedelta(days=31) > today:
            continue
        for index, household in enumerate(households):
            full = rng.random() < (0.88 if household.occupancy == Occupancy.OCCUPIED else 0.82)
            full = full and not (plan.year == today.year and index % 20 == 7)
            due = plan.total(household.occupancy)
            paid_on = _pay_day(rng, plan.year, today)
            if paid_on < plan.starts_on - timedelta(days=31):
                continue
            if full:
                amounts = [due]
            elif rng.random() < 0.35:  # paid part, at the desk, with the rest promised
                amounts = [Decimal(rng.choice([50, 100, 120])).quantize(CENT)]
            else:
                continue
            for amount in amounts:
                when = desk_moment(paid_on, rng)
                record = _payment(household, plan, min(amount, due), rng.choice(METHODS), paid_on, steward)
                events.append((when, len(events), _at(when, record)))
    return events


def _payment(household, plan, amount, method, paid_on, steward) -> Callable[[], object]:
    return lambda: services.payment_record(
        household=household, fee_plan=plan, amount=amount, method=method, paid_on=paid_on, recorded_by=steward
    )


def build_expenditures(first_year: int, steward, committee, rng: random.Random, today: date) -> list[Event]:
    """Monthly electricity for stairwell lights and pumps, monthly garbage removal, small hardware: entered
    in the morning of the bill's day, approved in the evening."""
    events = []

    def bill(day, *what):
        when = clock.moment(day, BILLS_AT)
        events.append((when, len(events), lambda: _spend_on_its_day(steward, committee, day, *what)))

    households = Household.objects.count()
    month = date(first_year, 1, 1)
    while month < today.replace(day=1):
        bill_day = min(month.replace(day=rng.randint(8, 15)), today)
        label = f"{month.year}年{month.month}月"
        electricity = Decimal(households * rng.randint(300, 400)) / 100
        description = f"公共照明及水泵电费 {label}"
        voucher = (
            voucher_image(description, electricity, bill_day, ELECTRICITY_PAYEE, month.year * 100 + month.month)
            if wants_voucher(month, today)
            else None
        )
        bill(bill_day, "electricity", ELECTRICITY_PAYEE, electricity, description, voucher)
        garbage = Decimal("3.60") * households
        bill(bill_day, "garbage", GARBAGE_PAYEE, garbage, f"生活垃圾清运费 {label}")
        if rng.random() < 0.6:
            item, price = rng.choice(
                [
                    ("LED 楼道灯泡 10 只", "85.00"),
                    ("水龙头及软管", "46.50"),
                    ("下水道疏通剂", "32.00"),
                    ("门禁电池 20 节", "60.00"),
                    ("消防通道警示贴", "24.80"),
                ]
            )
            day = min(bill_day + timedelta(days=3), today)
            bill(day, "maintenance", HARDWARE_PAYEE, Decimal(price), f"{item}（{label}）")
        month = next_month(month)
    return events


def _spend_on_its_day(steward, committee, day, pool, payee, amount, description, voucher=None):
    with clock.at(clock.moment(day, BILLS_AT)):
        expenditure = spend(steward, committee, day, pool, payee, amount, description, voucher, approve=False)
    if expenditure.status == "pending":
        with clock.at(clock.moment(day, APPROVED_AT)):
            services.expenditure_approve(expenditure=expenditure, by=committee, note="已核对发票")
    return expenditure


def spend(steward, committee, day, pool, payee, amount, description, voucher=None, *, approve=True):
    """Spend as the steward would; where the pool cannot cover it, the committee first advances the
    shortfall from the pool that holds the most (资金池调剂), as a real committee would. The committee
    approves it (if it needs approval) at once, unless `approve` is false."""
    if settings.REFUSE_POOL_OVERDRAW:
        advance_if_short(committee, day, pool, amount)
    expenditure = services.expenditure_record(
        spent_on=day,
        pool=pool,
        payee=payee,
        amount=amount,
        description=description,
        recorded_by=steward,
        voucher=voucher,
    )
    if approve and expenditure.status == "pending":
        services.expenditure_approve(expenditure=expenditure, by=committee, note="已核对发票")
    return expenditure


def advance_if_short(committee, day, pool, amount) -> bool:
    """Whether `pool` can pay `amount` on `day`, after an advance from another pool if it needs one."""
    lowest, _on = figures.lowest_balance(pool, since=day)
    if lowest >= amount:
        return True
    short = (amount - lowest).quantize(CENT)
    others = {other: figures.lowest_balance(other, since=day)[0] for other in POOLS if other != pool}
    lender = max(others, key=others.get)
    if others[lender] < short:
        return False  # nothing can cover it: the spending would be refused
    services.pool_advance_approve(
        from_pool=lender,
        to_pool=pool,
        amount=short,
        value_date=day,
        reason=f"{Pool(pool).label}不足支付{day:%Y年%m月}账单，经业委会会议同意由{Pool(lender).label}调剂",
        by=committee,
    )
    return True


def build(*, households: int, years: int, steward, committee, rng: random.Random) -> None:
    """The flats (entered as the complex began, in the November before its first fee year), each year's fee
    plan (set in the November before it), the paper ledger's balance (the first year's first day), and the
    years' payments and spending, recorded in the order they happened, each on its own day."""
    today = clock.today()
    first_year = today.year - years + 1
    with clock.at(clock.moment(date(first_year - 1, 11, 2), time(9))):
        flats = build_households(households, rng)
    plans = []
    for year in range(first_year, today.year + 1):
        with clock.at(clock.moment(date(year - 1, 11, 20), time(19))):
            plans.append(services.fee_plan_create(year=year, created_by=committee))
    opening = clock.moment(date(first_year, 1, 1), time(8))
    events = [(opening, -1, _at(opening, lambda: _opening_balance(first_year, steward)))]
    events += build_payments(plans, flats, steward, rng, today)
    events += [
        (when, len(events) + order, action)
        for when, order, action in build_expenditures(first_year, steward, committee, rng, today)
    ]
    for _when, _order, action in sorted(events, key=lambda event: event[:2]):
        action()


def _opening_balance(first_year: int, steward):
    return services.opening_balance_record(
        value_date=date(first_year, 1, 1),
        amounts={"electricity": Decimal("1200.00"), "maintenance": Decimal("3500.00"), "garbage": Decimal("0.00")},
        memo="原纸质台账结余",
        by=steward,
    )


def build_budgets(*, steward, committee) -> None:
    """An approved budget for each demo fee year that has none (so running it again changes nothing):
    proposed from the years before it, or, for the first year, planned by hand as the committee would."""
    from ledger.budgets import selectors as budget_figures
    from ledger.budgets import services as budgets
    from ledger.models import Budget, FeePlan

    households = Household.objects.count()
    for plan in FeePlan.objects.order_by("year"):
        if budget_figures.budget_in_force(plan) is not None:
            continue
        draft = Budget.objects.filter(fee_plan=plan, status="draft").first()
        drafted = clock.at(clock.moment(date(plan.year - 1, 11, 25), time(15)))
        if draft is None and FeePlan.objects.filter(year__lt=plan.year).exists():
            with drafted:
                draft = budgets.budget_propose(fee_plan=plan, by=steward)
        elif draft is None:
            with drafted:
                draft = budgets.budget_new_draft(fee_plan=plan, by=steward)
            for pool, label, payee, amount in (
                ("electricity", "公共照明及水泵电费", ELECTRICITY_PAYEE, households * 42),
                ("maintenance", "五金及小修材料", HARDWARE_PAYEE, 600),
                ("maintenance", "承揽方巡查及维修", "", 2400),
                ("garbage", "生活垃圾清运合同", GARBAGE_PAYEE, households * Decimal("43.20")),
            ):
                with clock.at(clock.moment(date(plan.year - 1, 11, 25), time(15))):
                    budgets.budget_line_add(
                        budget=draft, pool=pool, label=label, payee=payee, amount=Decimal(amount).quantize(CENT)
                    )
        decision = owners_decide(
            topic="budget",
            title=f"{plan.year}年度收支预算",
            question=f"是否同意{plan.year}年度综合服务费收支预算（开放式预算，详见公示）？",
            opens_on=date(plan.year - 1, 12, 1),
            closes_on=date(plan.year - 1, 12, 15),
            committee=committee,
            steward=steward,
            rng=random.Random(plan.year),
        )
        with clock.at(clock.moment(decision.closes_on + timedelta(days=1), time(19))):
            budgets.budget_approve(budget=draft, by=committee, decision=decision)


def open_decision(*, steward, committee, rng: random.Random) -> None:
    """A decision being voted on now, a special matter (art. 278 item 8), with the ballots in so far."""
    from ledger.models import JointDecision

    today = clock.today()
    if JointDecision.objects.filter(result__isnull=True).exists():
        return
    owners_decide(
        topic="other",
        title="利用自行车棚加装电动车充电桩",
        question="是否同意利用小区自行车棚（共有部分）加装电动自行车充电桩，收费收入归全体业主并纳入公示？",
        opens_on=today - timedelta(days=5),
        closes_on=today + timedelta(days=10),
        committee=committee,
        steward=steward,
        rng=rng,
        rule="special",
        close=False,
    )


def close_ended_years(committee) -> None:
    """Close the ended fee years in order, carrying every pool forward, as the committee would have.

    Stops at the first year that cannot close (no next plan yet, or spending awaiting approval).
    """
    from django.core.exceptions import ValidationError

    from ledger.models import FeePlan
    from ledger.settlement import services as settlement

    carry = dict.fromkeys(POOLS, Decision.CARRY)
    for plan in FeePlan.objects.filter(closing__isnull=True).order_by("starts_on"):
        try:
            with clock.at(clock.moment(plan.ends_on + timedelta(days=20), time(19, 30))):  # January's meeting
                settlement.fee_year_close(
                    fee_plan=plan,
                    decisions=carry,
                    minute=f"{plan.year + 1}年1月业委会会议纪要：结余全部结转",
                    by=committee,
                )
        except ValidationError:
            return
