"""The one navigation bar on a phone: a signed-in steward's or committee member's many links fold into a "菜单"
button (a <details>, no script: the CSP allows none inline) that opens them in two columns; on a desk's screen
the same links show as a bar with no button; a resident, with five links, gets no button at all."""

import pytest

from tests.e2e.browser import PHONE, log_in, scroll_width, serious_axe_violations, watch_console

DESK = {"viewport": {"width": 1280, "height": 900}}
PASSWORDS = {"steward": "demo-steward-2024", "committee": "demo-committee-2024"}
# A section's page, and a link of the folded menu that leads somewhere else, for each role.
VISITS = {
    "steward": ("/ledger/desk/", "维修", "/repairs/"),
    "committee": ("/ledger/budgets/", "年终结算", "/ledger/fee-years/"),
}


@pytest.fixture
def transactional_db(public_complex):
    """Read only: the module shares one complex (see public_complex)."""


def header_height(page) -> float:
    return page.evaluate("document.querySelector('.site-header').getBoundingClientRect().height")


@pytest.mark.parametrize("role", ["steward", "committee"])
def test_on_a_phone_the_staffs_links_fold_into_one_menu_that_opens_and_leads_on(
    public_complex, context_factory, axe_source, role
):
    page = context_factory(**PHONE).new_page()
    errors = watch_console(page)
    log_in(page, role, PASSWORDS[role])
    url, label, target = VISITS[role]
    page.goto(url)
    nav = page.get_by_role("navigation", name="主导航")
    menu = nav.locator("summary")
    assert menu.is_visible() and menu.inner_text().strip() == "菜单"
    assert header_height(page) < 140, "the folded header takes more than the brand and one button"
    assert not nav.get_by_role("link", name=label, exact=True).is_visible()

    menu.click()
    link = nav.get_by_role("link", name=label, exact=True)
    assert link.is_visible()
    assert nav.locator("a[aria-current=page]").is_visible(), "the open menu marks the page one is on"
    assert not serious_axe_violations(page, axe_source)
    assert scroll_width(page) <= 360
    with page.expect_navigation():
        link.click()
    assert page.url.endswith(target)
    assert nav.locator("summary").is_visible(), "the menu is folded again on the next page"
    assert not errors, f"the browser reported: {errors}"


@pytest.mark.parametrize("role", ["steward", "committee"])
def test_on_a_desks_screen_the_same_links_show_as_a_bar_without_a_button(public_complex, context_factory, role):
    page = context_factory(**DESK).new_page()
    log_in(page, role, PASSWORDS[role])
    url, label, _ = VISITS[role]
    page.goto(url)
    nav = page.get_by_role("navigation", name="主导航")
    assert not nav.locator("summary").is_visible()
    assert nav.get_by_role("link", name=label, exact=True).is_visible()
    assert nav.get_by_role("button", name="退出").is_visible()


def test_a_resident_on_a_phone_sees_the_few_public_links_without_a_menu(public_complex, context_factory):
    page = context_factory(**PHONE).new_page()
    page.goto("/")
    nav = page.get_by_role("navigation", name="主导航")
    assert nav.locator("summary").count() == 0
    for label in ("收支公示", "报修", "公告"):
        assert nav.get_by_role("link", name=label, exact=True).is_visible()
