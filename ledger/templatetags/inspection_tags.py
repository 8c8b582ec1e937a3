"""`{% open_inspections as counts %}`: the dashboard's count of owners' requests waiting for an answer."""

from django import template

register = template.Library()


@register.simple_tag
def open_inspections():
    """The same counts as the public's (`open`, `overdue`...). One query."""
    from ledger.inspections.selectors import counts

    return counts()
