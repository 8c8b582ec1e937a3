"""The public disclosure: no login, no personal data, cached by the ledger's state (see `cache`)."""

import json
from datetime import date

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ledger import figures
from ledger.settlement import selectors as settlement_figures
from trustmgmt.base.dates import month_from_url, month_label
from trustmgmt.base.pdf import pdf_response, render_pdf
from trustmgmt.disclosure import cache, electricity, inspections, share_image
from trustmgmt.disclosure.context import index_context, month_context
from trustmgmt.disclosure.document import MonthNotFound, month_document, published


def _page(request: HttpRequest, template: str, kind: str, parts: tuple, state: cache.LedgerState, build):
    """`template` around `build()`: the whole page cached for anonymous visitors, the content for the rest."""
    if cache.whole_page_allowed(request):
        return cache.whole_page(request, kind, parts, state, template, build)
    return render(request, template, cache.get_or_build(cache.key(kind, *parts, state=state), build))


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    state = cache.ledger_state()

    def build():
        context = {**index_context(), "inspections": inspections.counts(state)}
        return {"content": render_to_string("disclosure/index_content.html", context)}

    return _page(request, "disclosure/index.html", "index", (), state, build)


def _document_or_404(month: date, state: cache.LedgerState) -> dict:
    """The month's document. A published one is read as stored (one query, cheaper than the cache);
    an open one is computed once per ledger state and cached, also when there is nothing to show."""
    if state.last_published is not None and month <= state.last_published:
        publication = figures.publication(month)
        if publication is not None:
            return inspections.with_public_vouchers(published(publication), state)

    def build():
        try:
            return month_document(month)
        except MonthNotFound:
            return cache.NOT_FOUND

    document = cache.get_or_build(cache.key("document", month, state=state), build)
    if document == cache.NOT_FOUND:
        raise Http404("nothing disclosed in this month")
    return inspections.with_public_vouchers(document, state)


def _closed_fee_year(month: date) -> int:
    """The fee year containing `month` if it is closed (its year-end account is public), else 0. One query."""
    return settlement_figures.closed_year_of_month(month) or 0


def _electricity(month: date, state: cache.LedgerState) -> dict | None:
    """The month's public electricity (meters' use, cost, explained flags); no query while nothing is metered."""
    if not state.power:
        return None
    block = electricity.month_block(month)
    return block if block["meters"] else None


@require_GET
def month_page(request: HttpRequest, year: str, month: str) -> HttpResponse:
    period = month_from_url(year, month)
    state = cache.ledger_state()

    def build():
        document = _document_or_404(period, state)
        context = month_context(document, fingerprint_now=state.fingerprint)
        context["inspections"] = inspections.counts(state, month=period)
        context["account_year"] = cache.get_or_build(
            cache.key("account-year", period, state=state), lambda: _closed_fee_year(period)
        )
        context["electricity"] = _electricity(period, state)
        return {
            "title": _("Accounts for %(month)s") % {"month": month_label(period)},
            "published": context["published"],
            "content": render_to_string("disclosure/month_content.html", context),
        }

    return _page(request, "disclosure/month.html", "page", (period,), state, build)


@require_GET
def month_json(request: HttpRequest, year: str, month: str) -> HttpResponse:
    period = month_from_url(year, month)
    state = cache.ledger_state()

    def build():
        document = _document_or_404(period, state)
        block = _electricity(period, state)
        # Live, like the public vouchers: never part of a published month's stored document.
        document = {**document, "electricity": block} if block else document
        return json.dumps(document, ensure_ascii=False, indent=2).encode()

    body = cache.get_or_build(cache.key("json", period, state=state), build)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"  # open data: anyone may build on it
    return response


@require_GET
def month_pdf(request: HttpRequest, year: str, month: str) -> HttpResponse:
    period = month_from_url(year, month)
    state = cache.ledger_state()

    def build():
        document = _document_or_404(period, state)
        context = month_context(document, fingerprint_now=state.fingerprint, for_pdf=True)
        return render_pdf("disclosure/month_pdf.html", context)

    pdf = cache.get_or_build(cache.key("pdf", period, state=state), build)
    return pdf_response(pdf, f"disclosure-{period:%Y-%m}.pdf")


@require_GET
def month_png(request: HttpRequest, year: str, month: str) -> HttpResponse:
    """The month's share picture (og:image) with its three key figures, cached like the page."""
    period = month_from_url(year, month)
    state = cache.ledger_state()
    png = cache.get_or_build(
        cache.key("png", period, state=state), lambda: share_image.month_card(_document_or_404(period, state), period)
    )
    return HttpResponse(png, content_type="image/png")
