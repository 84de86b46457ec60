"""The catalogues are complete and in step with the code, and a page in another language shows
that language."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote

import httpx
import pytest
from babel.messages.pofile import read_po
from jinja2 import Environment
from litestar.plugins.jinja import JinjaTemplateEngine

from server import errors
from server.app import create_app
from server.assets import TEMPLATE_DIR, Assets
from server.i18n import LANGUAGE_COOKIE, LOCALES_DIR, TEMPLATE, Catalogues, Message
from server.services import auth
from server.settings import get_settings
from server.web import configure_templates
from tests.helpers import csrf_token, login

pytestmark = pytest.mark.anyio

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = sorted(LOCALES_DIR.glob("*/LC_MESSAGES/messages.po"))
#: `%(name)s` for Python and Jinja; `{name}` in the texts the browser's scripts fill in.
PLACEHOLDER = re.compile(r"%\((\w+)\)s|\{(\w+)\}")


def read(path: Path):
    with path.open("rb") as source:
        return read_po(source)


def placeholders(text: str) -> set[str]:
    return {a or b for a, b in PLACEHOLDER.findall(text)}


@pytest.fixture(scope="module")
def templates() -> Environment:
    """The pages' Jinja2 environment, as the app sets it up."""
    engine = JinjaTemplateEngine(directory=TEMPLATE_DIR)
    configure_templates(engine, Assets.scan(), Catalogues())
    return engine.engine


def switch_to(code: str, name: str) -> str:
    """The language switcher's button for one language."""
    return f'<button class="link-button" name="bahasa" value="{code}" lang="{code}">{name}'


def test_the_template_is_a_fresh_extraction(tmp_path):
    """`make extract` now gives the committed template: nobody forgot to run it."""
    fresh = tmp_path / "messages.pot"
    venv = Path(sys.prefix)
    subprocess.run(
        # The virtual environment running this test is the one to use, installed as it is.
        ["make", f"--assume-old={venv}/.installed", "extract", f"VENV={venv}", f"POT={fresh}"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    undated = re.compile(r'"POT-Creation-Date: .*\n')
    assert undated.sub("", fresh.read_text()) == undated.sub("", TEMPLATE.read_text())


def test_the_catalogues_are_found():
    assert "en" in [path.parent.parent.name for path in CATALOGUES]


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: path.parent.parent.name)
def test_every_text_is_translated_with_its_placeholders(path):
    template, catalogue = read(TEMPLATE), read(path)
    assert {(m.id, m.context) for m in catalogue if m.id} == {
        (m.id, m.context) for m in template if m.id
    }, "run `make update`"
    for message in catalogue:
        if not message.id:
            continue
        assert not message.fuzzy, message.id
        if message.pluralizable:
            forms, source = message.string, message.id[1]
            assert len(forms) == catalogue.num_plurals, message.id
        else:
            forms, source = (message.string,), message.id
        for form in forms:
            assert form, f"untranslated: {message.id}"
            assert placeholders(form) == placeholders(source), message.id
    assert not [(m.id, problems) for m, problems in catalogue.check()]


def _marked(node: ast.AST) -> bool:
    """A text marked for the catalogue, or not a literal at all (a constant, a variable)."""
    return not isinstance(node, ast.Constant | ast.JoinedStr | ast.IfExp) or (
        isinstance(node, ast.IfExp) and _marked(node.body) and _marked(node.orelse)
    )


def _user_errors() -> set[str]:
    """Every refusal a person may be shown: `UserError` and its kin, and the HTTP errors our
    handlers raise with a message (`server.app` has imported every service that defines one)."""
    found, todo = set(), [errors.UserError]
    while todo:
        kind = todo.pop()
        found.add(kind.__name__)
        todo.extend(kind.__subclasses__())
    return found | {"NotFoundException", "PermissionDeniedException", "NotAuthorizedException"}


def test_python_texts_shown_to_people_are_marked():
    """A literal given to an error a person sees, or put in a form's `errors`, is written in
    `N_()` or a `Message`, so `make extract` finds it; neither is given an f-string."""
    raised, unmarked, formatted = _user_errors(), [], []
    for path in (ROOT / "server").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            where = f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Call) and node.args:
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name in raised and not _marked(node.args[0]):
                    unmarked.append(where)
                if name in {"N_", "Message"} and isinstance(node.args[0], ast.JoinedStr):
                    formatted.append(where)
            elif (
                isinstance(node, ast.Assign)
                and any(
                    isinstance(target, ast.Subscript)
                    and getattr(target.value, "id", "") == "errors"
                    for target in node.targets
                )
                and not _marked(node.value)
            ):
                unmarked.append(where)
    assert not unmarked, f"mark these texts with N_(): {unmarked}"
    assert not formatted, f"an f-string cannot be translated: {formatted}"


