"""Idempotency layer memory: the server's resident memory while 16 signed-in clients each POST
30 MB with an Idempotency-Key at once.

The layer reads a keyed POST's body before the route runs (it fingerprints the body). It must do
so only up to the route's own limit (`request_max_body_size`), so a body announced larger is
refused with 413 before any of it is read, and the process stays near its idle size.

Starts `dekat serve --demo` on loopback (SQLite, fresh data folder), signs the demo citizen in
over plain HTTP (the benchmark server opts in with DEKAT_PLAIN_HTTP=1), then opens `--clients`
raw connections that each announce and stream `--megabytes` MB in 64 KB writes to `--path`
(default `/bahasa`, a form with the default 10 MB limit) with its own Idempotency-Key, the
session cookie and the form token. While they run, the server's VmRSS is sampled every 10 ms
from /proc; its VmHWM (the kernel's high-water mark) is read before and after.

Prints: idle RSS, peak sampled RSS, VmHWM before and after, the answers' status codes and the
bytes each client managed to send before its answer. Never fails on a figure.

Run: .venv/bin/python bench/idempotency_memory.py [--clients 16] [--megabytes 30]
     [--path /bahasa] [--multipart]
     (also try --path /permohonan --multipart: the upload route's own limit is 32 MB, so the
     bodies are read whole, into temporary files beyond 1 MB each)
"""

from __future__ import annotations

import argparse
import asyncio
import re
import time
import urllib.parse
from collections import Counter
from pathlib import Path

from _server import HOST, Server, running_server

CITIZEN = "5203015507900001"
DEMO_PASSWORD = "demo12345"  # noqa: S105 - the demo accounts' documented password
CHUNK = 64 * 1024
CSRF_INPUT = re.compile(rb'name="_csrf_token" value="([^"]+)"')


