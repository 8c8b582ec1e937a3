"""A public voucher's file is deleted only once the change commits: a rollback keeps it."""

import io
from datetime import date
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image

from ledger import services
from ledger.inspections import services as inspections
from ledger.models import PublicVoucher


@pytest.fixture
def spent(steward, plan, funded):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 200, 200)).save(buffer, "JPEG")
    return services.expenditure_record(
        spent_on=date(2024, 5, 2), pool="maintenance", payee="五金店", amount=D("46.50"), description="水龙头",
        voucher=SimpleUploadedFile("发票.jpg", buffer.getvalue()), recorded_by=steward,
    )  # fmt: skip


class Rollback(Exception):
    pass


def test_a_withdrawal_that_rolls_back_keeps_the_file(spent, committee, django_capture_on_commit_callbacks):
    voucher = inspections.voucher_make_public(expenditure=spent, by=committee)
    storage, name = voucher.file.storage, voucher.file.name
    with pytest.raises(Rollback), transaction.atomic():
        inspections.voucher_withdraw(expenditure=spent, by=committee)
        raise Rollback
    assert storage.exists(name)
    assert PublicVoucher.objects.get(expenditure=spent).public


def test_a_withdrawal_deletes_the_file_once_it_commits(spent, committee, django_capture_on_commit_callbacks):
    voucher = inspections.voucher_make_public(expenditure=spent, by=committee)
    storage, name = voucher.file.storage, voucher.file.name
    with django_capture_on_commit_callbacks(execute=True):
        inspections.voucher_withdraw(expenditure=spent, by=committee)
        assert storage.exists(name)  # not yet: the transaction has not committed
    assert not storage.exists(name)
