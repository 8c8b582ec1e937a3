"""Cost lines: from the price list (the price copied) or by hand with a justification; totals exact."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from repairs import services
from repairs.figures import work_orders_completed
from repairs.models import CostLine, WorkOrder
from trustmgmt.base.refusals import codes

D = Decimal


@pytest.fixture
def order(order_at):
    return order_at("assigned")  # with one lamp, 45.00


def total(order) -> Decimal:
    return WorkOrder.objects.with_total().get(pk=order.pk).total


def test_a_price_list_line_copies_the_item_and_its_prices(order, gutter, steward):
    line = services.cost_line_add(order=order, price_item=gutter, quantity=D("7.4"), by=steward)
    assert (line.description, line.unit, line.unit_price, line.reference_price) == (
        "疏通天沟",
        "米",
        D("12.50"),
        D("12.50"),
    )
    assert line.amount == D("92.50") and not line.needs_review


def test_totals_are_exact_to_the_fen(order, gutter, steward):
    # 45.00 + 0.1 x 12.50 (1.25) + 3.33 x 12.50 (41.625 -> 41.63, half up) + a hand line 0.3 x 0.10 (0.03)
    services.cost_line_add(order=order, price_item=gutter, quantity=D("0.1"), by=steward)
    services.cost_line_add(order=order, price_item=gutter, quantity=D("3.33"), by=steward)
    services.cost_line_add(
        order=order,
        description="密封胶",
        unit="支",
        unit_price=D("0.10"),
        quantity=D("0.3"),
        justification="价目表无此项，按五金店发票",
        by=steward,
    )
    assert list(order.cost_lines.values_list("amount", flat=True)) == [D("45.00"), D("1.25"), D("41.63"), D("0.03")]
    assert total(order) == D("87.91")


def test_many_small_lines_sum_exactly(order, steward, gutter):
    for _ in range(30):
        services.cost_line_add(order=order, price_item=gutter, quantity=D("0.01"), by=steward)  # 0.125 -> 0.13
    assert total(order) == D("45.00") + 30 * D("0.13")


def test_the_completed_figure_carries_the_same_total(order, steward, gutter):
    from datetime import date

    services.cost_line_add(order=order, price_item=gutter, quantity=D("3.33"), by=steward)
    services.work_order_complete(order=order, done_on=date(2024, 5, 9), by=steward)
    assert work_orders_completed(date(2024, 5, 1), date(2024, 5, 31))[0].cost == D("86.63")


def test_a_charge_above_the_reference_is_flagged(order, roof, steward):
    line = services.cost_line_add(order=order, price_item=roof, quantity=D("2"), by=steward)
    assert (line.unit_price, line.reference_price, line.above_reference, line.needs_review) == (
        D("95.00"),
        D("88.00"),
        True,
        True,
    )


def test_a_hand_line_has_no_reference_and_is_flagged(order, steward):
    line = services.cost_line_add(
        order=order,
        description="临时照明",
        unit="项",
        unit_price=D("30.00"),
        quantity=D("1"),
        justification="夜间抢修",
        by=steward,
    )
    assert line.by_hand and line.reference_price is None and line.needs_review and not line.above_reference


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"quantity": D("-1")}, "quantity_invalid"),
        ({"quantity": D("0")}, "quantity_invalid"),
        ({"quantity": D("1.005")}, "quantity_invalid"),
        ({"quantity": "abc"}, "quantity_invalid"),
        ({"quantity": D("100001")}, "quantity_too_large"),
        ({"justification": ""}, "text_required"),
        ({"description": "灯" * 101}, "text_too_long"),
        ({"justification": "因" * 301}, "text_too_long"),
        ({"unit_price": D("-3.00")}, "price_not_positive"),
        ({"unit_price": D("3.001")}, "price_not_positive"),
        ({"unit_price": D("1000000.01")}, "amount_too_large"),
        ({"unit": ""}, "hand_line_fields"),
    ],
)
def test_bad_hand_lines_are_refused_and_nothing_is_written(order, steward, fields, code):
    values = {
        "description": "临时照明",
        "unit": "项",
        "unit_price": D("30.00"),
        "quantity": D("1"),
        "justification": "夜间抢修",
        **fields,
    }
    with pytest.raises(ValidationError) as refused:
        services.cost_line_add(order=order, by=steward, **values)
    assert codes(refused.value) == [code]
    assert CostLine.objects.count() == 1


def test_a_negative_quantity_from_the_price_list_is_refused(order, lamp, steward):
    with pytest.raises(ValidationError) as refused:
        services.cost_line_add(order=order, price_item=lamp, quantity=D("-2"), by=steward)
    assert codes(refused.value) == ["quantity_invalid"]
    assert CostLine.objects.count() == 1


def test_an_item_from_another_contracts_price_list_is_unknown_here(order, steward, contractor, committee):
    from datetime import date

    later = services.contract_create(
        contractor=contractor,
        title="2025年合同",
        signed_on=date(2025, 3, 1),
        starts_on=date(2025, 3, 1),
        votes_for=40,
        votes_against=0,
        households=50,
        created_by=committee,
    )
    foreign = services.price_item_add(
        contract=later,
        code="ZM-01",
        name="更换楼道LED灯",
        unit="只",
        unit_price=D("40.00"),
        reference_price=D("45.00"),
        reference_source="宁波市住房维修参考价（2025）",
    )
    with pytest.raises(ValidationError) as refused:
        services.cost_line_add(order=order, price_item=foreign, quantity=D("1"), by=steward)
    assert codes(refused.value) == ["unknown_price_item"]
    assert CostLine.objects.count() == 1


def test_an_order_cannot_cost_more_than_a_million(order, steward, roof):
    with pytest.raises(ValidationError) as refused:
        services.cost_line_add(order=order, price_item=roof, quantity=D("99999"), by=steward)  # 9,499,905.00
    assert codes(refused.value) == ["amount_too_large"]


@pytest.mark.parametrize("status", ["reported", "settled", "cancelled"])
def test_lines_only_change_between_assignment_and_settlement(order_at, lamp, steward, status):
    order = order_at(status)
    lines = CostLine.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.cost_line_add(order=order, price_item=lamp, quantity=D("1"), by=steward)
    assert codes(refused.value) == ["lines_frozen"]
    line = order.cost_lines.first()
    if line is not None:
        with pytest.raises(ValidationError) as refused:
            services.cost_line_remove(line=line, by=steward)
        assert codes(refused.value) == ["lines_frozen"]
    assert CostLine.objects.count() == lines


def test_a_line_can_be_removed_before_settlement(order, steward):
    services.cost_line_remove(line=order.cost_lines.get(), by=steward)
    assert total(order) == D("0.00")
