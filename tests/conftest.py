"""Shared test set-up: one database per run (SQLite, or PostgreSQL when
`DEKAT_TEST_DATABASE_URL` is set), a small registry, and an account for every role and scope.

The environment is set here, before any `server` module reads its settings.
"""

from __future__ import annotations

import asyncio
import os
import re
import tempfile
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import pytest

from server.settings import DEFAULT_PUSH_HOSTS

DATA_DIR = Path(tempfile.mkdtemp(prefix="dekat-test-"))
os.environ["DEKAT_DATA_DIR"] = str(DATA_DIR)
os.environ.pop("DATABASE_URL", None)
# Tests deliver notifications themselves, to a mock push service, when they mean to.
os.environ["DEKAT_PUSH_WORKER"] = "0"
# ...and accept the mock push service on loopback (`web-push-testing` answers as localhost).
os.environ["DEKAT_PUSH_ALLOWED_HOSTS"] = ",".join((*DEFAULT_PUSH_HOSTS, "localhost"))
TEST_DATABASE_URL = os.environ.get("DEKAT_TEST_DATABASE_URL") or None
if TEST_DATABASE_URL:
    os.environ["DATABASE_URL"] = TEST_DATABASE_URL

import httpx  # noqa: E402

from server.app import create_app  # noqa: E402
from server.models.accounts import Account, LoginAttempt, Role  # noqa: E402
from server.models.penduduk import Hubungan, KtpStatus, Penduduk  # noqa: E402
from server.models.wilayah import Desa, Kecamatan  # noqa: E402
from server.services.auth import hash_password  # noqa: E402
from server.services.startup import prepare_database  # noqa: E402
from server.settings import get_settings  # noqa: E402

PASSWORD = "rahasia-uji-123"
ON_POSTGRES = get_settings().database_kind == "postgresql"


def pytest_report_header() -> str:
    return f"dekat database: {get_settings().database_kind} (data dir {DATA_DIR})"


@pytest.fixture(scope="session")
def anyio_backend() -> str:
    return "asyncio"


