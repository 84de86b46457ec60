"""Real-browser fixtures: a live `dekat serve --demo` and a headless Chromium emulating a phone.

The live server has its own data directory, and on a PostgreSQL run (`DEKAT_TEST_DATABASE_URL`)
its own database, `<name>_browser`, so it never touches the in-process tests' data.
Without a Chromium the browser tests skip, unless `DEKAT_REQUIRE_BROWSER=1` makes that a failure.
"""

from __future__ import annotations

import asyncio
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.find_browser import LAUNCH_ARGS, PHONE, browser_required, find_chromium

REPO = Path(__file__).resolve().parents[2]
DEMO_PASSWORD = "demo12345"
CITIZEN = "5203015507900001"
CITIZEN_NAME = "Siti Aminah"
OPERATOR = "operator.demo"

#: (account or None, path): every page the layout and accessibility checks visit.
PAGES = [
    (None, "/"),
    (None, "/masuk"),
    (None, "/daftar"),
    (None, "/offline"),
    (None, "/antrean"),
    (CITIZEN, "/"),
    (CITIZEN, "/keluarga"),
    (CITIZEN, "/ikd"),
    ("operator.demo", "/"),
    ("operator.demo", "/penduduk?q=Aminah"),
    ("petugas.demo", "/"),
    ("petugas.demo", "/penduduk?q=Aminah"),
    ("dinas.demo", "/"),
    ("dinas.demo", "/penduduk?q=Aminah"),
    ("dinas.demo", "/audit"),
    ("pengawas.demo", "/"),
    ("pengawas.demo", "/audit"),
    (None, "/layanan"),
    (None, "/layanan/ktp_cetak"),
    (None, "/lacak"),
    (None, "/verifikasi"),
    (CITIZEN, "/permohonan"),
    (CITIZEN, "/permohonan/baru?layanan=ktp_cetak_ulang"),
    ("operator.demo", "/permohonan"),
    ("dinas.demo", "/proses"),
    ("dinas.demo", "/ikd/aktivasi"),
    ("dinas.demo", "/ikd/izin"),
    (None, "/jemput-bola"),
    (CITIZEN, "/jemput-bola"),
    ("operator.demo", "/jemput-bola"),
    ("petugas.demo", "/jemput-bola"),
    ("dinas.demo", "/jemput-bola"),
    ("dinas.demo", "/jemput-bola/rencana"),
    ("dinas.demo", "/jemput-bola/kebutuhan"),
    ("dinas.demo", "/jemput-bola/perangkat"),
    # The demo's published visits (server/demo/jemput_bola.py) follow its 60 past
    # ones: today's, with its roster, is 61; the one in two weeks, open to book, is 62.
    (None, "/jemput-bola/kunjungan/62"),
    (CITIZEN, "/jemput-bola/kunjungan/62"),
    ("operator.demo", "/jemput-bola/kunjungan/62"),
    ("petugas.demo", "/jemput-bola/kunjungan/61/lapangan"),
    ("petugas.demo", "/jemput-bola/kunjungan/61/laporan"),
    ("operator.demo", "/jemput-bola/kunjungan/61/daftar-hadir"),
    (CITIZEN, "/notifikasi"),
    ("operator.demo", "/notifikasi"),
    ("dinas.demo", "/notifikasi/statistik"),
    ("dinas.demo", "/notifikasi/pengumuman"),
    ("operator.demo", "/daftar-desa"),
    ("dinas.demo", "/daftar-desa"),
    ("dinas.demo", "/daftar-desa/impor"),
    (None, "/blanko"),
    ("dinas.demo", "/blanko/kelola"),
    ("dinas.demo", "/blanko/antrean?kantor=UPT-52.03.15"),
    ("pengawas.demo", "/blanko/luar-urutan"),
    (None, "/perangkat"),
    ("dinas.demo", "/dasbor"),
    ("pengawas.demo", "/dasbor?kecamatan=52.03.17"),
    # Complaints: the demo's first one (server/demo/pengaduan.py) is number 1, the one
    # about the Dinas itself (its status for pengawas to set) number 5. A complaint's own page
    # has no address (its code stays out of history): tests/browser/test_pengaduan.py checks
    # it after filing one and after typing the demo citizen's code.
    (None, "/pengaduan"),
    (None, "/pengaduan/lacak"),
    (CITIZEN, "/pengaduan"),
    ("pengawas.demo", "/pengaduan/kelola"),
    ("pengawas.demo", "/pengaduan/kelola?status=terlambat"),
    ("pengawas.demo", "/pengaduan/kelola/1?identitas=1"),
    ("dinas.demo", "/pengaduan/kelola/1"),
    ("dinas.demo", "/pengaduan/kelola/5"),
]

