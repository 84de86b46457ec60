"""What browser tests share: the demo accounts they sign in with, the pages every layout and
accessibility check visits, what a person does (sign in, lose the signal), and reading the live
server's database.

Where browser test code goes: fixtures (the browser, the live server, pages) in
tests/browser/conftest.py; what two browser test modules share here. A test module never imports
another test module (tests/test_imports.py checks it).
"""

from __future__ import annotations

import asyncio
import os
import re
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from PIL import Image, ImageFilter
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

REPO = Path(__file__).resolve().parents[2]
DEMO_PASSWORD = "demo12345"
CITIZEN = "5203015507900001"
CITIZEN_NAME = "Siti Aminah"
OPERATOR = "operator.demo"
#: The second step of a sign-in, for accounts that added a second factor.
SECOND_STEP = "/masuk/faktor"

#: A request's code, as its page heading shows it.
CODE = re.compile(r"DK-[0-9A-Z]{4}-[0-9A-Z]{4}")

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
    ("dinas.demo", "/akun/keamanan"),
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

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"

RUN_AXE = """async () => {
  const result = await axe.run(document);
  return result.violations.map((v) => ({
    rule: v.id, impact: v.impact, tags: v.tags, help: v.help,
    nodes: v.nodes.map((n) => n.target.join(" ") + ": " + n.failureSummary),
  }));
}"""

PHONE_WIDTH = 360
MIN_TARGET = 44

#: The visible controls in the menus, the top bar and every form: how many, and those shorter
#: than the minimum.
TARGETS = """(minimum) => {
  const selector = ["nav a", "header a", "form a", "form button", "form select",
                    "form textarea", "form input:not([type=hidden])"].join(", ");
  const controls = [...document.querySelectorAll(selector)]
    .filter((element) => element.checkVisibility());
  const small = controls
    .map((element) => [element, element.getBoundingClientRect()])
    .filter(([, box]) => box.height < minimum)
    .map(([element, box]) => `${element.tagName.toLowerCase()} `
      + `"${(element.innerText || element.name || "").trim()}": ${box.height.toFixed(1)} px`);
  return {count: controls.length, small};
}"""


# --- What a person does --------------------------------------------------------------------


def sign_in(page, username: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the login form and wait for the home page (demo accounts sign in with
    the password alone)."""
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


#: The page's service worker registration, as states: what a stuck install looks like.
WORKER_STATE_JS = """async () => {
  const r = await navigator.serviceWorker.getRegistration();
  const state = (w) => (w ? w.state : null);
  if (!r) return null;
  return { installing: state(r.installing), waiting: state(r.waiting), active: state(r.active) };
}"""
CONTROLLED_JS = "() => navigator.serviceWorker.controller !== null"


def wait_for_service_worker(page) -> None:
    """Until a service worker controls the page (it claims clients when it activates). Its
    first install precaches the whole shell, which took over 15 s on a loaded shared machine.
    A page still without one after 30 s is loaded again once, as a person would, and the
    worker's state at that moment is printed for the log."""
    try:
        page.wait_for_function(CONTROLLED_JS, timeout=30_000)
        return
    except PlaywrightTimeoutError:
        print(f"service worker after 30 s on {page.url}: {page.evaluate(WORKER_STATE_JS)}")
    page.reload()
    page.wait_for_function(CONTROLLED_JS, timeout=30_000)


def phone_photo(tmp_path, name: str, width: int = 4000, height: int = 3000) -> str:
    """A camera-sized JPEG with some grain, a few megabytes like a real 12 MP photo."""
    grain = Image.effect_noise((width // 4, height // 4), 48).convert("RGB")
    image = grain.resize((width, height)).filter(ImageFilter.GaussianBlur(1))
    path = tmp_path / name
    image.save(path, "JPEG", quality=92)
    return str(path)


def fill_reprint(page, tmp_path) -> int:
    """Fill the KTP-el reprint form with two photos; returns their combined original size."""
    page.goto("/layanan/ktp_cetak_ulang")
    page.get_by_role("link", name="Ajukan permohonan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Cetak ulang KTP-el (hilang atau rusak)"
    )
    expect(page.get_by_role("radio", name=re.compile("Siti Aminah"))).to_be_checked()
    page.get_by_label("Alasan").select_option("rusak")
    originals = 0
    for label, name in (
        ("Kartu Keluarga", "kk.jpg"),
        ("Surat kehilangan atau foto KTP-el yang rusak", "ktp.jpg"),
    ):
        path = phone_photo(tmp_path, name)
        originals += (tmp_path / name).stat().st_size
        page.get_by_label(label, exact=True).set_input_files(path)
        preview = page.get_by_role("img", name=f"Pratinjau {label}")
        expect(preview).to_be_visible()
    expect(page.locator("[data-photo-size]").first).to_contain_text("→")
    return originals


# --- The live server's database, read directly -------------------------------------------


#: The data folder of each live server (its IKD keys, its SQLite file), by URL: the
#: `live_server` fixture fills it.
LIVE_DATA_DIRS: dict[str, Path] = {}


def browser_database_url(test_url: str) -> str:
    """`postgresql://u@h:p/test` -> `postgresql://u@h:p/test_browser`."""
    parts = urlsplit(test_url)
    name = parts.path.lstrip("/") or "postgres"
    return urlunsplit(parts._replace(path=f"/{name}_browser"))


def live_rows(live_server: str, sql: str, *values) -> list[dict]:
    """Rows of a query on the live server's database: SQL both engines understand, with
    PostgreSQL's `$1` placeholders (SQLite reads them as `?1`)."""
    test_url = os.environ.get("DEKAT_TEST_DATABASE_URL")
    if not test_url:
        path = Path(LIVE_DATA_DIRS[live_server]) / "dekat.sqlite3"
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
            connection.row_factory = sqlite3.Row
            rows = connection.execute(re.sub(r"\$(\d+)", r"?\1", sql), values)
            return [dict(row) for row in rows]

    import asyncpg

    async def fetch() -> list[dict]:
        connection = await asyncpg.connect(browser_database_url(test_url))
        try:
            return [dict(row) for row in await connection.fetch(sql, *values)]
        finally:
            await connection.close()

    # In a thread of its own: Playwright's sync API runs an event loop in this one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, fetch()).result()