def test_every_label_is_in_the_catalogue(templates):
    msgids = Catalogues().msgids
    labels = {
        name: value
        for name, value in templates.globals.items()
        if name.endswith("_labels") and isinstance(value, dict)
    }
    assert len(labels) > 10
    missing = [
        (name, text)
        for name, value in labels.items()
        for text in value.values()
        if getattr(text, "text", text) not in msgids  # a `Message` has its msgid in `text`
    ]
    assert not missing, f"mark these with N_(): {sorted(missing)}"


def test_a_text_not_ours_is_shown_as_it_is(templates):
    """An officer's own note passed through `_()` is neither markup nor a format string."""
    page = templates.from_string("{{ _(note) }} · {{ _('Simpan') }}")
    assert page.render(note="<b>50%</b>", lang="en") == "&lt;b&gt;50%&lt;/b&gt; · Save"


def test_a_message_translates_with_its_values():
    catalogues = Catalogues()
    assert catalogues.translate("en", auth.throttled_message(7)) == (
        "Too many attempts. Please try again in 7 minutes."
    )
    assert str(auth.throttled_message(7)) == "Terlalu banyak percobaan. Coba lagi dalam 7 menit."
    photo = Message("Foto %(label)s wajib.", {"label": Message("Kartu Keluarga")})
    assert catalogues.translate("en", photo) == "A photo is required: Family card (KK)."
    assert str(photo) == "Foto Kartu Keluarga wajib."


async def test_the_welcome_in_english(client):
    client.cookies.set(LANGUAGE_COOKIE, "en")
    page = await client.get("/")
    assert '<html lang="en">' in page.text
    assert "East Lombok Regency" in page.text
    assert switch_to("id", "Bahasa Indonesia") in page.text


async def test_a_refusal_from_python_in_english(client, registry):
    client.cookies.set(LANGUAGE_COOKIE, "en")
    response = await login(client, registry["accounts"]["warga"], "salah-sekali")
    assert response.status_code == 422
    assert "Wrong NIK/username or password." in response.text
    assert unquote(response.headers["x-dekat-galat"]) == "Wrong NIK/username or password."


async def test_labels_and_the_service_catalogue_in_english(as_role):
    client = await as_role("warga")
    client.cookies.set(LANGUAGE_COOKIE, "en")
    family = await client.get("/keluarga")
    assert "Head of family" in family.text  # HUBUNGAN_LABELS
    assert "Desa Labuhan Haji, Kecamatan Labuhan Haji" in family.text
    page = await client.get("/layanan/ktp_cetak_ulang")
    assert "Reprint KTP-el (lost or damaged)" in page.text
    assert "If lost: a loss report letter from the police." in page.text
    assert "Persyaratan" not in page.text


@pytest.mark.parametrize(
    ("account", "family"), [("warga_tetangga", "1 family member"), ("warga", "3 family members")]
)
async def test_a_count_takes_its_plural_form(as_role, account, family):
    client = await as_role(account)
    client.cookies.set(LANGUAGE_COOKIE, "en")
    assert f"<p>{family}</p>" in (await client.get("/")).text


async def test_one_indonesian_word_two_english_ones(as_role):
    client = await as_role("dinas")
    client.cookies.set(LANGUAGE_COOKIE, "en")
    queue = await client.get("/proses")
    assert '<label for="f-layanan">Service</label>' in queue.text  # pgettext("one service")
    assert "<title>Services · Dekat</title>" in (await client.get("/layanan")).text


@pytest.fixture
def locales_with_sasak(tmp_path: Path) -> Path:
    """Dekat's catalogues and a Bahasa Sasak one dropped in beside them."""
    folder = tmp_path / "locales"
    shutil.copytree(LOCALES_DIR, folder, ignore=shutil.ignore_patterns("*.pot", "*.mo"))
    shutil.copytree(ROOT / "tests" / "data" / "locales" / "sas", folder / "sas")
    return folder


async def test_a_third_language_needs_no_code(registry, locales_with_sasak):
    app = create_app(replace(get_settings(), locales_dir=locales_with_sasak))
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
    async with (
        app.lifespan(),
        httpx.AsyncClient(transport=transport, base_url="http://testserver.local") as client,
    ):
        home = (await client.get("/")).text
        assert switch_to("sas", "Base Sasak") in home
        assert switch_to("en", "English") in home
        chosen = await client.post(
            "/bahasa", data={"bahasa": "sas", "_csrf_token": await csrf_token(client, "/")}
        )
        assert chosen.status_code == 303
        page = (await client.get("/")).text
        assert '<html lang="sas">' in page
        assert ">Tame</a>" in page
        assert "Kabupaten Lombok Timuq" in page
        assert "Lewati ke isi" in page  # not translated yet: Bahasa Indonesia
        assert switch_to("id", "Bahasa Indonesia") in page
        assert re.search(r"<dd data-menunggu>\d+ dengan</dd>", (await client.get("/blanko")).text)
