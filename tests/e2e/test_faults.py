"""A resident on a phone reports a fault and follows it: the board, the form and the status page fit 360 px, pass
axe-core with nothing serious, stay usable at 200% text, and the strict CSP refuses nothing on them."""

import pytest

from tests.e2e.browser import PHONE, double_text_problems, scroll_width, serious_axe_violations, watch_console


@pytest.fixture
def transactional_db(public_complex):
    """The module's tests share one demo complex (public_complex clears the database after the last)."""


def fault_pages() -> list[str]:
    """The board, the form, and a status page for a report in each state the demo has."""
    from repairs.models import FaultReport

    references = FaultReport.objects.order_by("id").values_list("reference", flat=True)
    assert len(references) >= 5, "the demo has residents' reports in every state"
    return ["/faults/", "/faults/report/", *(f"/faults/status/{reference}/" for reference in references)]


def test_a_resident_reports_a_fault_on_a_phone_and_gets_a_status_page(public_complex, context_factory):
    from ledger.models import Household

    flat = Household.objects.order_by("id").first().label
    page = context_factory(**PHONE).new_page()
    errors = watch_console(page)
    page.goto("/")
    page.click("main a[href='/faults/report/']")
    page.select_option("#id_category", "lighting")
    page.select_option("#id_common_area", "bike_shed")
    page.fill("#id_description", "车棚里的灯不亮了。")
    page.fill("#id_flat", flat)
    page.fill("#id_contact", "13912345678")
    page.click("main button[type=submit]")
    page.wait_for_url("**/faults/status/*/?sent=1")
    assert page.locator("main h1").inner_text().startswith("报修 ")
    assert "谢谢，您的报修已收到。" in page.locator("main").inner_text()
    assert flat not in page.content() and "13912345678" not in page.content()
    page.click("main a[href='/faults/']")
    assert "未修复的报修" in page.locator("main h1").inner_text()
    assert not errors, f"the browser reported: {errors}"


def test_the_fault_pages_fit_a_phone(public_complex, context_factory):
    page = context_factory(**PHONE).new_page()
    errors = watch_console(page)
    for url in fault_pages():
        page.goto(url)
        width = scroll_width(page)
        assert width <= 360, f"{url} scrolls sideways on a phone: {width} px wide"
    assert not errors, f"the browser reported: {errors}"


@pytest.mark.parametrize("viewport", [{"width": 360, "height": 800}, {"width": 1280, "height": 900}])
def test_the_fault_pages_pass_axe(public_complex, context_factory, axe_source, viewport):
    page = context_factory(viewport=viewport).new_page()
    for url in fault_pages():
        page.goto(url)
        serious = serious_axe_violations(page, axe_source)
        assert not serious, f"{url} at {viewport['width']} px:\n" + "\n".join(serious)


@pytest.mark.parametrize("width", [360, 640])
def test_the_fault_pages_stay_usable_at_double_text_size(public_complex, context_factory, width):
    page = context_factory(viewport={"width": width, "height": 900}).new_page()
    problems = [problem for url in fault_pages() for problem in double_text_problems(page, url, width)]
    assert not problems, "\n".join(problems)
