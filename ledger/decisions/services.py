"""Writes of the owners' decisions (业主共同决定). Keyword-only, atomic, checking permissions themselves, and
refusing with one of the messages below, having written nothing.

A question is put to the owners once and never edited. One ballot per flat, entered from the paper ballot
while the voting is open (from `opens_on` to `closes_on`, both days included); until the decision is
closed a ballot changes only through a recorded correction with a reason, and after the period or the
closing nothing does. Closing records the tally for good, on the decisions' own hash chain (`chain`).
"""

from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ledger import journal
from ledger.decisions import chain, selectors
from ledger.models import (
    Ballot,
    Choice,
    DecisionResult,
    FeePlan,
    FeeYearClosing,
    HeldBy,
    Household,
    JointDecision,
    Rule,
    Topic,
)
from trustmgmt.base import clock
from trustmgmt.base.refusals import checked_text, coded, refuse
from trustmgmt.base.uploads import Kind, checked

PUTTER_NOT_COMMITTEE = _("Only a committee member can put a question to the owners.")
TOPIC_INVALID = _("Choose what the decision is about.")
RULE_INVALID = _("Choose the rule: an ordinary matter, or a special one (art. 278 items 6–8).")
HELD_BY_INVALID = _("Choose how the vote is held.")
TITLE_REQUIRED = _("Give the decision a short title.")
QUESTION_REQUIRED = _("Write the text put to the owners, word for word as on the ballot.")
PERIOD_INVALID = _("The voting cannot close before it opens.")
PERIOD_PAST = _("The voting period would already be over (it closes on %(closes)s): no ballot could be entered.")
ENTERER_NOT_STAFF = _("Only the steward or a committee member enters ballots.")
CHOICE_INVALID = _("Mark the ballot: agree, disagree or abstain.")
DECISION_CLOSED = _("This decision was closed on %(day)s: its ballots can no longer change.")
NOT_YET_OPEN = _("The voting opens on %(opens)s: no ballot can be entered before.")
PERIOD_OVER = _("The voting closed on %(closes)s: no ballot can be entered or corrected afterwards.")
ALREADY_VOTED = _("Flat %(flat)s has a ballot already: record a correction, with its reason, instead.")
NOTHING_TO_CORRECT = _("Flat %(flat)s has no ballot to correct: enter its ballot first.")
REASON_REQUIRED = _("Say why the ballot is corrected (for example, the owner's signed correction).")
CORRECTION_UNCHANGED = _("Flat %(flat)s's ballot already says “%(choice)s”: there is nothing to correct.")
CLOSER_NOT_COMMITTEE = _("Only a committee member can close a decision.")
ALREADY_CLOSED = _("This decision was closed on %(day)s; its result is recorded for good.")
STILL_VOTING = _("The voting runs until %(closes)s: close the decision on or after that day.")
FLATS_WITHOUT_AREA = _(
    "%(count)s flat(s) have no floor area (%(flats)s). The decision counts by area: enter their area before closing it."
)
DECISION_NOT_PASSED = _("The owners' decision “%(title)s” is not closed as passed, so it cannot approve this.")
DECISION_OTHER_TOPIC = _("The owners' decision “%(title)s” is about %(topic)s, not %(expected)s.")
PLAN_NOT_COMMITTEE = _("Only a committee member can say who approved a fee plan.")
PLAN_CLOSED = _("The fee year %(year)s is closed: who approved its fees can no longer change.")
NOT_A_SCAN = _(
    "“%(name)s” is neither a PDF nor a photo: upload the scan of the paper ballot as a PDF, JPEG, PNG or WebP."
)
SCAN = Kind(10, True, NOT_A_SCAN, "not_a_scan")
SHOWN_FLATS = 20  # a refusal names this many flats without area, then says how many more


_as_of: ContextVar[date | None] = ContextVar("decisions_as_of", default=None)


