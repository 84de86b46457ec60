"""Outbox drain: how long submissions queued on a phone without signal take to reach the server
once the connection returns.

A citizen signs in on a fresh Chromium profile (360×640 touch phone), opens the KTP-el reprint
form, picks the reason and two photos (the page shrinks each to ≤ 1600 px JPEG, as for a
person) and goes offline. The form is then queued `--count` times through `DekatOutbox.add`,
each with its own Idempotency-Key and `ajukan=1`, so each is a distinct submitted request.
When the connection returns the page sends them as the app does (its `online` handler and
`DekatOutbox.flush()`, one at a time under a Web Lock).

What is timed, on the page's clock (`performance.now()`):
- total: from just before the network is restored until the last item leaves the outbox (the
  BroadcastChannel message that follows its removal from IndexedDB);
- per submission: from its "sending" message to the message after its removal (POST with the
  whole multipart body, the server's answer, the delete);
- of which, from the browser's network timing: the POST up to the first byte of its answer
  (upload and the server's work; the outbox is answered 204 with the new request's address).
The run fails (exit status 1) unless the outbox is empty and the database holds exactly
`--count` new submitted requests with two documents each, also listed on the citizen's
`/permohonan`. Two payloads are run, each on a fresh server and profile: camera photos
(4000×3000, shrunk in the browser to a few hundred KB) and tiny ones (200×150: the per-request
overhead).

Run: .venv/bin/python bench/outbox_drain.py [--count 200] [--database sqlite|postgresql]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import io
import math
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from _server import DEFAULT_POSTGRES_URL, Server, running_server
from PIL import Image, ImageFilter
from playwright.sync_api import BrowserContext, Page, Request, expect, sync_playwright
from playwright.sync_api import Error as PlaywrightError

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository: server, tests
from server.services.uploads import process_photo
from tests.find_browser import LAUNCH_ARGS, PHONE, find_chromium

CITIZEN = "5203015507900001"
DEMO_PASSWORD = "demo12345"  # noqa: S105 - the demo accounts' documented password
FORM = "/permohonan/baru?layanan=ktp_cetak_ulang"
PHOTO_LABELS = ("Kartu Keluarga", "Surat kehilangan atau foto KTP-el yang rusak")
#: name -> (width, height) of the two photos picked, one per document.
VARIANTS = {"realistic": (4000, 3000), "small": (200, 150)}
#: A citizen's `/permohonan` lists their newest requests, at most this many.
LIST_LIMIT = 200
ACTION_TIMEOUT = 30_000  # ms
#: Server log lines worth reporting after a run.
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

# The form queued `count` times as the page's submit handler stores it.
QUEUE_JS = """async (count) => {
  const form = document.getElementById("formulir-permohonan");
  const submitter = form.querySelector('button[name="ajukan"]');
  const details = {
    account: document.body.dataset.akun,
    title: form.dataset.outboxJudul,
    summary: DekatAntrean.summarise(form),
  };
  const started = performance.now();
  const sizes = [];
  for (let i = 0; i < count; i++) {
    const item = await DekatOutbox.add(form, submitter, details);
    sizes.push(item.body.size);
  }
  return { sizes: sizes, ms: performance.now() - started };
}"""

# What waits in the outbox, and the photos of its first item (base64) as they would be sent.
QUEUED_JS = """async () => {
  const items = await DekatOutbox.items();
  const account = document.body.dataset.akun;
  const photos = [];
  const data = items.length ? await DekatOutbox.contents(items[0]) : new FormData();
  for (const [name, value] of data.entries()) {
    if (!(value instanceof Blob) || !value.size) continue;
    const url = await new Promise((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result);
      reader.readAsDataURL(value);
    });
    photos.push({ name: name, base64: url.split(",")[1] });
  }
  return {
    total: items.length,
    waiting: items.filter((i) => i.state === DekatOutbox.WAITING && i.account === account).length,
    keys: new Set(items.map((i) => i.id)).size,
    ajukan: data.get("ajukan"),
    photos: photos,
  };
}"""

FLUSH_JS = """() => {
  DekatOutbox.flush().then(
    (report) => { window.benchDrain.report = report; },
    (error) => { window.benchDrain.report = { error: String(error) }; },
  );
}"""

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


@dataclass
class Run:
    variant: str
    original_bytes: list[int]  # the picked photos, before the page shrinks them
    shrunk: list[tuple[int, int, int]] = field(default_factory=list)  # width, height, bytes
    body_bytes: list[int] = field(default_factory=list)  # each queued multipart body
    queue_ms: float = 0.0
    total_ms: float = 0.0
    first_send_ms: float = 0.0  # from the restore to the first "sending" message
    per_item_ms: list[float] = field(default_factory=list)
    post_ms: list[float] = field(default_factory=list)  # POST up to its answer
    reencode_ms: float = 0.0  # the server's photo processing for one submission, measured here
    retried: int = 0
    check: str = ""
    alarms: list[str] = field(default_factory=list)


class BrokenRun(RuntimeError):
    """The run did not do what it must: no figure may be reported for it."""


# --- Photos --------------------------------------------------------------------------------


def phone_photo(path: Path, width: int, height: int) -> None:
    """A JPEG with some grain, as a phone camera makes it (a few MB at 12 MP)."""
    grain = Image.effect_noise((max(1, width // 4), max(1, height // 4)), 48).convert("RGB")
    image = grain.resize((width, height)).filter(ImageFilter.GaussianBlur(1))
    image.save(path, "JPEG", quality=92)


def reencode_ms(photos: list[bytes], rounds: int = 5) -> float:
    """Median time of the server's own photo processing (check, re-encode) for all `photos`."""
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        for data in photos:
            process_photo(data)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


