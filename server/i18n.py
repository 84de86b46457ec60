"""Bahasa Indonesia first, other languages from gettext catalogues.

Templates and Python write the Indonesian text, and that text is the msgid: `messages.pot` under
`server/locales/` holds every one of them (`make extract`). A language is a catalogue,
`<locales>/<code>/LC_MESSAGES/messages.po`, which translators edit in Poedit or Weblate;
dropping one in adds the language to the switcher, and nothing in the code names a language.

Texts follow gettext's "newstyle" rules: placeholders are `%(name)s`, a literal percent is
`%%`, a count that chooses a plural form is `%(num)s`. Templates call `_`, `ngettext`,
`pgettext` and `npgettext`; Python marks a text with `N_` (translated where it is shown) or
builds a `Message` when it has values.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from jinja2 import pass_context
from markupsafe import escape

from server import cookies

if TYPE_CHECKING:  # models mark their labels here: no web framework at import
    from litestar.connection import ASGIConnection

#: The catalogues shipped with Dekat; `DEKAT_LOCALES_DIR` may name another folder.
LOCALES_DIR = Path(__file__).resolve().parent / "locales"
#: Every msgid, extracted from the code and templates: the source language's catalogue.
TEMPLATE = LOCALES_DIR / "messages.pot"
SOURCE_LANGUAGE = "id"
LANGUAGE_COOKIE = cookies.LANGUAGE


def N_(text: str) -> str:
    """Marks a text for the catalogue where it is written; it is translated where it is shown."""
    return text


@dataclass(frozen=True)
class Message:
    """A text with values, translated where it is shown:
    `Message("Coba lagi dalam %(minutes)s menit.", {"minutes": 3})`. A value that is itself a
    `Message` (a document's name, say) is translated too."""

    text: str
    values: Mapping[str, Any] = field(default_factory=dict)
    #: The plural msgid; `values["num"]` chooses the form.
    plural: str | None = None
    context: str | None = None

    def translate(self, translations: gettext.NullTranslations) -> str:
        if self.plural is not None:
            count = self.values["num"]
            if self.context is not None:
                text = translations.npgettext(self.context, self.text, self.plural, count)
            else:
                text = translations.ngettext(self.text, self.plural, count)
        elif self.context is not None:
            text = translations.pgettext(self.context, self.text)
        else:
            text = translations.gettext(self.text)
        values = {
            name: value.translate(translations) if isinstance(value, Message) else value
            for name, value in self.values.items()
        }
        return text % values

    def __str__(self) -> str:
        return self.translate(SOURCE)


def lazy_ngettext(singular: str, plural: str, num: int, **values: Any) -> Message:
    """`ngettext`, translated where it is shown: the count is `%(num)s`."""
    return Message(singular, {"num": num, **values}, plural=plural)


def lazy_pgettext(context: str, text: str, **values: Any) -> Message:
    """`pgettext`, translated where it is shown."""
    return Message(text, values, context=context)


#: Indonesian needs no catalogue: its texts are the msgids.
SOURCE = gettext.NullTranslations()

# Translators: the name of this language, written in this language, as the language switcher
# shows it ("English", "Base Sasak").
LANGUAGE_NAME = lazy_pgettext("language name", "Bahasa Indonesia")

#: Month names for dates written out: `23 November 2026`.
MONTHS = (
    N_("Januari"),
    N_("Februari"),
    N_("Maret"),
    N_("April"),
    N_("Mei"),
    N_("Juni"),
    N_("Juli"),
    N_("Agustus"),
    N_("September"),
    N_("Oktober"),
    N_("November"),
    N_("Desember"),
)


def long_date(day: date, translations: gettext.NullTranslations = SOURCE) -> str:
    """`23 November 2026` (`23 May 2026` for `23 Mei 2026` in English)."""
    return f"{day.day} {translations.gettext(MONTHS[day.month - 1])} {day.year}"


@dataclass(frozen=True)
class Language:
    code: str
    #: The language's own name for itself (`LANGUAGE_NAME` in its catalogue).
    name: str
    translations: gettext.NullTranslations


def _load(po_file: Path) -> gettext.NullTranslations:
    """A language's catalogue. `make compile` (part of the install) writes a `.mo` beside each
    `.po`, which loads at once; a `.po` newer than its `.mo` (fresh from Weblate, or dropped in
    with no build step) is compiled in memory instead, in about 0.1 s. Either way what is served
    is the `.po` as it is now, once per process."""
    mo_file = po_file.with_suffix(".mo")
    modified = po_file.stat().st_mtime_ns
    if mo_file.exists() and mo_file.stat().st_mtime_ns >= modified:
        return _read_mo(mo_file, mo_file.stat().st_mtime_ns)
    return _compiled(po_file, modified)


@lru_cache(maxsize=32)
def _read_mo(mo_file: Path, modified: int) -> Translations:
    with mo_file.open("rb") as compiled:
        return Translations(compiled)


@lru_cache(maxsize=32)
def _compiled(po_file: Path, modified: int) -> Translations:
    with po_file.open("rb") as source:
        catalog = read_po(source)
    compiled = BytesIO()
    write_mo(compiled, catalog)  # untranslated and fuzzy entries left out: Indonesian shows
    compiled.seek(0)
    return Translations(compiled)


@lru_cache(maxsize=4)
def _msgids(template: Path, modified: int) -> frozenset[str]:
    with template.open("rb") as source:
        catalogue = read_po(source)
    # A plural message's id is its pair of forms; the singular is what templates pass.
    return frozenset(
        message.id[0] if message.pluralizable else message.id for message in catalogue if message.id
    )


class Catalogues:
    """The languages under one locales folder, Indonesian first, and how to show a text in
    each."""

    def __init__(self, folder: Path | None = None) -> None:
        #: Texts of our own: anything else passed to `_()` (an officer's note, say) is shown as
        #: it is, never read as a format string or as markup.
        self.msgids = _msgids(TEMPLATE, TEMPLATE.stat().st_mtime_ns)
        self.languages = {SOURCE_LANGUAGE: Language(SOURCE_LANGUAGE, str(LANGUAGE_NAME), SOURCE)}
        for po_file in sorted((folder or LOCALES_DIR).glob("*/LC_MESSAGES/messages.po")):
            code = po_file.parent.parent.name
            translations = _load(po_file)
            name = LANGUAGE_NAME.translate(translations)
            if name == str(LANGUAGE_NAME):  # the catalogue does not name its language yet
                name = code
            self.languages[code] = Language(code, name, translations)

    def choose(self, connection: ASGIConnection) -> str:
        chosen = cookies.read(connection.scope, connection.cookies, LANGUAGE_COOKIE)
        return chosen if chosen in self.languages else SOURCE_LANGUAGE

    def translations(self, lang: str) -> gettext.NullTranslations:
        return self.languages[lang].translations if lang in self.languages else SOURCE

    def translate(self, lang: str, text: str | Message) -> str:
        if isinstance(text, Message):
            return text.translate(self.translations(lang))
        if text not in self.msgids:
            return text
        return Message(text).translate(self.translations(lang))

    def template_callables(self) -> dict[str, Callable[..., str]]:
        """`_`, `gettext`, `ngettext`, `pgettext` and `npgettext` for the templates, with
        Jinja's "newstyle" behaviour: the call's values are escaped and filled in with `%`, and
        a translation is text, never markup. Each reads the page's language from the context,
        where `render()` put it.

        Jinja's own newstyle wrappers (`install_gettext_callables(newstyle=True)`) would call
        these through two more context lookups and wrap each result again: on a page of some
        fifty texts that doubled the cost of every text."""

        def language_of(context: Any) -> gettext.NullTranslations:
            lang = context.get("lang")
            if lang is None:
                request = context.get("request")
                lang = self.choose(request) if request is not None else SOURCE_LANGUAGE
            return self.translations(lang)

        def shown(context: Any, text: str, variables: dict[str, Any], *, ours: bool) -> str:
            if context.eval_ctx.autoescape:
                text = escape(text)
            # A text not ours (an officer's note, a message already filled in) is never read
            # as a format string; ours always is, so that `%%` shows as `%`.
            if ours and (variables or "%" in text):
                return text % variables
            return text

        @pass_context
        def gettext_(context: Any, message: str | Message, **variables: Any) -> str:
            translations = language_of(context)
            if isinstance(message, Message):
                return shown(context, message.translate(translations), variables, ours=False)
            text = translations.gettext(message)
            return shown(context, text, variables, ours=message in self.msgids)

        @pass_context
        def ngettext_(context: Any, singular: str, plural: str, num: int, **variables: Any) -> str:
            text = language_of(context).ngettext(singular, plural, num)
            return shown(context, text, {"num": num, **variables}, ours=singular in self.msgids)

        @pass_context
        def pgettext_(context: Any, msgctxt: str, message: str, **variables: Any) -> str:
            text = language_of(context).pgettext(msgctxt, message)
            return shown(context, text, variables, ours=message in self.msgids)

        @pass_context
        def npgettext_(
            context: Any, msgctxt: str, singular: str, plural: str, num: int, **variables: Any
        ) -> str:
            text = language_of(context).npgettext(msgctxt, singular, plural, num)
            return shown(context, text, {"num": num, **variables}, ours=singular in self.msgids)

        return {
            "_": gettext_,
            "gettext": gettext_,
            "ngettext": ngettext_,
            "pgettext": pgettext_,
            "npgettext": npgettext_,
        }


def catalogues(connection: ASGIConnection) -> Catalogues:
    return connection.app.state.catalogues


def language(connection: ASGIConnection) -> str:
    """The language the person chose, if Dekat has it; Indonesian otherwise."""
    return catalogues(connection).choose(connection)


def translate(connection: ASGIConnection, text: str | Message) -> str:
    """A text in the language of this request, for what is not a template (headers, CSV)."""
    found = catalogues(connection)
    return found.translate(found.choose(connection), text)
