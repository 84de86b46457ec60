"""Push fan-out: notifications per second per core, end to end, for one event that notifies
10,000 push subscriptions, delivered to a local push endpoint.

End to end means from the event until the last message is recorded as delivered:

1. enqueue: one write transaction in which `notify.enqueue(...)` writes one outbox row
   (`Notifikasi`) per subscription (10,000 rows) for the accounts that own them;
2. drain: one `Deliverer` (`drain()`, i.e. `round()` after `round()`) claims, encrypts
   (aes128gcm with a fresh ECDH key per message, pywebpush), VAPID-signs and POSTs every message,
   and records it as delivered (status `terkirim`).

Set-up: a fresh database (SQLite in a temporary data folder, or PostgreSQL in a database whose
name contains "bench", its public schema dropped and recreated), migrated as the app does;
300 citizen accounts owning 10,000 push subscriptions whose endpoints are unique URLs on the
loopback push endpoint. Each subscription carries a real P-256 public key (100 key pairs
reused) and a 16-byte auth secret.

The push endpoint runs in a separate process (aiohttp, pinned to core 1) so the figure is the
worker's cost, not the endpoint's: it answers 201, counts POSTs and distinct subscriptions, checks
the Web Push headers of every request, and for every 50th subscription decrypts the body with the
subscription's private key and verifies the VAPID token. The measured process (enqueue and
delivery in one asyncio loop, like `dekat worker`) is pinned to core 0. PostgreSQL's own
processes are not pinned; on SQLite the database work runs inside the measured process.

A run fails loudly (exit status 1) unless the endpoint received exactly one POST per
subscription (10,000), all well-formed, and the database holds 10,000 rows all `terkirim`
after exactly one attempt. On PostgreSQL the fan-out is repeated with two Deliverers draining
concurrently in the same process (FOR UPDATE SKIP LOCKED). With `--profile`, or when one
Deliverer stays below the 500/s goal, an extra run is profiled with cProfile, and the cost of
each step of one delivery is timed on its own.

Figures printed per run: enqueue time, drain time, total, notifications/s end to end (the
measured process has one core, so this is also the figure per core), the CPU seconds of the
measured process, of the endpoint and of everything else on the machine (database server,
kernel, other load), and how busy core 0 was. Other work on the machine skews the wall-clock
figures: the load average is printed first; notifications per CPU-second of the measured process
are less sensitive to it.

What-ifs, none of which changes the server's code: `--history N` writes N delivered
notifications first (the outbox keeps them, so after months the claim query meets them),
`--due-index` adds a partial index on the waiting rows, `--batch N` claims N rows per round,
`--concurrency N` keeps N sends in flight, `--uvloop` runs the measured loop on uvloop.

Run: .venv/bin/python bench/push_fanout.py [--database sqlite|postgresql] [--runs 3] [--profile]
     [--postgres-url postgresql://postgres@127.0.0.1:5432/bench_push] [--count 10000]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import cProfile
import inspect
import json
import os
import pstats
import resource
import secrets
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp
import asyncpg
from aiohttp import web
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench._server import HOST, ensure_postgres_database, free_port, get

DEFAULT_POSTGRES_URL = f"postgresql://postgres@{HOST}:5432/bench_push"
GOAL = 500  # notifications per second per core
KEY_PAIRS = 100
#: The endpoint decrypts the body and verifies the VAPID token of subscriptions i % SAMPLE == 0.
SAMPLE = 50
WORKER_CPU, ENDPOINT_CPU = 0, 1
PAYLOAD_KEYS = {"judul", "isi", "url", "tag", "kode", "ikon", "lencana"}
REPO = Path(__file__).resolve().parents[1]


class BrokenRun(RuntimeError):
    """The run did not do what it must: no figure may be reported for it."""


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def pin(cpu: int) -> bool:
    """Pin this process (and the threads it starts later) to `cpu` when the machine has it."""
    if not hasattr(os, "sched_setaffinity"):
        return False
    try:
        os.sched_setaffinity(0, {cpu})
    except OSError:
        return False
    return os.sched_getaffinity(0) == {cpu}


def process_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def busy_cores() -> dict[str, float]:
    """CPU seconds each core ("cpu0", "cpu1", ...) and the whole machine ("cpu") spent outside
    idle and iowait, since boot."""
    busy = {}
    tick = os.sysconf("SC_CLK_TCK")
    with open("/proc/stat") as handle:
        for line in handle:
            if not line.startswith("cpu"):
                break
            name, *values = line.split()
            user, nice, system, _idle, _iowait, irq, softirq, steal = (int(v) for v in values[:8])
            busy[name] = (user + nice + system + irq + softirq + steal) / tick
    return busy


def cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return "unknown CPU"


# --- The push endpoint (a separate process) --------------------------------------------------


class Endpoint:
    """A loopback push service: 201 to every POST on /s/<i>, with counts and checks."""

    def __init__(self, keys_path: Path) -> None:
        keys = json.loads(keys_path.read_text())
        self.keys = [
            (ec.derive_private_key(int(k["d"], 16), ec.SECP256R1()), b64url_decode(k["auth"]))
            for k in keys["subscribers"]
        ]
        self.vapid_key = keys["vapid"]
        self.origin = keys["origin"]
        self.reset()

    def reset(self) -> None:
        self.posts = 0
        self.seen: Counter = Counter()
        self.problems: Counter = Counter()
        self.checked = 0

    def problem(self, what: str) -> None:
        self.problems[what] += 1

    async def push(self, request: web.Request) -> web.Response:
        body = await request.read()
        index = int(request.match_info["i"])
        self.posts += 1
        self.seen[index] += 1
        headers = request.headers
        if headers.get("Content-Encoding") != "aes128gcm":
            self.problem("Content-Encoding is not aes128gcm")
        authorization = headers.get("Authorization", "")
        if not authorization.startswith("vapid t="):
            self.problem("no VAPID Authorization")
        if not headers.get("TTL", "").isdigit() or int(headers["TTL"]) <= 0:
            self.problem("no TTL")
        if headers.get("Urgency") not in ("very-low", "low", "normal", "high"):
            self.problem("no Urgency")
        if index % SAMPLE == 0:
            self.check(index, body, authorization)
        return web.Response(status=201)

    def check(self, index: int, body: bytes, authorization: str) -> None:
        """Decrypt as the subscriber's browser would, and verify the VAPID token."""
        import http_ece
        from py_vapid import jwt

        private_key, auth = self.keys[index % len(self.keys)]
        try:
            plain = http_ece.decrypt(
                body, private_key=private_key, auth_secret=auth, version="aes128gcm"
            )
            message = json.loads(plain)
            if set(message) != PAYLOAD_KEYS:
                self.problem(f"payload keys {sorted(message)}")
        except Exception as error:
            self.problem(f"cannot decrypt: {type(error).__name__}")
        try:
            fields = dict(part.split("=", 1) for part in authorization[6:].split(","))
            if fields.get("k") != self.vapid_key:
                self.problem("VAPID key is not the server's")
            claims = jwt.decode(fields["t"], self.vapid_key)
            if claims.get("aud") != self.origin or claims.get("exp", 0) < time.time():
                self.problem("VAPID claims wrong or expired")
        except Exception as error:
            self.problem(f"VAPID token invalid: {type(error).__name__}")
        self.checked += 1

    async def count(self, _: web.Request) -> web.Response:
        return web.json_response(
            {
                "posts": self.posts,
                "distinct": len(self.seen),
                "repeated": sum(1 for n in self.seen.values() if n > 1),
                "lowest": min(self.seen, default=-1),
                "highest": max(self.seen, default=-1),
                "problems": dict(self.problems),
                "checked": self.checked,
                "cpu": process_cpu(),
                "cores": sorted(os.sched_getaffinity(0)),
            }
        )

    async def clear(self, _: web.Request) -> web.Response:
        self.reset()
        return web.json_response({"posts": 0})

    async def plain(self, request: web.Request) -> web.Response:
        """For the HTTP-only cost check: answered, not counted."""
        await request.read()
        return web.Response(status=201)


