"""The offline outbox in a real browser: a request made without signal waits on the phone, is
still there after a reload without signal, and arrives exactly once when the signal returns —
also when the connection drops mid-upload and the server fails a retry. A refused item is shown
before it leaves, and an item never goes out under another account."""

from __future__ import annotations

import hashlib
import random
import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from tests.browser.helpers import (
    CITIZEN,
    OPERATOR,
    fill_reprint,
    go_offline,
    go_online,
    live_rows,
    phone_photo,
    sign_in,
    wait_for_service_worker,
)

pytestmark = pytest.mark.browser

TITLE = "Cetak ulang KTP-el (hilang atau rusak) — Siti Aminah"
#: A citizen's own requests are listed newest first, at most 200 (the test account has few).
REQUESTS = "main ul.list > li"


def request_count(page) -> int:
    page.goto("/permohonan")
    expect(page.get_by_role("heading", level=1)).to_have_text("Permohonan saya")
    return page.locator(REQUESTS).count()


def review(page, tmp_path) -> None:
    fill_reprint(page, tmp_path)
    page.get_by_role("button", name="Simpan dan periksa").click()
    expect(page.get_by_role("region", name="Periksa sebelum mengirim")).to_be_visible()


def send_now_until_empty(page, tries: int = 6) -> None:
    """Press "Kirim sekarang" as a person would until nothing waits (the service worker's
    Background Sync may have sent everything already when the signal came back)."""
    expect(page.locator("[data-antrean][data-siap]")).to_have_count(1)
    button = page.get_by_role("button", name="Kirim sekarang")
    for _ in range(tries):
        if not button.is_visible():
            break
        try:
            button.click(timeout=2000)
        except PlaywrightTimeoutError:
            continue  # the worker sent the last item just now and the button went away
        expect(page.locator("[data-antrean-kirim]:not([aria-busy])")).to_have_count(1)
    expect(page.get_by_text("Tidak ada kiriman yang menunggu.")).to_be_visible()


def test_a_request_made_offline_waits_and_arrives_exactly_once(app_page, tmp_path):
    context = app_page.context
    sign_in(app_page, CITIZEN)
    wait_for_service_worker(app_page)
    app_page.goto("/antrean")  # kept with the shell from now on
    before = request_count(app_page)
    review(app_page, tmp_path)

    go_offline(context)
    app_page.get_by_role("button", name="Kirim permohonan").click()
    expect(app_page).to_have_url(re.compile(r"/antrean\?baru="))
    expect(
        app_page.get_by_role("status").filter(has_text="Tersimpan di perangkat ini")
    ).to_be_visible()
    # Without signal the server cannot confirm who is signed in: the item is counted, its
    # contents wait for its owner.
    waiting = app_page.get_by_text("1 kiriman menunggu di perangkat ini")
    expect(waiting).to_be_visible()
    item = app_page.locator(".outbox-item")
    expect(item).to_have_count(0)

    # Reopened without signal, the item is still there.
    response = app_page.reload()
    assert response is not None and response.from_service_worker
    expect(waiting).to_be_visible()
    # Every other page of the app shows that something waits.
    app_page.goto("/offline")
    banner = app_page.get_by_role("link", name="1 kiriman menunggu dikirim")
    expect(banner).to_be_visible()
    expect(banner).to_be_enabled()  # a control that just appeared takes taps a moment later

    # With signal, the server confirms its owner: everything in it shows. (Uploads are held
    # back meanwhile, or the worker's Background Sync could send it before anyone looks.)
    uploads = re.compile(r".*/permohonan$")
    context.route(uploads, lambda route: route.abort("timedout"))
    go_online(context)
    app_page.get_by_role("link", name="1 kiriman menunggu dikirim").click()
    expect(item).to_have_count(1)
    expect(item).to_contain_text(TITLE)
    expect(item).to_contain_text("Menunggu dikirim")
    item.get_by_text("Lihat isi").click()
    expect(item.locator("[data-ringkasan]")).to_contain_text("Rusak")
    expect(item.locator("[data-foto] img")).to_have_count(2)
    context.unroute(uploads)
    send_now_until_empty(app_page)
    assert request_count(app_page) == before + 1
    # The worker's Background Sync may try it too: still once.
    app_page.goto("/antrean")
    app_page.wait_for_timeout(1000)
    assert request_count(app_page) == before + 1
    expect(app_page.locator("#antrean-info")).to_be_hidden()


