"""The year-end settlement's form: it reads the choices; `ledger.settlement.services` decides."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ledger.decisions.forms import CiteForm
from ledger.models import POOLS, Decision, Pool, Topic


class FeeYearCloseForm(forms.Form):
    """Per pool: carry forward or credit to households; and the committee's minute. The service checks it all."""

    minute = forms.CharField(
        label=_("Decision and minute reference"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": "300"}),
        help_text=_("For example: committee meeting of 2025-01-10, minute 3."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for pool in POOLS:
            self.fields[pool] = forms.ChoiceField(
                label=Pool(pool).label, choices=Decision.choices, required=False, widget=forms.RadioSelect
            )
        self.fields["decision"] = CiteForm(topic=Topic.SETTLEMENT).fields["decision"]
        self.order_fields([*POOLS, "minute", "decision"])

    def decisions(self) -> dict[str, str]:
        return {pool: self.cleaned_data.get(pool) or "" for pool in POOLS}
