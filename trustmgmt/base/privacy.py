"""Residents' names and phone numbers are for staff only, and tables show no more of them than needed.

`mask_phone` is the one way a phone number is shortened for a list (the `mask_phone` template filter in
the `trust` template filters call it); a household's own page may show the full number to staff.
Public pages, their JSON and the board's PDFs carry no personal data at all (tests/trust/test_privacy.py).
"""

import logging
import re

_DIGITS = re.compile(r"\d")


def mask_phone(phone: str | None) -> str:
    """`13812345678` -> `138****5678`: enough to tell two numbers apart, not enough to call.

    Of the last eleven digits (a mobile number) the middle four are hidden; a country or area prefix before
    them and any separators stay. A shorter number keeps only its last two digits; an empty value stays empty.
    """
    if not phone:
        return ""
    positions = [index for index, char in enumerate(phone) if _DIGITS.fullmatch(char)]
    if len(positions) >= 11:
        hidden = set(positions[-8:-4])
    elif len(positions) > 4:
        hidden = set(positions[:-2])
    else:
        hidden = set(positions)
    return "".join("*" if index in hidden else char for index, char in enumerate(phone))


def mask_name(name: str | None) -> str:
    """`王秀英` -> `王**`: for lists shown to more people than the steward (never on public pages)."""
    if not name:
        return ""
    return name[0] + "*" * (len(name) - 1)


def mask_flat(flat: str | None) -> str:
    """`12-2-301` -> `12-2-3**`: the building and unit, not the room (its last two digits are hidden).

    For a receipt's public check page: enough for its holder to recognise, not enough to name a home.
    """
    if not flat:
        return ""
    head, _dash, room = flat.rpartition("-")
    hidden = room[:-2] + "*" * min(len(room), 2)
    return f"{head}-{hidden}" if head else hidden


class NoQueryStringFilter(logging.Filter):
    """Drops the query string from request lines in the logs (a desk search may hold part of a name)."""

    _QUERY = re.compile(r"\?[^\s\"]*")

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and record.args:
            record.args = tuple(self._QUERY.sub("", arg) if isinstance(arg, str) else arg for arg in record.args)
        if isinstance(record.msg, str):
            record.msg = self._QUERY.sub("", record.msg)
        return True