# --- The database ----------------------------------------------------------------------------


@dataclass
class Requests:
    last_id: int  # the highest request id
    new: list[tuple[str, str]]  # (kode, status) of the requests after the given id
    documents: int  # documents of those requests


def _sqlite_requests(path: Path, after: int) -> Requests:
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        last = db.execute("SELECT coalesce(max(id), 0) FROM permohonan").fetchone()[0]
        rows = db.execute(
            "SELECT kode, status FROM permohonan WHERE id > ? ORDER BY id", (after,)
        ).fetchall()
        documents = db.execute(
            "SELECT count(*) FROM dokumen WHERE permohonan > ?", (after,)
        ).fetchone()[0]
    return Requests(last, [tuple(row) for row in rows], documents)


async def _postgres_requests(url: str, after: int) -> Requests:
    import asyncpg

    connection = await asyncpg.connect(url)
    try:
        last = await connection.fetchval("SELECT coalesce(max(id), 0) FROM permohonan")
        rows = await connection.fetch(
            "SELECT kode, status FROM permohonan WHERE id > $1 ORDER BY id", after
        )
        documents = await connection.fetchval(
            "SELECT count(*) FROM dokumen WHERE permohonan > $1", after
        )
    finally:
        await connection.close()
    return Requests(last, [(row["kode"], row["status"]) for row in rows], documents)


def read_requests(server: Server, args: argparse.Namespace, after: int = 0) -> Requests:
    """The requests after id `after`, read from the server's database directly."""
    if args.database == "sqlite":
        return _sqlite_requests(server.log_path.parent / "dekat.sqlite3", after)
    # In a thread of its own: Playwright's sync API runs an event loop in this one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, _postgres_requests(args.database_url, after)).result()


# --- The browser -----------------------------------------------------------------------------


def chromium_version(chromium: str) -> str:
    done = subprocess.run([chromium, "--version"], capture_output=True, text=True, timeout=30)
    return done.stdout.strip() or "unknown version"


def sign_in(page: Page) -> None:
    page.goto("/masuk")
    page.get_by_label("NIK atau nama pengguna").fill(CITIZEN)
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk", exact=True).click()
    page.wait_for_url(lambda url: urlsplit(url).path == "/")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")


def fill_form(page: Page, photos: list[Path]) -> None:
    """The reprint form with one photo per document, once the page has shrunk both."""
    page.goto(FORM)
    page.get_by_label("Alasan").select_option("rusak")
    for label, photo in zip(PHOTO_LABELS, photos, strict=True):
        page.get_by_label(label, exact=True).set_input_files(str(photo))
        expect(page.get_by_role("img", name=f"Pratinjau {label}")).to_be_visible()


def go_offline(context: BrowserContext) -> None:
    # set_offline does not reach the service worker's own requests; the route does.
    context.set_offline(True)
    context.route("**/*", lambda route: route.abort("internetdisconnected"))


def keep_submission(request: Request, posts: list[Request]) -> None:
    if request.method == "POST" and urlsplit(request.url).path == "/permohonan":
        posts.append(request)


def listed_codes(page: Page) -> set[str]:
    """The request codes on the citizen's `/permohonan` (their newest, at most 200)."""
    page.goto("/permohonan")
    hrefs = page.locator("main ul.list > li a").evaluate_all(
        "links => links.map((a) => a.getAttribute('href'))"
    )
    return {href.rstrip("/").rsplit("/", 1)[-1] for href in hrefs}


# --- One run ---------------------------------------------------------------------------------


