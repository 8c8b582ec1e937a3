from django.template import engines

from tests.pdfs import assert_only_our_fonts_embedded, pdf_text
from trustmgmt.base import pdf


def render(body: str) -> bytes:
    template = engines["django"].from_string('{% extends "pdf/base.html" %}{% block body %}' + body + "{% endblock %}")
    html = template.render({"pdf_fonts": pdf.font_urls(), "complex_name": "游河小区"})
    from weasyprint import HTML

    return HTML(string=html).write_pdf()


def test_chinese_renders_in_the_projects_embedded_font():
    document = render("<h1>综合服务费收据</h1><p>业主 王堃 李喆 陈珺 周昇 ¥200.00 — ①②③ ㎡</p>")
    text = pdf_text(document)
    for word in ("综合服务费收据", "王堃", "李喆", "陈珺", "周昇", "200.00"):
        assert word in text
    assert_only_our_fonts_embedded(document)


def test_bold_text_outside_gb2312_falls_back_to_the_regular_face_not_a_box():
    document = render("<h1>王堃 𠀾 昇</h1>")
    assert_only_our_fonts_embedded(document)
    assert "王堃" in pdf_text(document)


def test_render_pdf_uses_a_template_and_the_fonts():
    document = pdf.render_pdf("pdf/base.html", {"complex_name": "游河小区"})
    assert document.startswith(b"%PDF")


def test_a_qr_code_is_inline_svg():
    svg = pdf.qr_svg("http://127.0.0.1:8000/disclosure/")
    assert svg.startswith("<svg") and "<script" not in svg
