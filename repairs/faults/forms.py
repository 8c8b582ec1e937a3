"""The steward's triage forms. They read what was chosen; `services` decides."""

from django import forms
from django.utils.translation import gettext_lazy as _

from repairs.models import MAX_PUBLIC_REASON, Category, CommonArea, WorkOrder


class AcceptForm(forms.Form):
    """Accept, correcting the kind and the place the public board shows if the resident chose wrongly."""

    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    building = forms.IntegerField(label=_("Building"), required=False, min_value=1, max_value=999)
    unit = forms.IntegerField(label=_("Unit"), required=False, min_value=1, max_value=99)
    common_area = forms.ChoiceField(
        label=_("Or a common area"), required=False, choices=[("", "—"), *CommonArea.choices]
    )


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(label=_("Duplicate of"), queryset=WorkOrder.objects.none())

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = targets
        self.fields["into"].label_from_instance = lambda order: (
            f"{order.number} · {order.get_category_display()} · {order.location} · {order.reported_on:%Y-%m-%d}"
        )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (shown in public)"),
        max_length=MAX_PUBLIC_REASON,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The reporter's status page shows it: no names, no flats."),
    )
