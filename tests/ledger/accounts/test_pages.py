"""The staff pages for accounts: who may see them, and each form through its service."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from ledger.accounts import services as accounts
from ledger.models import DayClose, PoolAdvance, StatementLine, Transfer
from tests.builders import pay
from tests.pdfs import pdf_text

D = Decimal
pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.mark.parametrize(
    "name,args",
    [
        ("ledger:accounts", []),
        ("ledger:day_close", []),
        ("ledger:deposit", []),
        ("ledger:settlement", []),
        ("ledger:statement_upload", []),
        ("ledger:advance", []),
        ("ledger:reconciliation", ["2024", "03"]),
    ],
)
def test_outsiders_are_refused(name, args, signed_in, outsider):
    assert signed_in(outsider).get(reverse(name, args=args)).status_code == 403


def test_the_accounts_page_and_reconciliation_render(signed_in, committee):
    client = signed_in(committee)
    assert "管家现金箱" in client.get(reverse("ledger:accounts")).content.decode()
    page = client.get(reverse("ledger:reconciliation", args=["2024", "03"]))
    assert page.status_code == 200
    assert b"Difference" in page.content


def test_the_steward_closes_the_day_and_prints_the_slip(signed_in, steward, household, plan, today):
    pay(household, plan, steward, "200.00", paid_on=today)
    client = signed_in(steward)
    response = client.post(reverse("ledger:day_close"), {"counted": "190", "reason": "少了十元"})
    assert response.status_code == 302
    close = DayClose.objects.get()
    assert (close.expected, close.difference) == (D("200.00"), D("-10.00"))
    slip = client.get(reverse("documents:day_close_slip", args=[today.isoformat()]))
    assert slip["Content-Type"] == "application/pdf"
    text = pdf_text(slip.content)
    assert "12-2-301" in text and "190.00" in text
    again = client.post(reverse("ledger:day_close"), {"counted": "200", "reason": "复点，夹在收据本里"})
    assert again.status_code == 302
    assert DayClose.objects.get(corrects=close).difference == 0


def test_a_deposit_above_the_cash_box_is_shown_on_the_form(signed_in, steward, household, plan, today, bank):
    pay(household, plan, steward, "200.00", paid_on=today)
    client = signed_in(steward)
    response = client.post(
        reverse("ledger:deposit"), {"amount": "300", "deposited_on": today.isoformat(), "bank": bank.pk}
    )
    assert response.status_code == 200 and Transfer.objects.count() == 0
    response = client.post(
        reverse("ledger:deposit"), {"amount": "200", "deposited_on": today.isoformat(), "bank": bank.pk}
    )
    assert response.status_code == 302 and Transfer.objects.count() == 1


def test_the_committee_uploads_a_statement_and_sees_bad_lines(signed_in, committee, steward, bank):
    client = signed_in(committee)
    header = "交易日期,借方发生额,贷方发生额,余额,对方户名,摘要,流水号\n"
    bad = (header + "2024-03-05,,140.00,150.00,,物业费,A1\n2024-03-06,,10.00,99.00,,x,A2\n").encode("gbk")
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = client.post(
        reverse("ledger:statement_upload"), {"account": bank.pk, "file": SimpleUploadedFile("s.csv", bad)}
    )
    assert page.status_code == 200 and "line 3" in page.content.decode() and StatementLine.objects.count() == 0
    good = (header + "2024-03-05,,140.00,140.00,,物业费,A1\n").encode()
    page = client.post(
        reverse("ledger:statement_upload"), {"account": bank.pk, "file": SimpleUploadedFile("s.csv", good)}
    )
    assert page.status_code == 302 and StatementLine.objects.count() == 1
    assert signed_in(steward).get(reverse("ledger:statement_upload")).status_code == 403


def test_the_committee_approves_an_advance(signed_in, committee, steward, household, plan, today):
    pay(household, plan, steward, "200.00", paid_on=today)
    client = signed_in(committee)
    data = {
        "from_pool": "maintenance",
        "to_pool": "electricity",
        "amount": "20",
        "value_date": today.isoformat(),
        "reason": "电费超支",
    }
    assert client.post(reverse("ledger:advance"), data).status_code == 302
    assert PoolAdvance.objects.get().amount == D("20.00")
    assert signed_in(steward).get(reverse("ledger:advance")).status_code == 403


def test_the_dashboard_shows_cash_differences(signed_in, committee, steward, household, plan, cash_box, today):
    pay(household, plan, steward, "200.00", paid_on=today)
    accounts.day_close(account=cash_box, day=today, counted=D("150.00"), reason="短款五十元", by=steward)
    page = signed_in(committee).get(reverse("ledger:dashboard")).content.decode()
    assert "短款五十元" in page and "-50.00" in page


def test_booking_a_fee_line_from_the_accounts_page(signed_in, steward, committee, household, plan, bank, tmp_path):
    pay(household, plan, steward, "200.00", paid_on=date(2024, 3, 5), method="bank")
    path = tmp_path / "s.csv"
    path.write_text("交易日期,借方发生额,贷方发生额,余额,对方户名,摘要,流水号\n2024-03-09,2.00,,98.00,,手续费,F1\n")
    StatementLine  # noqa: B018
    accounts.statement_import(account=bank, path=path, by=committee)
    line = StatementLine.objects.get()
    response = signed_in(steward).post(reverse("ledger:line_action", args=[line.pk, "fee"]), {"pool": "maintenance"})
    assert response.status_code == 302
    assert line.match.movement.amount == D("-2.00")


def test_spending_paid_from_the_cash_box(signed_in, steward, household, plan, cash_box, today):
    pay(household, plan, steward, "200.00", paid_on=today)
    data = {
        "spent_on": today.isoformat(),
        "pool": "maintenance",
        "payee": "五金店",
        "amount": "12.50",
        "description": "灯泡",
        "paid_from": cash_box.pk,
    }
    assert signed_in(steward).post(reverse("ledger:expenditure_new"), data).status_code == 302
    from ledger.models import Movement

    assert Movement.objects.get(entry__expenditure__payee="五金店").account == cash_box


def test_a_line_matched_by_hand(steward, committee, household, plan, bank, tmp_path):
    from django.core.exceptions import ValidationError

    from ledger.models import Match, Movement
    from trustmgmt.base.refusals import codes

    pay(household, plan, steward, "200.00", paid_on=date(2024, 3, 1), method="bank")
    path = tmp_path / "s.csv"
    path.write_text("交易日期,借方发生额,贷方发生额,余额,对方户名,摘要,流水号\n2024-03-25,,200.00,200.00,,转账,M1\n")
    accounts.statement_import(account=bank, path=path, by=committee)  # 24 days later: too far to match
    line, movement = StatementLine.objects.get(), Movement.objects.get()
    assert not Match.objects.exists()
    accounts.match_make(line=line, movement=movement, by=steward)
    assert Match.objects.get().confirmed
    with pytest.raises(ValidationError) as error:
        accounts.match_make(line=line, movement=movement, by=steward)
    assert codes(error.value) == ["line_already_matched"]


def test_the_admin_sets_where_payments_land(client, admin_user, bank):
    client.force_login(admin_user)  # the account's id, not 1: after another test's flush the accounts are made again
    assert client.get(f"/admin/ledger/account/{bank.pk}/change/").status_code == 200
    assert client.get("/admin/ledger/dayclose/").status_code == 200


def test_a_transfer_not_in_the_books_says_to_record_it_at_the_desk(signed_in, steward, committee, bank, tmp_path):
    """An owner's fee paid straight into the bank is a payment, not interest: the page says where it is recorded."""
    path = tmp_path / "s.csv"
    path.write_text(
        "交易日期,借方发生额,贷方发生额,余额,对方户名,摘要,流水号\n2024-03-09,,200.00,300.00,陈建华,3-1-502 物业费,T1\n"
    )
    accounts.statement_import(account=bank, path=path, by=committee)
    page = signed_in(committee, language="zh-hans").get(reverse("ledger:accounts")).content.decode()
    assert '请在<a href="/ledger/desk/">收费台</a>登记，付款方式选“银行转账”' in page
    assert "记为利息收入" in page


def test_with_every_line_in_the_books_the_page_says_nothing_of_the_desk(signed_in, committee, bank):
    page = signed_in(committee, language="zh-hans").get(reverse("ledger:accounts")).content.decode()
    assert "收费台</a>登记" not in page
