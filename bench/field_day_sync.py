"""Field-day sync: how long a jemput-bola team's day of work, recorded offline, takes to reach
the server once the signal returns.

A 300-person field day: the demo's published visit of today to Desa Labuhan Haji (30 people
booked by the demo) gets 270 more bookings, written straight into the server's database
before the roster is opened: adults of the desa and of the nearest desa of its kecamatan,
spread over the visit's three daytime windows (whose `kapasitas` and `terisi` grow with them;
the visit's own `kapasitas` is raised to the roster's size).
The team member `petugas.demo` signs in on a fresh Chromium profile (360×640 touch phone),
opens the visit's field roster (`/jemput-bola/kunjungan/{id}/lapangan`) and the context goes
offline. For each person on the roster, in the roster's order, the page's own buttons are
pressed from a page script (`button.click()` → the page's submit handler → `DekatOutbox.add`,
as lapangan.js does for a tap): "Hadir", then the outcome that fits the booking (`direkam`
for a recording, `kartu_diserahkan` for a card to collect, `ikd_diaktifkan` for an IKD
activation; `--outcome direkam` uses `direkam` for everyone). Each tap waits until its item is
stored, as a person's taps would. That is 600 outbox items, each a POST to
`/jemput-bola/kunjungan/{id}/catatan` with its own record code and the device's time. The
roster page's own load (first byte, DOMContentLoaded, size) is printed too, for context.

The connection is then restored and the page sends as the app does: its `online` handler and a
`DekatOutbox.flush()`, serialised by the outbox's Web Lock, oldest first, one at a time.

What is timed, on the page's clock (`performance.now()`):
- total: from just before the network is restored until the last item leaves the outbox (the
  BroadcastChannel message that follows its removal from IndexedDB); records per second;
- per record: from its "sending" message to the message after its removal (the POST, the
  server's 204 and the IndexedDB delete); of which the POST up to the first byte of its answer,
  from the browser's network timing.
The run fails (exit status 1, no figures) unless the outbox ends empty and the server's database
holds exactly 600 records for the visit (table `catatan_lapangan`: 600 distinct codes, two per
booking, a check-in and the planned outcome each, all by `petugas.demo`) and 300 bookings with
status `hadir`, none left `aktif` (twice and once `--people`, when given).

Run:
    .venv/bin/python bench/field_day_sync.py                         # SQLite
    .venv/bin/python bench/field_day_sync.py --database postgresql   # PostgreSQL
    .venv/bin/python bench/field_day_sync.py --database both         # one after the other

PostgreSQL uses its own database, `postgresql://postgres@127.0.0.1:5432/bench_field` by default
(`--database-url`; created when missing; its `public` schema is dropped and recreated at the
start of every run, so the name must contain "bench"). `--people N` sizes the roster (default
300); `--chromium PATH` picks another browser. The browser and the server share the machine's
cores and are not pinned: the load average, the CPU count and the Chromium version are printed
first.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import math
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urlsplit

from _server import Server, ensure_postgres_database, running_server
from playwright.sync_api import BrowserContext, Page, Request, sync_playwright
from playwright.sync_api import Error as PlaywrightError

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository: server, tests
from server.models.penduduk import adult_cutoff
from server.services.kunjungan import today
from server.services.pemesanan import new_ticket
from tests.find_browser import LAUNCH_ARGS, PHONE, find_chromium

DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/bench_field"
TEAM = "Tim Keliling Labuhan Haji"
OFFICER = "petugas.demo"
BOOKED_BY = "operator.demo"
DEMO_PASSWORD = "demo12345"  # noqa: S105 - the demo accounts' documented password
#: What a booking is for, from the resident's KTP-el status (as the demo books).
PURPOSE = {"belum_rekam": "rekam", "sudah_rekam": "ambil_ktp", "sudah_cetak": "aktivasi_ikd"}
#: The outcome that serves each purpose.
OUTCOME = {"rekam": "direkam", "ambil_ktp": "kartu_diserahkan", "aktivasi_ikd": "ikd_diaktifkan"}
ACTION_TIMEOUT = 30_000  # ms
LOG_ALARMS = ("database is locked", "Traceback", "ERROR", "Exception")

# Every message of the outbox's BroadcastChannel, time-stamped.
RECORD_JS = """() => {
  const events = [];
  const channel = new BroadcastChannel("dekat-outbox");
  channel.onmessage = (event) => {
    events.push({ type: event.data.type, id: event.data.id, t: performance.now() });
  };
  window.benchDrain = { events: events, channel: channel, report: null };
}"""

# For each roster row, in the page's order: press "Hadir", then the planned outcome, each time
# waiting until the outbox announces the new item (a person's taps come one after the other).
TAP_JS = """async (plan) => {
  const section = document.querySelector("[data-lapangan]");
  const rows = Array.from(section.querySelectorAll("li[data-tiket]"));
  const seen = new Set();
  const order = [];
  let wake = null;
  const channel = new BroadcastChannel("dekat-outbox");
  channel.onmessage = (event) => {
    if (event.data.type !== "changed" || seen.has(event.data.id)) return;
    seen.add(event.data.id);
    order.push(event.data.id);
    if (wake) wake();
  };
  function stored(count, what) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(what + " was not stored in 10 s")), 10000);
      const check = () => {
        if (seen.size >= count) { clearTimeout(timer); wake = null; resolve(); }
        else wake = check;
      };
      check();
    });
  }
  const missing = [];
  const started = performance.now();
  try {
    for (const row of rows) {
      const outcome = plan[row.dataset.tiket];
      if (!outcome) { missing.push(row.dataset.tiket); continue; }
      for (const jenis of ["hadir", outcome]) {
        const button = row.querySelector(
          'form[data-lapangan-form] button[name="jenis"][value="' + jenis + '"]');
        if (!button) throw new Error("no " + jenis + " button for " + row.dataset.tiket);
        button.click();
        await stored(order.length + 1, jenis + " for " + row.dataset.tiket);
      }
    }
  } finally {
    channel.close();
  }
  return { ms: performance.now() - started, order: order, missing: missing, rows: rows.length };
}"""

# Outbox senders still at work or waiting (the page tries to send after each tap).
LOCKS_JS = """async () => {
  const state = await navigator.locks.query();
  return [...state.held, ...state.pending].filter((lock) => lock.name === "dekat-outbox").length;
}"""

# What waits in the outbox: every item with the fields of its body, oldest first.
QUEUED_JS = """async () => {
  const items = await DekatOutbox.items();
  const out = [];
  for (const item of items) {
    const data = await DekatOutbox.contents(item);
    out.push({
      id: item.id, account: item.account, state: item.state, url: item.url,
      created: item.created, size: item.body.size,
      kode: data.get("kode"), tiket: data.get("tiket"), jenis: data.get("jenis"),
      waktu: data.get("waktu"), csrf: data.has("_csrf_token"),
    });
  }
  return { account: document.body.dataset.akun, items: out };
}"""

# The roster page's own load, from the browser's navigation timing.
ROSTER_PAGE_JS = """() => {
  const nav = performance.getEntriesByType("navigation")[0];
  return { ttfb: nav.responseStart - nav.requestStart, loaded: nav.domContentLoadedEventEnd,
           bytes: nav.encodedBodySize, html: nav.decodedBodySize };
}"""

FLUSH_JS = """() => {
  DekatOutbox.flush().then(
    (report) => { window.benchDrain.report = report; },
    (error) => { window.benchDrain.report = { error: String(error) }; },
  );
}"""

DRAINED_JS = """async () => window.benchDrain.report !== null
  && (await DekatOutbox.items()).length === 0"""

RESULTS_JS = """async (since) => {
  const items = await DekatOutbox.items();
  const report = window.benchDrain.report;
  return {
    left: items.map((i) => ({ state: i.state, attempts: i.attempts, message: i.message })),
    events: window.benchDrain.events.filter((e) => e.t >= since),
    report: { sent: report.sent, refused: report.refused, waiting: report.waiting,
              offline: report.offline, signedOut: report.signedOut, error: report.error },
  };
}"""


class BrokenRun(RuntimeError):
    """The run did not do what it must: no figure may be reported for it."""


@dataclass
class Roster:
    visit: int
    desa: str
    added: int  # bookings inserted by the benchmark
    plan: dict[str, str]  # ticket -> the outcome to record
    officer: int  # petugas.demo's account id
    nearby: list[str] = field(default_factory=list)  # desa the added people live in


@dataclass
class Run:
    engine: str
    roster: Roster | None = None
    roster_page: dict = field(default_factory=dict)  # navigation timing of the roster page
    queue_ms: float = 0.0
    body_bytes: list[int] = field(default_factory=list)
    same_ms: int = 0  # items stored in the same millisecond as another
    reordered: int = 0  # items sent in another order than they were tapped
    total_ms: float = 0.0
    first_send_ms: float = 0.0
    per_item_ms: list[float] = field(default_factory=list)
    post_ms: list[float] = field(default_factory=list)
    posts: int = 0
    statuses: Counter = field(default_factory=Counter)
    retried: int = 0
    server_span_s: float = 0.0  # first to last `diterima` on the server's clock
    check: str = ""
    alarms: list[str] = field(default_factory=list)


# --- The database ----------------------------------------------------------------------------


class Database:
    """Plain SQL on the server's database. Queries are written with `?` placeholders."""

    def __init__(self, engine: str, server: Server | None, url: str) -> None:
        self.engine = engine
        self.url = url
        self.path = server.log_path.parent / "dekat.sqlite3" if server else None

    # Values as each engine's driver wants them.
    def day(self, value: date):
        return value if self.engine == "postgresql" else value.isoformat()

    def moment(self, value: datetime):
        return value if self.engine == "postgresql" else str(value)  # as Piccolo writes it

    def flag(self, value: bool):
        return value if self.engine == "postgresql" else int(value)

    def query(self, sql: str, *params) -> list[tuple]:
        return self.run([(sql, params)], read=True)[0]

    def write(self, statements: list[tuple[str, tuple]]) -> None:
        """All statements in one transaction."""
        self.run(statements, read=False)

    def run(self, statements: list[tuple[str, tuple]], read: bool) -> list[list[tuple]]:
        if self.engine == "sqlite":
            return self._sqlite(statements, read)
        # In a thread of its own: Playwright's sync API runs an event loop in this one.
        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(asyncio.run, self._postgres(statements)).result()

    def _sqlite(self, statements, read: bool) -> list[list[tuple]]:
        uri = f"file:{self.path}?mode={'ro' if read else 'rw'}"
        with contextlib.closing(sqlite3.connect(uri, uri=True, timeout=30)) as db:
            results = [db.execute(sql, params).fetchall() for sql, params in statements]
            db.commit()
        return results

    async def _postgres(self, statements) -> list[list[tuple]]:
        import asyncpg

        connection = await asyncpg.connect(self.url)
        try:
            async with connection.transaction():
                results = []
                for sql, params in statements:
                    rows = await connection.fetch(dollar_placeholders(sql), *params)
                    results.append([tuple(row) for row in rows])
        finally:
            await connection.close()
        return results


