from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from trustmgmt.disclosure import cache
from trustmgmt.disclosure.budget import approved_budget_years
from trustmgmt.notices import selectors as notices


def home(request: HttpRequest) -> HttpResponse:
    """The front door: what the fee is, the current notices, and the residents' ways into the disclosure (at
    most three queries; the ledger state is the one the public pages read anyway, kept for a second)."""
    years = approved_budget_years()
    context = {
        "latest_month": cache.ledger_state().last_published,
        "budget_year": years[0] if years else None,
        "notices": notices.for_home(timezone.localdate()),
    }
    return render(request, "home.html", context)