def today() -> date:
    """The day as the desk sees it (tests move it)."""
    return _as_of.get() or clock.today()


@contextmanager
def as_of(day: date):
    """Act as on `day`: the demo builds past years' decisions as they were held. Not for application code."""
    token = _as_of.set(day)
    try:
        yield
    finally:
        _as_of.reset(token)


def _choice(choice: str) -> str:
    if choice not in Choice.values:
        raise refuse(CHOICE_INVALID, "choice")
    return choice


@transaction.atomic
def decision_create(
    *,
    topic: str,
    title: str,
    question: str,
    rule: str,
    held_by: str,
    opens_on: date,
    closes_on: date,
    by,
) -> JointDecision:
    """Put a question to the owners. It never changes afterwards: a wrong question is left unclosed and a new
    one put."""
    if not by.has_perm("ledger.add_jointdecision"):
        raise refuse(PUTTER_NOT_COMMITTEE)
    if topic not in Topic.values:
        raise refuse(TOPIC_INVALID, "topic")
    if rule not in Rule.values:
        raise refuse(RULE_INVALID, "rule")
    if held_by not in HeldBy.values:
        raise refuse(HELD_BY_INVALID, "held_by")
    title = checked_text(title, "title", JointDecision._meta.get_field("title").max_length, empty=TITLE_REQUIRED)
    question = checked_text(
        question, "question", JointDecision._meta.get_field("question").max_length, empty=QUESTION_REQUIRED
    )
    if closes_on < opens_on:
        raise refuse(PERIOD_INVALID, "closes_on")
    if closes_on < today():
        raise refuse(PERIOD_PAST, "closes_on", closes=closes_on.isoformat())
    decision = JointDecision(
        topic=topic,
        title=title,
        question=question,
        rule=rule,
        held_by=held_by,
        opens_on=opens_on,
        closes_on=closes_on,
        created_by=by,
    )
    decision.full_clean()
    decision.save()
    return decision


def _lock_open(decision: JointDecision) -> JointDecision:
    """The decision, locked (a closing waits for ballots being entered), if it still takes ballots."""
    decision = JointDecision.objects.select_for_update().get(pk=decision.pk)
    result = DecisionResult.objects.filter(decision=decision).values_list("closed_on", flat=True).first()
    if result is not None:
        raise refuse(DECISION_CLOSED, day=result.isoformat())
    day = today()
    if day < decision.opens_on:
        raise refuse(NOT_YET_OPEN, opens=decision.opens_on.isoformat())
    if day > decision.closes_on:
        raise refuse(PERIOD_OVER, closes=decision.closes_on.isoformat())
    return decision


def _in_force(decision: JointDecision, household: Household) -> Ballot | None:
    return Ballot.objects.filter(decision=decision, household=household, corrected_by__isnull=True).first()


@transaction.atomic
def ballot_record(*, decision: JointDecision, household: Household, choice: str, by, scan=None) -> Ballot:
    """Enter a flat's paper ballot (with its scan, if there is one)."""
    if not by.has_perm("ledger.add_ballot"):
        raise refuse(ENTERER_NOT_STAFF)
    choice = _choice(choice)
    decision = _lock_open(decision)
    if Ballot.objects.filter(decision=decision, household=household).exists():
        raise refuse(ALREADY_VOTED, "household", flat=household.label)
    ballot = Ballot(
        decision=decision,
        household=household,
        choice=choice,
        scan=checked(scan, SCAN) if scan else "",
        entered_by=by,
    )
    ballot.save()
    return ballot