def dollar_placeholders(sql: str) -> str:
    """`?` placeholders (the queries hold no literal `?`) as asyncpg's `$1`, `$2`, ..."""
    parts = sql.split("?")
    return parts[0] + "".join(f"${n}{part}" for n, part in enumerate(parts[1:], 1))


def reset_postgres(url: str) -> None:
    """An empty `public` schema in the benchmark's own database: the demo is seeded afresh."""
    import asyncpg

    name = urlsplit(url).path.lstrip("/")
    if "bench" not in name:
        raise ValueError(f"refusing to empty {name!r}: give the benchmark its own database")
    ensure_postgres_database(url)

    async def reset() -> None:
        connection = await asyncpg.connect(url)
        try:
            await connection.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        finally:
            await connection.close()

    asyncio.run(reset())


def build_roster(db: Database, people: int, outcome: str) -> Roster:
    """Grow today's demo visit of the team to `people` bookings, straight in the database."""
    day = today()
    visits = db.query(
        "SELECT k.id, d.id, d.name, d.kecamatan, d.latitude, d.longitude FROM kunjungan k "
        "JOIN tim t ON t.id = k.tim JOIN desa d ON d.id = k.desa "
        "WHERE t.nama = ? AND k.tanggal = ? AND k.status = 'diumumkan'",
        TEAM,
        db.day(day),
    )
    if len(visits) != 1:
        raise BrokenRun(f"expected one published visit of {TEAM} today ({day}), found {visits}")
    visit, desa_id, desa_name, kecamatan, lat, lon = visits[0]
    accounts = dict(
        db.query("SELECT username, id FROM account WHERE username IN (?, ?)", OFFICER, BOOKED_BY)
    )
    booked = db.query(
        "SELECT penduduk FROM pemesanan WHERE kunjungan = ? AND status IN ('aktif', 'menunggu')",
        visit,
    )
    needed = people - len(booked)
    if needed < 0:
        raise BrokenRun(f"the visit already has {len(booked)} bookings, more than {people}")
    windows = [
        row[0]
        for row in db.query(
            "SELECT id FROM sesi WHERE kunjungan = ? AND rumah = ? ORDER BY mulai",
            visit,
            db.flag(False),
        )
    ]
    # Adults with something to do (not recorded yet, a card to collect, IKD not active): the
    # visit's desa first, then the nearest desa of its kecamatan, then the nearest others.
    candidates = db.query(
        "SELECT p.id, p.nama, p.ktp_status, d.id, d.name, d.kecamatan, d.latitude, d.longitude "
        "FROM penduduk p JOIN desa d ON d.id = p.desa WHERE p.tanggal_lahir <= ? "
        "AND (p.ktp_status <> 'sudah_cetak' OR p.ikd_status = 'belum_aktif') ORDER BY p.id",
        db.day(adult_cutoff(day)),
    )
    taken = {row[0] for row in booked}
    candidates = [row for row in candidates if row[0] not in taken]
    candidates.sort(
        key=lambda r: (r[3] != desa_id, r[5] != kecamatan, (r[6] - lat) ** 2 + (r[7] - lon) ** 2)
    )
    chosen = candidates[:needed]
    if len(chosen) < needed:
        raise BrokenRun(f"only {len(chosen)} more residents to book, {needed} needed")

    existing = {row[0] for row in db.query("SELECT kode FROM pemesanan")}
    now = datetime.now(UTC)
    inserts, per_window = [], Counter()
    for index, (person, name, ktp, *_rest) in enumerate(chosen):
        code = new_ticket()
        while code in existing:
            code = new_ticket()
        existing.add(code)
        window = windows[index % len(windows)]
        per_window[window] += 1
        inserts.append(
            (
                "INSERT INTO pemesanan (kode, kunjungan, sesi, penduduk, nama, keperluan, "
                "status, kunci, kunjungan_rumah, alasan_rumah, alamat, datang_langsung, nik, "
                "dipesan_oleh, dibuat) VALUES (?, ?, ?, ?, ?, ?, 'aktif', ?, ?, '', '', ?, '', "
                "?, ?)",
                (
                    code,
                    visit,
                    window,
                    person,
                    name,
                    PURPOSE[ktp],
                    f"{visit}:{person}",
                    db.flag(False),
                    db.flag(False),
                    accounts.get(BOOKED_BY),
                    db.moment(now),
                ),
            )
        )
    growth = [
        (
            "UPDATE sesi SET kapasitas = kapasitas + ?, terisi = terisi + ? WHERE id = ?",
            (n, n, window),
        )
        for window, n in per_window.items()
    ]
    capacity = [
        (
            "UPDATE kunjungan SET kapasitas = ? WHERE id = ? AND kapasitas < ?",
            (people, visit, people),
        )
    ]
    db.write(inserts + growth + capacity)

    roster = db.query(
        "SELECT kode, keperluan FROM pemesanan WHERE kunjungan = ? AND status = 'aktif'", visit
    )
    overfull = db.query(
        "SELECT count(*) FROM sesi WHERE kunjungan = ? AND terisi > kapasitas", visit
    )[0][0]
    if len(roster) != people or overfull:
        raise BrokenRun(f"the roster holds {len(roster)} bookings, not {people} ({overfull=})")
    plan = {kode: outcome if outcome != "matched" else OUTCOME[k] for kode, k in roster}
    nearby = sorted({row[4] for row in chosen} - {desa_name})
    return Roster(visit, desa_name, needed, plan, accounts[OFFICER], nearby)


