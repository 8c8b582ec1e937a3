"""红冲 from the pages: a reason is required, the original stays, and the reversal shows beside it."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from ledger import figures, services
from ledger.models import Entry, Expenditure, Kind, Payment

D = Decimal


@pytest.fixture
def expenditure(steward, plan, funded):
    return services.expenditure_record(
        spent_on=date(2024, 3, 8),
        pool="electricity",
        payee="国网宁波供电公司",
        amount=D("180.00"),
        description="楼道照明电费",
        recorded_by=steward,
    )


def payment_reverse_url(payment):
    return reverse("ledger:payment_reverse", args=[payment])


def expenditure_reverse_url(expenditure):
    return reverse("ledger:expenditure_reverse", args=[expenditure.pk])


def test_anonymous_visitors_are_sent_to_log_in(client, payment, expenditure):
    for url in (payment_reverse_url(payment), expenditure_reverse_url(expenditure)):
        assert client.post(url, {"reason": "x"})["Location"].startswith(reverse("login"))
    assert Entry.objects.filter(reverses__isnull=False).count() == 0


def test_an_outsider_is_refused(signed_in, outsider, payment, expenditure):
    client = signed_in(outsider)
    assert client.post(payment_reverse_url(payment), {"reason": "x"}).status_code == 403
    assert client.post(expenditure_reverse_url(expenditure), {"reason": "x"}).status_code == 403
    assert Entry.objects.filter(reverses__isnull=False).count() == 0


def test_the_committee_may_not_reverse_a_payment(signed_in, committee, payment):
    assert signed_in(committee).post(payment_reverse_url(payment), {"reason": "x"}).status_code == 403
    assert not Entry.objects.filter(kind=Kind.PAYMENT_REVERSAL).exists()


def test_the_steward_reverses_a_payment_with_a_reason(signed_in, steward, household, plan, payment):
    client = signed_in(steward)
    assert client.get(payment_reverse_url(payment)).status_code == 200
    response = client.post(payment_reverse_url(payment), {"reason": "  收错户了  "})
    assert response["Location"] == reverse("ledger:payment", args=[payment])
    reversal = Entry.objects.get(kind=Kind.PAYMENT_REVERSAL)
    assert (reversal.amount, reversal.memo, reversal.created_by) == (D("-200.00"), "收错户了", steward)
    assert Payment.objects.filter(pk=payment.pk).exists(), "the original stays"
    assert figures.year_status(household, plan).outstanding_total == D("200.00")
    page = client.get(response["Location"]).content.decode()
    assert "REVERSED" in page and "收错户了" in page and "2024-000001" in page
    listing = client.get(reverse("ledger:payments")).content.decode()
    assert '<tr class="reversed' in listing and 'badge-bad">Reversed' in listing


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_reason_is_required(signed_in, steward, payment, reason):
    response = signed_in(steward).post(payment_reverse_url(payment), {"reason": reason})
    assert response.status_code == 200 and "reason" in response.context["form"].errors
    assert not Entry.objects.filter(kind=Kind.PAYMENT_REVERSAL).exists()


def test_a_reason_over_300_characters_is_refused(signed_in, steward, payment):
    response = signed_in(steward).post(payment_reverse_url(payment), {"reason": "错" * 301})
    assert "reason" in response.context["form"].errors
    assert not Entry.objects.filter(kind=Kind.PAYMENT_REVERSAL).exists()


def test_a_payment_is_reversed_once(signed_in, steward, payment):
    client = signed_in(steward)
    client.post(payment_reverse_url(payment), {"reason": "收错户了"})
    response = client.post(payment_reverse_url(payment), {"reason": "again"})
    assert "This payment has already been reversed." in response.content.decode()
    assert Entry.objects.filter(kind=Kind.PAYMENT_REVERSAL).count() == 1


@pytest.mark.parametrize("user", ["steward", "committee"])
def test_steward_and_committee_reverse_an_expenditure(signed_in, request, expenditure, user):
    client = signed_in(request.getfixturevalue(user))
    response = client.post(expenditure_reverse_url(expenditure), {"reason": "发票作废，重开"})
    assert response["Location"] == reverse("ledger:expenditure", args=[expenditure.pk])
    reversal = Entry.objects.get(kind=Kind.EXPENDITURE_REVERSAL)
    assert (reversal.electricity, reversal.memo) == (D("180.00"), "发票作废，重开")
    assert Expenditure.objects.filter(pk=expenditure.pk).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Reversed" in page and "发票作废，重开" in page and "Reverse this expenditure" not in page


def test_a_pending_expenditure_cannot_be_reversed(signed_in, steward, plan):
    pending = services.expenditure_record(
        spent_on=date(2024, 3, 8),
        pool="maintenance",
        payee="五金店",
        amount=D("800.00"),
        description="水泵",
        recorded_by=steward,
    )
    response = signed_in(steward).post(expenditure_reverse_url(pending), {"reason": "x"})
    assert "Only a posted payment or expenditure can be reversed." in response.content.decode()
    assert not Entry.objects.filter(kind=Kind.EXPENDITURE_REVERSAL).exists()
