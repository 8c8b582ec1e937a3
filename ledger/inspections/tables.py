"""The staff's table of inspection requests: overdue first, then open, then answered."""

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ledger.models.inspections import InspectionRequest
from ledger.tables import WIDE, MoneyColumn


class InspectionTable(tables.Table):
    reference = tables.Column(
        verbose_name=_("Request no."),
        accessor="pk",
        linkify=lambda record: reverse("ledger:inspection", args=[record.pk]),
    )
    asked_at = tables.DateTimeColumn(verbose_name=_("Asked"), format="Y-m-d")
    household = tables.Column(
        verbose_name=_("Flat"),
        accessor="household__label",
        order_by=("household__building", "household__unit", "household__room"),
    )
    contact = tables.Column(verbose_name=_("Contact"), attrs=WIDE)
    payee = tables.Column(
        verbose_name=_("Spending"), accessor="expenditure__payee", attrs={"td": {"class": "cell-wrap"}}
    )
    amount = MoneyColumn(verbose_name=_("Amount"), accessor="expenditure__amount")
    due_by = tables.DateColumn(verbose_name=_("Due by"), format="Y-m-d")
    rank = tables.Column(verbose_name=_("Status"))
    answered_at = tables.DateTimeColumn(verbose_name=_("Answered"), format="Y-m-d", attrs=WIDE)

    class Meta:
        model = InspectionRequest
        template_name = "ledger/table.html"
        fields = ()
        sequence = ("reference", "asked_at", "household", "contact", "payee", "amount", "due_by", "rank", "answered_at")
        order_by = ("rank", "due_by")
        empty_text = _("No inspection requests match.")
        row_attrs = {"class": lambda record: "overdue" if record.rank == 0 else ""}

    def render_reference(self, record):
        return record.reference

    def value_reference(self, record):
        return record.reference

    def render_rank(self, value):
        badge, label = [("bad", _("Past its deadline")), ("warn", _("Open")), ("ok", _("Answered"))][value]
        return format_html('<span class="badge badge-{}">{}</span>', badge, label)

    def value_rank(self, value):
        return str([_("Past its deadline"), _("Open"), _("Answered")][value])

    def value_answered_at(self, value):
        return timezone.localtime(value).strftime("%Y-%m-%d") if value else ""