def serve_endpoint(port: int, keys_path: Path, cpu: int | None) -> None:
    if cpu is not None:
        pin(cpu)
    endpoint = Endpoint(keys_path)
    app = web.Application()
    app.router.add_post("/s/{i:\\d+}", endpoint.push)
    app.router.add_post("/plain/{i:\\d+}", endpoint.plain)
    app.router.add_get("/count", endpoint.count)
    app.router.add_post("/reset", endpoint.clear)
    loop = None
    with contextlib.suppress(ImportError):
        import uvloop

        loop = uvloop.new_event_loop()
    web.run_app(app, host=HOST, port=port, access_log=None, print=None, backlog=1024, loop=loop)


@contextlib.contextmanager
def running_endpoint(folder: Path, keys: list[Subscriber], vapid_key: str, cpu: int | None):
    """The push endpoint in its own process, given the subscribers' private keys to decrypt
    with and the VAPID public key to verify tokens with."""
    port = free_port()
    url = f"http://{HOST}:{port}"
    keys_path = folder / "subscriber-keys.json"
    keys_path.write_text(
        json.dumps(
            {
                "origin": url,
                "vapid": vapid_key,
                "subscribers": [{"d": f"{k.private_value:x}", "auth": k.auth} for k in keys],
            }
        )
    )
    command = [sys.executable, __file__, "--endpoint", str(port), "--keys", str(keys_path)]
    if cpu is not None:
        command += ["--cpu", str(cpu)]
    process = subprocess.Popen(command)
    try:
        deadline = time.monotonic() + 20
        while True:
            if process.poll() is not None:
                raise BrokenRun("the push endpoint exited early")
            with contextlib.suppress(OSError):
                if get(url + "/count", timeout=2)[0] == 200:
                    break
            if time.monotonic() > deadline:
                raise BrokenRun("the push endpoint did not start")
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def endpoint_count(url: str) -> dict:
    status, _, body = get(url + "/count", timeout=10)
    if status != 200:
        raise BrokenRun(f"the push endpoint's /count answered {status}")
    return json.loads(body)


