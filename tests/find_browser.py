"""Find a Chromium for the browser tests, and install one when asked (`--install`).

Order: `$CHROMIUM_PATH`, Debian's `/usr/bin/chromium`, then the browser Playwright installed.
`python tests/find_browser.py --install` exits 0 even when no browser could be had (the browser
tests then skip and say why), unless `DEKAT_REQUIRE_BROWSER=1`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

SYSTEM_CHROMIUM = "/usr/bin/chromium"
#: How the tests and benchmarks start it: no sandbox (CI runs as root), and no calls home,
#: which would flood the closed network with refused connections; loopback only.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-proxy-server",
]
#: A cheap Android phone's screen.
PHONE = {"viewport": {"width": 360, "height": 640}, "is_mobile": True, "has_touch": True}


def _runnable(path: str | None) -> bool:
    return bool(path) and Path(path).is_file() and os.access(path, os.X_OK)


def playwright_chromium() -> str | None:
    """The Chromium that `playwright install chromium` put on this machine, if any."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    try:
        with sync_playwright() as playwright:
            path = playwright.chromium.executable_path
    except Exception:
        return None
    return path if _runnable(path) else None


def find_chromium() -> str | None:
    for candidate in (os.environ.get("CHROMIUM_PATH"), SYSTEM_CHROMIUM):
        if _runnable(candidate):
            return candidate
    return playwright_chromium()


def browser_required() -> bool:
    return os.environ.get("DEKAT_REQUIRE_BROWSER", "") == "1"


def install() -> None:
    """Debian's package when we are root with apt-get, else Playwright's own download."""
    if os.geteuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], check=False, env=env)
        if find_chromium():
            return
    subprocess.run([sys.executable, "-m", "playwright", "install", "chromium"], check=False)


def main(argv: list[str]) -> int:
    path = find_chromium()
    if path is None and "--install" in argv:
        install()
        path = find_chromium()
    if path:
        print(f"Browser tests will use {path}")
        return 0
    print("No Chromium found: the browser tests will be skipped")
    return 1 if browser_required() else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
