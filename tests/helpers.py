"""What route and service tests share: sending forms the way a browser does, and reading what
came back (the page, its refusal message, the rows it left behind).

Where test code goes: fixtures in conftest.py; what makes test data in tests/factories.py;
requests and readings here (browser ones in tests/browser/helpers.py). A helper two test modules
need moves here rather than one test module importing another (tests/test_imports.py checks it).
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from urllib.parse import unquote, urlsplit

import httpx
from bs4 import BeautifulSoup
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from server.models.jemput_bola import Pemesanan
from server.models.platform import DomainEvent
from server.services import kunjungan
from tests.factories import PASSKEY_KEY, PASSWORD, b64url, jpeg

CSRF_INPUT = re.compile(r'name="_csrf_token" value="([^"]+)"')
#: Where an application's page is; its code is the first group.
CODE = re.compile(r"/permohonan/(DK-[0-9A-Z]{4}-[0-9A-Z]{4})$")
TICKET_PATH = re.compile(r"^/jemput-bola/tiket/(JB-[2-9A-Z]{8})$")


# --- Sending --------------------------------------------------------------------------------


async def csrf_token(client: httpx.AsyncClient, path: str = "/masuk") -> str:
    page = await client.get(path)
    match = CSRF_INPUT.search(page.text)
    assert match, f"no CSRF field on {path}"
    return match.group(1)


PASSKEY_OPTIONS = re.compile(r'data-passkey="get" data-passkey-options="([^"]+)"')
SECOND_STEP = "/masuk/faktor"


async def login(client: httpx.AsyncClient, username: str, password: str = PASSWORD):
    """Sign in through the form; staff who need a second factor pass it with the test passkey
    (tests/factories.py). The last answer: a 303 to the next page once signed in."""
    response = await password_step(client, username, password)
    if response.status_code == 303 and response.headers["location"] == SECOND_STEP:
        return await passkey_step(client)
    return response


async def password_step(client: httpx.AsyncClient, username: str, password: str = PASSWORD):
    token = await csrf_token(client)
    return await client.post(
        "/masuk",
        data={"username": username, "password": password, "_csrf_token": token},
        follow_redirects=False,
    )


def passkey_assertion(
    options: dict, origin: str, *, sign_count: int = 0, key: ec.EllipticCurvePrivateKey = None
) -> str:
    """What a browser's authenticator answers to `navigator.credentials.get()`: the test
    passkey's signature over the server's challenge (a software authenticator)."""
    key = key or PASSKEY_KEY
    credential_id = options["allowCredentials"][0]["id"]
    client_data = json.dumps(
        {"type": "webauthn.get", "challenge": options["challenge"], "origin": origin}
    ).encode()
    # RP ID hash, flags (user present, user verified), signature counter.
    authenticator_data = (
        hashlib.sha256(options["rpId"].encode()).digest()
        + bytes([0x05])
        + sign_count.to_bytes(4, "big")
    )
    signature = key.sign(
        authenticator_data + hashlib.sha256(client_data).digest(), ec.ECDSA(hashes.SHA256())
    )
    return json.dumps(
        {
            "id": credential_id,
            "rawId": credential_id,
            "type": "public-key",
            "clientExtensionResults": {},
            "response": {
                "clientDataJSON": b64url(client_data),
                "authenticatorData": b64url(authenticator_data),
                "signature": b64url(signature),
            },
        }
    )


async def passkey_options(client: httpx.AsyncClient) -> tuple[dict, str]:
    """The second step's passkey options and its form token."""
    page = await client.get(SECOND_STEP, follow_redirects=False)
    match = PASSKEY_OPTIONS.search(page.text)
    assert match, text_of(page)[:500]
    return json.loads(html.unescape(match.group(1))), CSRF_INPUT.search(page.text).group(1)


async def passkey_step(client: httpx.AsyncClient, *, sign_count: int = 0, key=None):
    options, token = await passkey_options(client)
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(str(client.base_url)))
    answer = passkey_assertion(options, origin, sign_count=sign_count, key=key)
    return await client.post(
        f"{SECOND_STEP}/passkey",
        data={"respons": answer, "_csrf_token": token},
        follow_redirects=False,
    )


async def post_form(client: httpx.AsyncClient, path: str, data: dict, *, page: str = "/"):
    """POST a form the way a browser does, with the CSRF token from a rendered page."""
    token = await csrf_token(client, page)
    return await client.post(path, data={**data, "_csrf_token": token}, follow_redirects=False)


async def post(client, path: str, data: dict | None = None, headers: dict | None = None):
    token = await csrf_token(client, "/")
    return await client.post(
        path,
        data={**(data or {}), "_csrf_token": token},
        headers=headers or {},
        follow_redirects=False,
    )


async def send(client, path: str, body, token: str | None = None):
    """POST a JSON body as the page's script does, with the form token in a header."""
    token = token or await csrf_token(client, "/notifikasi")
    return await client.post(path, json=body, headers={"x-csrftoken": token})


