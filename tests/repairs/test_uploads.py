"""Photos and contract documents are checked by content and size; a refused file writes nothing."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from repairs import services
from repairs.models import Contract, Photo, WorkOrder
from tests.builders import refusal_params, report
from trustmgmt.base.refusals import codes

from .uploads import huge, pdf, photo, text_posing_as


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_a_reported_fault_keeps_its_photos_under_random_names(steward, tmp_path):
    order = report(steward, photos=[photo(), photo("门禁.png", fmt="PNG")])
    names = [p.image.name for p in order.photos.all()]
    assert len(names) == 2 and names[0].endswith(".jpg") and names[1].endswith(".png")
    assert "楼道灯" not in names[0]  # a phone's file name never reaches the disk
    assert all((tmp_path / name).exists() for name in names)


def test_a_photo_can_be_added_later(order_at, steward):
    order = order_at("done")
    services.photo_add(order=order, image=photo("完工.jpg"), by=steward)
    assert order.photos.count() == 1


@pytest.mark.parametrize(
    "upload",
    [
        text_posing_as("照片.jpg", "image/jpeg"),
        pdf("照片.jpg"),
        text_posing_as("照片.png", "image/png"),
    ],
    ids=["text-named-jpg", "pdf-named-jpg", "text-named-png"],
)
def test_a_file_that_is_not_an_image_is_refused_and_no_order_is_written(steward, upload):
    with pytest.raises(ValidationError) as refused:
        report(steward, photos=[photo(), upload])
    assert codes(refused.value) == ["not_an_image"]
    assert WorkOrder.objects.count() == 0 and Photo.objects.count() == 0


def test_a_huge_photo_is_refused_with_its_size_and_the_limit(steward):
    with pytest.raises(ValidationError) as refused:
        report(steward, photos=[huge("大.jpg", 9)])
    assert codes(refused.value) == ["too_large"]
    assert refusal_params(refused.value) == [{"name": "大.jpg", "size": "9.0", "limit": 8}]
    assert WorkOrder.objects.count() == 0


def test_an_empty_file_is_refused(steward):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ValidationError) as refused:
        report(steward, photos=[SimpleUploadedFile("空.jpg", b"", content_type="image/jpeg")])
    assert codes(refused.value) == ["empty"]


def test_an_enormous_image_is_refused_as_not_a_photo(steward):
    """A small file that decompresses to a giant picture (a decompression bomb)."""
    with pytest.raises(ValidationError) as refused:
        report(steward, photos=[photo("炸弹.png", size=(10_000, 6_000), fmt="PNG")])
    assert codes(refused.value) == ["not_an_image"]


def test_photos_cannot_be_added_to_a_settled_order(order_at, steward):
    order = order_at("settled")
    with pytest.raises(ValidationError) as refused:
        services.photo_add(order=order, image=photo(), by=steward)
    assert codes(refused.value) == ["photos_frozen"]


def _contract(contractor, committee, document):
    return services.contract_create(
        contractor=contractor,
        title="2024年合同",
        signed_on=date(2024, 3, 1),
        starts_on=date(2024, 3, 1),
        votes_for=40,
        votes_against=2,
        households=50,
        created_by=committee,
        document=document,
    )


@pytest.mark.parametrize("document", [pdf(), photo("合同扫描.jpg")], ids=["pdf", "scan"])
def test_the_contract_document_may_be_a_pdf_or_a_scan(contractor, committee, document):
    contract = _contract(contractor, committee, document)
    assert contract.document.name.startswith("contracts/2")


def test_a_contract_document_that_is_neither_is_refused(contractor, committee):
    with pytest.raises(ValidationError) as refused:
        _contract(contractor, committee, text_posing_as("合同.pdf", "application/pdf"))
    assert codes(refused.value) == ["not_a_document"]
    assert Contract.objects.count() == 0


def test_a_huge_contract_document_is_refused(contractor, committee):
    with pytest.raises(ValidationError) as refused:
        _contract(contractor, committee, huge("合同.pdf", 16))
    assert codes(refused.value) == ["too_large"]
    assert refusal_params(refused.value)[0]["limit"] == 15
    assert Contract.objects.count() == 0