@transaction.atomic
def ballot_correct(*, decision: JointDecision, household: Household, choice: str, reason: str, by, scan=None) -> Ballot:
    """Replace a flat's ballot in force by a new one that points to it and says why; the old one stays."""
    if not by.has_perm("ledger.add_ballot"):
        raise refuse(ENTERER_NOT_STAFF)
    choice = _choice(choice)
    reason = checked_text(reason, "reason", Ballot._meta.get_field("reason").max_length, empty=REASON_REQUIRED)
    decision = _lock_open(decision)
    current = _in_force(decision, household)
    if current is None:
        raise refuse(NOTHING_TO_CORRECT, "household", flat=household.label)
    if current.choice == choice:
        raise refuse(CORRECTION_UNCHANGED, "choice", flat=household.label, choice=Choice(choice).label)
    ballot = Ballot(
        decision=decision,
        household=household,
        choice=choice,
        corrects=current,
        reason=reason,
        scan=checked(scan, SCAN) if scan else "",
        entered_by=by,
    )
    ballot.save()
    return ballot


@transaction.atomic
def decision_close(*, decision: JointDecision, by) -> DecisionResult:
    """Count the ballots in force and record the result for good, chained onto the results before it."""
    if not by.has_perm("ledger.close_jointdecision"):
        raise refuse(CLOSER_NOT_COMMITTEE)
    decision = JointDecision.objects.select_for_update().get(pk=decision.pk)
    closed_on = DecisionResult.objects.filter(decision=decision).values_list("closed_on", flat=True).first()
    if closed_on is not None:
        raise refuse(ALREADY_CLOSED, day=closed_on.isoformat())
    day = today()
    if day < decision.closes_on:
        raise refuse(STILL_VOTING, closes=decision.closes_on.isoformat())
    tally = selectors.tally(decision)
    if not tally.area_known:
        missing = tally.flats_without_area
        shown = ", ".join(missing[:SHOWN_FLATS]) + (" …" if len(missing) > SHOWN_FLATS else "")
        raise refuse(FLATS_WITHOUT_AREA, count=len(missing), flats=shown)
    # The journal's posting lock orders the closings too, so two never chain onto the same result.
    journal.lock_head()
    prev_hash = chain.latest_hash()
    content = chain.public_content(decision, tally, day)
    result = DecisionResult(
        decision=decision,
        closed_on=day,
        closed_by=by,
        closed_at=clock.now(),
        households=tally.households,
        owners=tally.owners,
        total_area=tally.total_area,
        participating_owners=tally.participating_owners,
        participating_area=tally.participating_area,
        agreeing_owners=tally.agreeing_owners,
        agreeing_area=tally.agreeing_area,
        quorum_met=tally.quorum_met,
        passed=tally.passed,
        content=content,
        prev_hash=prev_hash,
        hash=chain.digest(content, prev_hash),
    )
    result.save()
    return result


def check_citable(decision: JointDecision | None, topic: str) -> None:
    """A budget, fee plan, contract or settlement may cite only a decision closed as passed, on its topic."""
    if decision is None:
        return
    result = DecisionResult.objects.filter(decision=decision).values_list("passed", flat=True).first()
    if not result:
        raise refuse(DECISION_NOT_PASSED, "decision", title=decision.title)
    if decision.topic != topic:
        raise refuse(
            DECISION_OTHER_TOPIC,
            "decision",
            title=decision.title,
            topic=Topic(decision.topic).label,
            expected=Topic(topic).label,
        )


@transaction.atomic
def fee_plan_cite(*, fee_plan: FeePlan, decision: JointDecision | None, by) -> FeePlan:
    """Record the owners' decision that approved a fee year's fees (None: the committee set them alone)."""
    if not by.has_perm("ledger.change_feeplan"):
        raise refuse(PLAN_NOT_COMMITTEE)
    fee_plan = FeePlan.objects.select_for_update().get(pk=fee_plan.pk)
    if FeeYearClosing.objects.filter(fee_plan=fee_plan).exists():
        raise refuse(PLAN_CLOSED, year=fee_plan.year)
    check_citable(decision, Topic.FEE_PLAN)
    fee_plan.decision = decision
    fee_plan.save(update_fields=["decision"])
    return fee_plan


coded(globals())
