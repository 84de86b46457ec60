"""HTTP load on one server core: `/wilayah` (a templated page with one database read) against
`/healthz` (one trivial read, no template) measured in the same run.

The server runs pinned to core 0 (`taskset -c 0`), `wrk` to core 1. Each path gets a short
warm-up, then a measured run. Figures are printed, never judged: the exit status is 0 whatever
the timings (it is not 0 only when the server cannot be started or answers wrongly).

Run: .venv/bin/python bench/http_load.py [--database sqlite|postgresql]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass

from _server import DEFAULT_POSTGRES_URL, Server, get, running_server

SERVER_CPU = 0
WRK_CPU = 1
WARM_UP_SECONDS = 2
PATHS = ("/healthz", "/wilayah")
#: Server log lines worth reporting after a run.
LOG_ALARMS = ("database is locked", "Traceback", "ERROR", "Exception")


@dataclass
class Result:
    path: str
    requests: int = 0
    rps: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    non_2xx: int = 0
    socket_errors: str = ""
    raw: str = ""


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def parse_wrk(path: str, output: str) -> Result:
    result = Result(path=path, raw=output)
    if match := re.search(r"(\d+) requests in", output):
        result.requests = int(match.group(1))
    if match := re.search(r"Requests/sec:\s+([\d.]+)", output):
        result.rps = float(match.group(1))
    for percentile, attr in (("50", "p50_ms"), ("99", "p99_ms")):
        if match := re.search(rf"^\s+{percentile}%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M):
            setattr(result, attr, _ms(*match.groups()))
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        result.non_2xx = int(match.group(1))
    if match := re.search(r"Socket errors: (.+)", output):
        result.socket_errors = match.group(1).strip()
    return result


def wrk(url: str, seconds: int, connections: int, accept_gzip: bool) -> str:
    command = ["taskset", "-c", str(WRK_CPU), "wrk", "-t1", f"-c{connections}", f"-d{seconds}s"]
    command += ["--latency", "--timeout", "10s"]
    if accept_gzip:
        command += ["-H", "Accept-Encoding: gzip"]
    print("  $", " ".join([*command, url]), flush=True)
    done = subprocess.run([*command, url], capture_output=True, text=True, timeout=seconds + 60)
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed ({done.returncode}):\n{done.stderr}")
    return done.stdout


def check_pages(server: Server, database: str) -> None:
    """Before any load: both paths answer 200 with what they should."""
    status, _, body = get(server.url + "/healthz")
    expected = f'"database":"{database}"'
    if status != 200 or expected not in body.decode().replace(" ", ""):
        raise RuntimeError(f"/healthz answered {status}: {body[:200]!r}")
    status, headers, body = get(server.url + "/wilayah")
    page = body.decode(errors="replace")
    kecamatan = re.findall(r'href="/wilayah/52\.03\.\d\d"', page)
    if (
        status != 200
        or not headers.get("content-type", "").startswith("text/html")
        or "<h1>Wilayah layanan</h1>" not in page
        or len(kecamatan) != 20
    ):
        raise RuntimeError(
            f"/wilayah is not the expected page (status {status}, "
            f"{len(kecamatan)} kecamatan links):\n{page[:500]}"
        )
    print(f"check: /healthz and /wilayah answer 200 ({len(page):,} bytes, 20 kecamatan)")


def print_table(results: list[Result], args: argparse.Namespace) -> None:
    print(
        f"\nDekat on {args.database}: server on core {SERVER_CPU}, wrk on core {WRK_CPU}, "
        f"{args.connections} connections, {args.duration} s per path"
        f"{', Accept-Encoding: gzip' if args.gzip else ''}"
        f"{' (PostgreSQL itself is not pinned)' if args.database == 'postgresql' else ''}"
    )
    print(f"  {'path':<10} {'requests/s':>11} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8}  errors")
    for r in results:
        print(
            f"  {r.path:<10} {r.rps:>11,.0f} {r.p50_ms:>8.2f} {r.p99_ms:>8.2f} {r.non_2xx:>8}  "
            f"{r.socket_errors or '-'}"
        )
    base, page = results
    if base.rps:
        print(f"  ratio /wilayah ÷ /healthz: {page.rps / base.rps:.2f} (requests/s)")
    print(
        "  budget (DESIGN.md §7): a templated page with one read ≥ 1,000 requests/s on one core, "
        "p99 ≤ 50 ms at 64 connections"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument(
        "--database-url",
        default=DEFAULT_POSTGRES_URL,
        help="PostgreSQL database for --database postgresql (created if missing, then reused)",
    )
    parser.add_argument("--duration", type=int, default=10, help="seconds per path")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--gzip", action="store_true", help="send Accept-Encoding: gzip")
    args = parser.parse_args()

    if shutil.which("wrk") is None or shutil.which("taskset") is None:
        print("wrk and taskset are needed (Debian: apt-get install wrk util-linux)")
        return 1
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"load average before the run: {load} (other work on the machine skews the figures)")
    print(f"starting the server on {args.database} (seeding the demo registry) ...", flush=True)
    try:
        with running_server(args.database, cpu=SERVER_CPU, database_url=args.database_url) as srv:
            check_pages(srv, args.database)
            results = []
            for path in PATHS:
                url = srv.url + path
                wrk(url, WARM_UP_SECONDS, args.connections, args.gzip)
                output = wrk(url, args.duration, args.connections, args.gzip)
                results.append(parse_wrk(path, output))
            log = srv.log()
    except (RuntimeError, OSError, ValueError, subprocess.SubprocessError) as error:
        print(f"ERROR: {error}")
        return 1

    print_table(results, args)
    alarms = [line for line in log.splitlines() if any(word in line for word in LOG_ALARMS)]
    if alarms:
        print(f"\nserver log: {len(alarms)} alarming lines, first ones:")
        for line in alarms[:10]:
            print("  " + line)
    else:
        print("\nserver log: no errors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
