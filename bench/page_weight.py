"""Page weight of `/` in a real Chromium on a phone: the bytes transferred on a first visit and on
a repeat visit once the service worker is installed.

What is counted: CDP `Network.loadingFinished` `encodedDataLength` (response headers + body as
they came over the wire, compressed) for every request of two targets:
- the page (the document and its subresources);
- the service worker (its script, its precache fetches and the navigation preloads it makes).
A response served from the service worker's cache or from the HTTP cache transfers 0 bytes.
Chromium reports only the headers of the worker's own script (`/sw.js`), so its compressed body
(the Content-Length the server sends) is added. A visit ends when no request has finished for
1.5 s after the `load` event. The server is fresh (SQLite, no demo data: `/` reads nothing).

Run: .venv/bin/python bench/page_weight.py
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from _server import get, running_server
from playwright.sync_api import CDPSession, Page, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository: tests
from tests.find_browser import LAUNCH_ARGS, PHONE, SYSTEM_CHROMIUM

ACCEPT_ENCODING = "gzip, deflate, br, zstd"  # what Chromium sends
QUIET_SECONDS = 1.5  # a visit is over after this long without a finished request
VISIT_TIMEOUT = 20
SW_PATH = "/sw.js"
NETWORK_EVENTS = ("requestWillBeSent", "responseReceived", "loadingFinished", "loadingFailed")
BUDGET_TOTAL = 60 * 1024
BUDGET_JS = 25 * 1024


@dataclass
class Resource:
    target: str  # "page" or "worker"
    visit: str  # "first" or "repeat"
    url: str = "?"
    kind: str = "Other"  # CDP resource type
    mime: str = ""
    encoding: str = ""
    served_by: str = "network"  # or "worker", "cache"
    status: int = 0
    header_bytes: int = 0
    size: int = 0
    failed: str = ""
    note: str = ""

    @property
    def is_js(self) -> bool:
        return self.kind == "Script" or "javascript" in self.mime


class Recorder:
    """Collects Network events from the page's target and from its service worker's target."""

    def __init__(self, session: CDPSession) -> None:
        self.session = session
        self.visit = "first"
        self.resources: dict[tuple[str, str], Resource] = {}
        self.last_event = time.monotonic()
        self.worker_seen = False
        self._ids = itertools.count(1)
        session.on("Network.requestWillBeSent", lambda p: self._on("page", "requestWillBeSent", p))
        session.on("Network.responseReceived", lambda p: self._on("page", "responseReceived", p))
        session.on("Network.loadingFinished", lambda p: self._on("page", "loadingFinished", p))
        session.on("Network.loadingFailed", lambda p: self._on("page", "loadingFailed", p))
        session.on("Target.attachedToTarget", self._on_attached)
        session.on("Target.receivedMessageFromTarget", self._on_worker_message)
        session.send("Network.enable")
        # Workers start paused until their Network domain is on, so none of their own fetches
        # is missed. Non-flat sessions: their messages come through this page session.
        session.send(
            "Target.setAutoAttach",
            {"autoAttach": True, "waitForDebuggerOnStart": True, "flatten": False},
        )

    def _send_to(self, session_id: str, method: str) -> None:
        message = json.dumps({"id": next(self._ids), "method": method})
        params = {"sessionId": session_id, "message": message}
        self.session.send("Target.sendMessageToTarget", params)

    def _on_attached(self, params: dict) -> None:
        session_id = params["sessionId"]
        if params["targetInfo"]["type"] == "service_worker":
            self.worker_seen = True
            self._send_to(session_id, "Network.enable")
        self._send_to(session_id, "Runtime.runIfWaitingForDebugger")

    def _on_worker_message(self, params: dict) -> None:
        message = json.loads(params["message"])
        method = message.get("method", "")
        if method.startswith("Network."):
            target = "worker:" + params["sessionId"]
            self._on(target, method.removeprefix("Network."), message["params"])

    def _on(self, target: str, event: str, params: dict) -> None:
        if event not in NETWORK_EVENTS:
            return
        key = (target, params["requestId"])
        resource = self.resources.setdefault(key, Resource(target.split(":")[0], self.visit))
        if event == "requestWillBeSent":
            resource.url = params["request"]["url"]
            resource.kind = params.get("type") or resource.kind
        elif event == "responseReceived":
            response = params["response"]
            headers = {k.lower(): v for k, v in response.get("headers", {}).items()}
            resource.url = response["url"]
            resource.kind = params.get("type") or resource.kind
            resource.mime = response.get("mimeType", "")
            resource.encoding = headers.get("content-encoding", "")
            resource.status = int(response.get("status", 0))
            resource.header_bytes = int(response.get("encodedDataLength", 0))
            if response.get("fromServiceWorker"):
                resource.served_by = "worker"
            elif response.get("fromDiskCache") or response.get("fromPrefetchCache"):
                resource.served_by = "cache"
        elif event == "loadingFinished":
            resource.size = int(params["encodedDataLength"])
            self.last_event = time.monotonic()
        else:
            resource.failed = params.get("errorText", "failed")
            self.last_event = time.monotonic()

    def of_visit(self, visit: str) -> list[Resource]:
        return [r for r in self.resources.values() if r.visit == visit]


def wait_until_quiet(page: Page, recorder: Recorder) -> None:
    """Let events arrive (Playwright delivers them while it waits) until none has come for a
    moment."""
    deadline = time.monotonic() + VISIT_TIMEOUT
    while time.monotonic() < deadline:
        page.wait_for_timeout(200)
        if time.monotonic() - recorder.last_event > QUIET_SECONDS:
            return


def wait_for_controller(page: Page, timeout: float = 10) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if page.evaluate("() => navigator.serviceWorker.controller !== null"):
            return True
        page.wait_for_timeout(100)
    return False


def check_gzip(base_url: str) -> None:
    """The server must compress: ask for `/` as a browser does."""
    status, headers, body = get(base_url + "/", headers={"Accept-Encoding": ACCEPT_ENCODING})
    if status != 200:
        raise SystemExit(f"GET / answered {status}")
    encoding = headers.get("content-encoding", "none")
    if encoding == "gzip":
        print(f"gzip: / is {len(body):,} bytes compressed, {len(gzip.decompress(body)):,} raw")
    else:
        print(f"WARNING: / is not gzip-compressed (content-encoding: {encoding})")


def add_worker_script_body(
    resources: list[Resource], base: str, body_size: int, encoding: str
) -> None:
    """Chromium reports only the response headers of a service worker's main script (it is
    fetched before the worker runs, sometimes before its target can be watched): add the
    compressed body the server sends for it (its Content-Length)."""
    for r in resources:
        if r.target != "worker" or r.url not in ("?", base + SW_PATH):
            continue
        r.url, r.kind, r.mime = base + SW_PATH, "Script", r.mime or "text/javascript"
        r.encoding = r.encoding or encoding
        if r.status in (0, 200) and r.size < r.header_bytes + body_size:
            r.header_bytes = r.size
            r.size += body_size
            r.note = "(+ body: Content-Length)"


def add_imported_script_bodies(resources: list[Resource], base: str) -> None:
    """The same holds for the scripts the worker imports (`importScripts`): Chromium reports 0
    bytes for them; add the compressed body the server sends."""
    for r in resources:
        if r.target != "worker" or r.served_by != "network" or not r.url.endswith(".js"):
            continue
        if r.url == base + SW_PATH or r.size > 0:
            continue
        _, headers, body = get(r.url, headers={"Accept-Encoding": ACCEPT_ENCODING})
        r.kind, r.mime = "Script", r.mime or "text/javascript"
        r.encoding = headers.get("content-encoding", "")
        r.size += len(body)
        r.note = "(imported; + body: Content-Length)"


def short(url: str, base: str) -> str:
    return url.removeprefix(base) or "/"


def print_resources(title: str, resources: list[Resource], base: str) -> None:
    print(f"\n{title}")
    print(f"  {'target':<7} {'type':<11} {'served by':<9} {'enc':<5} {'bytes':>7}  url")
    for r in resources:
        note = f"  FAILED: {r.failed}" if r.failed else (f"  {r.note}" if r.note else "")
        print(
            f"  {r.target:<7} {r.kind:<11} {r.served_by:<9} {r.encoding or '-':<5} "
            f"{r.size:>7}  {short(r.url, base)}{note}"
        )


def totals(resources: list[Resource]) -> dict[str, int]:
    page = [r for r in resources if r.target == "page"]
    worker = [r for r in resources if r.target == "worker"]
    return {
        "page": sum(r.size for r in page),
        "page_js": sum(r.size for r in page if r.is_js),
        "worker": sum(r.size for r in worker),
        "worker_js": sum(r.size for r in worker if r.is_js or r.url.endswith(".js")),
        "total": sum(r.size for r in resources),
        "headers": sum(min(r.header_bytes, r.size) for r in resources),
    }


def kib(n: int) -> str:
    return f"{n:>8,} B {n / 1024:>6.1f} KiB"


def measure(chromium: str) -> int:
    problems: list[str] = []
    with (
        running_server(demo=False) as server,
        sync_playwright() as playwright,
        tempfile.TemporaryDirectory(prefix="dekat-profile-", ignore_cleanup_errors=True) as profile,
    ):
        base = server.url
        check_gzip(base)
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=chromium, headless=True, args=LAUNCH_ARGS, **PHONE
        )
        try:
            page = context.pages[0] if context.pages else context.new_page()
            page.on(
                "console",
                lambda m: m.type == "error" and problems.append(f"console: {m.text}"),
            )
            recorder = Recorder(context.new_cdp_session(page))

            page.goto(base + "/", wait_until="load")
            controlled = wait_for_controller(page)
            wait_until_quiet(page, recorder)
            if not controlled:
                problems.append("the service worker did not take control of the page in 10 s")

            recorder.visit = "repeat"
            page.reload(wait_until="load")
            wait_until_quiet(page, recorder)
        finally:
            context.close()
        _, sw_headers, sw_body = get(base + SW_PATH, headers={"Accept-Encoding": ACCEPT_ENCODING})
        first, repeat = recorder.of_visit("first"), recorder.of_visit("repeat")
        add_imported_script_bodies(first + repeat, base)

    add_worker_script_body(
        first + repeat, base, len(sw_body), sw_headers.get("content-encoding", "")
    )
    print_resources("First visit of / (fresh profile)", first, base)
    print_resources("Repeat visit (reload, service worker installed)", repeat, base)
    a, b = totals(first), totals(repeat)
    print("\nBytes transferred (encodedDataLength: headers + compressed body)")
    print(f"  {'':<44} {'first visit':>20}   {'repeat visit':>20}")
    rows = [
        ("page: document + subresources", "page"),
        ("  of which JavaScript (type Script)", "page_js"),
        ("service worker: script, precache, preload", "worker"),
        ("  of which JavaScript", "worker_js"),
        ("TOTAL", "total"),
        ("  of which response headers", "headers"),
    ]
    for label, key in rows:
        print(f"  {label:<44} {kib(a[key])}   {kib(b[key])}")
    js_all = a["page_js"] + a["worker_js"]
    print("\nFirst visit against the budget (DESIGN.md §7; 1 KB taken as 1,024 B)")
    print(f"  everything transferred   {a['total']:>7,} B   budget ≤ 60 KB = {BUDGET_TOTAL:,} B")
    print(f"  JavaScript, page only    {a['page_js']:>7,} B   budget ≤ 25 KB = {BUDGET_JS:,} B")
    print(f"  JavaScript, with worker  {js_all:>7,} B   (sw.js, its imports, precache copies)")

    if not recorder.worker_seen:
        problems.append("no service worker target was seen: its traffic is not in the totals")
    for r in first + repeat:
        if r.failed:
            problems.append(f"{short(r.url, base)} failed: {r.failed}")
        text = r.kind in ("Document", "Script", "Stylesheet") or "javascript" in r.mime
        if text and r.served_by == "network" and r.size > 1500 and r.encoding != "gzip":
            problems.append(f"{short(r.url, base)} was sent without gzip")
    if problems:
        print("\nPROBLEMS SEEN")
        for problem in dict.fromkeys(problems):
            print(f"  - {problem}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chromium", default=SYSTEM_CHROMIUM, help="Chromium executable")
    args = parser.parse_args()
    return measure(args.chromium)


if __name__ == "__main__":
    sys.exit(main())