def memory_kb(pid: int, field: str) -> int:
    """A `/proc/<pid>/status` figure (VmRSS, VmHWM) in kB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


async def exchange(port: int, head: bytes, body: bytes = b"") -> tuple[int, dict, bytes]:
    """One small HTTP/1.1 request on its own connection: status, headers, body."""
    reader, writer = await asyncio.open_connection(HOST, port)
    writer.write(head + body)
    await writer.drain()
    raw = await reader.read()
    writer.close()
    header_part, _, content = raw.partition(b"\r\n\r\n")
    lines = header_part.split(b"\r\n")
    status = int(lines[0].split()[1])
    headers: dict[str, list[str]] = {}
    for line in lines[1:]:
        name, _, value = line.decode("latin-1").partition(":")
        headers.setdefault(name.strip().lower(), []).append(value.strip())
    return status, headers, content


def cookie_header(headers: dict, jar: dict[str, str]) -> str:
    for line in headers.get("set-cookie", []):
        name, _, rest = line.partition("=")
        jar[name] = rest.split(";", 1)[0]
    return "; ".join(f"{k}={v}" for k, v in jar.items() if v)


async def sign_in(port: int) -> tuple[str, str]:
    """The demo citizen's cookie header and the session's form token."""
    jar: dict[str, str] = {}
    request = f"GET /masuk HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n".encode()
    _, headers, page = await exchange(port, request)
    cookies = cookie_header(headers, jar)
    token = CSRF_INPUT.search(page).group(1).decode()  # type: ignore[union-attr]
    form = urllib.parse.urlencode(
        {"username": CITIZEN, "password": DEMO_PASSWORD, "_csrf_token": token}
    ).encode()
    head = (
        f"POST /masuk HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\nCookie: {cookies}\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {len(form)}\r\n\r\n"
    ).encode()
    status, headers, _ = await exchange(port, head, form)
    if status != 303:
        raise SystemExit(f"sign-in failed: {status}")
    cookies = cookie_header(headers, jar)
    request = (
        f"GET / HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\nCookie: {cookies}\r\n\r\n"
    ).encode()
    _, headers, page = await exchange(port, request)
    token = CSRF_INPUT.search(page).group(1).decode()  # type: ignore[union-attr]
    return cookie_header(headers, jar), token


BOUNDARY = "dekatbench"
#: A multipart body: one field, then one file part holding the bulk, as the outbox sends.
MULTIPART_HEAD = (
    f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="layanan"\r\n\r\nktp_cetak_ulang\r\n'
    f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="dokumen_kk"; filename="kk.jpg"\r\n'
    "Content-Type: image/jpeg\r\n\r\n"
).encode()
MULTIPART_TAIL = f"\r\n--{BOUNDARY}--\r\n".encode()


async def big_post(
    port: int, path: str, size: int, cookies: str, token: str, key: str, multipart: bool
) -> tuple[int, int]:
    """Announce and stream a body of `size` bytes (url-encoded, or one multipart file part);
    stop sending once the answer arrives. Returns the status (0 when the connection was cut
    without one) and the bytes sent."""
    reader, writer = await asyncio.open_connection(HOST, port)
    head, tail = (MULTIPART_HEAD, MULTIPART_TAIL) if multipart else (b"", b"")
    content_type = (
        f"multipart/form-data; boundary={BOUNDARY}"
        if multipart
        else "application/x-www-form-urlencoded"
    )
    writer.write(
        (
            f"POST {path} HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\nCookie: {cookies}\r\n"
            f"Content-Type: {content_type}\r\nContent-Length: {size}\r\n"
            f"X-CSRFToken: {token}\r\nIdempotency-Key: {key}\r\n\r\n"
        ).encode()
        + head
    )
    sent = len(head)
    answer = asyncio.ensure_future(reader.readline())
    chunk = b"x" * CHUNK
    try:
        while sent < size - len(tail) and not answer.done():
            piece = chunk[: min(CHUNK, size - len(tail) - sent)]
            writer.write(piece)
            await writer.drain()
            sent += len(piece)
        if not answer.done():
            writer.write(tail)
            sent += len(tail)
        line = await asyncio.wait_for(answer, timeout=120)
    except (TimeoutError, ConnectionError):
        line = answer.result() if answer.done() and not answer.exception() else b""
    finally:
        writer.close()
    parts = line.split()
    return (int(parts[1]) if len(parts) > 1 else 0), sent


async def measure(server: Server, args: argparse.Namespace) -> None:
    port = urllib.parse.urlsplit(server.url).port
    assert port is not None
    pid = server.process.pid
    cookies, token = await sign_in(port)
    await asyncio.sleep(1)
    idle = memory_kb(pid, "VmRSS")
    hwm_before = memory_kb(pid, "VmHWM")
    peak = idle
    stop = asyncio.Event()

    async def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, memory_kb(pid, "VmRSS"))
            await asyncio.sleep(0.01)

    sampler = asyncio.create_task(sample())
    size = args.megabytes * 1024 * 1024
    started = time.perf_counter()
    results = await asyncio.gather(
        *(
            big_post(port, args.path, size, cookies, token, f"bench-besar-{n:04d}", args.multipart)
            for n in range(args.clients)
        )
    )
    elapsed = time.perf_counter() - started
    await asyncio.sleep(0.5)
    stop.set()
    await sampler
    hwm_after = memory_kb(pid, "VmHWM")
    statuses = Counter(status for status, _ in results)
    sent = [bytes_sent for _, bytes_sent in results]
    kind = "multipart" if args.multipart else "url-encoded"
    print(f"server pid {pid}, {args.clients} × {args.megabytes} MB {kind} POST {args.path}")
    print(f"  idle RSS            {idle / 1024:8.1f} MB")
    print(f"  peak RSS (sampled)  {peak / 1024:8.1f} MB  (+{(peak - idle) / 1024:.1f} MB)")
    print(f"  VmHWM before/after  {hwm_before / 1024:8.1f} / {hwm_after / 1024:.1f} MB")
    print(f"  answers             {dict(statuses)} in {elapsed:.2f} s")
    print(
        f"  sent per client     min {min(sent) / 1048576:.2f} MB, "
        f"max {max(sent) / 1048576:.2f} MB of {args.megabytes} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--megabytes", type=int, default=30)
    parser.add_argument("--path", default="/bahasa")
    parser.add_argument(
        "--multipart", action="store_true", help="send a file part, as the outbox does"
    )
    args = parser.parse_args()
    with running_server(demo=True) as server:
        asyncio.run(measure(server, args))


if __name__ == "__main__":
    main()
