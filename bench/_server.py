"""Start a Dekat server in a subprocess for a benchmark, wait for it, and always stop it."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

HOST = "127.0.0.1"
DEFAULT_POSTGRES_URL = f"postgresql://postgres@{HOST}:5432/dekat_bench"
DEKAT = Path(sys.executable).with_name("dekat")

# Never go through a proxy: every request stays on the loopback interface.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@dataclass
class Server:
    url: str
    log_path: Path
    process: subprocess.Popen

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def get(
    url: str, headers: dict[str, str] | None = None, timeout: float = 5
) -> tuple[int, dict[str, str], bytes]:
    """A GET on loopback: status, response headers (lower-case names) and body as sent."""
    parts = urlsplit(url)
    if parts.scheme != "http" or parts.hostname != HOST:
        raise ValueError(f"not a loopback URL: {url}")
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - checked above
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            headers = {k.lower(): v for k, v in response.headers.items()}
            return response.status, headers, response.read()
    except urllib.error.HTTPError as error:
        headers = {k.lower(): v for k, v in error.headers.items()}
        return error.code, headers, error.read()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def ensure_postgres_database(url: str) -> None:
    """Create the database named in `url` when it does not exist yet (it is then reused)."""
    import asyncpg

    parts = urlsplit(url)
    if parts.hostname not in (HOST, "localhost"):
        raise ValueError(f"PostgreSQL must be on {HOST}: {url}")
    name = parts.path.lstrip("/")
    if not name or name == "test":
        raise ValueError("give the benchmark its own database, e.g. .../dekat_bench")
    admin_url = urlunsplit(parts._replace(path="/postgres"))

    async def create() -> None:
        connection = await asyncpg.connect(admin_url)
        try:
            exists = await connection.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
            if not exists:
                await connection.execute(f'CREATE DATABASE "{name}"')
        finally:
            await connection.close()

    asyncio.run(create())


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGINT)  # uvicorn's graceful shutdown
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextlib.contextmanager
def running_server(
    database: str = "sqlite",
    *,
    cpu: int | None = None,
    demo: bool = True,
    database_url: str = DEFAULT_POSTGRES_URL,
    timeout: float = 90,
) -> Iterator[Server]:
    """Run `dekat serve` on a free loopback port (pinned to `cpu` when given) until the block
    ends, in a fresh data folder. With `demo` the demo registry is seeded first."""
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    if database == "postgresql":
        ensure_postgres_database(database_url)
        env["DATABASE_URL"] = database_url
    elif database != "sqlite":
        raise ValueError(f"unknown database: {database}")

    with tempfile.TemporaryDirectory(prefix="dekat-bench-", ignore_cleanup_errors=True) as data_dir:
        env["DEKAT_DATA_DIR"] = data_dir
        env["DEKAT_PLAIN_HTTP"] = "1"  # loopback, no TLS
        port = free_port()
        command = [str(DEKAT), "serve", "--host", HOST, "--port", str(port)]
        if demo:
            command.append("--demo")
        if cpu is not None:
            command = ["taskset", "-c", str(cpu), *command]
        log_path = Path(data_dir) / "server.log"
        with log_path.open("wb") as log:
            process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        server = Server(url=f"http://{HOST}:{port}", log_path=log_path, process=process)
        try:
            _wait_until_healthy(server, timeout)
            yield server
        finally:
            _stop(process)


def _wait_until_healthy(server: Server, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"the server exited early:\n{server.log()[-2000:]}")
        try:
            status, _, _ = get(server.url + "/healthz", timeout=2)
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"the server did not answer /healthz in {timeout:.0f} s:\n{server.log()}")
