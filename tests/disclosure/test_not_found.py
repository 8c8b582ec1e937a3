"""A month that does not exist, has not begun or has nothing in it answers 404 with the friendly page."""

import pytest


@pytest.mark.parametrize(
    "url",
    [
        "/disclosure/2024/13/",
        "/disclosure/2024/00/",
        "/disclosure/2024/13.json",
        "/disclosure/2024/13.pdf",
        "/disclosure/2099/01/",
        "/disclosure/2099/01.json",
        "/disclosure/2023/06/",
        "/disclosure/2023/06.pdf",
        "/disclosure/1999/01/",
        "/disclosure/24/01/",
        "/disclosure/2024/1/",
        "/disclosure/abcd/01/",
    ],
)
def test_it_answers_404_with_the_friendly_page(client, ledger, url):
    response = client.get(url)
    assert response.status_code == 404
    html = response.content.decode()
    assert "/disclosure/" in html and "<html" in html


def test_an_empty_ledger_has_an_index_and_no_months(client, db):
    assert client.get("/disclosure/").status_code == 200
    assert client.get("/disclosure/2024/01/").status_code == 404


def test_posting_to_a_public_page_is_refused(client, ledger):
    assert client.post("/disclosure/2024/01/").status_code in (403, 405)
