"""Who approved a budget, fee plan, contract or settlement, as the public reads it: the owners (with the
decision's date, participation and agreement, by area and by owners) or the committee only."""

from django.urls import reverse

from ledger.decisions import selectors as decision_figures
from ledger.models import DecisionResult


def approval_data(result: DecisionResult | None) -> dict:
    """JSON types only: stored in documents and served as open data."""
    if result is None or not result.passed:
        return {"by": "committee"}
    content = result.content
    return {
        "by": "owners",
        "decision": result.decision_id,
        "title": content["title"],
        "closed_on": content["closed_on"],
        "participation": content["participation"],
        "agreement": content["agreement"],
        "url": reverse("disclosure:decision", kwargs={"pk": result.decision_id}),
    }


def approval_of(decision_id: int | None) -> dict:
    """One query when there is a decision, none when there is not."""
    if decision_id is None:
        return {"by": "committee"}
    return approval_data(decision_figures.closed(decision_id))
