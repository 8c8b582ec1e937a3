"""Money and rates in templates, without ever passing through a float."""

from decimal import Decimal

from django import template

from ledger.money import grouped

register = template.Library()


@register.filter
def yuan(value) -> str:
    """Decimal('1234.5') -> '1,234.50'. Empty for None."""
    if value is None or value == "":
        return ""
    return grouped(Decimal(value))


@register.filter
def percent(rate: str | None) -> str:
    """A rate string '0.8534' (figures.Rate.rate) -> '85.34%'; '—' when there is nothing to divide."""
    if rate is None:
        return "—"
    return f"{Decimal(rate) * 100:.2f}%"


@register.filter
def get(mapping: dict, key):
    """{{ year.due|get:pool }}: a dict item by a variable key."""
    return mapping.get(key) if mapping else None


@register.filter
def plan_total(plan, occupancy: str):
    """{{ plan|plan_total:"vacant" }}: what a flat of that occupancy owes for the year."""
    return plan.total(occupancy)