async def _reset_postgres(url: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(url)
    try:
        await connection.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    finally:
        await connection.close()


# --- The test registry: two families in Desa Labuhan Haji, one in another desa of the same
# kecamatan, one in another kecamatan. Every role gets an account, scoped to these places.

FAMILIES = {
    "labuhan": {
        "kk": "5203170101150001",
        "desa": ("Labuhan Haji", "Labuhan Haji"),
        "members": [
            ("5203171203880011", "Ahmad Fauzi", date(1988, 3, 12), "L", Hubungan.kepala_keluarga),
            ("5203175507900011", "Siti Aminah", date(1990, 7, 15), "P", Hubungan.istri),
            ("5203176402080011", "Nurul Hasanah", date(2008, 2, 24), "P", Hubungan.anak),
        ],
    },
    "tetangga": {
        "kk": "5203170101150002",
        "desa": ("Labuhan Haji", "Labuhan Haji"),
        "members": [
            ("5203170505700011", "Lalu Sahabudin", date(1970, 5, 5), "L", Hubungan.kepala_keluarga),
        ],
    },
    "geres": {
        "kk": "5203170101150003",
        "desa": ("Labuhan Haji", "Geres"),
        "members": [
            ("5203171010850011", "Zainul Hakim", date(1985, 10, 10), "L", Hubungan.kepala_keluarga),
        ],
    },
    "sembalun": {
        "kk": "5203150101150004",
        "desa": ("Sembalun", "Sembalun Bumbung"),
        "members": [
            ("5203154112950011", "Baiq Maesarah", date(1995, 12, 1), "P", Hubungan.kepala_keluarga),
        ],
    },
}

#: NIK present in the registry but with no account yet (for sign-up tests).
UNREGISTERED = {"nik": "5203171505990021", "kk": "5203170101150009", "born": date(1999, 5, 15)}


async def _desa_id(kecamatan: str, desa: str) -> int:
    row = (
        await Desa.select(Desa.id)
        .where((Desa.name == desa) & (Desa.kecamatan.name == kecamatan))
        .first()
    )
    return row["id"]


async def _seed_test_registry() -> dict:
    people: dict[str, int] = {}
    for family in FAMILIES.values():
        desa_id = await _desa_id(*family["desa"])
        for nik, nama, born, sex, hubungan in family["members"]:
            row = await Penduduk.insert(
                Penduduk(
                    nik=nik,
                    kk=family["kk"],
                    nama=nama,
                    tempat_lahir="Selong",
                    tanggal_lahir=born,
                    jenis_kelamin=sex,
                    hubungan=hubungan,
                    desa=desa_id,
                    ktp_status=KtpStatus.sudah_cetak,
                )
            )
            people[nama] = row[0]["id"]
    row = await Penduduk.insert(
        Penduduk(
            nik=UNREGISTERED["nik"],
            kk=UNREGISTERED["kk"],
            nama="Rusdi Hamdi",
            tempat_lahir="Selong",
            tanggal_lahir=UNREGISTERED["born"],
            jenis_kelamin="L",
            desa=await _desa_id("Labuhan Haji", "Labuhan Haji"),
        )
    )
    people["Rusdi Hamdi"] = row[0]["id"]

    password_hash = hash_password(PASSWORD)
    labuhan_kec = (
        await Kecamatan.select(Kecamatan.id).where(Kecamatan.name == "Labuhan Haji").first()
    )["id"]
    sembalun_kec = (
        await Kecamatan.select(Kecamatan.id).where(Kecamatan.name == "Sembalun").first()
    )["id"]
    accounts = {
        "warga": {
            "username": "5203175507900011",
            "role": Role.warga,
            "penduduk": people["Siti Aminah"],
        },
        "warga_tetangga": {
            "username": "5203170505700011",
            "role": Role.warga,
            "penduduk": people["Lalu Sahabudin"],
        },
        "operator": {
            "username": "operator.uji",
            "role": Role.operator_desa,
            "desa": await _desa_id("Labuhan Haji", "Labuhan Haji"),
        },
        "operator_geres": {
            "username": "operator.geres",
            "role": Role.operator_desa,
            "desa": await _desa_id("Labuhan Haji", "Geres"),
        },
        "petugas": {
            "username": "petugas.uji",
            "role": Role.petugas_keliling,
            "kecamatan": labuhan_kec,
        },
        "dinas": {"username": "dinas.uji", "role": Role.petugas_dinas},
        "upt_sembalun": {
            "username": "upt.sembalun",
            "role": Role.petugas_dinas,
            "kecamatan": sembalun_kec,
        },
        "pengawas": {"username": "pengawas.uji", "role": Role.pengawas},
    }
    for key, values in accounts.items():
        await Account.insert(
            Account(password_hash=password_hash, display_name=f"Akun {key}", **values)
        )
    return {"people": people, "accounts": {k: v["username"] for k, v in accounts.items()}}


@pytest.fixture(scope="session")
def registry() -> dict:
    """Migrate a fresh database and fill it with the test registry (once per run)."""

    async def build() -> dict:
        if TEST_DATABASE_URL:
            await _reset_postgres(TEST_DATABASE_URL)
        from server import db

        engine = db.engine_for(get_settings())
        db.use_engine(engine)
        try:
            await prepare_database(get_settings())
            return await _seed_test_registry()
        finally:
            await db.stop(engine)

    return asyncio.run(build())


@pytest.fixture
async def client(registry: dict) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client talking to a fresh app in the test's own event loop, so that tests may
    also query the database directly (a PostgreSQL pool belongs to one loop)."""
    await LoginAttempt.delete(force=True)
    app = create_app()
    async with app.lifespan():
        transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
        async with httpx.AsyncClient(
            transport=transport, base_url="http://testserver.local", follow_redirects=True
        ) as test_client:
            yield test_client


# --- Helpers the route tests share.

CSRF_INPUT = re.compile(r'name="_csrf_token" value="([^"]+)"')


async def csrf_token(client: httpx.AsyncClient, path: str = "/masuk") -> str:
    page = await client.get(path)
    match = CSRF_INPUT.search(page.text)
    assert match, f"no CSRF field on {path}"
    return match.group(1)


async def login(client: httpx.AsyncClient, username: str, password: str = PASSWORD):
    token = await csrf_token(client)
    return await client.post(
        "/masuk",
        data={"username": username, "password": password, "_csrf_token": token},
        follow_redirects=False,
    )


async def post_form(client: httpx.AsyncClient, path: str, data: dict, *, page: str = "/"):
    """POST a form the way a browser does, with the CSRF token from a rendered page."""
    token = await csrf_token(client, page)
    return await client.post(path, data={**data, "_csrf_token": token}, follow_redirects=False)


@pytest.fixture
def as_role(client: httpx.AsyncClient, registry: dict):
    """`await as_role("operator")` signs the client in as that test account."""

    async def sign_in(key: str) -> httpx.AsyncClient:
        response = await login(client, registry["accounts"][key])
        assert response.status_code == 303, response.text
        return client

    return sign_in


@pytest.fixture
async def scratch(client):
    """Teams, kits, visits and residents one test makes (tests/factories.py), removed after it:
    the database is shared by the whole run."""
    from tests.factories import Scratch

    made = Scratch()
    yield made
    await made.cleanup()
