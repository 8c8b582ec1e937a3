"""Forms parse what a person typed; the rules live in `services`, whose refusals land on these fields."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ledger.decisions.forms import CiteForm
from ledger.models import Household, Pool, Topic
from repairs.models import Category, CommonArea, Contractor, Reporter
from trustmgmt.base.uploads import PHOTO

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
HOUSEHOLD_UNKNOWN = _("No household %(flat)s; type building-unit-room, e.g. 12-2-301.")


def today():
    return timezone.localdate()


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    """Several photos in one input; each is checked by content in `services`."""

    widget = MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp", "capture": "environment"})

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultiplePhotoField, self).clean(item, initial) for item in files]


class ReportForm(forms.Form):
    reported_on = forms.DateField(label=_("Reported on"), widget=DATE, initial=today)
    reporter = forms.ChoiceField(
        label=_("Reported by"), choices=Reporter.choices, initial=Reporter.STEWARD, widget=forms.RadioSelect
    )
    household = forms.CharField(
        label=_("Household"),
        required=False,
        max_length=20,
        help_text=_("When a household reported it: building-unit-room, e.g. 12-2-301."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    building = forms.IntegerField(
        label=_("Building"), required=False, min_value=1, widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )
    unit = forms.IntegerField(
        label=_("Unit"), required=False, min_value=1, widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )
    common_area = forms.ChoiceField(
        label=_("Or a common area"), required=False, choices=[("", "—"), *CommonArea.choices]
    )
    description = forms.CharField(
        label=_("What is wrong"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Staff only; the public sees the category and the place, not this text."),
    )
    pool = forms.ChoiceField(label=_("Charged to"), choices=Pool.choices, initial=Pool.MAINTENANCE)
    photos = MultiplePhotoField(
        label=_("Photos"),
        required=False,
        help_text=_("JPEG, PNG or WebP, up to %(limit)s MB each.") % {"limit": PHOTO.limit_mb},
    )

    def clean_household(self):
        text = self.cleaned_data["household"].strip()
        if not text:
            return None
        flat = re.fullmatch(r"(\d{1,6})\D+(\d{1,6})\D+(\d{1,6})", text)
        household = flat and Household.objects.filter(building=flat[1], unit=flat[2], room=flat[3]).first()
        if not household:
            raise ValidationError(HOUSEHOLD_UNKNOWN, params={"flat": text})
        return household


class StepForm(forms.Form):
    """The day a step took effect, and a note; or, for sending back and cancelling, the reason."""

    day = forms.DateField(label=_("Date"), widget=DATE, initial=today)
    note = forms.CharField(label=_("Note"), required=False, max_length=300, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, step, **kwargs):
        super().__init__(*args, **kwargs)
        if step.code in ("reopen",):
            del self.fields["day"], self.fields["note"]
        elif step.needs_reason:
            del self.fields["day"]
            self.fields["note"] = forms.CharField(
                label=_("Reason"), required=True, max_length=300, widget=forms.Textarea(attrs={"rows": 2})
            )
        elif step.code in ("settle", "assign"):
            del self.fields["note"]


class CostLineForm(forms.Form):
    price_item = forms.ModelChoiceField(
        label=_("Price-list item"),
        queryset=None,
        required=False,
        empty_label=_("— not on the price list: write it by hand —"),
    )
    quantity = forms.DecimalField(
        label=_("Quantity"),
        max_digits=9,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )
    description = forms.CharField(label=_("Item (by hand)"), required=False, max_length=100)
    unit = forms.CharField(label=_("Unit (by hand)"), required=False, max_length=10)
    unit_price = forms.DecimalField(
        label=_("Unit price in yuan (by hand)"),
        required=False,
        max_digits=12,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )
    justification = forms.CharField(
        label=_("Justification"),
        required=False,
        max_length=300,
        help_text=_("Needed for a line written by hand: why this item and this price."),
    )

    def __init__(self, *args, order, **kwargs):
        super().__init__(*args, **kwargs)
        items = order.contract.price_items.all() if order.contract_id else []
        self.fields["price_item"].queryset = items
        self.fields["price_item"].error_messages["invalid_choice"] = _(
            "That item is not on the price list of this order's contract."
        )
        self.fields["price_item"].label_from_instance = lambda item: f"{item.name}（{item.unit_price}/{item.unit}）"


class PhotoForm(forms.Form):
    image = forms.FileField(
        label=_("Photo"), widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"})
    )


class PatrolForm(forms.Form):
    patrolled_on = forms.DateField(label=_("Date"), widget=DATE, initial=today)
    inspector = forms.CharField(
        label=_("Who"), max_length=100, help_text=_("E.g. the contractor's designated person and the steward.")
    )
    area = forms.CharField(label=_("Area"), max_length=100, help_text=_("E.g. buildings 1–6, stairwells and roofs."))
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)


class ContractorForm(forms.Form):
    company = forms.CharField(label=_("Company"), max_length=100)
    contact_person = forms.CharField(label=_("Designated person"), max_length=50)
    phone = forms.CharField(label=_("Phone"), max_length=20, widget=forms.TextInput(attrs={"type": "tel"}))
    notes = forms.CharField(label=_("Notes"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class ContractForm(forms.Form):
    contractor = forms.ModelChoiceField(label=_("Contractor"), queryset=Contractor.objects.all())
    title = forms.CharField(label=_("Title"), max_length=100)
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE)
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(
        label=_("Ends on"), widget=DATE, required=False, help_text=_("Leave empty for one year from the start.")
    )
    households = forms.IntegerField(label=_("Households entitled to vote"), min_value=1)
    votes_for = forms.IntegerField(label=_("Votes for"), min_value=0)
    votes_against = forms.IntegerField(label=_("Votes against"), min_value=0)
    document = forms.FileField(
        label=_("Contract document"),
        required=False,
        help_text=_("A PDF, or a photo of the signed contract; up to 15 MB."),
    )
    notes = forms.CharField(label=_("Notes"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
    promised_days = forms.IntegerField(
        label=_("Days to fix a fault"),
        min_value=1,
        max_value=365,
        required=False,
        help_text=_("As the contract promises; empty means 7."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"] = CiteForm(topic=Topic.CONTRACT).fields["decision"]

    def clean_promised_days(self) -> int:
        return self.cleaned_data["promised_days"] or 7


class DocumentForm(forms.Form):
    document = forms.FileField(
        label=_("Contract document"), help_text=_("A PDF, or a photo of the signed contract; up to 15 MB.")
    )


class PriceItemForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=10)
    name = forms.CharField(label=_("Item"), max_length=100)
    unit = forms.CharField(label=_("Unit of measure"), max_length=10)
    unit_price = forms.DecimalField(label=_("Contract price (yuan)"), max_digits=12, decimal_places=2)
    reference_price = forms.DecimalField(label=_("Reference price (yuan)"), max_digits=12, decimal_places=2)
    reference_source = forms.CharField(
        label=_("Reference source"),
        max_length=100,
        initial="宁波市住房维修参考价",
        help_text=_("Where the reference price comes from."),
    )
