"""The English catalogue covers every Indonesian text that can reach a page, keeps the same
placeholders, and is actually used when the `bahasa` cookie says English."""

from __future__ import annotations

import ast
import io
import re
import string
import struct
import zlib
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from server import app as app_module
from server import web
from server.i18n import LANGUAGE_COOKIE, Message, translate
from server.i18n_en import EN
from server.models.penduduk import IkdStatus, KtpStatus
from server.routes import blanko as blanko_routes
from server.routes import daftar_desa as daftar_desa_routes
from server.routes import dasbor as dasbor_routes
from server.routes import ikd as ikd_routes
from server.routes import jemput_bola as jemput_bola_routes
from server.routes import lacak as lacak_routes
from server.routes import notifikasi as notifikasi_routes
from server.routes import penduduk as penduduk_routes
from server.routes import pengaduan as pengaduan_routes
from server.routes import permohonan as permohonan_routes
from server.services import (
    auth,
    ikd_aktivasi,
    lapangan,
    layanan,
    nik,
    pemesanan,
    permohonan,
    push,
    registration,
    uploads,
)
from tests.conftest import PASSWORD, login

pytestmark = pytest.mark.anyio

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "web" / "templates"
SERVER = ROOT / "server"

#: `_('...')` or `_("...")` with a literal first argument (escaped quotes allowed).
LITERAL_CALL = re.compile(r"""(?<![\w.])_\(\s*((['"])(?:\\.|(?!\2).)*\2)""", re.DOTALL)
#: Any `_(` call, to find those whose argument is not a literal.
ANY_CALL = re.compile(r"(?<![\w.])_\(\s*")
#: `{% set area_label = 'Desa' %}`: a literal that reaches `_()` through a variable.
AREA_LABEL_SET = re.compile(r"""set\s+area_label\s*=\s*(['"][^'"]*['"])""")

#: Template `_()` calls whose argument is not a literal, and where their texts come from (all
#: collected in `python_messages`). A new one needs its source added there.
DYNAMIC_ARGUMENTS = {
    "label",  # NAV_ITEMS, HOME_REASONS, the plan's buttons (jemput_bola/rencana.html)
    "errors[field]",  # sign-up errors
    "errors['form']",  # sign-up errors
    "error",  # LoginResult.error, VisitError and BookingError messages
    "message",  # the error page (ERROR_MESSAGES, CSRF_MESSAGE, details); the plan's VisitErrors
    "area_label",  # coverage table heading
    "role_labels[user.role]",
    "role_labels[e.actor_role]",
    "ktp_labels[person.ktp_status]",
    "ktp_labels[me.ktp_status]",
    "ktp_labels[p.ktp_status]",
    "ikd_labels[person.ikd_status]",
    "ikd_labels[me.ikd_status]",
    "hubungan_labels[person.hubungan]",
    "action_labels.get(e.action, e.action)",
    "object_labels.get(e.object_type, e.object_type)",
    "hubungan_labels[p.hubungan]",
    "role_labels[e.peran]",
    "status_labels[s]",  # STATUS_LABELS
    "status_labels[status]",
    "status_labels[e.ke]",
    "e.unit",  # permohonan.SYSTEM_TIMELINE_TEXTS (or a place's name)
    "e.catatan",  # permohonan.SYSTEM_TIMELINE_TEXTS (or an officer's own words)
    "reason",  # routes/ikd.REASONS
    "text",  # routes/ikd.REASONS, for the browser verifier
    "action_button_labels[name]",  # ACTION_BUTTON_LABELS
    "report_fees",  # layanan.REPORT_FEES
    # The service catalogue (`_catalogue_texts`).
    "category",
    "item.nama",
    "item.ringkas",
    "item.diambil_di",
    "layanan.nama",
    "catalogue[r.layanan].nama",
    "line",  # persyaratan
    "doc.label",
    "doc_labels(layanan).get(d.jenis, d.jenis)",
    "question.label",
    "dict(question.options).get(answer, answer)",
    "not_eligible",  # Layanan.not_eligible (`_not_eligible_reasons`)
    # Jemput bola: the label dicts in `server/web.py`, and the planner's notices. Their texts
    # are in the catalogue, but python_messages() does not collect them yet.
    "keperluan_labels[k.value]",  # KEPERLUAN_LABELS
    "keperluan_labels[p.keperluan]",
    "keperluan_labels[row.keperluan]",
    "catatan_labels.hadir",  # CATATAN_LABELS
    "catatan_labels.gagal",
    "catatan_labels[j.value]",
    "catatan_labels[key]",
    "gagal_labels[a.value]",  # GAGAL_LABELS
    "gagal_labels[key]",
    "perangkat_labels[k.jenis]",  # PERANGKAT_LABELS
    "perangkat_status_labels[k.status]",  # PERANGKAT_STATUS_LABELS
    "perangkat_status_labels[s.value]",
    "perangkat_status_labels[h.dari]",
    "perangkat_status_labels[h.ke]",
    "perangkat_status_labels[p.ke]",
    "kunjungan_status_labels[row.status]",  # KUNJUNGAN_STATUS_LABELS
    "kunjungan_status_labels[v.status]",
    "ktp_labels[r.ktp_status]",  # KTP_LABELS
    "e.masalah",  # services/impor_daftar.py: a row's problem in an imported file (Message)
    "notice",  # routes/rencana.py: "{n} usulan diterima." and "{n} kunjungan diumumkan ..."
    "pengaduan_jenis_labels[row.jenis]",  # PENGADUAN_JENIS_LABELS
    "pengaduan_jenis_labels[r.jenis]",
    "pengaduan_status_labels[status]",  # PENGADUAN_STATUS_LABELS
    "pengaduan_status_labels[s.value]",
    "state_labels[o.keadaan]",  # routes/blanko.py STATE_LABELS
    "mutasi_labels[m.jenis]",  # routes/blanko.py MUTASI_LABELS
    "role_labels[r.peran]",
    "catalogue[q.layanan].nama",
    "chart.judul",  # services/dasbor.py Chart texts (`_chart_texts`)
    "s",
    "chart.seri[loop.index0]",
    "chart.catatan",
    "names[label]",  # routes/dasbor.py ROW_LABELS: STATUS_LABELS, PENGADUAN_JENIS_LABELS
}

