"""The staff's forms for inspection requests: the list's filter and the answer. The services decide."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from ledger.inspections import selectors
from ledger.models import Household
from ledger.models.inspections import MAX_ANSWER, AnswerMethod, InspectionRequest

STATUS_CHOICES = [("open", _("Open")), ("overdue", _("Past its deadline")), ("answered", _("Answered"))]


class InspectionFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=STATUS_CHOICES, method="filter_status", empty_label=_("Any")
    )
    flat = django_filters.CharFilter(label=_("Flat"), method="filter_flat")

    class Meta:
        model = InspectionRequest
        fields = ["status", "flat"]

    def filter_status(self, queryset, name, value):
        if value == "answered":
            return queryset.filter(answered_at__isnull=False)
        if value == "overdue":
            return queryset.filter(selectors.overdue())
        return queryset.filter(answered_at__isnull=True)

    def filter_flat(self, queryset, name, value):
        return queryset.filter(household__in=Household.objects.search(value)) if value.strip() else queryset


class AnswerForm(forms.Form):
    method = forms.ChoiceField(label=_("How it was answered"), choices=AnswerMethod.choices)
    answer = forms.CharField(
        label=_("Answer"),
        max_length=MAX_ANSWER,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What was shown or sent, when and by whom. Staff only."),
    )