def check_queued(page: Page, run: Run, count: int) -> list[bytes]:
    """The outbox holds `count` distinct waiting submissions; returns the photos they carry."""
    queued = page.evaluate(QUEUED_JS)
    if (queued["total"], queued["waiting"], queued["keys"]) != (count, count, count):
        raise BrokenRun(f"the outbox holds {queued} instead of {count} distinct waiting items")
    if queued["ajukan"] != "1" or len(queued["photos"]) != len(PHOTO_LABELS):
        raise BrokenRun(f"a queued body lacks ajukan=1 or a photo: {queued['photos']!r:.200}")
    photos = [base64.b64decode(photo["base64"]) for photo in queued["photos"]]
    for data in photos:
        with Image.open(io.BytesIO(data)) as image:
            run.shrunk.append((image.width, image.height, len(data)))
    return photos


def timings(run: Run, results: dict, restored: float, posts: list[Request]) -> None:
    """Per-submission times from the channel's messages (page clock) and from the browser's
    network timing of each POST."""
    started: dict[str, float] = {}
    attempts: dict[str, int] = {}
    done: dict[str, float] = {}
    for event in results["events"]:
        if event["type"] == "sending":
            started[event["id"]] = event["t"]
            attempts[event["id"]] = attempts.get(event["id"], 0) + 1
        elif event["type"] == "changed" and event["id"] in started:
            done[event["id"]] = event["t"]
    if not done:
        raise BrokenRun("no submission was seen being sent")
    run.per_item_ms = [done[key] - started[key] for key in done]
    run.retried = sum(1 for n in attempts.values() if n > 1)
    run.first_send_ms = min(started.values()) - restored
    run.total_ms = max(done.values()) - restored
    for post in posts:
        # Times are in ms from the request's own start; -1 when not known.
        if post.timing["responseStart"] >= 0:
            run.post_ms.append(post.timing["responseStart"])


def verify(page: Page, server: Server, args: argparse.Namespace, run: Run, before: int) -> None:
    """Exactly `count` new submitted requests, two documents each, shown to the citizen."""
    count = args.count
    requests = read_requests(server, args, after=before)
    codes = {kode for kode, _ in requests.new}
    statuses = sorted({status for _, status in requests.new})
    if len(requests.new) != count or len(codes) != count:
        raise BrokenRun(f"{len(requests.new)} new requests in the database, not {count}")
    if statuses != ["diajukan"]:
        raise BrokenRun(f"the new requests are {statuses}, not all diajukan")
    if requests.documents != count * len(PHOTO_LABELS):
        raise BrokenRun(f"{requests.documents} documents stored, not {count * len(PHOTO_LABELS)}")
    shown = len(listed_codes(page) & codes)
    if shown != min(count, LIST_LIMIT):
        raise BrokenRun(f"/permohonan lists {shown} of the new requests, not {min(count, 200)}")
    run.check = (
        f"{count} new requests in the database (all diajukan, {requests.documents} documents), "
        f"{shown} of them on the citizen's /permohonan (it lists the newest {LIST_LIMIT})"
    )


