"""PDF documents: one template and one context function per document, shared with its HTML page.

WeasyPrint renders them with the project's own CJK font (static/fonts, see scripts/build_fonts.py), so
a fresh machine without Chinese fonts prints the same receipts and notices; HarfBuzz subsets the font
to the characters used (about 0.1 s). QR codes are SVG from segno, drawn in the page itself.
"""

import io
import threading
from functools import cache
from pathlib import Path

import segno
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

# WeasyPrint is imported where a PDF is rendered, not here: importing it loads Pango (about 0.4 s), which the
# commands that only need qr_svg (seed_demo, through the receipts) would pay for nothing.

FONT_FILES = {"regular": "fonts/TrustSans-Regular.otf", "bold": "fonts/TrustSans-Bold.otf"}


@cache
def font_urls() -> dict[str, str]:
    urls = {}
    for weight, name in FONT_FILES.items():
        path = finders.find(name)
        if path is None:
            raise FileNotFoundError(f"static/{name} is missing: the PDFs need it (scripts/build_fonts.py)")
        urls[weight] = Path(path).resolve().as_uri()
    return urls


_fonts = threading.local()


def _font_config():
    """One per thread, kept: WeasyPrint then loads the @font-face files once, not for every document.

    A new FontConfiguration per document reads and registers the four faces again, about 0.3 s of a
    one-page receipt's 0.5 s. Per thread, because Pango's font map is not meant to be shared across threads.
    """
    from weasyprint.text.fonts import FontConfiguration

    config = getattr(_fonts, "config", None)
    if config is None:
        config = _fonts.config = FontConfiguration()
    return config


def render_pdf(template_name: str, context: dict, request=None) -> bytes:
    """Render a template that extends pdf/base.html to PDF bytes."""
    from weasyprint import HTML

    html = render_to_string(template_name, {**context, "pdf_fonts": font_urls()}, request=request)
    base_url = str(Path(__file__).resolve().parent.parent)
    return HTML(string=html, base_url=base_url).write_pdf(font_config=_font_config())


def pdf_response(pdf: bytes, filename: str, *, inline: bool = True) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def qr_svg(url: str, *, scale: int = 3) -> SafeString:
    """A QR code as inline SVG (no file, no data URI), for pages and PDFs alike."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(
        buffer,
        kind="svg",
        scale=scale,
        border=2,
        xmldecl=False,
        svgns=True,
        svgclass="qr",
        lineclass=None,
        omitsize=False,
    )
    return mark_safe(buffer.getvalue().decode())  # noqa: S308 (segno's own SVG, the URL is encoded in it)
