"""Owners' joint decisions (业主共同决定, Civil Code art. 278): the question, one ballot per flat, the result.

- A `JointDecision` is fixed once put to the owners: its question, rule and period never change (also in the
  database, `ledger.db`). Ballots are taken from `opens_on` to `closes_on`, both days included.
- A `Ballot` is append-only. A flat has one ballot; a correction is a new ballot that `corrects` the one
  before it and says why (the unique `corrects` keeps the corrections of a flat a single line). The ballot
  in force is the one no other ballot corrects.
- A `DecisionResult` records the tally when the decision is closed, for good: one per decision (unique),
  append-only, and chained by hash (`ledger.decisions.chain`): each result's hash covers its public content
  and the previous result's hash, and `prev_hash` is unique, so the chain cannot fork.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ledger.models.households import Household
from trustmgmt.base.clock import Stamp
from trustmgmt.base.records import AppendOnlyModel

AREA_FIELD = {"max_digits": 12, "decimal_places": 2}  # m², to the hundredth
RATIO_FIELD = {"max_digits": 5, "decimal_places": 4}


class Topic(models.TextChoices):
    FEE_PLAN = "fee_plan", _("Fee plan")
    BUDGET = "budget", _("Budget")
    CONTRACT = "contract", _("Repair contract")
    SETTLEMENT = "settlement", _("Settlement of a fee year")
    MAJOR_REPAIR = "major_repair", _("Major repair")
    OTHER = "other", _("Other")


class Rule(models.TextChoices):
    ORDINARY = "ordinary", _("Ordinary matter: more than half of the participating area and owners")
    SPECIAL = "special", _("Special matter (art. 278 items 6–8): three quarters of the participating area and owners")


class HeldBy(models.TextChoices):
    DOOR_TO_DOOR = "door_to_door", _("Paper ballots, door to door")
    MEETING = "meeting", _("Owners' meeting")
    WRITTEN = "written", _("Written ballots collected at the desk")


class Choice(models.TextChoices):
    AGREE = "agree", _("Agree")
    DISAGREE = "disagree", _("Disagree")
    ABSTAIN = "abstain", _("Abstain")


class JointDecision(AppendOnlyModel):
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    title = models.CharField(_("title"), max_length=120)
    question = models.TextField(_("text put to the owners"), max_length=4000)
    rule = models.CharField(_("rule"), max_length=10, choices=Rule.choices)
    held_by = models.CharField(_("how it is held"), max_length=20, choices=HeldBy.choices)
    opens_on = models.DateField(_("voting opens on"))
    closes_on = models.DateField(_("voting closes on"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = Stamp(auto_now_add=True)

    class Meta:
        ordering = ["-opens_on", "-id"]
        verbose_name = _("owners' decision")
        verbose_name_plural = _("owners' decisions")
        permissions = [("close_jointdecision", "Can close an owners' decision and record its result")]
        constraints = [
            models.CheckConstraint(condition=Q(closes_on__gte=F("opens_on")), name="jointdecision_period_valid"),
            models.CheckConstraint(condition=Q(topic__in=Topic.values), name="jointdecision_topic_valid"),
            models.CheckConstraint(condition=Q(rule__in=Rule.values), name="jointdecision_rule_valid"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_special(self) -> bool:
        return self.rule == Rule.SPECIAL


class Ballot(AppendOnlyModel):
    decision = models.ForeignKey(JointDecision, on_delete=models.PROTECT, related_name="ballots")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="ballots")
    choice = models.CharField(_("choice"), max_length=10, choices=Choice.choices)
    scan = models.FileField(_("scan of the paper ballot"), upload_to="ballots/%Y/", blank=True, max_length=200)
    corrects = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrected_by"
    )
    reason = models.CharField(_("reason for the correction"), max_length=300, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = Stamp(auto_now_add=True)

    class Meta:
        ordering = ["decision", "household", "id"]
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "household"], condition=Q(corrects__isnull=True), name="ballot_once_per_flat"
            ),
            models.CheckConstraint(condition=Q(choice__in=Choice.values), name="ballot_choice_valid"),
            models.CheckConstraint(
                condition=Q(corrects__isnull=True, reason="") | (Q(corrects__isnull=False) & ~Q(reason="")),
                name="ballot_correction_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["decision", "household"], name="ballot_decision_flat")]

    def __str__(self):
        return f"{self.decision_id} {self.household_id} {self.choice}"


class DecisionResult(AppendOnlyModel):
    """The tally as it stood when the decision was closed; its public part is hashed into a chain."""

    decision = models.OneToOneField(JointDecision, on_delete=models.PROTECT, related_name="result")
    closed_on = models.DateField()
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField()
    households = models.PositiveIntegerField()
    owners = models.PositiveIntegerField()
    total_area = models.DecimalField(**AREA_FIELD)
    participating_owners = models.PositiveIntegerField()
    participating_area = models.DecimalField(**AREA_FIELD)
    agreeing_owners = models.PositiveIntegerField()
    agreeing_area = models.DecimalField(**AREA_FIELD)
    quorum_met = models.BooleanField()
    passed = models.BooleanField()
    # The public figures (ratios, counts by building and choice) exactly as hashed.
    content = models.JSONField()
    prev_hash = models.CharField(max_length=64, unique=True)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("decision result")
        verbose_name_plural = _("decision results")
        constraints = [
            models.CheckConstraint(
                condition=Q(participating_owners__lte=F("owners"), agreeing_owners__lte=F("participating_owners")),
                name="decisionresult_owners_add_up",
            ),
            models.CheckConstraint(
                condition=Q(participating_area__lte=F("total_area"), agreeing_area__lte=F("participating_area")),
                name="decisionresult_area_adds_up",
            ),
            models.CheckConstraint(condition=Q(passed=False) | Q(quorum_met=True), name="decisionresult_pass_quorate"),
        ]

    def __str__(self):
        return f"{self.decision} ({self.closed_on})"