# --- Subscribers' keys -------------------------------------------------------------------------


@dataclass
class Subscriber:
    p256dh: str
    auth: str
    private_value: int


def subscriber_keys(count: int) -> list[Subscriber]:
    keys = []
    for _ in range(count):
        private = ec.generate_private_key(ec.SECP256R1())
        point = private.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        keys.append(
            Subscriber(
                b64url(point),
                b64url(secrets.token_bytes(16)),
                private.private_numbers().private_value,
            )
        )
    return keys


# --- One fan-out ---------------------------------------------------------------------------------


@dataclass
class Run:
    label: str
    deliverers: int
    count: int = 0
    enqueue_s: float = 0.0
    drain_s: float = 0.0
    per_deliverer: list[int] = field(default_factory=list)
    worker_cpu_s: float = 0.0  # the measured process: enqueue + delivery (+ SQLite itself)
    enqueue_cpu_s: float = 0.0  # the measured process during the enqueue
    endpoint_cpu_s: float = 0.0
    machine_cpu_s: float = 0.0  # every core, every process
    worker_core_s: float = 0.0  # the measured process's core, every process on it
    check: str = ""

    @property
    def total_s(self) -> float:
        return self.enqueue_s + self.drain_s

    @property
    def rate(self) -> float:
        return self.count / self.total_s


@dataclass
class Bench:
    args: argparse.Namespace
    endpoint: str
    accounts: list[int]
    vapid: object
    subject: str
    pinned: bool
    history: int = 0  # the highest id of the delivered rows written before the runs


def message():
    from server.services.notify import PushMessage

    return PushMessage(
        judul="Pengumuman Dinas Dukcapil Lombok Timur",
        isi="Layanan adminduk tutup Senin karena libur nasional. Permohonan daring tetap "
        "diterima dan diproses mulai Selasa.",
        url="/pengumuman/libur-nasional",
        tag="pengumuman-libur",
    )


def deliverer(bench: Bench):
    """A Deliverer as the worker makes it; `--batch` changes the rows claimed per round."""
    from server.services.delivery import Deliverer

    batch = bench.args.batch
    if batch is None:
        return Deliverer(bench.vapid, bench.subject, "/static/ikon.png", "/static/lencana.png")

    class Batched(Deliverer):
        async def round(self, session, limit=batch):
            return await super().round(session, limit)

    return Batched(bench.vapid, bench.subject, "/static/ikon.png", "/static/lencana.png")


