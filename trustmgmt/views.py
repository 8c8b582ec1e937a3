from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from trustmgmt.disclosure import cache
from trustmgmt.disclosure.budget import approved_budget_years, fee_plan_in_force
from trustmgmt.notices import selectors as notices


def home(request: HttpRequest) -> HttpResponse:
    """The front door: what the fee is (the plan in force), the current notices, and the residents' ways into the
    disclosure (at most four queries; the ledger state is the one the public pages read anyway, kept for a second)."""
    years = approved_budget_years()
    context = {
        "latest_month": cache.ledger_state().last_published,
        "budget_year": years[0] if years else None,
        "plan": fee_plan_in_force(),
        "notices": notices.for_home(timezone.localdate()),
    }
    return render(request, "home.html", context)


class StaffLoginView(LoginView):
    """After logging in, each role lands where its work is: the steward at the fee desk, the committee on its
    dashboard. A safe `next` (Django checks its host and scheme) still wins."""

    def get_default_redirect_url(self) -> str:
        user = self.request.user
        if user.has_perm("ledger.add_payment"):
            return reverse("ledger:desk")
        if user.has_perm("ledger.view_entry"):
            return reverse("ledger:dashboard")
        return super().get_default_redirect_url()