SERVER_START_TIMEOUT = 180
#: Milliseconds a click or a navigation may take before the test fails (Playwright's is 30 s).
ACTION_TIMEOUT = 15_000


# --- The browser ---------------------------------------------------------------------------


@pytest.fixture(scope="package")
def chromium_path() -> str:
    path = find_chromium()
    if path is None:
        reason = (
            "no Chromium found ($CHROMIUM_PATH, /usr/bin/chromium, Playwright's own): "
            "run `python tests/find_browser.py --install`"
        )
        if browser_required():
            pytest.fail(reason + " (DEKAT_REQUIRE_BROWSER=1)", pytrace=False)
        pytest.skip(reason)
    return path


@pytest.fixture(scope="package")
def playwright(chromium_path: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as running:
        yield running


@pytest.fixture(scope="package")
def browser(playwright, chromium_path: str):
    browser = playwright.chromium.launch(
        executable_path=chromium_path, args=LAUNCH_ARGS, headless=True
    )
    yield browser
    browser.close()


@pytest.fixture
def context(browser, live_server: str):
    """An ordinary (incognito-like) browser context on a phone."""
    context = browser.new_context(base_url=live_server, **PHONE)
    context.set_default_timeout(ACTION_TIMEOUT)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def app_context(playwright, chromium_path: str, live_server: str, tmp_path: Path):
    """A browser profile of its own, as on a real phone: installability and the service
    worker behave here as they do for a person (an incognito context does not)."""
    context = playwright.chromium.launch_persistent_context(
        user_data_dir=str(tmp_path / "profile"),
        executable_path=chromium_path,
        args=LAUNCH_ARGS,
        headless=True,
        base_url=live_server,
        **PHONE,
    )
    context.set_default_timeout(ACTION_TIMEOUT)
    yield context
    context.close()


@pytest.fixture
def app_page(app_context):
    return app_context.pages[0] if app_context.pages else app_context.new_page()


# --- The live server -----------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def browser_database_url(test_url: str) -> str:
    """`postgresql://u@h:p/test` -> `postgresql://u@h:p/test_browser`."""
    parts = urlsplit(test_url)
    name = parts.path.lstrip("/") or "postgres"
    return urlunsplit(parts._replace(path=f"/{name}_browser"))


def _recreate_database(url: str) -> None:
    import asyncpg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = urlunsplit(parts._replace(path="/postgres"))

    async def recreate() -> None:
        connection = await asyncpg.connect(admin_url)
        try:
            await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await connection.execute(f'CREATE DATABASE "{name}"')
        finally:
            await connection.close()

    # In a thread of its own: Playwright's sync API may already run an event loop in this one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, recreate()).result()


def _wait_until_healthy(url: str, process: subprocess.Popen, log: Path) -> dict:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"dekat serve exited ({process.returncode}):\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return json.load(response)
        except OSError:
            pass
        time.sleep(0.3)
    pytest.fail(
        f"dekat serve not healthy after {SERVER_START_TIMEOUT} s:\n{log.read_text()[-3000:]}"
    )


#: The data folder of each live server (its IKD keys), by URL.
LIVE_DATA_DIRS: dict[str, Path] = {}


@pytest.fixture(scope="package")
def live_server(chromium_path: str) -> Iterator[str]:
    """`dekat serve --demo` on a free loopback port; yields its base URL."""
    data_dir = Path(tempfile.mkdtemp(prefix="dekat-browser-"))
    env = {**os.environ, "DEKAT_DATA_DIR": str(data_dir)}
    env.pop("DATABASE_URL", None)
    test_url = os.environ.get("DEKAT_TEST_DATABASE_URL")
    if test_url:
        env["DATABASE_URL"] = browser_database_url(test_url)
        _recreate_database(env["DATABASE_URL"])
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = data_dir / "server.log"
    with log.open("wb") as output:
        command = [sys.executable, "-m", "server.cli", "serve", "--demo"]
        process = subprocess.Popen(
            [*command, "--host", "127.0.0.1", "--port", str(port)],
            cwd=REPO,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        LIVE_DATA_DIRS[url] = data_dir
        health = _wait_until_healthy(url, process, log)
        expected = "postgresql" if test_url else "sqlite"
        assert health["database"] == expected, f"live server runs on {health}"
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture
def live_data_dir(live_server: str) -> Path:
    """The live server's data folder (for its IKD keys, as `dekat keys` would use it)."""
    return LIVE_DATA_DIRS[live_server]


# --- A front server that can roll out a "new version" ----------------------------------------
#
# Chromium's update check for a service worker script is not seen by Playwright's routing, so a
# new release is simulated by a small forwarding server in front of the live one: after
# `release()`, it serves /sw.js with a changed VERSION, as a new deployment would.

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length"}
SW_VERSION = re.compile(rb'const VERSION ?= ?"([^"]+)";')


class FrontServer:
    def __init__(self, upstream: str) -> None:
        self.upstream = urlsplit(upstream)
        self.suffix = ""
        front = self

        class Forward(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                front.forward(self)

            do_POST = do_GET

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Forward)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def release(self, suffix: str = "-baru") -> None:
        """From now on /sw.js announces a new version."""
        self.suffix = suffix
        with urllib.request.urlopen(self.url + "/sw.js", timeout=5) as response:  # noqa: S310
            assert f'{suffix}";' in response.read().decode(), "VERSION not found in /sw.js"

    def forward(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("content-length") or 0)
        body = handler.rfile.read(length) if length else None
        rewrite = self.suffix and urlsplit(handler.path).path == "/sw.js"
        dropped = HOP_BY_HOP | ({"accept-encoding"} if rewrite else set())
        headers = {k: v for k, v in handler.headers.items() if k.lower() not in dropped}
        connection = http.client.HTTPConnection(self.upstream.hostname, self.upstream.port)
        try:
            connection.request(handler.command, handler.path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        if rewrite:
            suffix = self.suffix.encode()
            content = SW_VERSION.sub(lambda m: b'const VERSION="' + m[1] + suffix + b'";', content)
        handler.send_response(response.status, response.reason)
        for name, value in response.getheaders():
            if name.lower() not in HOP_BY_HOP:
                handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(content)))
        handler.end_headers()
        handler.wfile.write(content)

    def __enter__(self) -> FrontServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def front_server(live_server: str) -> Iterator[FrontServer]:
    with FrontServer(live_server) as front:
        yield front


# --- What a person does --------------------------------------------------------------------


def sign_in(page, username: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the login form and wait for the home page."""
    page.goto("/masuk")
    page.get_by_label("NIK atau nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk", exact=True).click()
    page.wait_for_url(lambda url: urlsplit(url).path == "/")


def go_offline(context) -> None:
    """No network at all: `set_offline` for pages, and an abort for every request, since
    `set_offline` does not cover what the service worker itself fetches."""
    context.set_offline(True)
    context.route("**/*", lambda route: route.abort("internetdisconnected"))


def go_online(context) -> None:
    context.unroute("**/*")
    context.set_offline(False)


def wait_for_service_worker(page) -> None:
    """Until a service worker controls the page (it claims clients when it activates)."""
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=15_000)


@pytest.fixture(scope="package")
def signed_in_state(browser, live_server: str):
    """`signed_in_state(username)`: that account's cookies, signed in once through the form."""
    states: dict[str, dict] = {}

    def state(username: str) -> dict:
        if username not in states:
            context = browser.new_context(base_url=live_server, **PHONE)
            sign_in(context.new_page(), username)
            states[username] = context.storage_state()
            context.close()
        return states[username]

    return state


class PageOpener:
    """`opener(path, as_user=None, **context_options)`: a phone in a fresh context, at path."""

    def __init__(self, browser, live_server: str, signed_in_state) -> None:
        self.browser, self.live_server, self.state = browser, live_server, signed_in_state
        self.contexts = []

    def __call__(self, path: str, as_user: str | None = None, **options):
        state = self.state(as_user) if as_user else None
        context = self.browser.new_context(
            base_url=self.live_server, storage_state=state, **PHONE, **options
        )
        context.set_default_timeout(ACTION_TIMEOUT)
        self.contexts.append(context)
        page = context.new_page()
        page.goto(path)
        return page

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def open_page(browser, live_server: str, signed_in_state):
    opener = PageOpener(browser, live_server, signed_in_state)
    yield opener
    opener.close()


@pytest.fixture(scope="module")
def module_open_page(browser, live_server: str, signed_in_state):
    """`open_page` for module-scoped fixtures that look at a page once for several tests."""
    opener = PageOpener(browser, live_server, signed_in_state)
    yield opener
    opener.close()
