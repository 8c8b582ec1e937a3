from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

register = template.Library()


@register.simple_tag(takes_context=True)
def nav_link(context, name: str, label: str) -> str:
    """A navigation item marked current when the page lies under it; nothing if the page does not exist."""
    try:
        url = reverse(name)
    except NoReverseMatch:  # an app whose pages are not installed
        return ""
    request = context.get("request")
    current = request is not None and request.path.startswith(url)
    if current:
        return format_html('<li><a href="{}" aria-current="page">{}</a></li>', url, label)
    return format_html('<li><a href="{}">{}</a></li>', url, label)