def measure(
    chromium: str,
    args: argparse.Namespace,
    variant: str,
    originals: list[Path],
) -> Run:
    """One payload on a fresh server and a fresh browser profile: queue, restore, drain, check."""
    run = Run(variant, original_bytes=[photo.stat().st_size for photo in originals])
    count = args.count
    # The server first: it may create the PostgreSQL database with its own event loop, which
    # cannot run inside Playwright's.
    with (
        running_server(args.database, database_url=args.database_url) as server,
        sync_playwright() as playwright,
        tempfile.TemporaryDirectory(prefix="dekat-profile-", ignore_cleanup_errors=True) as profile,
    ):
        context = playwright.chromium.launch_persistent_context(
            profile,
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
            fill_form(page, originals)
            before = read_requests(server, args).last_id
            page.evaluate(RECORD_JS)

            go_offline(context)
            queued = page.evaluate(QUEUE_JS, count)
            run.body_bytes, run.queue_ms = queued["sizes"], queued["ms"]
            photos = check_queued(page, run, count)

            posts: list[Request] = []
            page.on("request", lambda request: keep_submission(request, posts))
            context.unroute("**/*")
            restored = page.evaluate("() => performance.now()")
            context.set_offline(False)  # the page's `online` handler starts sending
            page.evaluate(FLUSH_JS)  # as at app start; waits for the Web Lock
            page.wait_for_function(
                "() => window.benchDrain.report !== null",
                polling=250,
                timeout=(60 + 5 * count) * 1000,
            )
            results = page.evaluate(RESULTS_JS, restored)
            if results["left"] or results["report"].get("error"):
                left = results["left"][:3]
                raise BrokenRun(
                    f"{len(results['left'])} items left in the outbox (first: {left}); "
                    f"last flush: {results['report']}"
                )
            timings(run, results, restored, posts)
            verify(page, server, args, run, before)
        finally:
            context.close()
        log = server.log()
    run.reencode_ms = reencode_ms(photos)
    run.alarms = [line for line in log.splitlines() if any(word in line for word in LOG_ALARMS)]
    return run


# --- Output ----------------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def ms(values: list[float]) -> str:
    if not values:
        return "n/a"
    return f"median {statistics.median(values):,.0f} ms, p95 {percentile(values, 95):,.0f} ms"


def print_run(run: Run, count: int) -> None:
    sizes = sorted(set(run.body_bytes))
    size = f"{sizes[0]:,} B" if len(sizes) == 1 else f"{sizes[0]:,}–{sizes[-1]:,} B"
    shrunk = " and ".join(f"{w}×{h} {n:,} B" for w, h, n in run.shrunk)
    seconds = run.total_ms / 1000
    picked = " and ".join(f"{n:,} B" for n in run.original_bytes)
    print(f"  picked photos {picked}, shrunk by the page to {shrunk}")
    print(f"  each queued submission: {size} (multipart body as stored in IndexedDB)")
    print(f"  queued {count} offline in {run.queue_ms / 1000:.1f} s")
    print(
        f"  drained in {seconds:.2f} s: {count / seconds:.1f} submissions/s, "
        f"one every {run.total_ms / count:.0f} ms on average"
    )
    print(f"    first sent {run.first_send_ms:,.0f} ms after the connection returned")
    print(f"    per submission (sending → removed from the outbox): {ms(run.per_item_ms)}")
    print(f"      POST /permohonan to the first byte of its answer: {ms(run.post_ms)}")
    print(f"    the server's photo processing (Pillow), measured here: {run.reencode_ms:.0f} ms")
    if run.retried:
        print(f"    {run.retried} submissions were sent more than once")
    print(f"  check: {run.check}")
    if run.alarms:
        print(f"  server log: {len(run.alarms)} alarming lines, first ones:")
        for line in run.alarms[:5]:
            print("    " + line)
    else:
        print("  server log: no errors")


def print_table(runs: list[Run], args: argparse.Namespace) -> None:
    print(f"\nDekat on {args.database}: {args.count} submissions queued offline, then drained")
    print(
        f"  {'variant':<10} {'bytes each':>11} {'total s':>8} {'per s':>6} "
        f"{'median ms':>10} {'p95 ms':>7} {'POST ms':>8} {'Pillow ms':>10}"
    )
    for run in runs:
        print(
            f"  {run.variant:<10} {statistics.median(run.body_bytes):>11,.0f} "
            f"{run.total_ms / 1000:>8.2f} {args.count / run.total_ms * 1000:>6.1f} "
            f"{statistics.median(run.per_item_ms):>10.0f} {percentile(run.per_item_ms, 95):>7.0f} "
            f"{statistics.median(run.post_ms) if run.post_ms else 0:>8.0f} "
            f"{run.reencode_ms:>10.0f}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=200, help="submissions to queue")
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument(
        "--database-url",
        default=DEFAULT_POSTGRES_URL,
        help="PostgreSQL database for --database postgresql (created if missing, then reused)",
    )
    parser.add_argument("--chromium", help="Chromium executable (default: as the browser tests)")
    args = parser.parse_args()
    if args.count < 1:
        parser.error("--count must be at least 1")

    chromium = args.chromium or find_chromium()
    if chromium is None:
        print("No Chromium found: run `python tests/find_browser.py --install`")
        return 1
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"load average before the run: {load} (other work on the machine skews the figures)")
    print(f"browser: {chromium_version(chromium)} ({chromium})")

    runs = []
    with tempfile.TemporaryDirectory(prefix="dekat-photos-") as folder:
        for variant, (width, height) in VARIANTS.items():
            originals = [Path(folder) / f"{variant}-{i}.jpg" for i in range(len(PHOTO_LABELS))]
            for photo in originals:
                phone_photo(photo, width, height)
            print(
                f"\n{variant}: two {width}×{height} photos, {args.count} submissions, "
                f"{args.database} (starting a fresh server with the demo registry) ...",
                flush=True,
            )
            try:
                run = measure(chromium, args, variant, originals)
            except (RuntimeError, OSError, ValueError, PlaywrightError) as error:
                print(f"ERROR: {error}")
                return 1
            print_run(run, args.count)
            runs.append(run)
    print_table(runs, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
