"""The small forms of the staff documents page. Each view validates what it is given, nothing more."""

from django import forms
from django.utils.translation import gettext_lazy as _

DEFAULT_PLACE = _("the steward's desk in the community service room")
DEFAULT_HOURS = _("weekdays 9:00–11:30 and 14:00–17:00")


class PublishForm(forms.Form):
    month = forms.DateField(input_formats=["%Y-%m"], widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Note (needed when the month does not reconcile with the bank)"), max_length=300, required=False
    )


class WhereToPayForm(forms.Form):
    """Where and when the steward takes payments, as the notices print it."""

    year = forms.IntegerField(label=_("Fee year"), min_value=2000, max_value=2200)
    place = forms.CharField(label=_("Where to pay"), max_length=80, required=False, initial=DEFAULT_PLACE)
    hours = forms.CharField(label=_("When"), max_length=80, required=False, initial=DEFAULT_HOURS)
    deadline = forms.DateField(label=_("Please pay by"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean_place(self):
        return self.cleaned_data["place"].strip() or str(DEFAULT_PLACE)

    def clean_hours(self):
        return self.cleaned_data["hours"].strip() or str(DEFAULT_HOURS)


class RemindersForm(WhereToPayForm):
    building = forms.IntegerField(
        label=_("Building"), min_value=1, required=False, help_text=_("Leave empty for the whole complex.")
    )