async def default_kantor_id(client, layanan: str, untuk: int) -> str:
    page = await client.get(f"/permohonan/baru?layanan={layanan}&untuk={untuk}")
    return BeautifulSoup(page.text, "html.parser").select_one("#kantor option[selected]")["value"]


async def apply(client, data: dict, files: dict, *, headers: dict | None = None):
    token = await csrf_token(client, "/permohonan/baru")
    if not data.get("kantor"):
        data = {
            **data,
            "kantor": await default_kantor_id(client, data["layanan"], int(data["untuk"])),
        }
    return await client.post(
        "/permohonan",
        data={**data, "_csrf_token": token},
        files=files,
        headers=headers or {},
        follow_redirects=False,
    )


async def officer_act(client, code: str, action: str, **fields):
    token = await csrf_token(client, f"/proses/{code}")
    return await client.post(
        f"/proses/{code}/{action}", data={**fields, "_csrf_token": token}, follow_redirects=False
    )


async def outbox_request(client, registry, *, note: str = "", key: str = "kunci-uji-0001"):
    """A submission as the outbox sends it: one fixed multipart body, sent again on retry."""
    person = registry["people"]["Siti Aminah"]
    token = await csrf_token(client, "/permohonan/baru")
    kantor = await default_kantor_id(client, "ktp_cetak_ulang", person)
    request = client.build_request(
        "POST",
        "/permohonan",
        data={
            "layanan": "ktp_cetak_ulang",
            "untuk": str(person),
            "alasan": "hilang",
            "kantor": kantor,
            "catatan": note,
            "ajukan": "1",
        },
        files={
            "dokumen_kk": ("kk.jpg", jpeg(), "image/jpeg"),
            "dokumen_bukti": ("bukti.jpg", jpeg(), "image/jpeg"),
        },
        headers={"x-csrftoken": token, "idempotency-key": key},
    )
    body = request.read()
    return lambda extra=None: client.post(
        "/permohonan",
        content=body,
        follow_redirects=False,
        headers={
            "content-type": request.headers["content-type"],
            "x-csrftoken": token,
            "idempotency-key": key,
            **(extra or {}),
        },
    )


# --- Reading the answer ---------------------------------------------------------------------


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def text_of(response) -> str:
    return BeautifulSoup(response.text, "html.parser").get_text(" ", strip=True)


def galat(response) -> str:
    """The message of a refused request, from the `X-Dekat-Galat` header."""
    return unquote(response.headers.get("x-dekat-galat", ""))


def refused_with(response, status: int, message: str) -> None:
    """The person sees `message` on the page, and the outbox reads it from the header."""
    assert response.status_code == status, (response.status_code, galat(response))
    assert message in text_of(response), text_of(response)[:2000]
    assert message in galat(response), galat(response)


def ticket_code(response) -> str:
    assert response.status_code == 303, (response.status_code, galat(response))
    match = TICKET_PATH.match(response.headers["location"])
    assert match, response.headers["location"]
    return match.group(1)


# --- Reading the database -------------------------------------------------------------------


async def unrecorded_in(desa_id: int) -> int:
    """The desa's figure the Dinas plans from: adults not yet recorded for KTP-el."""
    figures = await kunjungan.desa_figures()
    return next(f.unrecorded for f in figures if f.id == desa_id)


async def windows_of(visit_id: int) -> dict[int, dict]:
    return {row["id"]: row for row in await kunjungan.windows(visit_id)}


async def bookings_of(visit_id: int) -> list[dict]:
    return await Pemesanan.select().where(Pemesanan.kunjungan == visit_id).order_by(Pemesanan.id)


async def events(jenis: str) -> list[dict]:
    return (
        await DomainEvent.select(DomainEvent.data)
        .where(DomainEvent.jenis == jenis)
        .order_by(DomainEvent.id)
        .output(load_json=True)
    )


# --- Sign-up and recovery codes ------------------------------------------------------------

#: A password the rules accept, for the person signing up in tests.
NEW_PASSWORD = "kopi-sore-di-teras-7"


async def press_signup_code_button(client, penduduk_id: int):
    """The officer opens the resident's page and presses "Buat kode pendaftaran"."""
    detail = BeautifulSoup((await client.get(f"/penduduk/{penduduk_id}")).text, "html.parser")
    button = detail.find("button", string="Buat kode pendaftaran")
    assert button is not None, "no sign-up code button on the resident's page"
    action = button.find_parent("form")["action"]
    return await post_form(client, action, {}, page=f"/penduduk/{penduduk_id}")


def slip_code(response) -> str:
    """The code printed on a slip page."""
    code = BeautifulSoup(response.text, "html.parser").select_one("#kode-slip")
    assert code is not None, response.text[:500]
    return code.get_text(strip=True)


async def sign_up(client, nik: str, code: str, password: str = NEW_PASSWORD, again=None):
    """Fill in the sign-up form as the person would."""
    data = {"nik": nik, "kode": code, "password": password, "password_ulang": again or password}
    return await post_form(client, "/daftar", data, page="/daftar")