async def fan_out(bench: Bench, label: str, deliverers: int, profiler=None) -> Run:
    from server.db import write_transaction
    from server.models.notifikasi import Notifikasi, StatusNotifikasi, Topik
    from server.services import notify

    count = bench.args.count
    new = Notifikasi.id > bench.history
    await Notifikasi.delete().where(new)
    async with aiohttp.ClientSession() as session, session.post(bench.endpoint + "/reset") as r:
        r.raise_for_status()
    run = Run(label, deliverers)
    workers = [deliverer(bench) for _ in range(deliverers)]
    endpoint_before = (await asyncio.to_thread(endpoint_count, bench.endpoint))["cpu"]
    cpu_before, cores_before = process_cpu(), busy_cores()
    if profiler is not None:
        profiler.enable()
    started = time.perf_counter()
    async with write_transaction():
        written = await notify.enqueue(bench.accounts, Topik.pengumuman, message(), ttl=notify.DAY)
    enqueued, enqueue_cpu = time.perf_counter(), process_cpu()
    results = await asyncio.gather(*(worker.drain() for worker in workers))
    finished = time.perf_counter()
    if profiler is not None:
        profiler.disable()
    run.worker_cpu_s = process_cpu() - cpu_before
    run.enqueue_cpu_s = enqueue_cpu - cpu_before
    cores_after = busy_cores()
    run.machine_cpu_s = cores_after["cpu"] - cores_before["cpu"]
    core = f"cpu{WORKER_CPU}"
    run.worker_core_s = cores_after.get(core, 0.0) - cores_before.get(core, 0.0)
    run.enqueue_s, run.drain_s = enqueued - started, finished - enqueued
    run.count = written
    run.per_deliverer = [result.sent for result in results]

    seen = await asyncio.to_thread(endpoint_count, bench.endpoint)
    run.endpoint_cpu_s = seen["cpu"] - endpoint_before
    problems = []
    if written != count:
        problems.append(f"enqueue wrote {written} rows, not {count}")
    others = [(r.gone, r.retried, r.failed) for r in results]
    if sum(run.per_deliverer) != count or any(any(o) for o in others):
        problems.append(f"Deliverers sent {run.per_deliverer}, (gone, retried, failed) {others}")
    if seen["posts"] != count or seen["distinct"] != count or seen["repeated"]:
        problems.append(
            f"the endpoint got {seen['posts']} POSTs for {seen['distinct']} subscriptions "
            f"({seen['repeated']} more than once), not {count} for {count}"
        )
    if (seen["lowest"], seen["highest"]) != (0, count - 1):
        problems.append(f"the endpoint saw subscriptions {seen['lowest']}..{seen['highest']}")
    if seen["problems"] or seen["checked"] != len(range(0, count, SAMPLE)):
        problems.append(f"endpoint checks: {seen['problems']}, {seen['checked']} decrypted")
    rows = await Notifikasi.count().where(new)
    delivered = await Notifikasi.count().where(
        new
        & (Notifikasi.status == StatusNotifikasi.terkirim)
        & (Notifikasi.percobaan == 1)
        & Notifikasi.terkirim.is_not_null()
    )
    if rows != count or delivered != count:
        problems.append(f"the outbox holds {rows} rows, {delivered} terkirim after one attempt")
    if problems:
        raise BrokenRun("; ".join(problems))
    run.check = (
        f"endpoint: {seen['posts']:,} POSTs to {seen['distinct']:,} distinct subscriptions, "
        f"headers all well-formed, {seen['checked']} bodies decrypted and VAPID tokens verified; "
        f"database: {delivered:,} of {rows:,} rows terkirim after one attempt"
    )
    return run


def print_run(run: Run, pinned: bool) -> None:
    split = " + ".join(f"{n:,}" for n in run.per_deliverer)
    print(
        f"  {run.label}: enqueue {run.enqueue_s * 1000:,.0f} ms, drain {run.drain_s:.2f} s "
        f"({split} sent), total {run.total_s:.2f} s -> {run.rate:,.0f} notifications/s end to end"
    )
    rest = max(0.0, run.machine_cpu_s - run.worker_cpu_s - run.endpoint_cpu_s)
    print(
        f"    CPU: measured process {run.worker_cpu_s:.2f} s "
        f"({run.count / run.worker_cpu_s:,.0f} notifications per CPU-second), "
        f"endpoint {run.endpoint_cpu_s:.2f} s, everything else {rest:.2f} s "
        "(database server, kernel, other load)"
    )
    if pinned:
        others = max(0.0, run.worker_core_s - run.worker_cpu_s)
        print(
            f"    core {WORKER_CPU}: busy {run.worker_core_s:.2f} s of {run.total_s:.2f} s, "
            f"{others:.2f} s of it outside the measured process (kernel, other processes)"
        )
    print(f"    check: {run.check}")


def summarise(runs: list[Run], title: str) -> float:
    """The median rate; the measured process has one core, so it is also the rate per core."""
    median = statistics.median(run.rate for run in runs)
    best = max(runs, key=lambda run: run.rate)
    cpu = statistics.median(run.count / run.worker_cpu_s for run in runs)
    print(
        f"  {title}: median {median:,.0f} notifications/s end to end over {len(runs)} runs "
        f"(best {best.rate:,.0f}/s: enqueue {best.enqueue_s * 1000:,.0f} ms + drain "
        f"{best.drain_s:.2f} s = {best.total_s:.2f} s); {cpu:,.0f} per CPU-second of the "
        f"measured process -> goal {GOAL}/s per core {'met' if median >= GOAL else 'NOT met'}"
    )
    return median


# --- Where the time goes ------------------------------------------------------------------------


STDLIB = Path(sysconfig.get_paths()["stdlib"]).resolve()


