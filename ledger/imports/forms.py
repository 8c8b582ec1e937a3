from django import forms
from django.utils.translation import gettext_lazy as _

from ledger.forms import DATE
from ledger.imports.services import IMPORT_MB
from ledger.models import ImportKind


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (.csv or .xlsx)"),
        required=False,  # the service says what is wrong, with the file's own words
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    since = forms.DateField(
        label=_("Changed occupancy counts from"),
        required=False,
        widget=DATE,
        help_text=_("Only for flats already in the ledger whose occupancy the file changes. Empty: today."),
    )

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "As Excel saves it: CSV (UTF-8 or GBK) or an Excel workbook (.xlsx), up to %(limit)s MB."
        ) % {"limit": IMPORT_MB}
        if kind != ImportKind.HOUSEHOLDS:
            del self.fields["since"]
