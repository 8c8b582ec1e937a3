"""Notices in public: what is current, coming, archived; a notice's page, its board PDF (title, text, QR code to
its page) and its attachment; drafts never shown; a fixed number of queries whatever the number of notices."""

import io
import subprocess
from datetime import timedelta

import segno
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from tests.pdfs import assert_only_our_fonts_embedded, pdf_text
from trustmgmt.disclosure.cache import forget_ledger_state
from trustmgmt.notices import services


def notice(by, *, days=(0, 7), publish=True, **fields):
    today = timezone.localdate()
    fields = {"title": "停水通知", "body": "12 月 2 日停水。", "text_format": "text", **fields}
    made = services.notice_create(
        by=by, valid_from=today + timedelta(days=days[0]), valid_to=today + timedelta(days=days[1]), **fields
    )
    if publish:
        # published on its first day, as staff would have done then
        first = timezone.now() + timedelta(days=min(days[0], 0))
        services.notice_publish(notice=made, by=by, now=first)
    return made


def png_upload() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (30, 90, 70)).save(buffer, "PNG")
    return SimpleUploadedFile("收费点.png", buffer.getvalue(), content_type="image/png")


def test_the_list_shows_current_and_coming_notices_and_never_a_draft(client, steward):
    notice(steward, title="当前的通知")
    notice(steward, title="下周的通知", days=(5, 9))
    notice(steward, title="过期的通知", days=(-9, -2))
    notice(steward, title="还是草稿", publish=False)
    html = client.get("/notices/").content.decode()
    assert "当前的通知" in html and "下周的通知" in html
    assert "过期的通知" not in html and "还是草稿" not in html
    archive = client.get("/notices/archive/").content.decode()
    assert "过期的通知" in archive and "当前的通知" not in archive and "还是草稿" not in archive


def test_the_home_page_shows_the_current_notices(client, steward):
    notice(steward, title="业主大会通知")
    notice(steward, title="还是草稿", publish=False)
    html = client.get("/").content.decode()
    assert "业主大会通知" in html and "还是草稿" not in html


def test_a_draft_is_not_found_in_public(client, steward):
    draft = notice(steward, publish=False, attachment=png_upload())
    for url in (f"/notices/{draft.pk}/", f"/notices/{draft.pk}.pdf", f"/notices/{draft.pk}/attachment.png"):
        assert client.get(url).status_code == 404, url


def test_a_corrected_notice_is_archived_and_points_to_its_correction(client, steward):
    original = notice(steward, title="停水通知", body="12 月 3 日停水。")
    correction = services.notice_correct(notice=original, by=steward)
    assert "停水通知" in client.get("/notices/").content.decode()  # the correction is a draft: the original stays up
    services.notice_update(
        notice=correction,
        by=steward,
        title="停水通知（更正）",
        body="12 月 2 日停水。",
        text_format="text",
        valid_from=correction.valid_from,
        valid_to=correction.valid_to,
    )
    services.notice_publish(notice=correction, by=steward)
    current = client.get("/notices/").content.decode()
    assert f"/notices/{correction.pk}/" in current and f"/notices/{original.pk}/" not in current
    assert f"/notices/{original.pk}/" in client.get("/notices/archive/").content.decode()
    page = client.get(f"/notices/{original.pk}/").content.decode()
    assert "12 月 3 日停水。" in page and f"/notices/{correction.pk}/" in page  # as posted, and where it was corrected
    assert f"/notices/{original.pk}/" in client.get(f"/notices/{correction.pk}/").content.decode()


def test_a_notice_page_renders_its_markdown_safely(client, steward):
    body = "## 时间\n- 上午 8 点\n\n<script>alert(1)</script> [看公示](/disclosure/) [坏链接](javascript:alert(1))"
    made = notice(steward, body=body, text_format="markdown", title="<img src=x onerror=alert(1)>")
    html = client.get(f"/notices/{made.pk}/").content.decode()
    assert "<h3>时间</h3>" in html and "<li>上午 8 点</li>" in html
    assert '<a href="/disclosure/" rel="nofollow noopener noreferrer">看公示</a>' in html
    assert "<script>alert(1)</script>" not in html and 'href="javascript' not in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_the_attachment_is_served_as_what_it_is(client, steward):
    made = notice(steward, attachment=png_upload())
    page = client.get(f"/notices/{made.pk}/").content.decode()
    assert f"/notices/{made.pk}/attachment.png" in page
    response = client.get(f"/notices/{made.pk}/attachment.png")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert "sandbox" in response["Content-Security-Policy"]
    assert client.get(f"/notices/{made.pk}/attachment.pdf").status_code == 404


def qr_matrix_on_page(pdf: bytes, tmp_path) -> list[list[bool]]:
    """The QR code printed at the top right of the PDF's first page, read back module by module."""
    (tmp_path / "notice.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "200", "-f", "1", "-l", "1", "notice.pdf", "page"], cwd=tmp_path, check=True
    )
    image = Image.open(next(tmp_path.glob("page*.png"))).convert("L")
    width, height = image.size
    left, bottom = int(width * 0.6), int(height * 0.25)
    pixels = image.load()
    dark = [(x, y) for y in range(bottom) for x in range(left, width) if pixels[x, y] < 100]
    top = min(y for _, y in dark)
    row = [x for x, y in dark if y == top + 2]  # the top edge of the two upper finder patterns
    return image, min(row), top, max(row) - min(row) + 1


def test_the_board_pdf_has_the_title_the_text_and_a_qr_code_to_its_page(client, steward, settings, tmp_path):
    settings.PUBLIC_BASE_URL = "https://youhe.example"
    made = notice(
        steward, title="关于召开业主大会的通知", body="## 议题\n1. 审议预算\n2. 续签合同", text_format="markdown"
    )
    response = client.get(f"/notices/{made.pk}.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for expected in (
        "关于召开业主大会的通知",
        "议题",
        "审议预算",
        "续签合同",
        f"https://youhe.example/notices/{made.pk}/",
    ):
        assert expected in text.replace("\n", ""), expected
    assert_only_our_fonts_embedded(response.content)
    # The QR code, read back from the printed page, is the page's public address.
    expected = segno.make(f"https://youhe.example/notices/{made.pk}/", error="m").matrix
    image, left, top, size = qr_matrix_on_page(response.content, tmp_path)
    modules = len(expected)
    step = size / modules
    pixels = image.load()
    read = [
        [pixels[int(left + (col + 0.5) * step), int(top + (row + 0.5) * step)] < 128 for col in range(modules)]
        for row in range(modules)
    ]
    assert read == [[bool(cell) for cell in line] for line in expected]


def test_query_counts_stay_fixed_on_the_list_and_the_home_page(client, steward, django_assert_num_queries):
    notice(steward, title="一")
    forget_ledger_state()
    with django_assert_num_queries(2):  # current, upcoming
        client.get("/notices/")
    with django_assert_num_queries(4):  # the budgets, the ledger's state, the fee plan (as before), the notices
        client.get("/")
    for index in range(6):
        notice(steward, title=f"通知 {index}", days=(index - 2, 8))
        notice(steward, title=f"将来 {index}", days=(3, 8))
    notice(steward, title="草稿", publish=False)
    notice(steward, title="过期", days=(-9, -2))
    forget_ledger_state()
    with django_assert_num_queries(2):
        client.get("/notices/")
    with django_assert_num_queries(4):
        client.get("/")
    with django_assert_num_queries(2):  # the count for the pages, the page
        client.get("/notices/archive/")
    pk = notice(steward).pk
    with django_assert_num_queries(1):
        client.get(f"/notices/{pk}/")