def package_of(filename: str) -> str:
    if filename.startswith("<frozen "):
        return "stdlib:" + filename.removeprefix("<frozen ").removesuffix(">")
    if filename.startswith("<"):
        return "generated code"
    if "site-packages/" in filename:
        top = filename.split("site-packages/", 1)[1].split("/", 1)[0]
        return top.removesuffix(".py")
    path = Path(filename)
    with contextlib.suppress(ValueError):
        return "dekat:" + str(path.resolve().relative_to(REPO).with_suffix(""))
    with contextlib.suppress(ValueError):
        return "stdlib:" + path.resolve().relative_to(STDLIB).parts[0].removesuffix(".py")
    return filename


def by_package(stats: pstats.Stats) -> list[tuple[str, float]]:
    """Own time grouped by library; the time of a built-in (C or Rust) function goes to the
    library that called it."""
    totals: dict[str, float] = defaultdict(float)
    for (filename, _, name), (_, _, own, _, callers) in stats.stats.items():
        if filename == "~":
            shared = sum(c[2] for c in callers.values()) or 1.0
            for caller, caller_stats in callers.items():
                where = package_of(caller[0]) if caller[0] != "~" else name
                totals[where] += own * caller_stats[2] / shared
            if not callers:
                totals[name] += own
        else:
            totals[package_of(filename)] += own
    return sorted(totals.items(), key=lambda item: -item[1])


def cumulative(stats: pstats.Stats, target) -> tuple[float, int]:
    """Inclusive time and calls of a Python function (matched by its code) or of a built-in
    (matched by its name in the profile). For coroutines only the time while running counts,
    not the time awaiting."""
    if isinstance(target, str):
        wanted = lambda key: key[0] == "~" and key[2] == target  # noqa: E731
    else:
        code = inspect.unwrap(target).__code__
        wanted = lambda key: key == (code.co_filename, code.co_firstlineno, code.co_name)  # noqa: E731
    seconds, calls = 0.0, 0
    for key, (_, ncalls, _, inclusive, _) in stats.stats.items():
        if wanted(key):
            seconds += inclusive
            calls += ncalls
    return seconds, calls


async def profile_run(bench: Bench) -> None:
    profiler = cProfile.Profile()
    run = await fan_out(bench, "profiled run (cProfile on, slower)", 1, profiler)
    print_run(run, bench.pinned)
    stats = pstats.Stats(profiler)
    total = sum(entry[2] for entry in stats.stats.values())
    print(f"\n  own time by library ({total:.2f} s profiled; built-ins go to their caller):")
    for where, seconds in by_package(stats)[:16]:
        print(f"    {where:<42} {seconds:6.2f} s  {seconds / total:5.1%}")
    print("\n  inclusive time of the steps (coroutines: time running, not awaiting):")
    import http_ece
    from piccolo.table import Table
    from pywebpush import WebPusher

    from server.services import notify
    from server.services.delivery import Deliverer
    from server.services.vapid import VapidKeys

    steps = [
        ("notify.enqueue (the whole event)", notify.enqueue),
        ("  piccolo Table.__init__ (Notifikasi objects)", Table.__init__),
        ("  piccolo Table.querystring (row -> SQL values)", Table.querystring.fget),
        ("Deliverer.round", Deliverer.round),
        ("  Deliverer.claim (lease + select)", Deliverer.claim),
        ("  Deliverer._send_one", Deliverer._send_one),
        ("    WebPusher.__init__ (deepcopy, key decode)", WebPusher.__init__),
        ("    WebPusher.encode (ECDH + aes128gcm)", WebPusher.encode),
        ("      ephemeral key generation", "<built-in method ec.generate_private_key>"),
        ("      http_ece.encrypt", http_ece.encrypt),
        ("    VapidKeys.headers", VapidKeys.headers),
        ("    Deliverer.payload (JSON)", Deliverer.payload),
        ("    aiohttp ClientSession._request", aiohttp.ClientSession._request),
    ]
    for label, target in steps:
        seconds, calls = cumulative(stats, target)
        print(f"    {label:<48} {seconds:6.2f} s  {calls:>7,} calls")
    print("\n  top 20 functions by own time:")
    out = []
    for (filename, line, name), (_, ncalls, own, inclusive, _) in sorted(
        stats.stats.items(), key=lambda item: -item[1][2]
    )[:20]:
        where = f"{package_of(filename)}:{line}" if filename != "~" else "built-in"
        out.append(f"    {own:6.2f} s own {inclusive:6.2f} s incl {ncalls:>8,}  {name} ({where})")
    print("\n".join(out))


def per_call_us(function, rounds: int = 2000) -> float:
    function()
    started = time.perf_counter()
    for _ in range(rounds):
        function()
    return (time.perf_counter() - started) / rounds * 1e6