def verify_server(db: Database, run: Run) -> None:
    """Exactly two records per booking (a check-in and the planned outcome), all from the team
    member, and every booking checked in."""
    roster = run.roster
    people = len(roster.plan)
    records = db.query(
        "SELECT c.kode, c.jenis, c.petugas, p.kode FROM catatan_lapangan c "
        "JOIN pemesanan p ON p.id = c.pemesanan WHERE c.kunjungan = ?",
        roster.visit,
    )
    statuses = dict(
        db.query(
            "SELECT status, count(*) FROM pemesanan WHERE kunjungan = ? GROUP BY status",
            roster.visit,
        )
    )
    expected = Counter()
    for ticket, outcome in roster.plan.items():
        expected[(ticket, "hadir")] += 1
        expected[(ticket, outcome)] += 1
    found = Counter((ticket, jenis) for _, jenis, _, ticket in records)
    codes = {kode for kode, *_ in records}
    officers = {officer for _, _, officer, _ in records}
    problems = []
    if len(records) != 2 * people:
        problems.append(f"{len(records)} records for visit {roster.visit}, not {2 * people}")
    if len(codes) != len(records):
        problems.append(f"{len(records) - len(codes)} records share a code")
    if found != expected:
        problems.append(f"records differ from the taps: {(found - expected) + (expected - found)}")
    if officers != {roster.officer}:
        problems.append(f"records by accounts {officers}, not only {OFFICER}")
    if statuses.get("hadir", 0) != people or statuses.get("aktif", 0):
        problems.append(f"bookings by status {statuses}, not {people} hadir")
    if problems:
        raise BrokenRun("; ".join(problems))
    span = db.query(
        "SELECT min(diterima), max(diterima) FROM catatan_lapangan WHERE kunjungan = ?",
        roster.visit,
    )[0]
    first, last = (v if isinstance(v, datetime) else datetime.fromisoformat(v) for v in span)
    run.server_span_s = (last - first).total_seconds()
    kinds = Counter(jenis for _, jenis, _, _ in records)
    run.check = (
        f"{len(records)} records for visit {roster.visit} in catatan_lapangan "
        f"({', '.join(f'{n} {k}' for k, n in kinds.most_common())}; {len(codes)} distinct "
        f"codes, two per booking, all by {OFFICER}), {statuses['hadir']} bookings hadir, "
        "0 aktif; outbox empty"
    )


