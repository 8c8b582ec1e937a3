"""Forms for the cash box, deposits, statements and advances: they read what was typed; services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ledger.accounts.statements import LAYOUTS
from ledger.forms import DATE, VoucherField, today
from ledger.models import Account, AccountKind, Pool
from trustmgmt.base.forms import AmountField

STATEMENT_MB = 10


class DayCloseForm(forms.Form):
    counted = AmountField(label=_("Cash counted (yuan)"))
    reason = forms.CharField(
        label=_("Reason for any difference"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the count differs from the books, and for a correction."),
    )


class DepositForm(forms.Form):
    bank = forms.ModelChoiceField(
        label=_("Into"), queryset=Account.objects.filter(kind=AccountKind.BANK), empty_label=None
    )
    amount = AmountField(label=_("Amount (yuan)"))
    deposited_on = forms.DateField(label=_("Deposited on"), widget=DATE, initial=today)
    slip_number = forms.CharField(label=_("Deposit slip number"), max_length=40, required=False)
    scan = VoucherField(label=_("Scan of the slip (optional)"), required=False)


class SettlementForm(forms.Form):
    collection = forms.ModelChoiceField(
        label=_("From the collection account"),
        queryset=Account.objects.filter(kind=AccountKind.COLLECTION),
        empty_label=None,
    )
    amount = AmountField(label=_("Paid into the bank (yuan)"), help_text=_("As the bank statement will show it."))
    fee = AmountField(label=_("Platform fee (yuan)"), initial="0.00", help_text=_("What the platform kept."))
    settled_on = forms.DateField(label=_("Settled on"), widget=DATE, initial=today)
    reference = forms.CharField(label=_("Settlement reference"), max_length=40)
    pool = forms.ChoiceField(label=_("Fee paid from pool"), choices=Pool.choices, initial=Pool.MAINTENANCE)


class StatementForm(forms.Form):
    account = forms.ModelChoiceField(
        label=_("Bank account"), queryset=Account.objects.filter(kind=AccountKind.BANK), empty_label=None
    )
    file = forms.FileField(
        label=_("Statement (.csv or .xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
        help_text=_("As the online bank exports the account's transaction details, up to %(limit)s MB.")
        % {"limit": STATEMENT_MB},
    )
    layout = forms.ChoiceField(
        label=_("Layout"),
        required=False,
        choices=[("", _("Recognise from the header"))] + [(name, name) for name in LAYOUTS],
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > STATEMENT_MB * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than %(limit)s MB."), params={"limit": STATEMENT_MB})
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        return upload


class BookLineForm(forms.Form):
    # One per statement line on the accounts page, beside its button: named for screen readers, no id to repeat.
    pool = forms.ChoiceField(
        label=_("Pool"),
        choices=Pool.choices,
        initial=Pool.MAINTENANCE,
        widget=forms.Select(attrs={"aria-label": _("Pool")}),
    )


class AdvanceForm(forms.Form):
    from_pool = forms.ChoiceField(label=_("From pool"), choices=Pool.choices, widget=forms.RadioSelect)
    to_pool = forms.ChoiceField(label=_("To pool"), choices=Pool.choices, widget=forms.RadioSelect)
    amount = AmountField(label=_("Amount (yuan)"))
    value_date = forms.DateField(label=_("From"), widget=DATE, initial=today)
    reason = forms.CharField(
        label=_("Reason and minute reference"), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )
