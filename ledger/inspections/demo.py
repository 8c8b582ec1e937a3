"""The demo's vouchers and owners' inspection requests (查账): some answered in time, one late, one open."""

import io
from datetime import date, datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from ledger.inspections import selectors as inspection_selectors
from ledger.inspections import services as inspections
from ledger.models import Expenditure, Household, Kind
from ledger.models.inspections import AnswerMethod, InspectionRequest
from trustmgmt.base import uploads

VOUCHER_MONTHS = 3  # the electricity bills of the last few months come with a photo of the invoice
# (asked days ago, answered days after asking or None, how, what was said)
REQUESTS = [
    (75, 2, AnswerMethod.SHOWN_AT_DESK, "业主到服务室查看了发票原件，金额一致。"),
    (60, 5, AnswerMethod.COPY_SENT, "已通过微信发送发票照片。"),
    (45, 11, AnswerMethod.SHOWN_AT_DESK, "管家外出学习，回来后在服务室出示了发票原件。"),
    (30, 1, AnswerMethod.MADE_PUBLIC, "发票已由业委会在公示页公开。"),
    (2, None, None, ""),
]


def voucher_image(description: str, amount, day: date) -> SimpleUploadedFile:
    """A photo of an invoice, as a phone takes it: with EXIF naming the phone (the public copy drops it)."""
    image = Image.new("RGB", (480, 300), (250, 248, 240))
    draw = ImageDraw.Draw(image)
    draw.rectangle((10, 10, 470, 290), outline=(160, 40, 40), width=3)
    for row, text in enumerate(["INVOICE (demo)", f"Date: {day.isoformat()}", f"Amount: {amount} CNY", "Paid"]):
        draw.text((30, 30 + row * 50), text, fill=(40, 40, 40))
    exif = Image.Exif()
    exif[0x0110] = "Demo Phone X"  # Model
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80, exif=exif)
    return uploads.checked_voucher(SimpleUploadedFile(f"{description}.jpg", buffer.getvalue()))


def wants_voucher(month: date, today: date) -> bool:
    months_back = (today.year - month.year) * 12 + today.month - month.month
    return 1 <= months_back <= VOUCHER_MONTHS


def build(*, committee, steward, today: date | None = None) -> None:
    """Two vouchers made public and the requests above. Does nothing if there are requests already."""
    if InspectionRequest.objects.exists():
        return
    today = today or timezone.localdate()
    disclosed = Expenditure.objects.for_public_display().filter(entries__kind=Kind.EXPENDITURE)
    for expenditure in disclosed.exclude(voucher="").order_by("-spent_on", "-id")[:2]:
        inspections.voucher_make_public(expenditure=expenditure, by=committee)
    households = list(Household.objects.order_by("id")[: len(REQUESTS)])
    for index, (days_ago, answer_days, method, answer) in enumerate(REQUESTS):
        asked_on = today - timedelta(days=days_ago)
        expenditure = (
            disclosed.filter(spent_on__lte=asked_on).exclude(voucher="").order_by("-spent_on").first()
            if method == AnswerMethod.MADE_PUBLIC
            else disclosed.filter(spent_on__lte=asked_on).order_by("-spent_on", "-id").first()
        )
        if expenditure is None or index >= len(households):
            continue
        if method == AnswerMethod.MADE_PUBLIC and not inspection_selectors.is_public(expenditure.pk):
            method = AnswerMethod.SHOWN_AT_DESK
        asked = inspections.inspection_request_create(
            expenditure=expenditure,
            flat=households[index].label,
            contact=f"wx_demo_{index + 1:02d}",
            question="想看一下这笔支出的发票。",
            asked_at=timezone.make_aware(datetime.combine(asked_on, time(19, 30))),
        )
        if answer_days is not None:
            inspections.inspection_request_answer(
                request=asked,
                by=steward,
                answer=answer,
                method=method,
                answered_at=timezone.make_aware(datetime.combine(asked_on + timedelta(days=answer_days), time(10))),
            )
