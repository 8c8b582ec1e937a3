"""The month's disclosure shows where the money is: the reconciliation's summary in the JSON, the page and the
notice, account numbers masked, no payer named; an unreconciled month is published only with a note."""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ledger.accounts import services as accounts
from ledger.models import Publication
from tests.builders import pay
from tests.pdfs import pdf_text
from trustmgmt.base.refusals import codes
from trustmgmt.disclosure.services import publish

D = Decimal
pytestmark = pytest.mark.django_db


@pytest.fixture
def march(household, vacant_household, plan, steward, committee, bank, tmp_path):
    pay(household, plan, steward, "200.00", paid_on=date(2024, 3, 5), method="bank")
    pay(vacant_household, plan, steward, "140.00", paid_on=date(2024, 3, 6))
    path = tmp_path / "s.csv"
    path.write_text(
        "交易日期,借方发生额,贷方发生额,余额,对方户名,摘要,流水号\n"
        "2024-03-05,,200.00,200.00,王堃,12-2-301 物业费,A1\n"
        "2024-03-20,,50.00,250.00,李喆,不明来款,A2\n"
    )
    accounts.statement_import(account=bank, path=path, by=committee)


def test_the_month_json_carries_the_reconciliation(client, march):
    data = client.get(reverse("disclosure:month_json", kwargs={"year": "2024", "month": "03"})).json()
    reconciliation = data["reconciliation"]
    assert {key: reconciliation[key] for key in ("bank_balance", "cash_on_hand", "in_transit", "difference")} == {
        "bank_balance": "250.00",
        "cash_on_hand": "140.00",
        "in_transit": "0.00",
        "difference": "-50.00",
    }
    assert reconciliation["reconciled"] is False
    assert reconciliation["bank_items_not_in_books"] == 1
    assert [row["number"] for row in reconciliation["accounts"] if row["kind"] == "bank"] == ["****3456"]
    text = json.dumps(data, ensure_ascii=False)
    assert "王堃" not in text and "李喆" not in text and "3901" not in text
    for key in ("period", "currency", "pools", "collection", "expenditures", "work_orders", "ledger_fingerprint"):
        assert key in data


def test_the_page_and_the_notice_show_it(client, march):
    kwargs = {"year": "2024", "month": "03"}
    page = client.get(reverse("disclosure:month", kwargs=kwargs)).content.decode()
    assert "****3456" in page and "李喆" not in page
    notice = pdf_text(client.get(reverse("disclosure:month_pdf", kwargs=kwargs)).content)
    assert "****3456" in notice and "-50.00" in notice


def test_an_unreconciled_month_is_published_only_with_a_note(march, committee):
    with pytest.raises(ValidationError) as error:
        publish(month=date(2024, 3, 1), by=committee)
    assert codes(error.value) == ["unreconciled_needs_note"]
    assert not Publication.objects.exists()
    published = publish(month=date(2024, 3, 1), by=committee, note="3月20日不明来款50元，已请银行查询汇款人")
    assert published.document["reconciliation_note"].startswith("3月20日")
    assert published.document["reconciliation"]["difference"] == "-50.00"