#: Keys whose English is the same text on purpose: domain terms and place names.
SAME_IN_ENGLISH = {
    "Desa",
    "Kecamatan",
    "Desa {desa}",
    "Kecamatan {kecamatan}",
    "Desa {desa}, Kecamatan {kecamatan}",
    "UPT Kecamatan {kecamatan}",
    "Desa {name}",
    "Kecamatan {name}",
    "Kelurahan {name}",
    "Status",  # the same word in English
    "KTP-el",  # service category: the card's name
    "Blanko",  # the blank card's name, kept as it is
    "IKD",  # service category: the digital ID's name
    "Jemput bola",  # the programme's name, kept as it is
}
#: Indonesian words that should not survive into an English line.
INDONESIAN_WORDS = re.compile(
    r"\b(yang|tidak|anda|dengan|sudah|belum|untuk|silakan|dari|atau|dan|ini|di|ke)\b",
    re.IGNORECASE,
)


def template_texts() -> set[str]:
    texts = set()
    for path in TEMPLATES.rglob("*.html"):
        source = path.read_text()
        for match in LITERAL_CALL.finditer(source):
            texts.add(ast.literal_eval(match.group(1)))
        for match in AREA_LABEL_SET.finditer(source):
            texts.add(ast.literal_eval(match.group(1)))
    return texts


def _text(value: str | Message) -> str:
    return value.text if isinstance(value, Message) else value


def _nik_errors() -> set[str]:
    """Every message `parse_nik` and `parse_kk` can raise, by feeding them each kind of bad
    input. Region messages are built with an f-string, so each finished sentence is a key."""
    today = date(2026, 1, 1)
    bad_niks = [
        "",
        "12345",
        "9903011203880011",  # unknown province
        "5200001203880011",  # regency 00
        "5203173203880011",  # day 32
        "5203171506260011",  # born in the future
        "5203171203880000",  # serial 0000
    ]
    bad_kks = ["", "52031701", "9903170101150001", "5203000101150001"]
    messages = set()
    for value in bad_niks:
        with pytest.raises(nik.NikError) as error:
            nik.parse_nik(value, today=today)
        messages.add(str(error.value))
    for value in bad_kks:
        with pytest.raises(nik.NikError) as error:
            nik.parse_kk(value)
        messages.add(str(error.value))
    return messages


def _form_errors() -> set[str]:
    errors, *_ = registration.check_form(registration.SignUp())
    mismatch, *_ = registration.check_form(
        registration.SignUp(password="panjang-sekali", password_ulang="lain-sekali")
    )
    return {_text(value) for value in [*errors.values(), *mismatch.values()]}


