"""The staff's decision pages (`/ledger/decisions/`): put a question, enter ballots, see the count, close."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from ledger.decisions import chain, selectors
from ledger.decisions import services as decisions
from ledger.decisions.forms import BallotForm, CorrectionForm, DecisionForm, FeePlanCiteForm
from ledger.models import Ballot, JointDecision, Topic
from trustmgmt.base.files import serve_file
from trustmgmt.base.forms import add_service_errors
from trustmgmt.base.roles import permission_required

PUT = _("The question is put to the owners; enter the ballots as they come in.")
RECORDED = _("Ballot of %(flat)s recorded: %(choice)s.")
CORRECTED = _("Ballot of %(flat)s corrected to %(choice)s; the earlier one is kept.")
CLOSED = _("The decision is closed and its result recorded for good.")
CITED = _("Who approved the %(year)s fees is recorded.")


@permission_required("ledger.view_jointdecision")
def decision_list(request: HttpRequest) -> HttpResponse:
    return render(request, "ledger/decisions.html", {"rows": selectors.decision_rows()})


@permission_required("ledger.add_jointdecision")
def decision_new(request: HttpRequest) -> HttpResponse:
    topic = request.GET.get("topic")
    form = DecisionForm(request.POST or None, initial={"topic": topic} if topic in Topic.values else None)
    if request.method == "POST" and form.is_valid():
        try:
            decision = decisions.decision_create(**form.cleaned_data, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, PUT)
            return redirect("ledger:decision", pk=decision.pk)
    return render(request, "ledger/decision_form.html", {"form": form}, status=400 if form.errors else 200)


def _page(request: HttpRequest, decision: JointDecision, *, ballot_form=None, correction_form=None, status=200):
    result = selectors.closed(decision.pk)
    tally = selectors.tally(decision)
    figures = result.content if result else chain.public_content(decision, tally, decisions.today())
    return render(
        request,
        "ledger/decision.html",
        {
            "decision": decision,
            "result": result,
            "tally": tally,
            "figures": selectors.described(figures),
            "ballots": selectors.recent_ballots(decision),
            "ballot_form": ballot_form or BallotForm(),
            "correction_form": correction_form or CorrectionForm(prefix="correction"),
            "voting": result is None and decision.opens_on <= decisions.today() <= decision.closes_on,
            "closable": result is None and decisions.today() >= decision.closes_on,
        },
        status=status,
    )


@permission_required("ledger.view_jointdecision", "ledger.view_ballot")
def decision_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, get_object_or_404(JointDecision, pk=pk))


@require_POST
@permission_required("ledger.add_ballot")
def ballot_add(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_object_or_404(JointDecision, pk=pk)
    form = BallotForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            ballot = decisions.ballot_record(decision=decision, **form.cleaned_data, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, RECORDED % {"flat": ballot.household.label, "choice": ballot.get_choice_display()}
            )
            return redirect("ledger:decision", pk=pk)
    return _page(request, decision, ballot_form=form, status=400)


@require_POST
@permission_required("ledger.add_ballot")
def ballot_correct(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_object_or_404(JointDecision, pk=pk)
    form = CorrectionForm(request.POST, request.FILES, prefix="correction")
    if form.is_valid():
        try:
            ballot = decisions.ballot_correct(decision=decision, **form.cleaned_data, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, CORRECTED % {"flat": ballot.household.label, "choice": ballot.get_choice_display()}
            )
            return redirect("ledger:decision", pk=pk)
    return _page(request, decision, correction_form=form, status=400)


@require_POST
@permission_required("ledger.close_jointdecision")
def decision_close(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_object_or_404(JointDecision, pk=pk)
    try:
        decisions.decision_close(decision=decision, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, CLOSED)
    return redirect("ledger:decision", pk=pk)


@require_POST
@permission_required("ledger.change_feeplan")
def fee_plan_cite(request: HttpRequest) -> HttpResponse:
    """Record which owners' decision approved a fee year's fees (or none: the committee alone)."""
    form = FeePlanCiteForm(request.POST)
    if form.is_valid():
        try:
            decisions.fee_plan_cite(
                fee_plan=form.cleaned_data["fee_plan"], decision=form.cleaned_data["decision"], by=request.user
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, CITED % {"year": form.cleaned_data["fee_plan"].year})
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("ledger:fee_plans")


@permission_required("ledger.view_ballot")
def ballot_scan(request: HttpRequest, pk: int) -> HttpResponse:
    """The scan of a paper ballot: who voted what, so staff only."""
    return serve_file(get_object_or_404(Ballot, pk=pk).scan)
