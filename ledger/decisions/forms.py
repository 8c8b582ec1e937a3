"""Forms of the decision pages: they read text; `ledger.decisions.services` decides what is allowed."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ledger.models import FLAT_PATTERN, Ballot, Choice, FeePlan, HeldBy, Household, JointDecision, Rule, Topic

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NO_SUCH_FLAT = _("There is no flat %(flat)s. Type it as building-unit-room, e.g. 12-2-301.")


def _in_two_weeks():
    return timezone.localdate() + timedelta(days=14)


class DecisionForm(forms.Form):
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices)
    title = forms.CharField(label=_("Title"), max_length=JointDecision._meta.get_field("title").max_length)
    question = forms.CharField(
        label=_("Text put to the owners"),
        max_length=JointDecision._meta.get_field("question").max_length,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Word for word as on the paper ballot. It cannot change once the question is put."),
    )
    rule = forms.ChoiceField(label=_("Rule"), choices=Rule.choices, initial=Rule.ORDINARY, widget=forms.RadioSelect)
    held_by = forms.ChoiceField(label=_("How it is held"), choices=HeldBy.choices, initial=HeldBy.DOOR_TO_DOOR)
    opens_on = forms.DateField(label=_("Voting opens on"), widget=DATE, initial=timezone.localdate)
    closes_on = forms.DateField(label=_("Voting closes on"), widget=DATE, initial=_in_two_weeks)


class FlatField(forms.CharField):
    """A flat as typed at the desk (`12-2-301`), read as the household."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Flat"))
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.widget.attrs.update({"placeholder": "12-2-301", "autocomplete": "off", "inputmode": "numeric"})

    def clean(self, value):
        text = super().clean(value)
        numbers = FLAT_PATTERN.fullmatch(text or "")
        household = None
        if numbers:
            building, unit, room = (int(part) for part in numbers.groups())
            household = Household.objects.filter(building=building, unit=unit, room=room).first()
        if household is None:
            raise forms.ValidationError(NO_SUCH_FLAT, code="no_such_flat", params={"flat": text})
        return household


class BallotForm(forms.Form):
    household = FlatField()
    choice = forms.ChoiceField(label=_("Ballot"), choices=Choice.choices, widget=forms.RadioSelect)
    scan = forms.FileField(label=_("Scan of the paper ballot"), required=False)


class CorrectionForm(BallotForm):
    reason = forms.CharField(
        label=_("Reason for the correction"),
        max_length=Ballot._meta.get_field("reason").max_length,
        help_text=_("For example: the owner's signed correction of 5 March."),
    )


class CiteForm(forms.Form):
    """Which owners' decision approved this (a budget, fee plan, contract or settlement), if any."""

    decision = forms.ModelChoiceField(
        label=_("Approved by the owners' decision"),
        queryset=JointDecision.objects.none(),
        required=False,
        empty_label=_("None: approved by the committee only"),
    )

    def __init__(self, *args, topic: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = JointDecision.objects.filter(topic=topic, result__passed=True).order_by(
            "-closes_on", "-id"
        )


class FeePlanCiteForm(CiteForm):
    fee_plan = forms.ModelChoiceField(
        label=_("Fee year"), queryset=FeePlan.objects.filter(closing__isnull=True).order_by("-year")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, topic=Topic.FEE_PLAN, **kwargs)
        self.order_fields(["fee_plan", "decision"])
