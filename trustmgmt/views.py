from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from trustmgmt.disclosure import cache
from trustmgmt.disclosure.budget import approved_budget_years


def home(request: HttpRequest) -> HttpResponse:
    """The front door: what the fee is, and the residents' ways into the disclosure (at most two queries;
    the ledger state is the one the public pages read anyway, kept for a second)."""
    years = approved_budget_years()
    context = {"latest_month": cache.ledger_state().last_published, "budget_year": years[0] if years else None}
    return render(request, "home.html", context)
