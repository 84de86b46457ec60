"""Dekat as an installed app: Chrome would offer to install it, the service worker takes over,
and with no signal a page is the offline page, never the browser's own error page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import (
    CITIZEN,
    CITIZEN_NAME,
    go_offline,
    sign_in,
    wait_for_service_worker,
)

pytestmark = pytest.mark.browser

OFFLINE_HEADING = "Tidak ada sinyal"


def test_chrome_would_offer_to_install(app_page):
    app_page.goto("/")
    wait_for_service_worker(app_page)
    app_page.reload()
    cdp = app_page.context.new_cdp_session(app_page)

    manifest = cdp.send("Page.getAppManifest")
    assert manifest["url"].endswith("/manifest.webmanifest")
    assert manifest["errors"] == []
    assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
    assert app_page.evaluate("navigator.serviceWorker.controller !== null")
    assert app_page.evaluate("navigator.serviceWorker.controller.scriptURL").endswith("/sw.js")


@pytest.mark.parametrize("path", ["/", "/keluarga", "/daftar"])
def test_offline_navigation_shows_the_offline_page(app_page, path):
    app_page.goto("/")
    wait_for_service_worker(app_page)
    go_offline(app_page.context)

    response = app_page.goto(path)
    assert response is not None and response.ok
    assert response.from_service_worker
    expect(app_page.get_by_role("heading", level=1)).to_have_text(OFFLINE_HEADING)
    expect(app_page).to_have_title("Sedang offline · Dekat")
    # Still Dekat's own page, with its styles: not Chrome's "No internet" dinosaur.
    expect(app_page.get_by_role("link", name="Coba lagi")).to_be_visible()
    assert app_page.evaluate("document.styleSheets.length") >= 1


def test_offline_page_for_a_signed_in_citizen_holds_nothing_personal(app_page):
    sign_in(app_page, CITIZEN)
    expect(app_page.get_by_role("heading", level=1)).to_have_text(f"Halo, {CITIZEN_NAME}")
    wait_for_service_worker(app_page)
    go_offline(app_page.context)

    app_page.goto("/keluarga")
    expect(app_page.get_by_role("heading", level=1)).to_have_text(OFFLINE_HEADING)
    expect(app_page.get_by_text(CITIZEN_NAME)).to_have_count(0)
    expect(app_page.get_by_role("button", name="Keluar")).to_have_count(0)


def test_offline_banner_follows_the_connection(app_page):
    app_page.goto("/")
    banner = app_page.locator("#luring")
    expect(banner).to_be_hidden()

    app_page.context.set_offline(True)
    expect(banner).to_be_visible()
    expect(banner).to_have_text("Anda sedang offline. Halaman yang tersimpan tetap bisa dibuka.")

    app_page.context.set_offline(False)
    expect(banner).to_be_hidden()


def test_retry_on_the_offline_page_opens_the_page_once_online(app_page):
    app_page.goto("/")
    wait_for_service_worker(app_page)
    go_offline(app_page.context)
    app_page.goto("/daftar")
    expect(app_page.get_by_role("heading", level=1)).to_have_text(OFFLINE_HEADING)

    app_page.context.unroute("**/*")
    app_page.context.set_offline(False)
    app_page.get_by_role("link", name="Coba lagi").click()
    expect(app_page.get_by_role("heading", level=1)).not_to_have_text(OFFLINE_HEADING)
    assert app_page.url.endswith("/daftar")


SHELL_CACHES = "async () => (await caches.keys()).filter((name) => name.startsWith('dekat-shell-'))"
CHECK_FOR_UPDATE = (
    "async () => { await (await navigator.serviceWorker.getRegistration()).update(); }"
)


def test_new_version_is_offered_and_taken_on_muat_ulang(app_page, front_server):
    page = app_page
    page.goto(front_server.url + "/")
    wait_for_service_worker(page)
    banner = page.locator("#pembaruan")
    (old_shell,) = page.evaluate(SHELL_CACHES)

    # The same version again: nothing to offer.
    page.evaluate(CHECK_FOR_UPDATE)
    expect(banner).to_be_hidden()

    front_server.release()
    page.evaluate(CHECK_FOR_UPDATE)
    expect(banner).to_be_visible()
    expect(banner).to_have_text("Versi baru tersedia — muat ulang")

    page.evaluate("() => { window.__before_update = true; }")
    with page.expect_navigation():
        page.get_by_role("button", name="muat ulang").click()
    assert page.evaluate("() => window.__before_update") is None, "the page was not reloaded"
    expect(banner).to_be_hidden()
    wait_for_service_worker(page)
    # The new worker runs, with its own shell; the old version's shell is gone.
    assert page.evaluate(SHELL_CACHES) == [old_shell + "-baru"]
    assert page.evaluate("async () => !(await navigator.serviceWorker.getRegistration()).waiting")


def test_new_version_waits_for_the_person_when_the_app_is_opened_again(app_page, front_server):
    page = app_page
    page.goto(front_server.url + "/")
    wait_for_service_worker(page)
    (old_shell,) = page.evaluate(SHELL_CACHES)

    front_server.release()
    page.reload()
    expect(page.locator("#pembaruan")).to_be_visible()
    # Nothing changes under the person's hands until they choose "muat ulang".
    page.evaluate("() => { window.__still_here = true; }")
    page.wait_for_timeout(1000)
    assert page.evaluate("() => window.__still_here")
    assert page.evaluate("async () => !!(await navigator.serviceWorker.getRegistration()).waiting")
    assert old_shell in page.evaluate(SHELL_CACHES)


def test_a_kept_page_keeps_its_styles_offline_after_an_update(app_page):
    """A page kept offline names the files of the version that served it; after an update
    those are gone, and offline the current version of each file stands in."""
    app_page.goto("/")
    wait_for_service_worker(app_page)
    app_page.reload()
    current = app_page.evaluate(
        "[...document.querySelectorAll('link[rel=stylesheet]')].map(l => l.href)"
    )[0]
    older = re.sub(r"\.[0-9a-f]{10}\.css$", ".0123456789.css", current)
    assert older != current
    go_offline(app_page.context)
    answer = app_page.evaluate(
        """async ([older, current]) => {
            const [a, b] = await Promise.all([fetch(older), fetch(current)]);
            return [a.status, await a.text() === await b.text()];
        }""",
        [older, current],
    )
    assert answer == [200, True]
    missing = app_page.evaluate(
        "fetch('/static/tidak-ada.0123456789.css').then(r => r.status, () => 'failed')"
    )
    assert missing == "failed"
