"""A resident on a phone: the disclosure fits 360 px, the charts show, axe-core finds nothing serious,
and the text can be doubled without the page scrolling sideways or clipping anything."""

import re

import pytest

from tests.e2e.browser import PHONE, double_text_problems, serious_axe_violations, watch_console

# Known and reported, to be fixed where each entry says.
KNOWN_AXE: frozenset[tuple[str, str]] = frozenset()


@pytest.fixture
def transactional_db(public_complex):
    """These tests only read public pages: they share the module's complex instead of building one each, and
    nothing is cleared between them (public_complex clears the database after the last)."""


def latest_month_url(page) -> str:
    page.goto("/disclosure/")
    links = page.eval_on_selector_all(
        "main a[href^='/disclosure/2']", "links => links.map(a => a.getAttribute('href'))"
    )
    return next(link for link in links if re.fullmatch(r"/disclosure/[0-9]{4}/[0-9]{2}/", link))


def first_notice_url(page) -> str:
    page.goto("/notices/")
    return page.locator("main .notice-list a").first.get_attribute("href")


def public_pages(page) -> list[str]:
    pages = ["/", "/disclosure/", latest_month_url(page), "/disclosure/electricity/"]
    pages += ["/notices/", first_notice_url(page), "/notices/archive/"]
    page.goto("/disclosure/")
    budget = page.locator("main .budget-links a")  # the latest approved budget, if any
    return pages + ([budget.first.get_attribute("href")] if budget.count() else [])


def test_the_disclosure_fits_a_phone_and_shows_its_charts(public_complex, context_factory):
    page = context_factory(**PHONE).new_page()
    errors = watch_console(page)
    for url in public_pages(page):
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{url} scrolls sideways on a phone: {width} px wide"
    for url, least in ((latest_month_url(page), 1), ("/disclosure/electricity/", 4)):  # a chart per meter
        page.goto(url)
        charts = page.locator("main svg")
        assert charts.count() >= least, f"{url} has {charts.count()} charts"
        for index in range(charts.count()):
            chart = charts.nth(index)
            chart.scroll_into_view_if_needed()
            assert chart.is_visible()
            box = chart.bounding_box()
            assert box["width"] > 100 and box["height"] > 40 and box["x"] >= 0 and box["x"] + box["width"] <= 361
    assert not errors, f"the browser reported: {errors}"


@pytest.mark.parametrize("viewport", [{"width": 360, "height": 800}, {"width": 1280, "height": 900}])
def test_the_public_pages_pass_axe(public_complex, context_factory, axe_source, viewport):
    page = context_factory(viewport=viewport).new_page()
    for url in public_pages(page):
        page.goto(url)
        serious = serious_axe_violations(page, axe_source, KNOWN_AXE)
        assert not serious, f"{url} at {viewport['width']} px:\n" + "\n".join(serious)


@pytest.mark.parametrize("width", [360, 640])
def test_the_public_pages_stay_usable_at_double_text_size(public_complex, context_factory, width):
    page = context_factory(viewport={"width": width, "height": 900}).new_page()
    problems = [problem for url in public_pages(page) for problem in double_text_problems(page, url, width)]
    assert not problems, "\n".join(problems)
