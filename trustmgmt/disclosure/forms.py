"""The public forms. They read what a resident typed; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ledger.models.inspections import MAX_CONTACT, MAX_QUESTION


class InspectionForm(forms.Form):
    flat = forms.CharField(
        label=_("Your flat (building-unit-room)"),
        max_length=20,
        widget=forms.TextInput(attrs={"placeholder": "12-2-301", "autocomplete": "off", "inputmode": "numeric"}),
    )
    contact = forms.CharField(
        label=_("Phone or WeChat ID"),
        max_length=MAX_CONTACT,
        help_text=_("Only the steward and the committee see your flat and contact; the public page never shows them."),
    )
    question = forms.CharField(
        label=_("What would you like to know? (optional)"),
        max_length=MAX_QUESTION,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