def test_a_cut_upload_and_a_failing_retry_still_arrive_exactly_once(app_page, tmp_path):
    context = app_page.context
    sign_in(app_page, CITIZEN)
    wait_for_service_worker(app_page)
    before = request_count(app_page)
    review(app_page, tmp_path)

    sent = []  # (Idempotency-Key, body digest, what happened)

    def faulty_network(route):
        request = route.request
        if request.method != "POST":
            route.continue_()
            return
        attempt = len(sent)
        body = hashlib.sha256(request.post_data_buffer or b"").hexdigest()
        key = request.headers.get("idempotency-key")
        if attempt == 0:
            sent.append((key, body, "cut during upload"))
            route.abort("connectionreset")
        elif attempt == 1:
            sent.append((key, body, "server error"))
            route.fulfill(status=500, body="Internal Server Error")
        elif attempt == 2:
            # The server receives and stores it, but the answer never reaches the phone.
            route.fetch(max_redirects=0)
            sent.append((key, body, "answer lost"))
            route.abort("connectionreset")
        else:
            sent.append((key, body, "through"))
            route.continue_()

    context.route(re.compile(r".*/permohonan$"), faulty_network)
    app_page.get_by_role("button", name="Kirim permohonan").click()
    expect(app_page).to_have_url(re.compile(r"/antrean\?baru="))
    expect(app_page.locator(".outbox-item")).to_have_count(1)
    send_now_until_empty(app_page)
    context.unroute(re.compile(r".*/permohonan$"))

    outcomes = [what for _, _, what in sent]
    assert outcomes[:4] == ["cut during upload", "server error", "answer lost", "through"]
    # Every attempt carried the same key and the very same bytes.
    assert len({key for key, _, _ in sent}) == 1 and sent[0][0]
    assert len({body for _, body, _ in sent}) == 1
    assert request_count(app_page) == before + 1


def test_a_refused_item_is_shown_before_it_leaves(app_page, tmp_path):
    context = app_page.context
    sign_in(app_page, CITIZEN)
    wait_for_service_worker(app_page)
    before = request_count(app_page)
    fill_reprint(app_page, tmp_path)
    # A text file named like a photo: the phone cannot shrink it, so it goes as it is.
    fake = tmp_path / "ktp.jpg"
    fake.write_text("bukan foto")
    app_page.get_by_label("Kartu Keluarga", exact=True).set_input_files(str(fake))
    app_page.get_by_role("button", name="Simpan dan periksa").click()

    go_offline(context)
    app_page.get_by_role("button", name="Kirim permohonan").click()
    expect(app_page).to_have_url(re.compile(r"/antrean\?baru="))
    go_online(context)
    # Sent by "Kirim sekarang" once the page has confirmed its owner with the server, or by
    # the worker's Background Sync if that comes first.
    item = app_page.locator(".outbox-item")
    try:
        app_page.get_by_role("button", name="Kirim sekarang").click(timeout=5000)
    except PlaywrightTimeoutError:
        expect(item).to_contain_text("Ditolak server")
    expect(item).to_contain_text("Ditolak server")
    expect(item).to_contain_text("bukan foto")
    app_page.goto("/")
    expect(app_page.get_by_role("link", name=re.compile("1 kiriman ditolak"))).to_be_visible()
    app_page.get_by_role("link", name=re.compile("1 kiriman ditolak")).click()
    app_page.get_by_role("button", name="Sudah dibaca, hapus").click()
    expect(app_page.get_by_text("Tidak ada kiriman yang menunggu.")).to_be_visible()
    assert request_count(app_page) == before


