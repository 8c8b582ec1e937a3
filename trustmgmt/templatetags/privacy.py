from django import template

from trustmgmt import privacy

register = template.Library()


@register.filter
def mask_phone(phone: str | None) -> str:
    """{{ household.phone|mask_phone }} in tables: 138****5678."""
    return privacy.mask_phone(phone)


@register.filter
def mask_name(name: str | None) -> str:
    return privacy.mask_name(name)
