"""Reading the PDFs we make: their text, and the fonts they embed."""

import io

from pypdf import PdfReader


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def pdf_fonts(pdf: bytes) -> dict[str, bool]:
    """{base font name: embedded?} over every page."""
    fonts = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            described = descendants[0].get_object() if descendants else font
            descriptor = described.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts[str(font["/BaseFont"])] = embedded
    return fonts


def assert_only_our_fonts_embedded(pdf: bytes) -> None:
    fonts = pdf_fonts(pdf)
    assert fonts, "the PDF has no fonts"
    for name, embedded in fonts.items():
        assert embedded, f"{name} is not embedded"
        assert "TrustSans" in name, f"{name} is not the project font: a glyph fell back to a system font"
