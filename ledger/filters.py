"""The lists' filters (django-filter). Each filter is one WHERE clause: the page's query count stays fixed."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ledger.models import Due, Expenditure, ExpenditureStatus, FeePlan, Household, Method, Occupancy, Payment, Pool

DATE = forms.DateInput(attrs={"type": "date"})
NUMBER = forms.NumberInput(attrs={"inputmode": "numeric"})
YES_NO = [("yes", _("Reversed")), ("no", _("Not reversed"))]


def _fee_years():
    return [(year, str(year)) for year in FeePlan.objects.order_by("-year").values_list("year", flat=True)]


class FeeYearChoicesOnce:
    """Reads the fee years once per page: a callable's choices are read again to validate and to render."""

    fee_year_filter = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters[self.fee_year_filter].extra["choices"] = _fee_years()


class HouseholdFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Flat or owner"), method="search")
    building = django_filters.NumberFilter(label=_("Building"), widget=NUMBER)
    occupancy = django_filters.ChoiceFilter(label=_("Occupancy"), choices=Occupancy.choices, empty_label=_("Any"))

    class Meta:
        model = Household
        fields = ["q", "building", "occupancy"]

    def search(self, queryset, name, value):
        return queryset.search(value) if value.strip() else queryset


class PaymentFilter(FeeYearChoicesOnce, django_filters.FilterSet):
    fee_year_filter = "fee_year"
    q = django_filters.CharFilter(label=_("Flat or owner"), method="search")
    fee_year = django_filters.ChoiceFilter(
        field_name="fee_plan__year", label=_("Fee year"), choices=_fee_years, empty_label=_("Any")
    )
    method = django_filters.ChoiceFilter(label=_("Paid by"), choices=Method.choices, empty_label=_("Any"))
    paid_from = django_filters.DateFilter(field_name="paid_on", lookup_expr="gte", label=_("Paid from"), widget=DATE)
    paid_until = django_filters.DateFilter(field_name="paid_on", lookup_expr="lte", label=_("Paid until"), widget=DATE)
    reversed = django_filters.ChoiceFilter(
        label=_("Reversal"), choices=YES_NO, method="filter_reversed", empty_label=_("Any")
    )

    class Meta:
        model = Payment
        fields = ["q", "fee_year", "method", "paid_from", "paid_until", "reversed"]

    def search(self, queryset, name, value):
        if not value.strip():
            return queryset
        return queryset.filter(household__in=Household.objects.search(value))

    def filter_reversed(self, queryset, name, value):
        return queryset.filter(reversed=value == "yes")


class ExpenditureFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Payee or description"), method="search")
    pool = django_filters.ChoiceFilter(label=_("Pool"), choices=Pool.choices, empty_label=_("Any"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ExpenditureStatus.choices, empty_label=_("Any"))
    spent_from = django_filters.DateFilter(field_name="spent_on", lookup_expr="gte", label=_("Spent from"), widget=DATE)
    spent_until = django_filters.DateFilter(
        field_name="spent_on", lookup_expr="lte", label=_("Spent until"), widget=DATE
    )
    reversed = django_filters.ChoiceFilter(
        label=_("Reversal"), choices=YES_NO, method="filter_reversed", empty_label=_("Any")
    )

    class Meta:
        model = Expenditure
        fields = ["q", "pool", "status", "spent_from", "spent_until", "reversed"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(payee__icontains=value) | Q(description__icontains=value) | Q(reference__icontains=value)
        )

    def filter_reversed(self, queryset, name, value):
        return queryset.filter(reversed=value == "yes")


class ArrearsFilter(FeeYearChoicesOnce, django_filters.FilterSet):
    fee_year_filter = "year"
    # The fee year picks the queryset (ArrearsView.fee_plan); here it is only the form's select.
    year = django_filters.ChoiceFilter(label=_("Fee year"), choices=_fee_years, method="same", empty_label=None)
    building = django_filters.NumberFilter(field_name="household__building", label=_("Building"), widget=NUMBER)
    occupancy = django_filters.ChoiceFilter(label=_("Occupancy"), choices=Occupancy.choices, empty_label=_("Any"))

    class Meta:
        model = Due
        fields = ["year", "building", "occupancy"]

    def same(self, queryset, name, value):
        return queryset
