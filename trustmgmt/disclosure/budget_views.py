"""The public budget of a fee year: its page and its JSON, cached like the months (see `cache`)."""

import json

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ledger import figures
from trustmgmt.base.dates import this_month
from trustmgmt.disclosure import cache
from trustmgmt.disclosure.budget import budget_context, budget_data


def _budget_or_404(year: int, state: cache.LedgerState) -> dict:
    """The year's approved budget against its actuals so far, computed once per ledger state."""

    def build():
        data = budget_data(figures.fee_plan_for_year(year), this_month()) if 2000 <= year <= 2200 else None
        return {**data, "ledger_fingerprint": state.fingerprint} if data else cache.NOT_FOUND

    data = cache.get_or_build(cache.key("budget", year, this_month(), state=state), build)
    if data == cache.NOT_FOUND:
        raise Http404("no approved budget for this fee year")
    return data


@require_GET
def budget_page(request: HttpRequest, year: str) -> HttpResponse:
    state = cache.ledger_state()

    def build():
        context = budget_context(_budget_or_404(int(year), state))
        return {
            "title": _("Budget for the %(year)s fee year") % {"year": year},
            "content": render_to_string("disclosure/budget_content.html", {"budget": context}),
        }

    return render(
        request,
        "disclosure/month.html",
        cache.get_or_build(cache.key("budget-page", year, this_month(), state=state), build),
    )


@require_GET
def budget_json(request: HttpRequest, year: str) -> HttpResponse:
    data = _budget_or_404(int(year), cache.ledger_state())
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Access-Control-Allow-Origin"] = "*"  # open data, like the months
    return response
