"""Filters for the disclosure and the printed documents: amounts and rates as people read them."""

from decimal import Decimal

from django import template

from ledger.money import grouped

register = template.Library()


@register.filter
def yuan(value) -> str:
    """1234.5 -> “1,234.50”; Decimal or its string, never float."""
    if value is None or value == "":
        return "—"
    return grouped(Decimal(value))


@register.filter
def percent(value) -> str:
    """A rate as a percentage with two places: Decimal("85.34") -> “85.34%”; None -> “—”."""
    if value is None:
        return "—"
    return f"{Decimal(value):.2f}%"


@register.filter
def get(mapping, key):
    """mapping[key] in a template, for dicts keyed by a pool code or a choice."""
    return mapping.get(key) if mapping else None


@register.filter
def rate_percent(rate) -> str:
    """A collection rate as stored (“0.8534”, four places) shown as a percentage: “85.34%”; None -> “—”."""
    if rate is None:
        return "—"
    return f"{Decimal(rate) * 100:.2f}%"