def _area_labels() -> set[str]:
    source = (SERVER / "routes" / "beranda.py").read_text()
    return set(re.findall(r'"area_label":\s*"([^"]+)"', source))


def _raised_details() -> set[str]:
    """Literal messages passed to the HTTP exceptions anywhere in `server/`."""
    pattern = re.compile(
        r'(?:NotFound|PermissionDenied|NotAuthorized)Exception\(\s*"((?:\\.|[^"\\])*)"'
    )
    return {match for path in SERVER.rglob("*.py") for match in pattern.findall(path.read_text())}


def _catalogue_texts() -> set[str]:
    """Every text of the service catalogue a page shows: names, summaries, requirements,
    documents, questions and their options, where to collect, categories."""
    texts = {layanan.FREE, layanan.REPORT_FEES, layanan.AT_UPT, *layanan.CATEGORIES}
    for item in layanan.CATALOGUE.values():
        texts |= {item.nama, item.ringkas, item.diambil_di, item.kategori, *item.persyaratan}
        texts |= {doc.label for doc in item.dokumen}
        for question in item.fields:
            texts.add(question.label)
            texts |= {label for _, label in question.options}
    return texts


def _not_eligible_reasons() -> set[str]:
    """Why a person may not ask for a service: every service, for an adult and a child, in
    every KTP-el and IKD status."""
    today = date(2026, 1, 1)
    reasons = set()
    for born in (date(1990, 5, 1), date(2015, 5, 1)):
        for ktp in KtpStatus:
            for ikd in IkdStatus:
                person = {"tanggal_lahir": born, "ktp_status": ktp, "ikd_status": ikd}
                for item in layanan.CATALOGUE.values():
                    reason = item.not_eligible(person, today=today)
                    if reason:
                        reasons.add(_text(reason))
    return reasons


def _answer_errors() -> set[str]:
    """`check_answers` messages: missing, too long, not from the list, future or bad date."""
    errors = set()
    for item in layanan.CATALOGUE.values():
        for question in item.fields:
            for value in ("", "x" * (question.max_length + 1), "bukan-pilihan", "2999-01-01"):
                _, found = permohonan.check_answers(item, {question.name: value})
                errors |= {_text(message) for message in found.values()}
    return errors


