"""Amounts read the same on every repairs page as on the ledger's: grouped in thousands, two places (1,015.50)."""

import re

import pytest
from django.urls import reverse

from repairs.models import Status
from tests.builders import advance, report


@pytest.fixture
def pump(contract):
    from repairs import services

    return services.price_item_add(
        contract=contract,
        code="SB-09",
        name="更换二次供水水泵",
        unit="台",
        unit_price="1015.50",
        reference_price="1015.50",
        reference_source="宁波市住房维修参考价（2024）",
    )


def ungrouped(page: str) -> list[str]:
    return re.findall(r"(?<![\d,.])\d{4,}\.\d{2}(?!\d)", page)


def test_repairs_pages_group_thousands(signed_in, steward, committee, contract, pump):
    order = advance(report(steward), Status.SETTLED, steward, lines=[(pump, "1")])
    client = signed_in(committee)
    pages = {
        "order": client.get(reverse("repairs:order", args=[order.number])).content.decode(),
        "contract": client.get(reverse("repairs:contract", args=[contract.pk])).content.decode(),
        "public contract": client.get(reverse("disclosure:contract")).content.decode(),
    }
    for name, page in pages.items():
        assert "1,015.50" in page, name
        assert ungrouped(page) == [], name
    # The overview counts the last twelve months only; it groups like the rest.
    assert ungrouped(client.get(reverse("repairs:overview")).content.decode()) == []