async def http_only(url: str, body: bytes, headers: dict, count: int = 3000) -> tuple[float, float]:
    """Wall and CPU µs per POST of a pre-encrypted body through one aiohttp session, 64 at a
    time: the HTTP client's share without crypto or database."""
    gate = asyncio.Semaphore(64)
    async with aiohttp.ClientSession() as session:

        async def one(i: int) -> None:
            async with gate, session.post(f"{url}/plain/{i}", data=body, headers=headers) as r:
                await r.text()

        await asyncio.gather(*(one(i) for i in range(64)))  # connections open
        started, cpu = time.perf_counter(), process_cpu()
        await asyncio.gather(*(one(i) for i in range(count)))
        wall, cpu = time.perf_counter() - started, process_cpu() - cpu
        return wall / count * 1e6, cpu / count * 1e6


async def cost_model(bench: Bench, keys: list[Subscriber], run: Run) -> None:
    """Each step of delivering one notification, timed on its own in this process."""
    from pywebpush import WebPusher

    from server.services.delivery import Deliverer

    deliverer = Deliverer(bench.vapid, bench.subject, "/static/ikon.png", "/static/lencana.png")
    endpoint = f"{bench.endpoint}/plain/1"
    info = {"endpoint": endpoint, "keys": {"p256dh": keys[0].p256dh, "auth": keys[0].auth}}
    row = {
        "kode": secrets.token_urlsafe(18),
        "isi": json.dumps({"judul": message().judul, "isi": message().isi, "url": "/", "tag": ""}),
    }
    data = deliverer.payload(row)
    pusher = WebPusher(info)
    headers = {**bench.vapid.headers(endpoint, bench.subject), "Urgency": "normal"}
    steps = {
        "WebPusher(...) construction": per_call_us(lambda: WebPusher(info)),
        "payload JSON (Deliverer.payload)": per_call_us(lambda: deliverer.payload(row)),
        "VAPID header (cached JWT)": per_call_us(
            lambda: bench.vapid.headers(endpoint, bench.subject)
        ),
        "ephemeral P-256 key generation": per_call_us(
            lambda: ec.generate_private_key(ec.SECP256R1())
        ),
        "encrypt: keygen + ECDH + HKDF + AES-GCM": per_call_us(lambda: pusher.encode(data)),
        "_prepare_send_data (encrypt + headers)": per_call_us(
            lambda: pusher._prepare_send_data(data=data, headers=headers, ttl=60)
        ),
    }
    body = pusher.encode(data)["body"]
    send_headers = {
        **headers,
        "Content-Encoding": "aes128gcm",
        "TTL": "60",
        "Content-Type": "application/octet-stream",
    }
    wall_us, cpu_us = await http_only(bench.endpoint, body, send_headers)
    steps["HTTP POST alone (aiohttp, 64 in flight)"] = wall_us
    steps["  of which CPU time of this process"] = cpu_us
    print(
        f"\n  one delivery step by step (µs per notification, measured alone, {len(body)} B body):"
    )
    for label, us in steps.items():
        print(f"    {label:<46} {us:8.1f} µs")
    accounted = (
        steps["WebPusher(...) construction"]
        + steps["payload JSON (Deliverer.payload)"]
        + steps["_prepare_send_data (encrypt + headers)"]
        + steps["  of which CPU time of this process"]
    )
    print(
        f"    {'sum: construction + JSON + prepare + POST CPU':<46} {accounted:8.1f} µs "
        f"(a ceiling of {1e6 / accounted:,.0f}/s per core for the sending alone)"
    )
    drain_cpu = (run.worker_cpu_s - run.enqueue_cpu_s) / run.count * 1e6
    print(
        f"\n  the median run per notification: enqueue {run.enqueue_s / run.count * 1e6:.0f} µs "
        f"(CPU {run.enqueue_cpu_s / run.count * 1e6:.0f} µs), drain "
        f"{run.drain_s / run.count * 1e6:.0f} µs (CPU {drain_cpu:.0f} µs of this process)"
    )
    print(
        f"    drain CPU not accounted for by the steps above: {drain_cpu - accounted:.0f} µs "
        "(claim, select and UPDATE each round, a task and the semaphore per message, pywebpush's "
        "header handling, response handling)"
    )


# --- Set-up ---------------------------------------------------------------------------------------


async def reset_postgres(url: str) -> None:
    connection = await asyncpg.connect(url)
    try:
        await connection.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    finally:
        await connection.close()