def _png_header(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


def _upload_errors() -> set[str]:
    """`process_photo` refusals: empty, too many bytes, not a picture, a GIF, too many pixels."""
    gif = io.BytesIO()
    Image.new("L", (2, 2)).save(gif, "GIF")
    samples = [
        b"",
        b"0" * (uploads.MAX_BYTES + 1),
        b"bukan foto",
        gif.getvalue(),
        _png_header(6000, 5000),
    ]
    errors = set()
    for data in samples:
        with pytest.raises(uploads.UploadError) as error:
            uploads.process_photo(data)
        errors.add(_text(error.value.message))
    return errors


#: Calls whose first argument is a text for people.
MESSAGE_CALLS = {
    "Message",
    "RequestError",
    "UploadError",
    "ActivationError",
    "PermissionDeniedException",
    "VisitError",  # services/kunjungan.py, routes/rencana.py
    "BookingError",
    "ListError",  # services/daftar_desa.py, services/impor_daftar.py
    "SubscriptionError",  # services/pemesanan.py, services/lapangan.py
    "ComplaintError",  # services/pengaduan.py
}


def _literal_strings(node: ast.AST) -> set[str]:
    """A string literal (marked with `N_` or not), or both branches of `"..." if ... else "..."`."""
    if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "N_":
        return _literal_strings(node.args[0])
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _literal_strings(node.body) | _literal_strings(node.orelse)
    return set()


def _chart_texts() -> set[str]:
    """The dashboard charts' titles, series, notes and headline labels (services/dasbor.py):
    literal arguments of `Chart(...)`, the first of each `(label, number)` pair."""
    texts = set()
    for node in ast.walk(ast.parse((SERVER / "services" / "dasbor.py").read_text())):
        if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Chart"):
            continue
        for arg in [*node.args[1:], *(keyword.value for keyword in node.keywords)]:
            parts = arg.elts if isinstance(arg, ast.Tuple | ast.List) else [arg]
            for part in parts:
                if isinstance(part, ast.Tuple):
                    part = part.elts[0]
                texts |= _literal_strings(part)
    return texts


def _literal_messages() -> set[str]:
    """Literal texts in `server/` given to `Message`, `RequestError` or `UploadError`, or put
    in a form's `errors[...]`: the ones raised deep in database work (a request whose status
    moved, an unknown action) and those no sample input reaches."""
    messages = set()
    for path in SERVER.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and node.args:
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name in MESSAGE_CALLS:
                    messages |= _literal_strings(node.args[0])
            elif isinstance(node, ast.Assign) and any(
                isinstance(target, ast.Subscript) and getattr(target.value, "id", "") == "errors"
                for target in node.targets
            ):
                messages |= _literal_strings(node.value)
    return messages


def python_messages() -> set[str]:
    messages = {
        registration.NO_MATCH,
        registration.ALREADY_REGISTERED,
        auth.throttled_message(3).text,
        "Isi NIK atau nama pengguna dan kata sandi.",  # LoginResult errors in authenticate()
        "NIK/nama pengguna atau kata sandi salah.",
        *app_module.ERROR_MESSAGES.values(),
        app_module.CSRF_MESSAGE,
        penduduk_routes.NOT_FOUND,
        permohonan_routes.NOT_FOUND,
        lacak_routes.NO_MATCH,
        *web.STATUS_LABELS.values(),
        *web.ACTION_BUTTON_LABELS.values(),
        *web.ROLE_LABELS.values(),
        *web.KTP_LABELS.values(),
        *web.IKD_LABELS.values(),
        *web.HUBUNGAN_LABELS.values(),
        *web.ACTION_LABELS.values(),
        *web.OBJECT_LABELS.values(),
        *(label for items in web.NAV_ITEMS.values() for _, label in items),
        *_nik_errors(),
        *_form_errors(),
        *_area_labels(),
        *_raised_details(),
        *_catalogue_texts(),
        *_not_eligible_reasons(),
        *_answer_errors(),
        *_upload_errors(),
        *_literal_messages(),
        *permohonan.SYSTEM_TIMELINE_TEXTS,
        *web.KEPERLUAN_LABELS.values(),
        *web.CATATAN_LABELS.values(),
        *web.GAGAL_LABELS.values(),
        *web.PERANGKAT_LABELS.values(),
        *web.PERANGKAT_STATUS_LABELS.values(),
        *web.KUNJUNGAN_STATUS_LABELS.values(),
        *pemesanan.HOME_REASONS.values(),
        pemesanan.FULL,
        lapangan.NOT_ON_ROSTER,
        jemput_bola_routes.TICKET_NOT_FOUND,
        jemput_bola_routes.VISIT_NOT_FOUND,
        *notifikasi_routes.TOPIC_LABELS.values(),
        push.NOT_A_SUBSCRIPTION,
        *ikd_routes.REASONS.values(),
        ikd_aktivasi.NOT_FOUND,
        daftar_desa_routes.NOT_FOUND,
        *web.DOKUMEN_LABELS.values(),
        *web.TANDA_LABELS.values(),
        pengaduan_routes.NOT_FOUND,
        *web.PENGADUAN_JENIS_LABELS.values(),
        *web.PENGADUAN_STATUS_LABELS.values(),
        *_chart_texts(),
        dasbor_routes.UNKNOWN_KECAMATAN,
        *blanko_routes.MUTASI_LABELS.values(),
        *blanko_routes.STATE_LABELS.values(),
        blanko_routes.OFFICE_NOT_FOUND,
    }
    return messages


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_the_scan_finds_the_templates_texts():
    texts = template_texts()
    assert "NIK atau nama pengguna" in texts
    assert "Desa {desa}, Kecamatan {kecamatan}" in texts
    assert len(texts) > 50


def test_every_template_text_has_english():
    missing = sorted(template_texts() - EN.keys())
    assert not missing, f"no English for: {missing}"


def _first_argument(source: str, start: int) -> str:
    """The text of a call's first argument, from `start` to the comma or closing parenthesis
    at its own nesting level."""
    depth, quote = 0, None
    for index in range(start, len(source)):
        char = source[index]
        if quote:
            if char == quote and source[index - 1] != "\\":
                quote = None
        elif char in "'\"":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            if depth == 0:
                return source[start:index].strip()
            depth -= 1
        elif char == "," and depth == 0:
            return source[start:index].strip()
    raise AssertionError("unclosed _( call")


def test_template_calls_without_a_literal_come_from_known_sources():
    dynamic = set()
    for path in TEMPLATES.rglob("*.html"):
        source = path.read_text()
        for match in ANY_CALL.finditer(source):
            argument = _first_argument(source, match.end())
            if argument[0] not in "'\"":
                dynamic.add(argument)
    unknown = sorted(dynamic - DYNAMIC_ARGUMENTS)
    assert not unknown, f"collect these texts in python_messages(), then list them: {unknown}"


def test_every_python_message_has_english():
    messages = python_messages()
    assert "Halaman ini bukan untuk peran Anda." in messages  # the source scan works
    assert "Dua angka pertama nomor KK bukan kode provinsi yang dikenal." in messages
    assert "Buku nikah" in messages  # the catalogue walk
    assert "IKD sudah aktif." in messages  # the not-eligible rules
    assert "{label} wajib diisi." in messages  # check_answers
    assert "Berkas kosong. Ambil foto lagi." in messages  # process_photo
    assert "Status permohonan sudah berubah. Muat ulang halaman." in messages  # literal scan
    missing = sorted(messages - EN.keys())
    assert not missing, f"no English for: {missing}"


def test_the_throttle_message_translates_with_its_value():
    assert translate("en", auth.throttled_message(7)) == (
        "Too many attempts. Please try again in 7 minutes."
    )
    assert translate("id", auth.throttled_message(7)) == (
        "Terlalu banyak percobaan. Coba lagi dalam 7 menit."
    )


@pytest.mark.parametrize("key", sorted(EN))
def test_english_keeps_the_placeholders(key):
    assert _fields(EN[key]) == _fields(key)
    values = {name: "x" for name in _fields(key)}
    EN[key].format(**values)  # no stray braces


@pytest.mark.parametrize("key", sorted(EN))
def test_english_is_not_left_in_indonesian(key):
    english = EN[key].strip()
    assert english, "empty translation"
    if key in SAME_IN_ENGLISH:
        return
    assert english != key, "identical to the Indonesian"
    assert not INDONESIAN_WORDS.search(english), f"Indonesian word in: {english}"


def test_same_in_english_allowlist_is_current():
    assert {key for key in SAME_IN_ENGLISH if EN.get(key) != key} == set()


async def test_login_page_in_english(client):
    client.cookies.set(LANGUAGE_COOKIE, "en")
    page = await client.get("/masuk")
    assert page.status_code == 200
    assert '<html lang="en">' in page.text
    assert "Sign in" in page.text
    assert "NIK or username" in page.text
    assert "Password" in page.text
    assert "Kata sandi" not in page.text


async def test_login_error_in_english(client, registry):
    client.cookies.set(LANGUAGE_COOKIE, "en")
    response = await login(client, registry["accounts"]["warga"], "salah-sekali")
    assert response.status_code == 422
    assert "Wrong NIK/username or password." in response.text


async def test_signed_in_page_in_english(client, registry):
    client.cookies.set(LANGUAGE_COOKIE, "en")
    response = await login(client, registry["accounts"]["warga"], PASSWORD)
    assert response.status_code == 303
    home = await client.get("/")
    assert "Hello, Siti Aminah" in home.text
    assert "Sign out" in home.text
    assert "East Lombok Regency" in home.text
    family = await client.get("/keluarga")
    assert "Head of family" in family.text
    assert "Desa Labuhan Haji, Kecamatan Labuhan Haji" in family.text


async def test_service_catalogue_in_english(client):
    client.cookies.set(LANGUAGE_COOKIE, "en")
    page = await client.get("/layanan/ktp_cetak_ulang")
    assert page.status_code == 200
    assert "Reprint KTP-el (lost or damaged)" in page.text
    assert "Requirements" in page.text
    assert "If lost: a loss report letter from the police." in page.text
    assert "Persyaratan" not in page.text


def test_a_message_value_that_is_one_of_our_texts_is_translated_too():
    message = Message("Foto {label} wajib.", {"label": "Kartu Keluarga"})
    assert translate("en", message) == "A photo is required: Family card (KK)."
    assert translate("id", message) == "Foto Kartu Keluarga wajib."
    # A value that is not one of our texts (a name, a number) is left alone.
    assert translate("en", Message("Desa {desa}", {"desa": "Pengawas Baru"})) == (
        "Desa Pengawas Baru"
    )


async def test_system_timeline_texts_in_english(as_role, registry):
    from tests.test_idempotency import outbox_request

    client = await as_role("warga")
    send = await outbox_request(client, registry, note="timeline-en", key="timeline-en-0001")
    code = (await send()).headers["location"].rsplit("/", 1)[1]
    client.cookies.set(LANGUAGE_COOKIE, "en")
    page = await client.get(f"/permohonan/{code}")
    assert "Applicant (Citizen)" in page.text
    assert "Pemohon" not in page.text
