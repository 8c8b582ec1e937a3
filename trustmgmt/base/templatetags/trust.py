"""The template filters of every page and PDF: amounts, rates and masked details as people read them.

`{% load trust %}`. Amounts never pass through a float; an empty value shows as “—”.
"""

import html
import re
from decimal import Decimal

from django import template
from django.template.loader_tags import BLOCK_CONTEXT_KEY
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, strip_tags

from trustmgmt.base import privacy
from trustmgmt.base.money import grouped, percent_text

register = template.Library()
NOTHING = "—"
WORK_ORDER_NUMBER = re.compile(r"WO-[0-9]{4}-[0-9]{4,}")  # repairs.models.format_work_order_number


@register.filter
def yuan(value) -> str:
    """Decimal('1234.5') or its string -> '1,234.50'; None or '' -> '—'."""
    if value is None or value == "":
        return NOTHING
    return grouped(Decimal(value))


@register.filter
def percent(rate) -> str:
    """A rate with four places, as `fraction` gives it (“0.8534” or Decimal), as “85.34%”; None -> “—”."""
    return percent_text(rate)


@register.filter
def get(mapping, key):
    """{{ year.due|get:pool }}: a dict item by a variable key."""
    return mapping.get(key) if mapping else None


@register.filter
def plan_total(plan, occupancy: str):
    """{{ plan|plan_total:"vacant" }}: what a flat of that occupancy owes for the year."""
    return plan.total(occupancy)


@register.filter
def mask_phone(phone: str | None) -> str:
    """{{ household.phone|mask_phone }} in tables: 138****5678."""
    return privacy.mask_phone(phone)


@register.filter
def mask_name(name: str | None) -> str:
    return privacy.mask_name(name)


@register.simple_tag(takes_context=True)
def nav_link(context, name: str, label: str, exact: bool = False) -> str:
    """A navigation item marked current when the page lies under it (`exact`: is it); nothing if the page
    does not exist."""
    try:
        url = reverse(name)
    except NoReverseMatch:  # an app whose pages are not installed
        return ""
    request = context.get("request")
    current = request is not None and (request.path == url if exact else request.path.startswith(url))
    if current:
        return format_html('<li><a href="{}" aria-current="page">{}</a></li>', url, label)
    return format_html('<li><a href="{}">{}</a></li>', url, label)


@register.filter
def work_order_link(text):
    """A reference that is a work-order number, as a link to the order's page (staff pages: the page needs a
    login); any other reference, or where the repairs' pages are not installed, as it is."""
    if not text or not WORK_ORDER_NUMBER.fullmatch(str(text)):
        return text
    try:
        url = reverse("repairs:order", args=[text])
    except NoReverseMatch:
        return text
    return format_html('<a href="{}">{}</a>', url, text)


@register.simple_tag(takes_context=True)
def block_text(context, name: str, default: str = "") -> str:
    """A block of the page being rendered (its title, its description) once more, as plain text for a meta tag:
    `{% block_text "title" %}` in base.html repeats what the page put in `{% block title %}`, so a page states its
    title once. Tags are dropped and spaces collapsed; the text is escaped again where it is put."""
    block_context = context.render_context.get(BLOCK_CONTEXT_KEY)
    block = block_context.get_block(name) if block_context is not None else None
    if block is None:
        return " ".join(str(default).split())
    with context.push(block=block):
        rendered = block.nodelist.render(context)
    text = " ".join(html.unescape(strip_tags(rendered)).split())
    return text or " ".join(str(default).split())
