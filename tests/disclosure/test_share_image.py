"""The month's share picture (og:image): its three figures are the month's, it is a 1200 × 630 PNG, and it is
cached like the page, under the ledger's state."""

import io
from datetime import date
from decimal import Decimal

from PIL import Image

from ledger import services
from trustmgmt.disclosure import share_image
from trustmgmt.disclosure.cache import forget_ledger_state


def test_the_three_figures_are_the_months_income_spending_and_balance(client, ledger):
    document = client.get("/disclosure/2024/02.json").json()
    figures = share_image.month_figures(document)
    assert figures == {
        "income": sum(Decimal(pool["income"]) for pool in document["pools"]),
        "expenditure": sum(Decimal(pool["expenditure"]) for pool in document["pools"]),
        "closing": sum(Decimal(pool["closing"]) for pool in document["pools"]),
    }
    assert figures["income"] == Decimal("190.00") and figures["expenditure"] == Decimal("100.00")
    without_totals = {key: value for key, value in document.items() if key != "totals"}  # as stored by older versions
    assert share_image.month_figures(without_totals) == figures


def test_the_picture_is_a_png_for_chat_apps(client, ledger):
    response = client.get("/disclosure/2024/02.png")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    with Image.open(io.BytesIO(response.content)) as image:
        assert image.format == "PNG" and image.size == (1200, 630)


def test_it_is_cached_under_the_ledgers_state(client, ledger, steward, django_assert_num_queries):
    first = client.get("/disclosure/2024/02.png").content
    forget_ledger_state()
    with django_assert_num_queries(1):  # the ledger's state; the picture comes from the cache
        assert client.get("/disclosure/2024/02.png").content == first
    services.expenditure_record(
        spent_on=date(2024, 2, 27),
        pool="garbage",
        payee="环卫所",
        amount=Decimal("5.00"),
        description="清运",
        recorded_by=steward,
    )
    forget_ledger_state()
    assert client.get("/disclosure/2024/02.png").content != first  # the spending changed the figures and the key


def test_a_month_without_a_disclosure_has_no_picture(client, ledger):
    assert client.get("/disclosure/2023/06.png").status_code == 404
    assert client.get("/disclosure/2024/13.png").status_code == 404
