"""Bahasa Indonesia first, English on request.

Templates and handlers write the Indonesian text; `_()` returns it, or its English line from
`server/i18n_en.py` when the person chose English. No compile step: the catalogue is a dict.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from jinja2 import pass_context
from litestar.connection import ASGIConnection

from server.i18n_en import EN

LANGUAGES = ("id", "en")
LANGUAGE_COOKIE = "bahasa"


@dataclass(frozen=True)
class Message:
    """Text with values to fill in after translation, for messages built in Python:
    `Message("Coba lagi dalam {minutes} menit.", {"minutes": 3})`."""

    text: str
    values: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.text.format(**self.values)


def N_(text: str) -> str:
    """Marks a text for the catalogue where it is written; it is translated where it is shown."""
    return text


#: Month names for dates written out: `23 November 2026`.
MONTHS = {
    "id": (
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}


def long_date(day: date, lang: str = "id") -> str:
    """`23 November 2026` (`23 November 2026` in English too, but `Mei` is `May`)."""
    return f"{day.day} {MONTHS[lang][day.month - 1]} {day.year}"


def language(connection: ASGIConnection) -> str:
    chosen = connection.cookies.get(LANGUAGE_COOKIE, "id")
    return chosen if chosen in LANGUAGES else "id"


def translate(lang: str, text: str | Message, **values: Any) -> str:
    if isinstance(text, Message):
        text, values = text.text, {**text.values, **values}
    if lang == "en":
        text = EN.get(text, text)
        # A value may itself be one of our texts (a document's or a field's label).
        values = {k: EN.get(v, v) if isinstance(v, str) else v for k, v in values.items()}
    return text.format(**values) if values else text


@pass_context
def template_translate(context: Any, text: str | Message, **values: Any) -> str:
    # `render()` puts the page's language in the context; reading it there saves parsing the
    # cookie for each of the dozens of texts on a page.
    lang = context.get("lang")
    if lang is None:
        request = context.get("request")
        lang = language(request) if request else "id"
    return translate(lang, text, **values)
