"""Reading what a form or a query string sent: text as typed, and whole numbers and row ids
that a crafted value (a superscript digit, twenty nines) cannot turn into a server error.

A form is a dataclass Litestar fills from the body: `data: Annotated[SomeForm, Body(media_type=
RequestEncodingType.URL_ENCODED)]`, or `MULTI_PART` when it carries files. Its `Text`,
`Choices` and `UploadFile | None` fields are read by `TYPE_DECODERS`, which the app is given:
a field sent twice, which no page of Dekat does, counts by its first value rather than failing
the whole form, and a field not sent keeps the dataclass default. Numbers stay text in the
form and are read with `whole_number` or `parse_id`, so that a wrong one gets the page's own
message instead of the framework's refusal."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from typing import TYPE_CHECKING, Any, TypeVar

from litestar import Request
from litestar.datastructures import UploadFile

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

#: The largest id a database `integer` (PostgreSQL's serial) column holds.
MAX_ID = 2**31 - 1
FormType = TypeVar("FormType", bound="DataclassInstance")


class Text(str):
    """Text a form sent, without surrounding spaces."""


#: The default of a `Text` field the form did not send.
EMPTY = Text()


class Choices(tuple[str, ...]):
    """Every value sent under one name, as ticked checkboxes send them: none, one or more."""


NO_CHOICES = Choices()


def first(value: Any) -> Any:
    """A form field's value: the first one, if the field was sent more than once."""
    if isinstance(value, list):
        return value[0] if value else None
    return value


def text(value: Any) -> Text:
    """A field's text; empty for anything that is not text (a file sent in its place)."""
    value = first(value)
    return Text(value.strip() if isinstance(value, str) else "")


def upload(value: Any) -> UploadFile | None:
    """A field's file; None when the field came without one."""
    value = first(value)
    return value if isinstance(value, UploadFile) else None


def choices(value: Any) -> Choices:
    values = value if isinstance(value, list) else [value]
    return Choices(value for value in values if isinstance(value, str))


#: For `Litestar(type_decoders=...)`: how the fields of a form dataclass are read.
TYPE_DECODERS: list[tuple[Callable[[Any], bool], Callable[[Any, Any], Any]]] = [
    (lambda kind: kind is Text, lambda _, value: text(value)),
    (lambda kind: kind is Choices, lambda _, value: choices(value)),
    (lambda kind: kind is UploadFile, lambda _, value: upload(value)),
]


async def read_form(request: Request[Any, Any, Any], kind: type[FormType]) -> FormType:
    """A form dataclass of `Text` fields, from a body sent either way. Litestar's `Body` reads
    one encoding only, and a form kept in the outbox (web/static/outbox.js) is sent as
    multipart where a browser without JavaScript sends the same form URL-encoded."""
    values = await request.form()
    return kind(**{f.name: text(values[f.name]) for f in fields(kind) if f.name in values})


def whole_number(raw: Any) -> int | None:
    """A whole number from 0 up to `MAX_ID` written in ASCII digits, or None."""
    value = raw.strip() if isinstance(raw, str) else ""
    if not (value.isascii() and value.isdecimal()):
        return None
    number = int(value)
    return number if number <= MAX_ID else None


def parse_id(raw: Any) -> int | None:
    """A positive whole number that fits an id column, or None for anything else."""
    value = whole_number(raw)
    return value if value else None
