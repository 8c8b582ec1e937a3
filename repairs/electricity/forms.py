"""Forms parse what the steward typed (on a phone, at the meter); the rules live in `services`."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ledger.models import Expenditure, Pool
from repairs.electricity.models import Meter

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
KWH = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "maxlength": "20"})
MONTH_INVALID = _("Enter a month as year-month, e.g. 2024-05.")


def today() -> date:
    return timezone.localdate()


class MeterForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60)
    place = forms.CharField(label=_("Place"), max_length=100)
    serves = forms.CharField(label=_("What it serves"), max_length=200)


class ReadingForm(forms.Form):
    meter = forms.ModelChoiceField(label=_("Meter"), queryset=Meter.objects.order_by("name"))
    read_on = forms.DateField(label=_("Read on"), widget=DATE, initial=today)
    reading = forms.CharField(label=_("Reading (kWh)"), max_length=20, widget=KWH)
    replacement = forms.BooleanField(
        label=_("The meter was replaced since the last reading"),
        required=False,
        help_text=_("Then give the old meter's final reading and the new meter's start reading."),
    )
    old_final = forms.CharField(label=_("Old meter's final reading (kWh)"), max_length=20, required=False, widget=KWH)
    new_start = forms.CharField(label=_("New meter's start reading (kWh)"), max_length=20, required=False, widget=KWH)


class CorrectionForm(ReadingForm):
    reason = forms.CharField(label=_("Why it is corrected"), max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["meter"]


class MonthField(forms.Field):
    """`2024-05` (what a month input sends) as the month's first day."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "2024-05", "maxlength": "7"})

    def prepare_value(self, value):
        return f"{value:%Y-%m}" if isinstance(value, date) else value

    def to_python(self, value):
        text = (value or "").strip()
        if not text:
            return None
        if len(text) > 7:
            raise ValidationError(MONTH_INVALID, code="invalid")
        try:
            year, month = (int(part) for part in text.split("-"))
            return date(year, month, 1)
        except (TypeError, ValueError):
            raise ValidationError(MONTH_INVALID, code="invalid") from None


def electricity_payments():
    """Posted spending from the electricity pool, newest first: what a bill links to (about twelve a year)."""
    return Expenditure.objects.for_public_display().filter(pool=Pool.ELECTRICITY).order_by("-spent_on", "-id")


class PaymentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.spent_on:%Y-%m-%d} ¥{obj.amount} {obj.description}"


class BillForm(forms.Form):
    meter = forms.ModelChoiceField(label=_("Meter"), queryset=Meter.objects.order_by("name"))
    month = MonthField(label=_("Month billed"))
    kwh = forms.CharField(label=_("kWh billed"), max_length=20, widget=KWH)
    amount = forms.CharField(
        label=_("Amount"), max_length=20, widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
    )
    expenditure = PaymentChoiceField(
        label=_("Paid with"),
        queryset=Expenditure.objects.none(),
        help_text=_("The electricity payment in the ledger that settled this bill."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expenditure"].queryset = electricity_payments()


class ExplanationForm(forms.Form):
    text = forms.CharField(
        label=_("Explanation"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Residents read it beside the month: say what used the electricity and whether it is over."),
    )
