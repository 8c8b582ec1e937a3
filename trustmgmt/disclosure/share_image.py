"""The picture a chat app shows beside a link (Open Graph `og:image`): 1200 × 630 PNG drawn with Pillow in the
project's own Chinese font (static/fonts), so it looks the same on any server.

The month page's picture carries the month's three key figures (income, spending, balance of all pools); it is
cached like the page (`trustmgmt.disclosure.cache`), under the same ledger state. The default picture for every
other page is drawn once by `scripts/draw_share_image.py` into static/img/share.png.
"""

import io
from datetime import date
from decimal import Decimal
from functools import cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont

from trustmgmt.base.dates import month_label
from trustmgmt.base.money import grouped
from trustmgmt.disclosure.document import PROVISIONAL

WIDTH, HEIGHT = 1200, 630
GREEN = (31, 92, 69)
INK = (24, 32, 28)
MUTED = (84, 96, 90)
PAPER = (250, 250, 246)
PANEL = (232, 240, 235)
FONTS = {"regular": "fonts/TrustSans-Regular.otf", "bold": "fonts/TrustSans-Bold.otf"}


@cache
def _font_path(weight: str) -> str:
    path = finders.find(FONTS[weight])
    if path is None:
        raise FileNotFoundError(f"static/{FONTS[weight]} is missing (scripts/build_fonts.py)")
    return path


def _font(size: int, weight: str = "regular") -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(_font_path(weight), size)


def _fit(draw: ImageDraw.ImageDraw, text: str, size: int, width: int, weight: str = "bold") -> ImageFont.FreeTypeFont:
    """The largest font up to `size` in which `text` fits `width` pixels."""
    while size > 18 and draw.textlength(text, font=_font(size, weight)) > width:
        size -= 4
    return _font(size, weight)


def draw_card(
    *, brand: str, heading: str, lines: list[str] = (), figures: list[tuple[str, str]] = (), foot: str
) -> bytes:
    """A share picture: the complex's name, a heading, then either up to three figures or a few lines of text."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 96), fill=GREEN)
    draw.text((60, 48), brand, font=_fit(draw, brand, 44, WIDTH - 120), fill=PAPER, anchor="lm")
    draw.text((60, 170), heading, font=_fit(draw, heading, 64, WIDTH - 120), fill=INK, anchor="lm")
    if figures:
        box = (WIDTH - 120 - 2 * 30) // 3
        for index, (label, amount) in enumerate(figures[:3]):
            left = 60 + index * (box + 30)
            draw.rounded_rectangle((left, 250, left + box, 470), radius=18, fill=PANEL)
            draw.text((left + 28, 300), label, font=_font(34), fill=MUTED, anchor="lm")
            draw.text((left + 28, 400), amount, font=_fit(draw, amount, 56, box - 56), fill=INK, anchor="lm")
    for index, line in enumerate(lines[:3]):
        draw.text(
            (60, 270 + index * 70), line, font=_fit(draw, line, 40, WIDTH - 120, "regular"), fill=MUTED, anchor="lm"
        )
    draw.line((60, 530, WIDTH - 60, 530), fill=GREEN, width=3)
    draw.text((60, 575), foot, font=_fit(draw, foot, 30, WIDTH - 120, "regular"), fill=MUTED, anchor="lm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def month_figures(document: dict) -> dict[str, Decimal]:
    """Income, spending and balance over all pools; an older stored document without totals adds its pools."""
    totals = document.get("totals")
    if totals:
        return {field: Decimal(totals[field]) for field in ("income", "expenditure", "closing")}
    return {
        field: sum((Decimal(pool[field]) for pool in document["pools"]), Decimal("0.00"))
        for field in ("income", "expenditure", "closing")
    }


def month_card(document: dict, month: date) -> bytes:
    figures = month_figures(document)
    heading = _("Accounts for %(month)s") % {"month": month_label(month)}
    if document.get("status") == PROVISIONAL:
        heading = f"{heading} · {_('provisional')}"
    return draw_card(
        brand=settings.COMPLEX_NAME,
        heading=heading,
        figures=[
            (_("Income"), f"¥{grouped(figures['income'])}"),
            (_("Spending"), f"¥{grouped(figures['expenditure'])}"),
            (_("Balance"), f"¥{grouped(figures['closing'])}"),
        ],
        foot=_("Every yuan of the owners' fee in and out, disclosed"),
    )
