"""Forms parse what a person typed into Python values; the rules live in `services`.

A form refuses only what cannot be read at all (not a number, not a date, too long for the column);
everything else (zero, overpayment, a date in the future, who may approve) is the service's refusal,
put on the field it names by `add_service_errors`.
"""

import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ledger import services
from ledger.models import POOLS, Account, Expenditure, Household, Method, Occupancy, Pool, ReversalReason
from trustmgmt.base import uploads
from trustmgmt.base.forms import AmountField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
REASON_HELP = _("Why it is reversed; it is kept with the reversal and shown beside the original.")


def today():
    return timezone.localdate()


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Flat or owner"),
        required=False,
        max_length=50,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": _("12-2-301 or part of a name"),
                "autocomplete": "off",
                "autofocus": True,
                "enterkeyhint": "search",
            }
        ),
    )


class PaymentForm(forms.Form):
    """The desk's one step: the amount (the outstanding one filled in), how it was paid, the day."""

    fee_year = forms.IntegerField(widget=forms.HiddenInput)
    amount = AmountField(label=_("Amount (yuan)"))
    method = forms.ChoiceField(
        label=_("Paid by"), choices=Method.choices, initial=Method.WECHAT, widget=forms.RadioSelect
    )
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE, initial=today)
    # One per form shown: sent twice (a double tap, a reload), it records one payment (services.payment_record).
    request_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("request_key", uuid.uuid4())


class ReverseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        help_text=REASON_HELP,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_reason(self):
        return self.cleaned_data["reason"].strip()


class PaymentReverseForm(ReverseForm):
    """A payment's reversal also says why in one word the public may read (the receipt's check page)."""

    category = forms.ChoiceField(
        label=_("Why, as the receipt's public check page says it"),
        choices=[("", "—"), *ReversalReason.choices],
        required=False,
        help_text=_("The reason above stays with the staff; the public sees only this."),
    )

    def clean_category(self):
        return self.cleaned_data["category"] or ReversalReason.OTHER


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason for rejecting"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))


class ApproveForm(forms.Form):
    note = forms.CharField(label=_("Note (optional)"), max_length=300, required=False)


class VoucherField(forms.FileField):
    widget = forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,application/pdf"})

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        return uploads.checked_voucher(upload) if upload else upload


class ExpenditureForm(forms.Form):
    spent_on = forms.DateField(label=_("Spent on"), widget=DATE, initial=today)
    pool = forms.ChoiceField(label=_("Paid from"), choices=Pool.choices, widget=forms.RadioSelect)
    payee = forms.CharField(label=_("Payee"), max_length=Expenditure._meta.get_field("payee").max_length)
    amount = AmountField(label=_("Amount (yuan)"))
    description = forms.CharField(
        label=_("What for"),
        max_length=Expenditure._meta.get_field("description").max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    paid_from = forms.ModelChoiceField(
        label=_("Paid from account"),
        queryset=Account.objects.all(),
        required=False,
        empty_label=_("The bank account"),
        help_text=_("Choose the cash box if the steward paid in cash."),
    )
    voucher = VoucherField(
        label=_("Voucher (invoice or receipt)"),
        required=False,
        help_text=_("A photo (JPEG, PNG, WebP) or a PDF, up to %(limit)s MB.") % {"limit": uploads.MAX_VOUCHER_MB},
    )


class HouseholdForm(forms.Form):
    building = forms.IntegerField(label=_("Building"), min_value=1, max_value=9999)
    unit = forms.IntegerField(label=_("Unit"), min_value=1, max_value=99)
    room = forms.IntegerField(label=_("Room"), min_value=1, max_value=99999)
    owner_name = forms.CharField(label=_("Owner"), max_length=Household._meta.get_field("owner_name").max_length)
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=Household._meta.get_field("phone").max_length,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
    )
    occupancy = forms.ChoiceField(
        label=_("Occupancy"), choices=Occupancy.choices, initial=Occupancy.OCCUPIED, widget=forms.RadioSelect
    )
    occupancy_since = forms.DateField(label=_("Occupancy since"), required=False, widget=DATE)
    area = forms.CharField(
        label=_("Floor area (m²)"),
        required=False,
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text=_("The exclusive floor area (专有部分面积) on the title deed; owners' decisions count by it."),
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=Household._meta.get_field("notes").max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("building", "unit", "room"):
            self.fields[name].widget.attrs["inputmode"] = "numeric"


class HouseholdEditForm(forms.Form):
    owner_name = HouseholdForm.base_fields["owner_name"]
    phone = HouseholdForm.base_fields["phone"]
    area = HouseholdForm.base_fields["area"]
    notes = HouseholdForm.base_fields["notes"]


class OccupancyForm(forms.Form):
    occupancy = forms.ChoiceField(label=_("Occupancy"), choices=Occupancy.choices, widget=forms.RadioSelect)
    since = forms.DateField(
        label=_("Since"),
        widget=DATE,
        initial=today,
        help_text=_("Fee years that start on or after this day owe the new rate."),
    )


class FeePlanForm(forms.Form):
    """A fee year's plan: what an occupied and a vacant flat owe each pool."""

    year = forms.IntegerField(label=_("Fee year"), min_value=2000, max_value=2100)
    starts_on = forms.DateField(
        label=_("Starts on"), required=False, widget=DATE, help_text=_("Empty: 1 January of the fee year.")
    )
    ends_on = forms.DateField(
        label=_("Ends on"), required=False, widget=DATE, help_text=_("Empty: 31 December of the fee year.")
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        for occupancy, defaults in (
            (Occupancy.OCCUPIED, services.DEFAULT_OCCUPIED),
            (Occupancy.VACANT, services.DEFAULT_VACANT),
        ):
            for pool in POOLS:
                self.fields[f"{pool}_{occupancy}"] = AmountField(
                    label=f"{Pool(pool).label} · {Occupancy(occupancy).label}", initial=defaults[pool]
                )
        if editing:  # the year and its dates are fixed once the plan exists; only the amounts may change
            for name in ("year", "starts_on", "ends_on"):
                del self.fields[name]

    def amounts(self, occupancy: str):
        return {pool: self.cleaned_data[f"{pool}_{occupancy}"] for pool in POOLS}

    def head_fields(self):
        return [self[name] for name in ("year", "starts_on", "ends_on") if name in self.fields]

    def amount_rows(self):
        """[(pool label, occupied field, vacant field)] for a compact grid."""
        return [(Pool(pool).label, self[f"{pool}_occupied"], self[f"{pool}_vacant"]) for pool in POOLS]