# --- The browser -----------------------------------------------------------------------------


def chromium_version(chromium: str) -> str:
    done = subprocess.run([chromium, "--version"], capture_output=True, text=True, timeout=30)
    return done.stdout.strip() or "unknown version"


def sign_in(page: Page) -> None:
    page.goto("/masuk")
    page.get_by_label("NIK atau nama pengguna").fill(OFFICER)
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk", exact=True).click()
    page.wait_for_url(lambda url: urlsplit(url).path != "/masuk")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")


def open_roster(page: Page, run: Run) -> None:
    """The field roster, with its script ready; notes how long the page took to come."""
    roster = run.roster
    page.goto(f"/jemput-bola/kunjungan/{roster.visit}/lapangan")
    page.wait_for_function(
        "() => window.DekatOutbox && document.querySelector('[data-lapangan][data-ready]')"
    )
    rows = page.locator("[data-daftar] li[data-tiket]").count()
    if rows != len(roster.plan):
        raise BrokenRun(f"the roster page lists {rows} people, not {len(roster.plan)}")
    run.roster_page = page.evaluate(ROSTER_PAGE_JS)


def go_offline(context: BrowserContext) -> None:
    # set_offline does not reach the service worker's own requests; the route does.
    context.set_offline(True)
    context.route("**/*", lambda route: route.abort("internetdisconnected"))


