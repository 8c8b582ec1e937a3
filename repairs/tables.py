"""The work-order and patrol lists: sortable, paged, exported as CSV or XLSX."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from repairs.models import Patrol, Status, WorkOrder

STATUS_BADGE = {
    Status.REPORTED: "bad",
    Status.ASSIGNED: "warn",
    Status.DONE: "ok",
    Status.ACCEPTED: "ok",
    Status.SETTLED: "muted",
    Status.CANCELLED: "muted",
}
# Columns a phone leaves out (they stay in the export and on wider screens).
WIDE = {"th": {"class": "wide-only"}, "td": {"class": "wide-only"}}
MONEY = {"th": {"class": "money"}, "td": {"class": "money"}}
WIDE_MONEY = {"th": {"class": "money wide-only"}, "td": {"class": "money wide-only"}}


def status_badge(status: str) -> str:
    return format_html('<span class="badge badge-{}">{}</span>', STATUS_BADGE[status], Status(status).label)


class WorkOrderTable(tables.Table):
    number = tables.Column(
        verbose_name=_("Number"),
        linkify=lambda record: reverse("repairs:order", args=[record.number]),
        order_by=("year", "sequence"),
    )
    status = tables.Column(verbose_name=_("Status"))
    location = tables.Column(
        verbose_name=_("Location"), accessor="location", order_by=("building", "unit", "common_area")
    )
    category = tables.Column(verbose_name=_("Category"), attrs=WIDE)
    reported_on = tables.DateColumn(verbose_name=_("Reported on"), format="Y-m-d", attrs=WIDE)
    done_on = tables.DateColumn(verbose_name=_("Done on"), format="Y-m-d", attrs=WIDE)
    days = tables.Column(verbose_name=_("Days"), empty_values=(), order_by=("reported_on",), attrs=WIDE)
    total = tables.Column(verbose_name=_("Cost (yuan)"), attrs=WIDE_MONEY)
    description = tables.Column(verbose_name=_("What is wrong"), visible=False)

    class Meta:
        model = WorkOrder
        template_name = "repairs/table.html"
        fields = ("number", "status", "location", "category", "reported_on", "done_on", "days", "total")
        sequence = ("number", "status", "location", "category", "reported_on", "done_on", "days", "total")
        order_by = ("-number",)
        empty_text = _("No work orders match.")

    def render_status(self, value, record):
        return status_badge(record.status)

    def value_status(self, value, record):
        return str(Status(record.status).label)

    def render_category(self, value, record):
        return record.get_category_display()

    def value_days(self, record) -> int | None:
        return record.days

    def render_days(self, record):
        days = record.days
        if days is None:
            return "—"
        if record.done_on is None:
            return format_html('<span class="open-age">{}</span>', _("%(days)s so far") % {"days": days})
        return days


class PatrolTable(tables.Table):
    patrolled_on = tables.DateColumn(
        verbose_name=_("Date"), format="Y-m-d", linkify=lambda record: reverse("repairs:patrol", args=[record.pk])
    )
    area = tables.Column(verbose_name=_("Area"), attrs={"td": {"class": "patrol-area"}})
    inspector = tables.Column(verbose_name=_("Who"), attrs=WIDE)
    findings = tables.Column(verbose_name=_("Findings"))
    orders = tables.Column(verbose_name=_("Orders raised"), attrs=WIDE_MONEY)

    class Meta:
        model = Patrol
        template_name = "repairs/table.html"
        fields = ("patrolled_on", "area", "inspector", "findings", "orders")
        order_by = ("-patrolled_on",)
        empty_text = _("No patrols match.")

    def render_findings(self, value):
        return value if len(value) <= 60 else f"{value[:59]}…"
