"""Tiny readers for settings from the environment. A bad value stops the start, loudly."""

import os
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ImproperlyConfigured

from trustmgmt.base.money import CENT

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name)
    if value is None:
        if default is None:
            raise ImproperlyConfigured(f"Set the environment variable {name}.")
        return default
    return value


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    if value.strip().lower() in _TRUE:
        return True
    if value.strip().lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no, on/off, not {value!r}.")


def env_int(name: str, default: int, minimum: int | None = None) -> int:
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value!r}.")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_decimal(name: str, default: str) -> Decimal:
    value = os.environ.get(name, default)
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise ImproperlyConfigured(f"{name} must be an amount like 500.00, not {value!r}.") from None
    if not amount.is_finite() or amount < 0 or amount.as_tuple().exponent < -2:
        raise ImproperlyConfigured(f"{name} must be an amount like 500.00, not {value!r}.")
    return amount.quantize(CENT)
