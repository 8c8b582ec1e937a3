"""The demo's vouchers and owners' inspection requests (查账): some answered in time, one late, one open."""

import io
from datetime import date, time, timedelta
from decimal import Decimal
from functools import cache

from django.contrib.staticfiles import finders
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw, ImageFont

from ledger.inspections import selectors as inspection_selectors
from ledger.inspections import services as inspections
from ledger.models import Expenditure, Household, Kind
from ledger.models.inspections import AnswerMethod, InspectionRequest
from ledger.receipts import amount_in_words
from trustmgmt.base import clock, uploads

VOUCHER_MONTHS = 3  # the electricity bills of the last few months come with a photo of the invoice
# (asked days ago, answered days after asking or None, how, what was said)
REQUESTS = [
    (75, 2, AnswerMethod.SHOWN_AT_DESK, "业主到服务室查看了发票原件，金额一致。"),
    (60, 5, AnswerMethod.COPY_SENT, "已通过微信发送发票照片。"),
    (45, 11, AnswerMethod.SHOWN_AT_DESK, "管家外出学习，回来后在服务室出示了发票原件。"),
    (30, 1, AnswerMethod.MADE_PUBLIC, "发票已由业委会在公示页公开。"),
    (2, None, None, ""),
]


BUYER = "游河小区业主委员会"
INK = (122, 62, 38)  # the brown-red of a printed invoice form
SEAL = (214, 40, 40)
TEXT = (30, 30, 40)


@cache
def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "fonts/TrustSans-Bold.otf" if bold else "fonts/TrustSans-Regular.otf"
    return ImageFont.truetype(finders.find(name), size, layout_engine=ImageFont.Layout.BASIC)


def _seal(draw: ImageDraw.ImageDraw, centre: tuple[int, int], size: tuple[int, int], lines: list[str]) -> None:
    """A red oval stamp: a double rim and three lines of words, the middle one large, as a seal prints."""
    (x, y), (w, h) = centre, size
    draw.ellipse((x - w, y - h, x + w, y + h), outline=SEAL, width=4)
    draw.ellipse((x - w + 6, y - h + 6, x + w - 6, y + h - 6), outline=SEAL, width=1)
    for offset, size_px, text in zip((-0.48, 0.0, 0.5), (12, 17, 12), lines, strict=True):
        draw.text((x, y + offset * h), text, fill=SEAL, font=_font(size_px, bold=True), anchor="mm")


