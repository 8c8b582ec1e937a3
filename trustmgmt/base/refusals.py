"""Refusals: what a service raises when a rule says no, with the message a person reads and a code a program
(or a test) checks.

A module states each refusal once, as a constant (`AMOUNT_EXCEEDS_DUE = _("…")`), and ends with
`coded(globals())`: the constant's name, in lower case, is then its code (`amount_exceeds_due`), so tests
assert codes, never the English or Chinese text.
"""

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

_CODES: dict[int, str] = {}


def coded(namespace: dict) -> None:
    """Give every refusal constant of a module (an upper-case name holding a translatable text) its code."""
    for name, value in namespace.items():
        if name.isupper() and isinstance(value, Promise):
            _CODES.setdefault(id(value), name.lower())


def code_of(message) -> str | None:
    return _CODES.get(id(message))


TEXT_REQUIRED = _("This cannot be left empty.")
TEXT_TOO_LONG = _("Keep this under %(limit)s characters (it has %(length)s).")


def refuse(message, field: str | None = None, *, code: str | None = None, **params) -> ValidationError:
    """The error a service raises: one message with its code, on a field if it belongs to one."""
    error = ValidationError(message, code=code or code_of(message), params=params or None)
    return ValidationError({field: error}) if field else error


def first_message(error: ValidationError) -> str:
    return error.messages[0] if error.messages else str(error)


def checked_text(value: str | None, field: str, limit: int, *, required: bool = True, empty=TEXT_REQUIRED) -> str:
    """Text a person typed, stripped; refused when empty (if required) or longer than `limit`, never cut short."""
    value = (value or "").strip()
    if required and not value:
        raise refuse(empty, field)
    if len(value) > limit:
        raise refuse(TEXT_TOO_LONG, field, limit=limit, length=len(value))
    return value


def codes(error: ValidationError) -> list[str]:
    """The codes of every refusal in `error`, wherever it sits (on a field or above the form)."""
    return (
        [item.code for item in error.error_list]
        if not hasattr(error, "error_dict")
        else [item.code for items in error.error_dict.values() for item in items]
    )


coded(globals())
