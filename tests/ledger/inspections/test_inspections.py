"""Owners' inspection requests (查账) and public vouchers: the services and the counts."""

import io
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from ledger import services
from ledger.inspections import selectors as inspection_selectors
from ledger.inspections import services as inspections
from ledger.models.inspections import AnswerMethod, InspectionRequest, PublicVoucher
from tests.builders import refusal_params
from trustmgmt.base import uploads
from trustmgmt.base.refusals import codes

D = Decimal


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def photo_with_exif() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x0110] = "Secret Phone 9"  # Model
    exif[0x013B] = "王堃"  # Artist
    Image.new("RGB", (40, 30), (0, 90, 60)).save(buffer, format="JPEG", exif=exif)
    return uploads.checked_voucher(SimpleUploadedFile("IMG_王堃.jpg", buffer.getvalue()))


@pytest.fixture
def spent(steward, plan, funded):
    return services.expenditure_record(
        spent_on=date(2024, 5, 2),
        pool="maintenance",
        payee="五金店",
        amount=D("46.50"),
        description="水龙头",
        voucher=photo_with_exif(),
        recorded_by=steward,
    )


def ask(expenditure, **fields) -> InspectionRequest:
    values = {"flat": "12-2-301", "contact": "13900001111", "question": "想看发票"} | fields
    return inspections.inspection_request_create(expenditure=expenditure, **values)


def test_a_request_is_due_a_week_after_it_was_asked(spent, household):
    asked = ask(spent, asked_at=at(date(2024, 6, 3), 23))
    asked.refresh_from_db()
    assert asked.household == household and asked.contact == "13900001111"
    assert asked.due_by == date(2024, 6, 10)
    assert asked.is_open and asked.reference == f"CZ-{asked.pk:05d}"


def test_the_deadline_follows_the_setting(spent, household, settings):
    settings.INSPECTION_ANSWER_DAYS = 3
    assert ask(spent, asked_at=at(date(2024, 6, 3))).due_by == date(2024, 6, 6)


@pytest.mark.parametrize("flat", ["12 2 301", " 12-2-301 ", "12/2/301", "12#2#301"])
def test_the_flat_may_be_written_as_people_write_it(spent, household, flat):
    assert ask(spent, flat=flat).household == household


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"flat": ""}, "flat_format"),
        ({"flat": "12-2"}, "flat_format"),
        ({"flat": "王堃"}, "flat_format"),
        ({"flat": "12-2-999"}, "flat_not_found"),
        ({"contact": ""}, "contact_required"),
        ({"contact": "   "}, "contact_required"),
        ({"contact": "<script>"}, "contact_invalid"),
        ({"contact": "1" * 61}, "contact_invalid"),
        ({"contact": "139\x000"}, "null_character"),
        ({"question": "长" * 501}, "text_too_long"),
        ({"question": "a\x00b"}, "null_character"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_written(spent, household, fields, code):
    with pytest.raises(ValidationError) as refused:
        ask(spent, **fields)
    assert codes(refused.value) == [code]
    assert InspectionRequest.objects.count() == 0


def test_the_unknown_flat_message_names_no_owner(spent, household, vacant_household):
    with pytest.raises(ValidationError) as refused:
        ask(spent, flat="12-2-303")
    assert codes(refused.value) == ["flat_not_found"]
    assert refusal_params(refused.value) == [{"flat": "12-2-303"}]  # the flat as typed, and nothing of its owner


def test_only_disclosed_spending_can_be_inspected(steward, household):
    pending = services.expenditure_record(
        spent_on=date(2024, 5, 2),
        pool="maintenance",
        payee="x",
        amount=D("900.00"),
        description="y",
        recorded_by=steward,
    )
    with pytest.raises(ValidationError) as refused:
        ask(pending)
    assert codes(refused.value) == ["not_disclosed"]
    assert InspectionRequest.objects.count() == 0


def test_the_steward_answers_once(spent, household, steward, committee):
    asked = ask(spent)
    inspections.inspection_request_answer(
        request=asked, by=steward, answer="在服务室出示了原件", method=AnswerMethod.SHOWN_AT_DESK
    )
    asked.refresh_from_db()
    assert asked.answered_by == steward and asked.answered_at and asked.method == "desk"
    with pytest.raises(ValidationError) as refused:
        inspections.inspection_request_answer(request=asked, by=committee, answer="again", method="copy")
    assert codes(refused.value) == ["already_answered"]
    asked.refresh_from_db()
    assert asked.answered_by == steward and asked.answer == "在服务室出示了原件"


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"answer": "  ", "method": "desk"}, "answer_required"),
        ({"answer": "x" * 1001, "method": "desk"}, "text_too_long"),
        ({"answer": "ok", "method": "fax"}, "method_invalid"),
        ({"answer": "ok", "method": ""}, "method_invalid"),
        ({"answer": "ok", "method": "public"}, "not_public_yet"),
    ],
)
def test_a_bad_answer_is_refused_and_the_request_stays_open(spent, household, steward, fields, code):
    asked = ask(spent)
    with pytest.raises(ValidationError) as refused:
        inspections.inspection_request_answer(request=asked, by=steward, **fields)
    assert codes(refused.value) == [code]
    asked.refresh_from_db()
    assert asked.is_open and asked.answer == ""


