"""The budget on a phone (360 px), public and staff page: an item over its budget keeps its whole "over budget"
badge in view, and each pool's total keeps its label."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from ledger import services
from ledger.budgets import selectors as budget_figures
from ledger.models import Budget
from tests.e2e.browser import log_in, watch_console

PHONE = {"viewport": {"width": 360, "height": 800}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}

# Each badge of the main content, with the box of the nearest element that would hide what overflows it.
BADGES = """() => [...document.querySelectorAll('main .badge-bad')].map(badge => {
  let clip = badge.parentElement;
  while (clip && !['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(clip).overflowX)) {
    clip = clip.parentElement;
  }
  const box = badge.getBoundingClientRect(), area = (clip || document.documentElement).getBoundingClientRect();
  return {text: badge.textContent.trim(), left: box.left, right: box.right, clipLeft: area.left,
          clipRight: Math.min(area.right, window.innerWidth)};
})"""


@pytest.fixture
def over_budget(complex_):
    """The longest-named item of the latest budget, overspent (the line's payee paid more than was planned)."""
    budget = Budget.objects.approved().select_related("fee_plan").order_by("-fee_plan__year").first()
    line = max((line for line in budget.lines.all() if line.payee), key=lambda line: len(line.label))
    planned = line.amount
    services.expenditure_record(
        spent_on=min(date.today(), budget.fee_plan.ends_on),
        pool=line.pool,
        payee=line.payee,
        amount=(planned + Decimal("100.00")).quantize(Decimal("0.01")),
        description="超出预算的演示支出",
        recorded_by=User.objects.get(username="steward"),
        approved=True,
        history=True,  # spent already: the demo's pool may hold less than the line overspends
    )
    assert any(
        item.over_budget
        for pool in budget_figures.against_actual(budget, budget_figures.actuals(budget.fee_plan))
        for item in pool.lines
    )
    return budget


def test_the_over_budget_badge_and_the_pool_totals_fit_a_phone(over_budget, context_factory):
    page = context_factory(**PHONE).new_page()
    errors = watch_console(page)
    year = over_budget.fee_plan.year
    public = f"/disclosure/{year}/budget/"
    staff = f"/ledger/budgets/{year}/v{over_budget.version}/"

    page.goto(public)
    totals = page.locator("main table.budget-lines tfoot th")
    assert totals.count() == 3
    for index in range(3):
        assert totals.nth(index).is_visible() and totals.nth(index).inner_text().strip() == "资金池合计"

    log_in(page, "committee", "demo-committee-2024")
    for url in (public, staff):
        page.goto(url)
        badges = page.evaluate(BADGES)
        assert len(badges) >= 2, f"{url}: the item and its pool should both be flagged: {badges}"
        for badge in badges:
            assert badge["text"] == "超预算"
            assert badge["clipLeft"] - 1 <= badge["left"] and badge["right"] <= badge["clipRight"] + 1, (url, badge)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{url} scrolls sideways on a phone: {width} px wide"
    assert not errors, errors
