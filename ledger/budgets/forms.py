"""Forms of the budget pages: they read text; `ledger.budgets.services` decides what is allowed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ledger.models import Pool


class BudgetSettingsForm(forms.Form):
    expected_rate_occupied = forms.CharField(
        label=_("Expected collection rate, occupied"), max_length=10, help_text=_("A fraction: 0.85 is 85%.")
    )
    expected_rate_vacant = forms.CharField(
        label=_("Expected collection rate, vacant"), max_length=10, help_text=_("A fraction: 0.80 is 80%.")
    )
    notes = forms.CharField(label=_("Notes"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}))


class BudgetLineForm(forms.Form):
    pool = forms.ChoiceField(label=_("Pool"), choices=Pool.choices)
    label = forms.CharField(label=_("Item"), max_length=100)
    amount = forms.CharField(
        label=_("Planned amount"), max_length=20, widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )
    payee = forms.CharField(
        label=_("Payee"),
        max_length=100,
        required=False,
        help_text=_("Spending from the pool paid to this payee counts against the item."),
    )
    basis = forms.CharField(label=_("Basis"), max_length=300, required=False)