async def seed(args: argparse.Namespace, endpoint: str, keys: list[Subscriber]) -> list[int]:
    """Citizen accounts and the subscriptions they own; returns the account ids."""
    from server.models.accounts import Account, Role
    from server.models.notifikasi import LanggananPush, Topik

    accounts = await Account.insert(
        *[
            Account(
                username=f"bench{i:05d}",
                password_hash="-",  # noqa: S106 - nobody signs in
                role=Role.warga,
                display_name=f"Warga Uji {i}",
            )
            for i in range(args.accounts)
        ]
    )
    ids = [row["id"] for row in accounts]
    rows = [
        LanggananPush(
            akun=ids[i % len(ids)],
            endpoint=f"{endpoint}/s/{i}",
            p256dh=keys[i % len(keys)].p256dh,
            auth=keys[i % len(keys)].auth,
            topik=[Topik.permohonan.value, Topik.pengumuman.value],
        )
        for i in range(args.count)
    ]
    for start in range(0, len(rows), 1000):
        await LanggananPush.insert(*rows[start : start + 1000])
    if await LanggananPush.count() != args.count:
        raise BrokenRun("the subscriptions were not all stored")
    return ids


_HISTORY_POSTGRES = """
INSERT INTO notifikasi (kode, langganan, topik, isi, ttl, status, percobaan, jadwal, dibuat,
                        terkirim)
SELECT 'riwayat-' || x, (SELECT min(id) FROM langganan_push) + x % {}, 'pengumuman', {},
       86400, 'terkirim', 1, {}, {}, {}
FROM generate_series(1, {}) AS x
"""
_HISTORY_SQLITE = """
WITH RECURSIVE g(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM g WHERE x < {})
INSERT INTO notifikasi (kode, langganan, topik, isi, ttl, status, percobaan, jadwal, dibuat,
                        terkirim)
SELECT 'riwayat-' || x, (SELECT min(id) FROM langganan_push) + x % {}, 'pengumuman', {},
       86400, 'terkirim', 1, {}, {}, {}
FROM g
"""


#: What the claim would need to stay fast once the outbox holds history (a what-if only).
DUE_INDEX = "CREATE INDEX notifikasi_menunggu ON notifikasi (id) WHERE status = 'menunggu'"


async def seed_history(rows: int, subscriptions: int) -> int:
    """`rows` notifications delivered yesterday, as an outbox holds after months of use (they
    are kept for the office's counts); returns the highest id."""
    from datetime import UTC, datetime, timedelta

    from piccolo.engine.postgres import PostgresEngine

    from server.db import write_transaction
    from server.models.notifikasi import Notifikasi

    if rows:
        when = datetime.now(UTC) - timedelta(days=1)
        async with write_transaction():
            if isinstance(Notifikasi._meta.db, PostgresEngine):
                await Notifikasi.raw(_HISTORY_POSTGRES, subscriptions, "{}", when, when, when, rows)
            else:
                await Notifikasi.raw(_HISTORY_SQLITE, rows, subscriptions, "{}", when, when, when)
    top = await Notifikasi.select(Notifikasi.id).order_by(Notifikasi.id, ascending=False).first()
    return top["id"] if top else 0


