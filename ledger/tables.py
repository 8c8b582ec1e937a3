"""The ledger's lists (django-tables2): sortable, paged, exported as CSV or XLSX.

Exports carry the same columns as the page, amounts as Decimal (numbers in Excel, `200.00` in CSV), and
phone numbers masked like on the page: an exported file travels further than the page does.
"""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from ledger.models import POOLS, Due, Expenditure, ExpenditureStatus, Household, Payment, Pool
from ledger.receipts import person
from trustmgmt.base.privacy import mask_phone
from trustmgmt.base.templatetags.trust import work_order_link, yuan

MONEY = {"th": {"class": "money"}, "td": {"class": "money"}}
# Columns a phone leaves out (they stay in the export and on wider screens).
WIDE = {"th": {"class": "wide-only"}, "td": {"class": "wide-only"}}
WIDE_MONEY = {"th": {"class": "money wide-only"}, "td": {"class": "money wide-only"}}
STATUS_BADGE = {ExpenditureStatus.PENDING: "warn", ExpenditureStatus.POSTED: "ok", ExpenditureStatus.REJECTED: "muted"}


def flat_link(household: Household) -> str:
    return reverse("ledger:household", args=[household])


class MoneyColumn(tables.Column):
    def __init__(self, *args, attrs=None, **kwargs):
        super().__init__(*args, attrs=attrs or MONEY, **kwargs)

    def render(self, value):
        return yuan(value)


class HouseholdTable(tables.Table):
    label = tables.Column(
        verbose_name=_("Flat"), accessor="label", order_by=("building", "unit", "room"), linkify=flat_link
    )
    owner_name = tables.Column(verbose_name=_("Owner"))
    phone = tables.Column(verbose_name=_("Phone"), attrs=WIDE)
    occupancy = tables.Column(verbose_name=_("Occupancy"))
    occupancy_since = tables.DateColumn(verbose_name=_("Since"), format="Y-m-d", attrs=WIDE)

    class Meta:
        model = Household
        template_name = "ledger/table.html"
        fields = ("label", "owner_name", "phone", "occupancy", "occupancy_since")
        order_by = ("label",)
        empty_text = _("No households match.")

    def render_phone(self, value):
        return mask_phone(value)

    def value_phone(self, value):
        return mask_phone(value)

    def render_occupancy(self, record):
        css = "ok" if record.occupancy == "occupied" else "muted"
        return format_html('<span class="badge badge-{}">{}</span>', css, record.get_occupancy_display())

    def value_occupancy(self, record):
        return str(record.get_occupancy_display())

    def value_occupancy_since(self, value):
        return value or ""


def reversal_badge(reversed_: bool):
    return format_html('<span class="badge badge-bad">{}</span>', _("Reversed")) if reversed_ else ""


class PaymentTable(tables.Table):
    receipt = tables.Column(
        verbose_name=_("Receipt"),
        accessor="receipt_no",
        order_by=("fee_plan__year", "receipt_number"),
        linkify=lambda record: reverse("ledger:payment", args=[record]),
    )
    paid_on = tables.DateColumn(verbose_name=_("Paid on"), format="Y-m-d")
    household = tables.Column(
        verbose_name=_("Flat"),
        accessor="household__label",
        order_by=("household__building", "household__unit", "household__room"),
        linkify=lambda record: flat_link(record.household),
    )
    owner = tables.Column(verbose_name=_("Owner"), accessor="household__owner_name", attrs=WIDE)
    fee_year = tables.Column(verbose_name=_("Fee year"), accessor="fee_plan__year", attrs=WIDE)
    method = tables.Column(verbose_name=_("Paid by"), attrs=WIDE)
    amount = MoneyColumn(verbose_name=_("Amount"))
    recorded_by = tables.Column(verbose_name=_("Recorded by"), order_by=("recorded_by__username",), attrs=WIDE)
    # Only in the export: on the page a reversed payment's amount carries the badge (an all-blank column said nothing).
    reversed = tables.Column(verbose_name=_("Reversal"), visible=False)

    class Meta:
        model = Payment
        template_name = "ledger/table.html"
        fields = ()
        sequence = ("receipt", "paid_on", "household", "owner", "fee_year", "method", "amount", "recorded_by")
        order_by = ("-paid_on",)
        empty_text = _("No payments match.")
        row_attrs = {"class": lambda record: "reversed" if record.reversed else ""}

    def render_method(self, record):
        return record.get_method_display()

    def render_recorded_by(self, value):
        return person(value)

    def value_recorded_by(self, value):
        return person(value)

    def value_method(self, record):
        return str(record.get_method_display())

    def render_amount(self, value, record):
        return format_html("{} {}", yuan(value), reversal_badge(record.reversed)) if record.reversed else yuan(value)

    def value_amount(self, value):
        return value

    def value_reversed(self, value):
        return str(_("Reversed")) if value else ""


