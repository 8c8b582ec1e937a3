"""On PostgreSQL: a preview confirmed twice at once is written once; a confirm racing the desk is written whole
or refused as stale, never half, and the receipt numbers stay gap-free."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from ledger import journal, services
from ledger.imports import services as imports
from ledger.models import ImportStatus, LedgerImport, Payment
from tests.builders import together
from trustmgmt.base.refusals import codes

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")


def payments_file(flats) -> SimpleUploadedFile:
    rows = ["household,fee_year,paid_on,amount,method,receipt_no"]
    rows += [f"{flat.label},2024,2024-01-15,200,cash," for flat in flats]
    return SimpleUploadedFile("payments.csv", ("\n".join(rows) + "\n").encode())


@pytest.fixture(autouse=True)
def _no_files_left_over(transactional_db):
    yield
    for upload in LedgerImport.objects.exclude(file=""):
        upload.file.delete(save=False)


@pytest.fixture
def flats(transactional_db):
    services.fee_plan_create(year=2024)
    return [
        services.household_create(building=1, unit=1, room=101 + i, owner_name=f"户{i}", occupancy="occupied")
        for i in range(40)
    ]


def test_a_preview_confirmed_twice_at_once_is_written_once(flats, steward):
    upload = imports.import_preview(kind="payments", upload=payments_file(flats), by=steward)
    outcomes = together(*[lambda: imports.import_confirm(upload=upload, by=steward)] * 2)
    refused = [outcome for outcome in outcomes if isinstance(outcome, ValidationError)]
    assert len(refused) == 1 and codes(refused[0]) == ["not_previewed"]
    assert Payment.objects.count() == 40
    assert LedgerImport.objects.get().status == ImportStatus.CONFIRMED


def test_a_confirm_racing_the_desk_is_written_whole_or_refused_as_stale(flats, steward, committee):
    upload = imports.import_preview(kind="payments", upload=payments_file(flats[:30]), by=steward)

    def desk():
        for flat in flats[30:]:
            services.payment_record(
                household=flat,
                fee_plan=flat.dues.get().fee_plan,
                amount=Decimal("200.00"),
                method="cash",
                paid_on=date(2024, 3, 1),
                recorded_by=committee,
            )

    confirmed, desk_result = together(lambda: imports.import_confirm(upload=upload, by=steward), desk)
    assert desk_result is None
    imported = Payment.objects.filter(recorded_by=steward).count()
    if isinstance(confirmed, ValidationError):
        assert codes(confirmed) == ["preview_stale"] and imported == 0
    else:
        assert imported == 30
    numbers = sorted(Payment.objects.values_list("receipt_number", flat=True))
    assert numbers == list(range(1, len(numbers) + 1))
    assert journal.verify()[1] is None
