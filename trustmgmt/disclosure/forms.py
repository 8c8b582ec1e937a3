"""The public forms. They read what a resident typed; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ledger.models.inspections import MAX_CONTACT, MAX_QUESTION
from repairs.faults.services import MAX_DESCRIPTION
from repairs.forms import MultiplePhotoField
from repairs.models import MAX_PLACE, Category, CommonArea
from trustmgmt.base.uploads import PHOTO


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


class FaultReportForm(forms.Form):
    """A resident's fault report (报修). Where: a building (and unit), a common area, or in their own words."""

    category = forms.ChoiceField(label=_("What kind of fault"), choices=[("", "—"), *Category.choices])
    building = forms.IntegerField(
        label=_("Building"),
        required=False,
        min_value=1,
        max_value=999,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    unit = forms.IntegerField(
        label=_("Unit"),
        required=False,
        min_value=1,
        max_value=99,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    common_area = forms.ChoiceField(
        label=_("Or a common area"), required=False, choices=[("", "—"), *CommonArea.choices]
    )
    place = forms.CharField(
        label=_("Or say where, in your own words"),
        required=False,
        max_length=MAX_PLACE,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. the lamp by the bicycle shed's east door")}),
    )
    description = forms.CharField(
        label=_("What is wrong"),
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The public board shows only the kind of fault and the place, not this text."),
    )
    photos = MultiplePhotoField(label=_("Photos (optional, at most three)"), required=False)
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photos"].help_text = PHOTO_HELP % {"limit": PHOTO.limit_mb}  # in the visitor's language


PHOTO_HELP = _("JPEG, PNG or WebP, up to %(limit)s MB each. The place and time a phone stores in a photo are removed.")
