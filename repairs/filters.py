import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from repairs import figures
from repairs.models import Category, Patrol, Status, WorkOrder

DATE = forms.DateInput(attrs={"type": "date"})


class WorkOrderFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Number or text"), method="search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices, empty_label=_("Any"))
    category = django_filters.ChoiceFilter(label=_("Category"), choices=Category.choices, empty_label=_("Any"))
    building = django_filters.NumberFilter(
        label=_("Building"), widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )
    awaiting = django_filters.BooleanFilter(
        label=_("Charges awaiting the committee"),
        method="awaiting_approval",
        widget=forms.CheckboxInput,
    )
    reported_after = django_filters.DateFilter(
        field_name="reported_on", lookup_expr="gte", label=_("Reported from"), widget=DATE
    )
    reported_before = django_filters.DateFilter(
        field_name="reported_on", lookup_expr="lte", label=_("Reported until"), widget=DATE
    )

    class Meta:
        model = WorkOrder
        fields = ["q", "status", "category", "building", "awaiting", "reported_after", "reported_before"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(number__icontains=value) | Q(description__icontains=value)) if value else queryset

    def awaiting_approval(self, queryset, name, value):
        return queryset.filter(pk__in=figures.awaiting_charge_approval().values("pk")) if value else queryset


class PatrolFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Area or findings"), method="search")
    after = django_filters.DateFilter(field_name="patrolled_on", lookup_expr="gte", label=_("From"), widget=DATE)
    before = django_filters.DateFilter(field_name="patrolled_on", lookup_expr="lte", label=_("Until"), widget=DATE)

    class Meta:
        model = Patrol
        fields = ["q", "after", "before"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(area__icontains=value) | Q(findings__icontains=value)) if value else queryset
