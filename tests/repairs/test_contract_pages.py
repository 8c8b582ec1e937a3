"""The committee keeps contractors, contracts and their price lists on these pages, the steward reads them: each
form through its service, each refusal shown on the form with nothing written."""

from decimal import Decimal

import pytest
from django.urls import reverse

from repairs.models import Contractor, CostLine, PriceItem

from .uploads import pdf, text_posing_as

D = Decimal


@pytest.fixture
def as_committee(signed_in, committee):
    return signed_in(committee)


def test_the_list_shows_the_contract_in_force_and_every_contractor(signed_in, steward, contract):
    html = signed_in(steward).get(reverse("repairs:contracts")).content.decode()
    assert contract.title in html and "宁波海曙安居物业维修服务有限公司" in html
    assert reverse("repairs:contract", args=[contract.pk]) in html


def test_the_committee_adds_a_contractor_and_a_repeated_company_is_refused(as_committee, contractor):
    url = reverse("repairs:contractor_create")
    data = {"company": "宁波江北水电安装队", "contact_person": "李强", "phone": "13906740000", "notes": ""}
    assert as_committee.post(url, data).status_code == 302
    assert Contractor.objects.get(company="宁波江北水电安装队").contact_person == "李强"
    response = as_committee.post(url, data)
    assert response.status_code == 200 and Contractor.objects.filter(company="宁波江北水电安装队").count() == 1
    assert response.context["form"].errors


def test_editing_a_contractor_changes_the_contact_but_never_the_company(as_committee, contractor):
    url = reverse("repairs:contractor_edit", args=[contractor.pk])
    form = as_committee.get(url).context["form"]
    assert form.fields["company"].disabled and form.initial["phone"] == "13906741234"
    data = {"company": "别的公司", "contact_person": "王师傅", "phone": "13906749999", "notes": "夜间也可联系"}
    assert as_committee.post(url, data).status_code == 302
    contractor.refresh_from_db()
    assert (contractor.company, contractor.contact_person, contractor.phone, contractor.notes) == (
        "宁波海曙安居物业维修服务有限公司",
        "王师傅",
        "13906749999",
        "夜间也可联系",
    )


ITEM = {
    "code": "PS-02",
    "name": "更换落水管",
    "unit": "米",
    "unit_price": "38.00",
    "reference_price": "40.00",
    "reference_source": "宁波市住房维修参考价（2024）",
}


def test_adding_price_items_one_after_another(as_committee, contract):
    url = reverse("repairs:price_item_add", args=[contract.pk])
    assert as_committee.post(url, {**ITEM, "another": "1"})["Location"] == url  # the form again, for the next item
    response = as_committee.post(url, {**ITEM, "code": "PS-03", "name": "疏通地漏", "unit": "个"})
    assert response["Location"] == reverse("repairs:contract", args=[contract.pk])
    assert list(contract.price_items.order_by("code").values_list("code", "unit_price")) == [
        ("PS-02", D("38.00")),
        ("PS-03", D("38.00")),
    ]


@pytest.mark.parametrize(
    ("field", "value"),
    [("unit_price", "-1"), ("unit_price", "12.345"), ("reference_price", "abc"), ("name", "")],
)
def test_a_bad_price_item_is_refused_on_the_form_and_nothing_is_written(as_committee, contract, field, value):
    response = as_committee.post(reverse("repairs:price_item_add", args=[contract.pk]), {**ITEM, field: value})
    assert response.status_code == 200 and field in response.context["form"].errors
    assert not contract.price_items.exists()


def test_a_price_change_leaves_lines_already_written_at_their_price(as_committee, order_at, lamp):
    order_at("done")  # one lamp at 45.00
    url = reverse("repairs:price_item_edit", args=[lamp.pk])
    assert as_committee.get(url).context["form"].initial["unit_price"] == D("45.00")
    data = {**ITEM, "code": lamp.code, "name": lamp.name, "unit": lamp.unit, "unit_price": "48.00"}
    assert as_committee.post(url, data).status_code == 302
    assert PriceItem.objects.get(pk=lamp.pk).unit_price == D("48.00")
    assert CostLine.objects.get(price_item=lamp).unit_price == D("45.00")


def test_a_contract_document_is_attached_later_and_a_bad_one_refused(as_committee, contract):
    url = reverse("repairs:contract_upload_document", args=[contract.pk])
    refused = as_committee.post(url, {"document": text_posing_as("合同.pdf", "application/pdf")})
    assert refused.status_code == 200 and refused.context["form"].errors
    contract.refresh_from_db()
    assert not contract.document
    assert as_committee.post(url, {"document": pdf()})["Location"] == reverse("repairs:contract", args=[contract.pk])
    document = as_committee.get(reverse("repairs:contract_document", args=[contract.pk]))
    assert document["Content-Type"] == "application/pdf"


def test_the_steward_reads_but_does_not_keep_them(signed_in, steward, contract, contractor, lamp):
    client = signed_in(steward)
    assert client.get(reverse("repairs:contract", args=[contract.pk])).status_code == 200
    for name, args in [
        ("contract_create", []),
        ("contractor_create", []),
        ("contractor_edit", [contractor.pk]),
        ("price_item_add", [contract.pk]),
        ("price_item_edit", [lamp.pk]),
        ("contract_upload_document", [contract.pk]),
    ]:
        assert client.post(reverse(f"repairs:{name}", args=args), {}).status_code == 403, name