def test_an_outsider_cannot_answer(spent, household, outsider):
    asked = ask(spent)
    with pytest.raises(ValidationError) as refused:
        inspections.inspection_request_answer(request=asked, by=outsider, answer="ok", method="desk")
    assert codes(refused.value) == ["cannot_answer"]
    asked.refresh_from_db()
    assert asked.is_open


def test_the_counts_say_how_many_and_how_fast_but_not_who(spent, household, steward, django_assert_num_queries):
    def answer(asked, day):
        inspections.inspection_request_answer(
            request=asked, by=steward, answer="ok", method="desk", answered_at=at(day)
        )

    answer(ask(spent, asked_at=at(date(2024, 6, 1))), date(2024, 6, 3))  # 2 days, on time
    answer(ask(spent, asked_at=at(date(2024, 6, 1))), date(2024, 6, 8))  # 7 days, on the last day
    answer(ask(spent, asked_at=at(date(2024, 6, 1))), date(2024, 6, 12))  # 11 days, late
    ask(spent, asked_at=at(date(2024, 6, 20)))  # open, due 6-27
    ask(spent, asked_at=at(date(2024, 6, 10)))  # open, due 6-17: overdue on 6-25
    with django_assert_num_queries(1):
        counts = inspection_selectors.counts(today=date(2024, 6, 25))
    assert counts == inspection_selectors.Counts(
        asked=5, answered=3, on_time=2, open=2, overdue=1, average_days=D("6.7"), answer_days=7
    )
    assert inspection_selectors.counts(month=date(2024, 5, 1), today=date(2024, 6, 25)).asked == 5
    assert inspection_selectors.counts(month=date(2024, 4, 1)).asked == 0


def test_no_requests_count_as_nothing(db):
    assert inspection_selectors.counts() == inspection_selectors.Counts(average_days=None)


def test_the_committee_makes_a_voucher_public_without_its_exif(spent, committee):
    original = Image.open(spent.voucher.open("rb"))
    assert original.getexif().get(0x0110) == "Secret Phone 9"
    voucher = inspections.voucher_make_public(expenditure=spent, by=committee)
    voucher.refresh_from_db()
    assert voucher.public and voucher.changed_by == committee
    with voucher.file.open("rb") as handle:
        copy = Image.open(io.BytesIO(handle.read()))
        assert copy.format == "JPEG" and copy.size == (40, 30)
        assert not copy.getexif() and "exif" not in copy.info
    assert "王堃" not in voucher.file.name and voucher.file.name != spent.voucher.name
    assert inspection_selectors.is_public(spent.pk)


def test_a_withdrawn_voucher_is_no_longer_public(spent, committee):
    inspections.voucher_make_public(expenditure=spent, by=committee)
    inspections.voucher_withdraw(expenditure=spent, by=committee)
    voucher = PublicVoucher.objects.get(expenditure=spent)
    assert not voucher.public and not voucher.file and not inspection_selectors.is_public(spent.pk)
    with pytest.raises(ValidationError) as refused:
        inspections.voucher_withdraw(expenditure=spent, by=committee)
    assert codes(refused.value) == ["not_public"]
    inspections.voucher_make_public(expenditure=spent, by=committee)  # and public again
    assert inspection_selectors.is_public(spent.pk)


def test_only_the_committee_makes_vouchers_public(spent, steward):
    with pytest.raises(ValidationError) as refused:
        inspections.voucher_make_public(expenditure=spent, by=steward)
    assert codes(refused.value) == ["cannot_publish"]
    assert not PublicVoucher.objects.exists()


def test_there_must_be_a_posted_voucher(steward, committee, plan, funded):
    bare = services.expenditure_record(
        spent_on=date(2024, 5, 2), pool="garbage", payee="x", amount=D("1.00"), description="y", recorded_by=steward
    )
    with pytest.raises(ValidationError) as refused:
        inspections.voucher_make_public(expenditure=bare, by=committee)
    assert codes(refused.value) == ["no_voucher"]
    pending = services.expenditure_record(
        spent_on=date(2024, 5, 2),
        pool="garbage",
        payee="x",
        amount=D("900.00"),
        description="y",
        voucher=photo_with_exif(),
        recorded_by=steward,
    )
    with pytest.raises(ValidationError) as refused:
        inspections.voucher_make_public(expenditure=pending, by=committee)
    assert codes(refused.value) == ["not_posted"]
    assert not PublicVoucher.objects.exists()


def test_an_answer_may_point_to_the_public_voucher(spent, household, steward, committee):
    asked = ask(spent)
    inspections.voucher_make_public(expenditure=spent, by=committee)
    inspections.inspection_request_answer(request=asked, by=steward, answer="已公开", method=AnswerMethod.MADE_PUBLIC)
    asked.refresh_from_db()
    assert asked.method == "public" and asked.due_by - timezone.localdate(asked.asked_at) == timedelta(days=7)
