"""The owners' decisions in public: the list, each decision's page, its JSON and its board notice (表决结果公告).

A closed decision shows what its result recorded and hashed (`ledger.decisions.chain`): the question, the
rule, the dates, the count by area and by owners, and ballots by building. No names, no flats, and no
count while the voting runs. One context function feeds the page and the notice.
"""

import json

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from ledger.decisions import selectors
from ledger.models import DecisionResult, JointDecision
from trustmgmt.base.pdf import pdf_response, qr_svg, render_pdf


def decision_urls(pk: int) -> dict[str, str]:
    return {
        "page": reverse("disclosure:decision", kwargs={"pk": pk}),
        "json": reverse("disclosure:decision_json", kwargs={"pk": pk}),
        "pdf": reverse("disclosure:decision_pdf", kwargs={"pk": pk}),
    }


def _decision_or_404(pk: int) -> tuple[JointDecision, DecisionResult | None]:
    decision = JointDecision.objects.select_related("result").filter(pk=pk).first()
    if decision is None:
        raise Http404("no such decision")
    return decision, getattr(decision, "result", None)


def decision_data(decision: JointDecision, result: DecisionResult | None) -> dict:
    """The JSON: for a closed decision its hashed content with the hashes that let anyone check it."""
    if result is None:
        return {
            "id": decision.pk,
            "status": "open",
            "topic": decision.topic,
            "title": decision.title,
            "question": decision.question,
            "rule": decision.rule,
            "held_by": decision.held_by,
            "opens_on": decision.opens_on.isoformat(),
            "closes_on": decision.closes_on.isoformat(),
        }
    return {
        "id": decision.pk,
        "status": "closed",
        "content": result.content,
        "prev_hash": result.prev_hash,
        "hash": result.hash,
        "hash_method": "sha256 of the JSON {content, prev_hash}, keys sorted, no spaces, UTF-8",
    }


def decision_context(decision: JointDecision, result: DecisionResult | None, *, for_pdf: bool = False) -> dict:
    urls = decision_urls(decision.pk)
    return {
        "decision": decision,
        "result": result,
        "figures": selectors.described(result.content) if result else None,
        "urls": urls,
        "qr": qr_svg(settings.PUBLIC_BASE_URL + urls["page"]) if for_pdf else None,
        "complex_name": settings.COMPLEX_NAME,
    }


@require_GET
def decision_list(request: HttpRequest) -> HttpResponse:
    return render(request, "disclosure/decisions.html", {"rows": selectors.decision_rows()})


@require_GET
def decision_page(request: HttpRequest, pk: int) -> HttpResponse:
    decision, result = _decision_or_404(pk)
    return render(request, "disclosure/decision.html", decision_context(decision, result))


@require_GET
def decision_json(request: HttpRequest, pk: int) -> HttpResponse:
    decision, result = _decision_or_404(pk)
    body = json.dumps(decision_data(decision, result), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"  # open data, like the months
    return response


@require_GET
def decision_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    decision, result = _decision_or_404(pk)
    if result is None:
        raise Http404("the voting is still open: there is no result to announce")
    pdf = render_pdf("disclosure/decision_pdf.html", decision_context(decision, result, for_pdf=True))
    return pdf_response(pdf, f"decision-{decision.pk}.pdf")