def test_an_item_is_never_sent_under_another_account(app_page, tmp_path):
    context = app_page.context
    sign_in(app_page, CITIZEN)
    wait_for_service_worker(app_page)
    before = request_count(app_page)
    review(app_page, tmp_path)
    go_offline(context)
    app_page.get_by_role("button", name="Kirim permohonan").click()
    expect(app_page).to_have_url(re.compile(r"/antrean\?baru="))
    go_online(context)
    # The signal is back, but too weak to carry the photos.
    uploads = re.compile(r".*/permohonan$")
    context.route(uploads, lambda route: route.abort("timedout"))

    # Signing out asks first, and keeps the item for its owner.
    app_page.goto("/")
    app_page.get_by_role("button", name="Keluar").click()
    dialog = app_page.get_by_role("dialog", name="Masih ada kiriman yang belum terkirim")
    expect(dialog).to_contain_text("1 kiriman masih menunggu")
    dialog.get_by_role("button", name="Tetap di sini").click()
    expect(app_page.get_by_role("link", name="1 kiriman menunggu dikirim")).to_be_visible()
    app_page.get_by_role("button", name="Keluar").click()
    dialog.get_by_role("button", name="Keluar, simpan kiriman").click()
    expect(app_page).to_have_url(re.compile(r"/masuk"))

    # Someone else on the same phone: the item is not theirs to send, nor to read.
    sign_in(app_page, OPERATOR)
    attempts = []
    context.on("request", lambda r: attempts.append(r) if r.method == "POST" else None)
    app_page.goto("/antrean")
    expect(app_page.get_by_text("1 kiriman milik akun lain")).to_be_visible()
    expect(app_page.locator(".outbox-item")).to_have_count(0)
    expect(app_page.get_by_role("button", name="Kirim sekarang")).to_be_hidden()
    report = app_page.evaluate("() => DekatOutbox.flush()")
    assert report["sent"] == 0 and not [r for r in attempts if uploads.match(r.url)]
    app_page.goto("/")
    app_page.get_by_role("button", name="Keluar").click()  # nothing of theirs waits: no question
    expect(app_page).to_have_url(re.compile(r"/masuk"))

    # Its owner signs in again, with a good signal: it goes out by itself when the app starts.
    context.unroute(uploads)
    sign_in(app_page, CITIZEN)
    app_page.wait_for_function("() => DekatOutbox.items().then((items) => items.length === 0)")
    expect(app_page.locator("#antrean-info")).to_be_hidden()
    assert request_count(app_page) == before + 1


#: The review form queued `n` times, as the submit handler stores it (each its own key).
QUEUE_JS = """async (n) => {
  const form = document.getElementById("formulir-permohonan");
  const submitter = form.querySelector('button[name="ajukan"]');
  const details = { account: document.body.dataset.akun, title: form.dataset.outboxJudul };
  for (let i = 0; i < n; i++) await DekatOutbox.add(form, submitter, details);
  return (await DekatOutbox.items()).length;
}"""


@pytest.mark.parametrize("seed", [7, 2024])
def test_random_drops_during_sync_lose_nothing_and_double_nothing(app_page, tmp_path, seed):
    """Ten submissions queued offline drain through a connection that, at random, drops the
    upload, loses the answer after the server stored it, or meets a server error."""
    context = app_page.context
    sign_in(app_page, CITIZEN)
    wait_for_service_worker(app_page)
    before = request_count(app_page)
    review(app_page, tmp_path)
    go_offline(context)
    assert app_page.evaluate(QUEUE_JS, 10) == 10
    go_online(context)

    chance = random.Random(seed)
    faults = {"cut": 0, "answer lost": 0, "server error": 0, "through": 0}

    def flaky_network(route):
        if route.request.method != "POST":
            route.continue_()
            return
        fault = chance.choices(list(faults), weights=[2, 2, 1, 3])[0]
        faults[fault] += 1
        if fault == "cut":
            route.abort("connectionreset")
        elif fault == "answer lost":
            route.fetch(max_redirects=0)
            route.abort("connectionreset")
        elif fault == "server error":
            route.fulfill(status=500, body="Internal Server Error")
        else:
            route.continue_()

    context.route(re.compile(r".*/permohonan$"), flaky_network)
    app_page.goto("/antrean")
    send_now_until_empty(app_page, tries=60)
    context.unroute(re.compile(r".*/permohonan$"))
    assert faults["cut"] and faults["answer lost"], faults  # the seed exercises both
    assert request_count(app_page) == before + 10


