"""Open orders and their age, days from report to done per category, monthly cost per category."""

from datetime import date
from decimal import Decimal

from repairs import figures, services
from tests.builders import report

D = Decimal


def done(steward, reported_on, done_on, category="lighting", lines=()):
    order = report(steward, reported_on=reported_on, category=category)
    order = services.work_order_assign(order=order, assigned_on=reported_on, by=steward)
    for item, quantity in lines:
        services.cost_line_add(order=order, price_item=item, quantity=D(quantity), by=steward)
    return services.work_order_complete(order=order, done_on=done_on, by=steward)


def test_open_orders_are_the_unfixed_ones_oldest_first_with_their_age(steward, contract, django_assert_num_queries):
    fresh = report(steward, reported_on=date(2024, 6, 1))
    old = services.work_order_assign(
        order=report(steward, reported_on=date(2024, 5, 2)), assigned_on=date(2024, 5, 3), by=steward
    )
    done(steward, date(2024, 5, 1), date(2024, 5, 2))  # fixed: not open
    services.work_order_cancel(order=report(steward, reported_on=date(2024, 5, 1)), reason="重复", by=steward)

    with django_assert_num_queries(1):
        result = figures.open_orders(today=date(2024, 6, 11))

    assert [(o.number, o.status, o.age) for o in result] == [
        (old.number, "assigned", 40),
        (fresh.number, "reported", 10),
    ]


def test_repair_times_per_category_give_median_and_mean(steward, contract, django_assert_num_queries):
    for reported, fixed in [(1, 2), (1, 4), (1, 11)]:  # 1, 3 and 10 days
        done(steward, date(2024, 5, reported), date(2024, 5, fixed))
    for reported, fixed in [(3, 5), (3, 8)]:  # 2 and 5 days
        done(steward, date(2024, 5, reported), date(2024, 5, fixed), category="drains")
    done(steward, date(2024, 3, 1), date(2024, 3, 30))  # outside the period

    with django_assert_num_queries(1):
        result = figures.repair_times(date(2024, 5, 1), date(2024, 5, 31))

    assert [(r.category, r.orders, r.median_days, r.mean_days) for r in result] == [
        ("lighting", 3, D("3.0"), D("4.7")),
        ("drains", 2, D("3.5"), D("3.5")),
    ]


def test_monthly_cost_per_category_counts_the_month_the_work_was_done(
    steward, contract, lamp, gutter, django_assert_num_queries
):
    done(steward, date(2024, 4, 28), date(2024, 5, 2), lines=[(lamp, "2")])
    done(steward, date(2024, 5, 20), date(2024, 5, 21), lines=[(lamp, "1"), (gutter, "0.5")])
    done(steward, date(2024, 6, 1), date(2024, 6, 3), category="drains", lines=[(gutter, "10")])
    cancelled = done(steward, date(2024, 6, 1), date(2024, 6, 2), category="drains", lines=[(gutter, "1")])
    services.work_order_cancel(order=cancelled, reason="保修期内，由施工方免费返修", by=steward)

    with django_assert_num_queries(1):
        result = figures.monthly_cost(date(2024, 1, 1), date(2024, 12, 31))

    assert result == {
        date(2024, 5, 1): {"lighting": D("141.25")},
        date(2024, 6, 1): {"drains": D("125.00")},
    }


def test_orders_awaiting_the_committee_are_those_with_unapproved_flagged_charges(steward, committee, lamp, roof):
    from tests.builders import advance

    plain = advance(report(steward), "accepted", steward, lines=[(lamp, "1")])
    dear = advance(report(steward), "done", steward, lines=[(roof, "1")])
    approved = advance(report(steward), "accepted", steward, lines=[(roof, "1")])
    services.work_order_approve_charges(order=approved, by=committee)
    by_hand = advance(report(steward), "assigned", steward)
    services.cost_line_add(
        order=by_hand,
        description="夜间抢修",
        unit="项",
        unit_price=D("80.00"),
        quantity=D("1"),
        justification="急修",
        by=steward,
    )
    cancelled = advance(report(steward), "assigned", steward, lines=[(roof, "1")])
    services.work_order_cancel(order=cancelled, reason="重复", by=steward)

    assert set(figures.awaiting_charge_approval()) == {dear, by_hand}
    assert plain not in figures.awaiting_charge_approval()
