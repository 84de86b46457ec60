"""Reading what a form or a query string sent: text as typed, and whole numbers and row ids
that a crafted value (a superscript digit, twenty nines) cannot turn into a server error."""

from __future__ import annotations

from typing import Any

#: The largest id a database `integer` (PostgreSQL's serial) column holds.
MAX_ID = 2**31 - 1


def field(form: Any, name: str) -> str:
    """The text sent under `name` (the first, if sent twice), without surrounding spaces."""
    value = form.get(name, "") if form is not None else ""
    if isinstance(value, list):
        value = value[0] if value else ""
    return value.strip() if isinstance(value, str) else ""


def whole_number(raw: Any) -> int | None:
    """A whole number from 0 up to `MAX_ID` written in ASCII digits, or None."""
    text = raw.strip() if isinstance(raw, str) else ""
    if not (text.isascii() and text.isdecimal()):
        return None
    value = int(text)
    return value if value <= MAX_ID else None


def parse_id(raw: Any) -> int | None:
    """A positive whole number that fits an id column, or None for anything else."""
    value = whole_number(raw)
    return value if value else None


def number(form: Any, name: str) -> int | None:
    """The whole number sent under `name`, or None when it is missing or not one."""
    return whole_number(field(form, name))
