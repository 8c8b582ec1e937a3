"""`{% open_inspections as counts %}`: the dashboard's count of owners' requests waiting for an answer."""

from django import template

register = template.Library()


@register.simple_tag
def open_inspections() -> dict[str, int]:
    from ledger.views.inspections import open_counts

    return open_counts()