def voucher_image(description: str, amount, day: date, payee: str = "", number: int = 0) -> SimpleUploadedFile:
    """A phone's photo of the payee's invoice (增值税普通发票): the form's title and seal, buyer and seller,
    the item, the amount in figures and in capitals (大写), the seller's invoice seal, and EXIF naming the
    phone (the public copy drops it). The title and the seal sit in the middle, where a square thumbnail
    crops it."""
    amount = Decimal(amount)
    payee = payee or "宁波市服务有限公司"
    width, height = 720, 460
    image = Image.new("RGB", (width, height), (250, 247, 236))
    draw = ImageDraw.Draw(image)
    draw.rectangle((14, 14, width - 14, height - 14), outline=INK, width=2)
    # The form's seal (监制章) above its title, in the middle.
    _seal(draw, (width // 2, 70), (96, 48), ["国家税务总局", "全国统一发票监制章", "浙江省税务局"])
    draw.text((width // 2, 140), "浙江增值税普通发票", fill=INK, font=_font(30, bold=True), anchor="mm")
    draw.line((width // 2 - 150, 162, width // 2 + 150, 162), fill=INK, width=2)
    draw.line((width // 2 - 150, 167, width // 2 + 150, 167), fill=INK, width=1)
    small = _font(15)
    draw.text((width - 30, 40), f"发票号码：{33020000 + number:08d}", fill=INK, font=small, anchor="ra")
    draw.text(
        (width - 30, 64), f"开票日期：{day.year}年{day.month:02d}月{day.day:02d}日", fill=INK, font=small, anchor="ra"
    )
    # Buyer, the item, the totals, the seller: ruled like the form.
    top, left, right = 186, 30, width - 30
    rows = [top, top + 34, top + 68, top + 108, top + 146, top + 184, top + 232]
    for y in rows:
        draw.line((left, y, right, y), fill=INK, width=1)
    for x in (left, right):
        draw.line((x, rows[0], x, rows[-1]), fill=INK, width=1)
    columns = (left + 380, left + 470)
    for x in columns:
        draw.line((x, rows[1], x, rows[3]), fill=INK, width=1)
    label, text = _font(15), _font(17)
    draw.text((left + 10, rows[0] + 8), "购买方名称：", fill=INK, font=label)
    draw.text((left + 110, rows[0] + 6), BUYER, fill=TEXT, font=text)
    for x0, x1, heading in (
        (left, columns[0], "项目名称"),
        (columns[0], columns[1], "数量"),
        (columns[1], right, "金额"),
    ):
        draw.text(((x0 + x1) // 2, rows[1] + 17), heading, fill=INK, font=label, anchor="mm")
    item = description if len(description) <= 22 else description[:21] + "…"
    draw.text((left + 10, rows[2] + 20), item, fill=TEXT, font=text, anchor="lm")
    draw.text(((columns[0] + columns[1]) // 2, rows[2] + 20), "1", fill=TEXT, font=text, anchor="mm")
    draw.text((right - 10, rows[2] + 20), f"{amount:,.2f}", fill=TEXT, font=text, anchor="rm")
    draw.text((left + 10, rows[3] + 19), "价税合计（大写）", fill=INK, font=label, anchor="lm")
    draw.text((left + 150, rows[3] + 19), f"⊗{amount_in_words(amount)}", fill=TEXT, font=text, anchor="lm")
    draw.text((right - 10, rows[3] + 19), f"（小写）¥{amount:,.2f}", fill=TEXT, font=text, anchor="rm")
    draw.text((left + 10, rows[4] + 19), "销售方名称：", fill=INK, font=label, anchor="lm")
    draw.text((left + 110, rows[4] + 19), payee, fill=TEXT, font=text, anchor="lm")
    draw.text((left + 10, rows[5] + 24), "备注：已付讫", fill=INK, font=label, anchor="lm")
    # The seller's invoice seal (发票专用章), stamped a little askew over the last rows.
    stamp = Image.new("RGBA", (240, 150), (0, 0, 0, 0))
    _seal(ImageDraw.Draw(stamp), (120, 75), (106, 62), [payee[:10], "发票专用章", f"91330203{number:06d}X"])
    stamp = stamp.rotate(-8, resample=Image.Resampling.BICUBIC, expand=False)
    image.paste(stamp, (width - 270, height - 168), stamp)
    draw.text((left, height - 36), "收款人：李娜    复核：王强    开票人：陈静", fill=INK, font=small)
    exif = Image.Exif()
    exif[0x0110] = "Demo Phone X"  # Model
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=82, exif=exif)
    return uploads.checked_voucher(SimpleUploadedFile(f"{description}.jpg", buffer.getvalue()))


def wants_voucher(month: date, today: date) -> bool:
    months_back = (today.year - month.year) * 12 + today.month - month.month
    return 1 <= months_back <= VOUCHER_MONTHS


def build(*, committee, steward, today: date | None = None) -> None:
    """Two vouchers made public and the requests above. Does nothing if there are requests already."""
    if InspectionRequest.objects.exists():
        return
    today = today or clock.today()
    disclosed = Expenditure.objects.for_public_display().filter(entries__kind=Kind.EXPENDITURE)
    for expenditure in disclosed.exclude(voucher="").order_by("-spent_on", "-id")[:2]:
        with clock.at(clock.moment(expenditure.spent_on + timedelta(days=1), time(20, 30))):
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
        with clock.at(clock.moment(asked_on, time(19, 30))) as asked_at:
            asked = inspections.inspection_request_create(
                expenditure=expenditure,
                flat=households[index].label,
                contact=f"wx_demo_{index + 1:02d}",
                question="想看一下这笔支出的发票。",
                asked_at=asked_at,
            )
        if answer_days is not None:
            with clock.at(clock.moment(asked_on + timedelta(days=answer_days), time(10))) as answered_at:
                inspections.inspection_request_answer(
                    request=asked, by=steward, answer=answer, method=method, answered_at=answered_at
                )
