"""Notices (公告) in public: the current ones, the archive, each notice's page, its board PDF and attachment.

Drafts are never shown (404). One context function feeds a notice's page and its PDF, whose QR code points
to the page at PUBLIC_BASE_URL. A published notice never changes, so its PDF is cached for good, keyed by
whether it has since been corrected (the PDF then says so).
"""

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from trustmgmt.base.files import serve_file
from trustmgmt.base.markup import render as render_body
from trustmgmt.base.pdf import pdf_response, qr_svg, render_pdf
from trustmgmt.notices import selectors
from trustmgmt.notices.models import Notice

ARCHIVE_PAGE = 50
PDF_TIMEOUT = 7 * 24 * 3600


def _notice_or_404(pk: int) -> Notice:
    notice = selectors.public_notice(pk)
    if notice is None:
        raise Http404("no such notice")
    return notice


def _published_correction(notice: Notice) -> Notice | None:
    correction = getattr(notice, "correction", None) if notice.corrected else None
    return correction if correction is not None and correction.is_published else None


def notice_urls(notice: Notice) -> dict[str, str]:
    urls = {
        "page": reverse("notices:notice", kwargs={"pk": notice.pk}),
        "pdf": reverse("notices:pdf", kwargs={"pk": notice.pk}),
    }
    if notice.attachment:
        urls["attachment"] = reverse("notices:attachment", kwargs={"pk": notice.pk, "ext": notice.attachment_extension})
    return urls


def notice_context(notice: Notice, *, for_pdf: bool = False) -> dict:
    urls = notice_urls(notice)
    public_url = settings.PUBLIC_BASE_URL + urls["page"]
    return {
        "notice": notice,
        "state": selectors.state(notice, timezone.localdate()),
        "body_html": render_body(notice.body, notice.text_format),
        "correction": _published_correction(notice),
        "replaces": notice.replaces if notice.replaces_id else None,
        "urls": urls,
        "public_url": public_url,
        "qr": qr_svg(public_url, scale=4) if for_pdf else None,
        "complex_name": settings.COMPLEX_NAME,
    }


@require_GET
def notice_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    context = {
        "current": list(selectors.current(today)[: selectors.PAGE_LIMIT]),
        "upcoming": list(selectors.upcoming(today)[: selectors.PAGE_LIMIT]),
    }
    return render(request, "disclosure/notices.html", context)


@require_GET
def notice_archive(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.archived(timezone.localdate()), ARCHIVE_PAGE).get_page(request.GET.get("page"))
    return render(request, "disclosure/notice_archive.html", {"page": page})


@require_GET
def notice_page(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "disclosure/notice.html", notice_context(_notice_or_404(pk)))


@require_GET
def notice_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    notice = _notice_or_404(pk)
    key = f"notices:pdf:1:{notice.pk}:{get_language()}:{int(bool(notice.corrected))}"
    pdf = cache.get(key)
    if pdf is None:
        pdf = render_pdf("disclosure/notice_pdf.html", notice_context(notice, for_pdf=True))
        cache.set(key, pdf, PDF_TIMEOUT)
    return pdf_response(pdf, f"notice-{notice.pk}.pdf")


@require_GET
def notice_attachment(request: HttpRequest, pk: int, ext: str) -> HttpResponse:
    notice = _notice_or_404(pk)
    if not notice.attachment or notice.attachment_extension != ext:
        raise Http404("no such attachment")
    return serve_file(notice.attachment, download_name=f"notice-{notice.pk}.{ext}")