class ExpenditureTable(tables.Table):
    spent_on = tables.DateColumn(
        verbose_name=_("Spent on"),
        format="Y-m-d",
        linkify=lambda record: reverse("ledger:expenditure", args=[record.pk]),
    )
    pool = tables.Column(verbose_name=_("Pool"))
    payee = tables.Column(verbose_name=_("Payee"), attrs={"td": {"class": "cell-wrap"}})
    description = tables.Column(
        verbose_name=_("What for"), attrs={"th": {"class": "wide-only"}, "td": {"class": "wide-only cell-wrap"}}
    )
    amount = MoneyColumn(verbose_name=_("Amount"))
    status = tables.Column(verbose_name=_("Status"))
    reference = tables.Column(verbose_name=_("Reference"), attrs=WIDE)
    # Only in the export: on the page a reversed expenditure's status carries the badge.
    reversed = tables.Column(verbose_name=_("Reversal"), visible=False)

    class Meta:
        model = Expenditure
        template_name = "ledger/table.html"
        fields = ()
        sequence = ("spent_on", "pool", "payee", "description", "amount", "status", "reversed", "reference")
        order_by = ("-spent_on",)
        empty_text = _("No expenditures match.")
        row_attrs = {"class": lambda record: "reversed" if record.reversed else ""}

    def render_pool(self, record):
        return format_html('<span class="pool-{}">{}</span>', record.pool, record.get_pool_display())

    def value_pool(self, record):
        return str(record.get_pool_display())

    def render_description(self, value):
        return value if len(value) <= 40 else f"{value[:39]}…"

    def render_status(self, record):
        if record.reversed:
            return reversal_badge(True)
        css = STATUS_BADGE[record.status]
        return format_html('<span class="badge badge-{}">{}</span>', css, record.get_status_display())

    def value_status(self, record):
        return str(record.get_status_display())

    def value_reversed(self, value):
        return str(_("Reversed")) if value else ""

    def render_reference(self, value):
        return work_order_link(value)


class OutstandingColumn(MoneyColumn):
    """What one pool is still owed: its due less what was paid into it."""

    def __init__(self, pool: str, **kwargs):
        self.pool = pool
        super().__init__(
            verbose_name=format_lazy(_("Owed: {pool}"), pool=Pool(pool).label),
            accessor=pool,
            empty_values=(),
            orderable=False,
            attrs=WIDE_MONEY,
            **kwargs,
        )

    def _value(self, record):
        return getattr(record, self.pool) - getattr(record, f"paid_{self.pool}")

    def render(self, record):
        return yuan(self._value(record))

    def value(self, record):
        return self._value(record)


class ArrearsTable(tables.Table):
    household = tables.Column(
        verbose_name=_("Flat"),
        accessor="household__label",
        order_by=("household__building", "household__unit", "household__room"),
        linkify=lambda record: flat_link(record.household),
    )
    owner = tables.Column(verbose_name=_("Owner"), accessor="household__owner_name")
    phone = tables.Column(verbose_name=_("Phone"), accessor="household__phone", attrs=WIDE)
    occupancy = tables.Column(verbose_name=_("Occupancy"), attrs=WIDE)
    total = MoneyColumn(verbose_name=_("Due"), attrs=WIDE_MONEY)
    paid = MoneyColumn(verbose_name=_("Paid"), attrs=WIDE_MONEY)
    outstanding_electricity = OutstandingColumn("electricity")
    outstanding_maintenance = OutstandingColumn("maintenance")
    outstanding_garbage = OutstandingColumn("garbage")
    outstanding = MoneyColumn(verbose_name=_("Outstanding"))

    class Meta:
        model = Due
        template_name = "ledger/table.html"
        fields = ()
        sequence = ("household", "owner", "phone", "occupancy", "total", "paid", *(f"outstanding_{p}" for p in POOLS))
        order_by = ("household",)
        empty_text = _("Nobody owes anything for this fee year.")

    def render_phone(self, value):
        return mask_phone(value)

    def value_phone(self, value):
        return mask_phone(value)

    def render_occupancy(self, record):
        return record.get_occupancy_display()

    def value_occupancy(self, record):
        return str(record.get_occupancy_display())
