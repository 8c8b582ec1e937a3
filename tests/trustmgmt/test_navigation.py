"""One navigation bar: a section's own pages take the place of its entry, and no link is offered twice."""

import re

import pytest


def nav_links(page: str) -> list[str]:
    navs = re.findall(r"<nav\b[^>]*>(.*?)</nav>", page, re.S)
    return [href for nav in navs for href in re.findall(r'href="([^"]+)"', nav)]


@pytest.mark.parametrize("url", ["/ledger/desk/", "/ledger/budgets/", "/repairs/", "/disclosure/", "/"])
def test_staff_pages_have_one_bar_that_offers_each_link_once(signed_in, committee, plan, url):
    page = signed_in(committee).get(url).content.decode()
    assert len(re.findall(r'<nav\b[^>]*aria-label="(?:Main|Ledger|Repairs)"', page)) == 1
    links = nav_links(page.split("<main", 1)[0])
    assert len(links) == len(set(links)), links
    assert nav_links(page.split("<main", 1)[1].split("</main>", 1)[0]) == [] or "/ledger/desk/" not in nav_links(
        page.split("<main", 1)[1]
    )


def test_on_a_ledger_page_the_bar_holds_the_ledgers_sections_and_marks_the_current_one(signed_in, committee, plan):
    page = signed_in(committee).get("/ledger/budgets/").content.decode()
    links = nav_links(page)
    assert {"/ledger/", "/ledger/desk/", "/ledger/budgets/", "/ledger/fee-years/", "/repairs/"} <= set(links)
    assert re.findall(r'<a href="([^"]+)" aria-current="page"', page) == ["/ledger/budgets/"]


def test_on_a_repairs_page_the_bar_holds_the_repairs_sections(signed_in, steward, plan):
    links = nav_links(signed_in(steward).get("/repairs/overview/").content.decode())
    assert {"/repairs/", "/repairs/overview/", "/repairs/patrols/", "/ledger/desk/"} <= set(links)
    assert "/ledger/households/" not in links