async def measure(args: argparse.Namespace, endpoint: str, keys: list[Subscriber], pinned: bool):
    from server import db
    from server.models.notifikasi import Notifikasi
    from server.services import delivery
    from server.services.startup import prepare_database
    from server.services.vapid import VapidKeys
    from server.settings import get_settings

    if args.concurrency is not None:
        delivery.CONCURRENCY = args.concurrency
    settings = get_settings()
    engine = db.engine_for(settings)
    db.use_engine(engine)
    await prepare_database(settings)
    await db.start(engine)
    try:
        vapid = VapidKeys(settings.data_dir)
        vapid.create()
        accounts = await seed(args, endpoint, keys)
        bench = Bench(args, endpoint, accounts, vapid, settings.push_subject, pinned)
        if args.due_index:
            await Notifikasi.raw(DUE_INDEX)
            print(f"what-if: {DUE_INDEX}")
        if args.history:
            started = time.perf_counter()
            bench.history = await seed_history(args.history, args.count)
            print(
                f"outbox history: {args.history:,} delivered notifications written first "
                f"({time.perf_counter() - started:.1f} s)"
            )
        print(
            f"seeded {len(accounts)} citizen accounts owning {args.count:,} subscriptions "
            f"({KEY_PAIRS} P-256 key pairs), endpoint {endpoint}/s/<i>\n"
        )
        loop = type(asyncio.get_running_loop()).__module__.split(".")[0]
        batch = args.batch or delivery.BATCH
        changed = " (changed for this run)" if args.batch or args.concurrency else ""
        print(
            f"event loop: {loop}; rows per round {batch}, sends in flight "
            f"{delivery.CONCURRENCY}{changed}\n"
        )
        print("one Deliverer:")
        single = []
        for n in range(args.runs):
            run = await fan_out(bench, f"run {n + 1}", 1)
            print_run(run, pinned)
            single.append(run)
        per_core = summarise(single, "one Deliverer")
        if args.database == "postgresql" and not args.no_two:
            print("\ntwo Deliverers draining concurrently (same process, same core):")
            double = []
            for n in range(args.runs):
                run = await fan_out(bench, f"run {n + 1}", 2)
                print_run(run, pinned)
                double.append(run)
            summarise(double, "two Deliverers")
        if args.profile or per_core < GOAL:
            print("\nprofile of one more fan-out with one Deliverer:")
            await profile_run(bench)
            median = sorted(single, key=lambda r: r.rate)[len(single) // 2]
            await cost_model(bench, keys, median)
    finally:
        await db.stop(engine)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument(
        "--postgres-url",
        default=DEFAULT_POSTGRES_URL,
        help="its name must contain 'bench': created if missing, public schema recreated",
    )
    parser.add_argument("--count", type=int, default=10_000, help="subscriptions notified")
    parser.add_argument("--accounts", type=int, default=300, help="accounts owning them")
    parser.add_argument(
        "--history",
        type=int,
        default=0,
        help="delivered notifications already in the outbox before the runs (default none)",
    )
    parser.add_argument(
        "--due-index",
        action="store_true",
        help="what-if: add a partial index on the waiting rows before the runs",
    )
    parser.add_argument("--runs", type=int, default=3, help="fan-outs per configuration")
    parser.add_argument("--no-two", action="store_true", help="skip the two-Deliverer runs")
    parser.add_argument("--profile", action="store_true", help="profile even above the goal")
    parser.add_argument(
        "--uvloop", action="store_true", help="run the measured loop on uvloop (a what-if)"
    )
    parser.add_argument("--batch", type=int, help="rows per round instead of delivery.BATCH")
    parser.add_argument(
        "--concurrency", type=int, help="sends in flight instead of delivery.CONCURRENCY"
    )
    parser.add_argument("--endpoint", type=int, help=argparse.SUPPRESS)  # the endpoint process
    parser.add_argument("--keys", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--cpu", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.endpoint:
        serve_endpoint(args.endpoint, args.keys, args.cpu)
        return 0
    if args.count < SAMPLE or args.accounts < 1 or args.runs < 1:
        parser.error(f"--count must be at least {SAMPLE}, --accounts and --runs at least 1")

    cores = len(os.sched_getaffinity(0))
    pinned = cores >= 2 and pin(WORKER_CPU)
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"machine: {os.cpu_count()} CPUs ({cpu_model()}), load average before the run: {load}")
    print(
        f"measured process pinned to core {WORKER_CPU}, push endpoint to core {ENDPOINT_CPU}"
        if pinned
        else "WARNING: fewer than two usable cores: nothing pinned, the endpoint shares the CPU"
    )

    data_dir = tempfile.mkdtemp(prefix="dekat-bench-push-")
    os.environ["DEKAT_DATA_DIR"] = data_dir
    os.environ.pop("DATABASE_URL", None)
    if args.database == "postgresql":
        name = urlsplit(args.postgres_url).path.lstrip("/")
        if "bench" not in name:
            parser.error(f"refusing database {name!r}: its name must contain 'bench'")
        ensure_postgres_database(args.postgres_url)
        asyncio.run(reset_postgres(args.postgres_url))
        os.environ["DATABASE_URL"] = args.postgres_url
        print(f"database: PostgreSQL {args.postgres_url} (public schema recreated; not pinned)")
    else:
        print(f"database: SQLite in {data_dir} (runs in the measured process's threads)")

    from server.services.vapid import VapidKeys

    vapid = VapidKeys(Path(data_dir))
    vapid.create()
    keys = subscriber_keys(KEY_PAIRS)
    try:
        with running_endpoint(
            Path(data_dir), keys, vapid.public_key, ENDPOINT_CPU if pinned else None
        ) as endpoint:
            where = endpoint_count(endpoint)["cores"]
            mine = sorted(os.sched_getaffinity(0))
            print(f"push endpoint process on core(s) {where}, measured process on {mine}")
            if pinned and where != [ENDPOINT_CPU]:
                raise BrokenRun(f"the push endpoint is not pinned to core {ENDPOINT_CPU}")
            if args.uvloop:
                import uvloop

                uvloop.run(measure(args, endpoint, keys, pinned))
            else:
                asyncio.run(measure(args, endpoint, keys, pinned))
    except BrokenRun as error:
        print(f"ERROR: {error}")
        return 1
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