# --- A shared tablet left without signing out ------------------------------------------------

#: What the desa officer's submission holds: none of it may reach the next person.
DESTINATION = "Jl. Langko No. 5, Mataram"


def assert_nothing_of_the_item_shows(page, resident: str) -> None:
    """Only a count: no title, no answers, no photo, anywhere in the page."""
    expect(page.locator("[data-antrean][data-siap]")).to_have_count(1)
    html = page.content()
    for private in (resident, DESTINATION, "Surat pindah", "blob:"):
        assert private not in html, private
    assert page.locator("main img").count() == 0
    expect(page.locator(".outbox-item")).to_have_count(0)
    expect(page.get_by_text("1 kiriman menunggu di perangkat ini")).to_be_visible()
    expect(page.get_by_role("button", name="Kirim sekarang")).to_be_hidden()
    expect(page.get_by_role("link", name="Masuk untuk mengirim")).to_be_visible()


def test_a_shared_tablet_shows_nothing_of_the_last_officers_unsent_work(
    app_page, live_server, tmp_path
):
    """The desa officer queues a request with a KK photo without signal, and the session ends
    without "Keluar" (the browser closed: its cookies gone, the outbox kept). The next person,
    not signed in, opens /antrean with and without signal and sees only that one item waits
    for its owner. The officer signs in again, sees it all and sends it."""
    context = app_page.context
    sign_in(app_page, OPERATOR)
    wait_for_service_worker(app_page)
    app_page.goto("/antrean")  # kept with the shell from now on
    before = live_rows(live_server, "SELECT COUNT(*) AS n FROM permohonan")[0]["n"]
    app_page.goto("/penduduk?q=Ahmad")
    app_page.locator("#hasil a").first.click()
    expect(app_page).to_have_url(re.compile(r"/penduduk/\d+$"))
    resident = app_page.get_by_role("heading", level=1).inner_text()
    assert resident.startswith("Ahmad")
    app_page.get_by_role("link", name="Buat permohonan").click()
    app_page.get_by_role("link", name="Surat pindah (SKPWNI)").click()
    app_page.get_by_label("Alamat tujuan").fill(DESTINATION)
    app_page.get_by_label("Alasan pindah").select_option("pekerjaan")
    app_page.get_by_label("Kartu Keluarga", exact=True).set_input_files(
        phone_photo(tmp_path, "kk.jpg", 1600, 1200)
    )
    expect(app_page.get_by_role("img", name="Pratinjau Kartu Keluarga")).to_be_visible()
    app_page.get_by_role("button", name="Simpan dan periksa").click()
    go_offline(context)
    app_page.get_by_role("button", name="Kirim permohonan").click()
    expect(app_page).to_have_url(re.compile(r"/antrean\?baru="))

    # The session ends without "Keluar": the browser is closed, its session cookie gone.
    context.clear_cookies()
    assert not context.cookies()
    go_online(context)
    app_page.goto("/antrean")
    assert_nothing_of_the_item_shows(app_page, resident)
    go_offline(context)
    response = app_page.reload()
    assert response is not None and response.from_service_worker
    assert_nothing_of_the_item_shows(app_page, resident)
    # Nothing of the last account is believed from the device's storage either.
    assert app_page.evaluate("() => localStorage.getItem('dekat-akun')") is None

    # The officer comes back and signs in: the item is theirs to see and to send.
    go_online(context)
    uploads = re.compile(r".*/permohonan$")
    context.route(uploads, lambda route: route.abort("timedout"))  # held back to look at it
    sign_in(app_page, OPERATOR)
    app_page.goto("/antrean")
    item = app_page.locator(".outbox-item")
    expect(item).to_have_count(1)
    expect(item).to_contain_text("Surat pindah")
    item.get_by_text("Lihat isi").click()
    expect(item.locator("[data-ringkasan]")).to_contain_text(DESTINATION)
    expect(item.locator("[data-foto] img")).to_have_count(1)
    context.unroute(uploads)
    send_now_until_empty(app_page)
    after = live_rows(live_server, "SELECT COUNT(*) AS n FROM permohonan")[0]["n"]
    assert after == before + 1