def wait_for_senders(page: Page, timeout: float = 120) -> None:
    """Every send attempt made while offline (one after each tap) has given up."""
    deadline = time.monotonic() + timeout
    while page.evaluate(LOCKS_JS):
        if time.monotonic() > deadline:
            raise BrokenRun("the outbox's senders were still busy offline after two minutes")
        time.sleep(0.1)


def wait_until_drained(page: Page, timeout: float) -> None:
    """The page's own flush has reported and no item is left (polled: the check is async)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(DRAINED_JS):
        if time.monotonic() > deadline:
            raise BrokenRun(f"the outbox was not drained in {timeout:.0f} s")
        time.sleep(0.05)


def check_queued(page: Page, run: Run, tapped: list[str]) -> None:
    """The outbox holds one waiting item per tap, each a distinct record with the right fields."""
    roster = run.roster
    queued = page.evaluate(QUEUED_JS)
    items = queued["items"]
    url = f"/jemput-bola/kunjungan/{roster.visit}/catatan"
    expected = Counter()
    for ticket, outcome in roster.plan.items():
        expected[(ticket, "hadir")] += 1
        expected[(ticket, outcome)] += 1
    found = Counter((item["tiket"], item["jenis"]) for item in items)
    problems = []
    if len(items) != 2 * len(roster.plan) or len({i["id"] for i in items}) != len(items):
        problems.append(f"{len(items)} items")
    if {i["state"] for i in items} != {"menunggu"} or {i["account"] for i in items} != {
        queued["account"]
    }:
        problems.append("items not all waiting for the signed-in account")
    if {i["url"] for i in items} != {url}:
        problems.append(f"items for {sorted({i['url'] for i in items})[:3]}")
    if len({i["kode"] for i in items}) != len(items) or not all(i["waktu"] for i in items):
        problems.append("record codes not distinct, or a time missing")
    if found != expected:
        problems.append("the items differ from the taps")
    if problems:
        raise BrokenRun("the outbox after the taps: " + "; ".join(problems))
    run.body_bytes = [item["size"] for item in items]
    created = Counter(item["created"] for item in items)
    run.same_ms = sum(n for n in created.values() if n > 1)
    # The outbox sends in `created` order (ms); items made in the same ms go in key order.
    run.reordered = sum(1 for a, b in zip(tapped, [i["id"] for i in items], strict=True) if a != b)


def timings(run: Run, results: dict, restored: float, posts: list[Request]) -> None:
    started: dict[str, float] = {}
    attempts: Counter = Counter()
    done: dict[str, float] = {}
    for event in results["events"]:
        if event["type"] == "sending":
            started[event["id"]] = event["t"]
            attempts[event["id"]] += 1
        elif event["type"] == "changed" and event["id"] in started:
            done[event["id"]] = event["t"]
    if not done:
        raise BrokenRun("no record was seen being sent")
    run.per_item_ms = [done[key] - started[key] for key in done]
    run.retried = sum(1 for n in attempts.values() if n > 1)
    run.first_send_ms = min(started.values()) - restored
    run.total_ms = max(done.values()) - restored
    run.posts = len(posts)
    for post in posts:
        response = post.response()
        run.statuses[response.status if response else "no answer"] += 1
        if post.timing["responseStart"] >= 0:  # ms from the request's own start
            run.post_ms.append(post.timing["responseStart"])


def measure(chromium: str, args: argparse.Namespace, engine: str) -> Run:
    """One engine: fresh server, roster and profile; tap offline, restore, drain, check."""
    run = Run(engine)
    if engine == "postgresql":
        reset_postgres(args.database_url)
    # The server first: it may create the PostgreSQL database with its own event loop, which
    # cannot run inside Playwright's.
    with running_server(engine, database_url=args.database_url) as server:
        db = Database(engine, server, args.database_url)
        run.roster = build_roster(db, args.people, args.outcome)
        with (
            sync_playwright() as playwright,
            tempfile.TemporaryDirectory(prefix="dekat-profile-", ignore_cleanup_errors=True) as tmp,
        ):
            context = playwright.chromium.launch_persistent_context(
                tmp,
                executable_path=chromium,
                headless=True,
                args=LAUNCH_ARGS,
                base_url=server.url,
                **PHONE,
            )
            context.set_default_timeout(ACTION_TIMEOUT)
            try:
                page = context.pages[0] if context.pages else context.new_page()
                sign_in(page)
                open_roster(page, run)
                page.evaluate(RECORD_JS)

                go_offline(context)
                tapped = page.evaluate(TAP_JS, run.roster.plan)
                if tapped["missing"] or tapped["rows"] != len(run.roster.plan):
                    raise BrokenRun(f"rows without a plan: {tapped['missing'][:5]}")
                run.queue_ms = tapped["ms"]
                wait_for_senders(page)
                check_queued(page, run, tapped["order"])

                posts: list[Request] = []
                suffix = f"/jemput-bola/kunjungan/{run.roster.visit}/catatan"
                context.on(
                    "request",
                    lambda r: (
                        posts.append(r)
                        if r.method == "POST" and urlsplit(r.url).path == suffix
                        else None
                    ),
                )
                context.unroute("**/*")
                restored = page.evaluate("() => performance.now()")
                context.set_offline(False)  # the page's `online` handler starts sending
                page.evaluate(FLUSH_JS)  # as at app start; waits for the Web Lock
                wait_until_drained(page, timeout=60 + len(run.roster.plan))
                results = page.evaluate(RESULTS_JS, restored)
                if results["left"] or results["report"].get("error"):
                    raise BrokenRun(
                        f"{len(results['left'])} items left in the outbox "
                        f"(first: {results['left'][:3]}); last flush: {results['report']}"
                    )
                timings(run, results, restored, posts)
            finally:
                context.close()
        verify_server(db, run)
        log = server.log()
    run.alarms = [line for line in log.splitlines() if any(word in line for word in LOG_ALARMS)]
    return run


# --- Output ----------------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def print_run(run: Run) -> None:
    roster = run.roster
    records = len(run.per_item_ms)
    seconds = run.total_ms / 1000
    outcomes = Counter(roster.plan.values())
    sizes = sorted(run.body_bytes)
    print(
        f"  roster: visit {roster.visit} to Desa {roster.desa}, {len(roster.plan)} people "
        f"({roster.added} added, from Desa {roster.desa} and {', '.join(roster.nearby) or '-'})"
    )
    nav = run.roster_page
    print(
        f"  roster page: first byte after {nav['ttfb']:.0f} ms, DOMContentLoaded at "
        f"{nav['loaded']:.0f} ms, {nav['bytes']:,} B sent ({nav['html']:,} B of HTML)"
    )
    print(
        f"  queued offline by pressing the roster's buttons from a page script: {records} "
        f"records (hadir + {', '.join(f'{n} {k}' for k, n in outcomes.most_common())}) "
        f"in {run.queue_ms / 1000:.1f} s, bodies {sizes[0]}–{sizes[-1]} B"
    )
    if run.same_ms:
        print(
            f"    {run.same_ms} items were stored in the same millisecond as another; "
            f"{run.reordered} go out in another order than tapped"
        )
    print(
        f"  drained in {seconds:.2f} s: {records / seconds:.1f} records/s, "
        f"first sent {run.first_send_ms:,.0f} ms after the connection returned"
    )
    print(
        f"    per record (sending → removed): median {statistics.median(run.per_item_ms):.1f} ms, "
        f"p95 {percentile(run.per_item_ms, 95):.1f} ms, max {max(run.per_item_ms):.0f} ms"
    )
    if run.post_ms:
        print(
            f"      POST to the first byte of its answer: median "
            f"{statistics.median(run.post_ms):.1f} ms, p95 {percentile(run.post_ms, 95):.1f} ms"
        )
    answers = ", ".join(f"{n}× {status}" for status, n in sorted(run.statuses.items(), key=str))
    print(f"    {run.posts} POSTs seen ({answers}); {run.retried} records sent more than once")
    print(f"    on the server's clock, first to last record accepted: {run.server_span_s:.2f} s")
    print(f"  check: {run.check}")
    if run.alarms:
        print(f"  server log: {len(run.alarms)} alarming lines, first ones:")
        for line in run.alarms[:5]:
            print("    " + line)
    else:
        print("  server log: no errors")


def result_line(run: Run) -> str:
    records = len(run.per_item_ms)
    seconds = run.total_ms / 1000
    return (
        f"RESULT {run.engine:<10} {records} records in {seconds:6.2f} s = "
        f"{records / seconds:5.1f} records/s, median {statistics.median(run.per_item_ms):5.1f} ms "
        f"per record; verified: {records} records for the visit, "
        f"{len(run.roster.plan)} bookings hadir"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="sqlite")
    parser.add_argument(
        "--database-url",
        default=DEFAULT_DATABASE_URL,
        help="PostgreSQL database (created if missing; its public schema is emptied each run)",
    )
    parser.add_argument("--people", type=int, default=300, help="people on the roster")
    parser.add_argument(
        "--outcome",
        choices=("matched", "direkam"),
        default="matched",
        help="outcome per person: the one their booking is for, or direkam for everyone",
    )
    parser.add_argument("--chromium", help="Chromium executable (default: as the browser tests)")
    args = parser.parse_args()
    if not 30 <= args.people <= 1000:
        parser.error("--people must be between 30 (the demo's roster) and 1000")

    chromium = args.chromium or find_chromium()
    if chromium is None:
        print("No Chromium found: run `python tests/find_browser.py --install`")
        return 1
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"{os.cpu_count()} CPUs, load average before the run: {load}")
    print(f"browser: {chromium_version(chromium)} ({chromium})")

    engines = ("sqlite", "postgresql") if args.database == "both" else (args.database,)
    runs = []
    for engine in engines:
        print(
            f"\n{engine}: a {args.people}-person field day, {2 * args.people} records "
            "(starting a fresh server with the demo registry) ...",
            flush=True,
        )
        try:
            run = measure(chromium, args, engine)
        except (RuntimeError, OSError, ValueError, PlaywrightError) as error:
            print(f"ERROR ({engine}): {error}")
            return 1
        print_run(run)
        runs.append(run)
    print()
    for run in runs:
        print(result_line(run))
    return 0


if __name__ == "__main__":
    sys.exit(main())
