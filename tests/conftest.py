"""Shared test set-up: one database per run (SQLite, or PostgreSQL when
`DEKAT_TEST_DATABASE_URL` is set), filled with the small test registry of tests/factories.py,
and the fixtures every test may ask for.

The environment is set here, before any `server` module reads its settings. Only fixtures and
the facts of the run (its data folder, its engine) live here: what makes test data is in
tests/factories.py, requests and readings of answers in tests/helpers.py.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack
from pathlib import Path

import pytest

from server.settings import DEFAULT_PUSH_HOSTS

DATA_DIR = Path(tempfile.mkdtemp(prefix="dekat-test-"))
os.environ["DEKAT_DATA_DIR"] = str(DATA_DIR)
os.environ.pop("DATABASE_URL", None)
# Tests deliver notifications themselves, to a mock push service, when they mean to.
os.environ["DEKAT_PUSH_WORKER"] = "0"
# Tests talk plain HTTP to the app and to the live server (HTTPS is tested by asking for it).
os.environ["DEKAT_PLAIN_HTTP"] = "1"
# ...and accept the mock push service on loopback (`web-push-testing` answers as localhost).
os.environ["DEKAT_PUSH_ALLOWED_HOSTS"] = ",".join((*DEFAULT_PUSH_HOSTS, "localhost"))
TEST_DATABASE_URL = os.environ.get("DEKAT_TEST_DATABASE_URL") or None
if TEST_DATABASE_URL:
    os.environ["DATABASE_URL"] = TEST_DATABASE_URL

import httpx  # noqa: E402
from argon2 import PasswordHasher  # noqa: E402
from argon2.profiles import CHEAPEST  # noqa: E402
from litestar import Litestar  # noqa: E402

from server.app import create_app  # noqa: E402
from server.models.accounts import LoginAttempt  # noqa: E402
from server.services import auth  # noqa: E402
from server.services.startup import prepare_database  # noqa: E402
from server.settings import get_settings  # noqa: E402
from tests.factories import Scratch, seed_registry  # noqa: E402
from tests.helpers import login  # noqa: E402

ON_POSTGRES = get_settings().database_kind == "postgresql"

# Hundreds of sign-ins per run: passwords the tests set are hashed with Argon2's cheapest profile
# (a check reads the parameters from the hash, so nothing else changes).
auth.password_hasher = PasswordHasher.from_parameters(CHEAPEST)


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
            return await seed_registry()
        finally:
            await db.stop(engine)

    return asyncio.run(build())


@pytest.fixture(scope="session")
def built_app(registry: dict) -> Litestar:
    """The application, built once per run: building it (Litestar reading every handler's
    signature) takes longer than most tests."""
    return create_app()


@pytest.fixture
async def app(built_app: Litestar) -> AsyncIterator[Litestar]:
    """The app started in the test's own event loop, so that tests may also query the database
    directly (a PostgreSQL pool belongs to one loop); stopped after the test."""
    await LoginAttempt.delete(force=True)
    async with built_app.lifespan():
        yield built_app


@pytest.fixture
async def browsers(app: Litestar) -> AsyncIterator[Callable[..., httpx.AsyncClient]]:
    """`browsers(address="10.0.0.7", https=True)`: one more browser, with its own cookies, on
    the same app, seen from that address and reaching Dekat over HTTP or HTTPS."""
    async with AsyncExitStack() as stack:

        def open_browser(address: str = "127.0.0.1", *, https: bool = False) -> httpx.AsyncClient:
            transport = httpx.ASGITransport(app=app, client=(address, 50000))
            scheme = "https" if https else "http"
            opened = httpx.AsyncClient(
                transport=transport, base_url=f"{scheme}://testserver.local", follow_redirects=True
            )
            stack.push_async_callback(opened.aclose)
            return opened

        yield open_browser


@pytest.fixture
async def client(browsers: Callable[..., httpx.AsyncClient]) -> httpx.AsyncClient:
    """An HTTP client (a browser at 127.0.0.1) talking to the test's app."""
    return browsers()


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
    made = Scratch()
    yield made
    await made.cleanup()
