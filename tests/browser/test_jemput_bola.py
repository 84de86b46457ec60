"""Jemput bola in a real browser: a citizen books a window and opens the ticket without signal;
the desa officer books for a resident and prints who is coming; and the field team works a whole
day without signal — check-ins by QR photo, by name and by ticket code, outcomes, walk-ins, a
reload — then everything arrives exactly once when the signal returns, through a connection
that drops uploads and loses answers. Also: the roster opened from its link is kept offline,
and an outcome never overtakes the walk-in it is about when the server fails once."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

import pytest
import qrcode
import zxingcpp
from PIL import Image
from playwright.sync_api import expect

from server.i18n import long_date
from server.services.kunjungan import today
from server.services.lapangan import NO_IKD_REQUEST
from tests.browser.helpers import (
    CITIZEN,
    OPERATOR,
    go_offline,
    go_online,
    live_rows,
    sign_in,
    wait_for_service_worker,
)

pytestmark = pytest.mark.browser

PETUGAS = "petugas.demo"
TEAM = "Tim Keliling Labuhan Haji"
#: A member of the demo citizen's KK: an adult not yet recorded, never on today's roster.
NURUL = "Nurul Hasanah"
NURUL_NIK = "5203176402080001"
#: A walk-in who gives only a name.
WALK_IN_NAME = "Baiq Sarinah"
TICKET = re.compile(r"JB-[2-9A-HJKMNP-Z]{8}")
#: Roster purpose → the outcome the team records for it.
OUTCOME_FOR = {
    "Rekam KTP-el": "Sudah direkam",
    "Ambil KTP-el yang sudah dicetak": "KTP-el diserahkan",
    "Aktivasi IKD": "IKD diaktifkan",
}
JENIS = {
    "Hadir": "hadir",
    "Sudah direkam": "direkam",
    "KTP-el diserahkan": "kartu_diserahkan",
    "IKD diaktifkan": "ikd_diaktifkan",
    "Gagal": "gagal",
}


def read_qr(locator) -> str:
    """The code as drawn on the phone (a taller window, so the bottom menu covers none of it)."""
    locator.page.set_viewport_size({"width": 360, "height": 1200})
    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(locator.screenshot())))
    texts = {result.text for result in results}
    assert len(texts) == 1, f"{len(texts)} different QR codes read in the screenshot"
    return texts.pop()


# --- The live server's database, read directly ----------------------------------------------------


def instant(value) -> datetime:
    """A stored timestamptz: a datetime from PostgreSQL, ISO text from SQLite."""
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


# --- 1. A citizen's ticket, offline ---------------------------------------------------------------


def test_a_citizen_books_and_opens_the_ticket_without_signal(app_page):
    context = app_page.context
    sign_in(app_page, CITIZEN)
    wait_for_service_worker(app_page)
    app_page.get_by_role("navigation", name="Menu utama").get_by_role(
        "link", name="Jemput bola"
    ).click()
    expect(app_page.get_by_role("heading", name="Kunjungan ke desa Anda")).to_be_visible()
    visits = app_page.get_by_role("main").get_by_role("listitem").filter(has_text=TEAM)
    expect(visits).to_have_count(2)  # today's and the one in two weeks, both in their desa
    visits.last.get_by_role("link", name=re.compile("Desa Labuhan Haji")).click()
    expect(app_page.get_by_role("heading", level=1)).to_have_text(
        "Jemput bola di Desa Labuhan Haji"
    )

    booking = app_page.locator("#form-pesan")
    booking.get_by_role("radio", name=NURUL).check()
    booking.get_by_role("radio", name=re.compile(r"^Jam 10\.00–12\.00")).check()
    booking.get_by_label("Keperluan").select_option(label="Rekam KTP-el")
    booking.get_by_role("button", name="Pesan", exact=True).click()

    expect(app_page.get_by_role("heading", level=1)).to_have_text("Tiket jemput bola")
    ticket_url = app_page.url
    code = re.search(r"/tiket/(JB-\w+)$", ticket_url)[1]
    assert TICKET.fullmatch(code)
    card = app_page.get_by_role("article", name=NURUL)
    expect(card.get_by_text(code, exact=True)).to_be_visible()
    expect(card).to_contain_text("Jam 10.00–12.00")
    expect(card).to_contain_text("Rekam KTP-el")
    expect(card.get_by_role("img", name="Kode QR tiket").locator("svg")).to_be_visible()

    # At the venue, without signal: the ticket and its code still open.
    go_offline(context)
    response = app_page.goto(ticket_url)
    assert response is not None and response.from_service_worker
    card = app_page.get_by_role("article", name=NURUL)
    expect(card.get_by_text(code, exact=True)).to_be_visible()
    expect(card).to_contain_text("Jam 10.00–12.00")
    qr = card.get_by_role("img", name="Kode QR tiket")
    expect(qr.locator("svg")).to_be_visible()
    assert read_qr(qr) == code  # what the team's scanner will read

    # Back in signal, the time changes: the copy on the phone follows.
    go_online(context)
    app_page.goto(ticket_url)
    change = app_page.get_by_label("Ganti jam")
    change.select_option(
        change.get_by_role("option", name=re.compile("^Jam 13.00–15.00")).get_attribute("value")
    )
    app_page.get_by_role("button", name="Ganti jam").click()
    expect(app_page.get_by_role("article", name=NURUL)).to_contain_text("Jam 13.00–15.00")
    go_offline(context)
    response = app_page.goto(ticket_url)
    assert response is not None and response.from_service_worker
    card = app_page.get_by_role("article", name=NURUL)
    expect(card).to_contain_text("Jam 13.00–15.00")
    expect(card.get_by_role("img", name="Kode QR tiket").locator("svg")).to_be_visible()
    go_online(context)


# --- 2. The desa officer books for a resident -----------------------------------------------------


def test_the_desa_officer_books_for_a_resident_and_prints_the_list(page):
    sign_in(page, OPERATOR)
    page.get_by_role("navigation", name="Menu utama").get_by_role(
        "link", name="Jemput bola"
    ).click()
    expect(page.get_by_role("heading", name="Kunjungan ke desa Anda")).to_be_visible()
    visits = page.get_by_role("main").get_by_role("listitem").filter(has_text=TEAM)
    expect(visits).to_have_count(2)
    visits.last.get_by_role("link", name=re.compile("Desa Labuhan Haji")).click()
    residents = page.get_by_role("list", name="Warga yang perlu dilayani")
    # Someone waiting for their printed card, not of the demo family (the citizen's own test).
    resident = (
        residents.get_by_role("listitem")
        .filter(has_text="Sudah rekam, menunggu cetak")
        .filter(has_not_text=NURUL)
        .first
    )
    name = resident.inner_text().split(" · ")[0].strip()
    resident.get_by_role("link", name="Pesankan").click()

    expect(page.get_by_role("heading", name=f"Pesan untuk {name}")).to_be_visible()
    booking = page.locator("#form-pesan")
    booking.get_by_role("radio", name=re.compile(r"^Jam 13\.00–15\.00")).check()
    booking.get_by_label("Keperluan").select_option(label="Ambil KTP-el yang sudah dicetak")
    booking.get_by_role("button", name="Pesan", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Tiket jemput bola")
    card = page.get_by_role("article", name=name)
    expect(card).to_contain_text("Jam 13.00–15.00")
    expect(card.get_by_text(TICKET)).to_be_visible()
    expect(card.get_by_role("img", name="Kode QR tiket").locator("svg")).to_be_visible()

    # Booked residents leave the list of those to serve, and appear on the printed list.
    page.get_by_role("link", name="Kembali ke jemput bola").click()
    expect(visits).to_have_count(2)
    visits.last.get_by_role("link", name=re.compile("Desa Labuhan Haji")).click()
    expect(residents).to_be_visible()
    expect(residents.get_by_text(name, exact=False)).to_have_count(0)
    page.get_by_role("link", name="Cetak daftar yang akan datang").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Daftar hadir jemput bola")
    row = page.get_by_role("row").filter(has_text=name)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("13.00–15.00")
    expect(row).to_contain_text("Ambil KTP-el yang sudah dicetak")
    expect(page.get_by_role("button", name="Cetak")).to_be_visible()


# --- 3. The field day without signal --------------------------------------------------------------

#: Everyone on the roster as downloaded: name, ticket code, purpose.
ROSTER_JS = """(rows) => rows.map((row) => ({
  nama: row.querySelector("[data-nama-tampil]").textContent.trim(),
  tiket: row.dataset.tiket,
  keterangan: row.querySelector("[data-keterangan]").textContent,
}))"""
#: One round of sending; then what waits or was refused for this account.
FLUSH_JS = """async () => {
  const report = await DekatOutbox.flush();
  return { ...(await DekatOutbox.counts(document.body.dataset.akun)), offline: report.offline };
}"""
ITEMS_JS = "() => DekatOutbox.items().then((items) => items.map((i) => [i.title, i.message]))"


def todays_visit(page, username: str = PETUGAS):
    """Signed in as a member of the team, the list item of today's visit on /jemput-bola."""
    sign_in(page, username)
    wait_for_service_worker(page)
    page.get_by_role("navigation", name="Menu utama").get_by_role(
        "link", name="Jemput bola"
    ).click()
    expect(page.get_by_role("heading", name=f"Kunjungan {TEAM}")).to_be_visible()
    visit = page.get_by_role("main").get_by_role("listitem").filter(has_text=long_date(today()))
    expect(visit).to_have_count(1)
    return visit


def send_until_empty(page, tries: int = 80) -> dict:
    """Send as the app does when the signal returns, until nothing waits; the counts."""
    for _ in range(tries):
        counts = page.evaluate(FLUSH_JS)
        if not counts["waiting"] and not counts["offline"]:
            break
    return counts


def figure(table, label: str) -> int:
    """The number in a figures table's row headed `label`."""
    header = table.page.get_by_role("rowheader", name=label, exact=True)
    return int(table.get_by_role("row").filter(has=header).get_by_role("cell").inner_text())


def belum_rekam_figure(page) -> int:
    return figure(page.get_by_role("main"), "Warga dewasa belum rekam KTP-el")


def report_card(page, text: str) -> int:
    card = page.locator(".card").filter(has_text=text)
    return int(card.locator(".status").inner_text())


def test_the_field_day_works_without_signal_and_arrives_exactly_once(
    app_page, open_page, live_server, tmp_path
):
    context, page = app_page.context, app_page
    visit = todays_visit(page)

    # The desa's figures before the day, on the visit report.
    visit.get_by_role("link", name="Laporan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Laporan jemput bola: Desa Labuhan Haji"
    )
    unrecorded_before = belum_rekam_figure(page)
    assert report_card(page, "datang langsung tanpa pesan") == 0

    # The roster, loaded whole with signal before leaving: the service worker keeps it.
    page.get_by_role("link", name="Kembali ke daftar lapangan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Daftar lapangan: Desa Labuhan Haji")
    kunjungan_id = int(re.search(r"/kunjungan/(\d+)/lapangan$", page.url)[1])
    roster = page.get_by_role("list", name="Daftar warga")
    people = roster.get_by_role("listitem").evaluate_all(ROSTER_JS)
    assert len(people) == 30
    assert NURUL not in {p["nama"] for p in people}
    for person in people:
        person["keperluan"] = next(k for k in OUTCOME_FOR if f" · {k} · " in person["keterangan"])
    status_before = {
        row["kode"]: row["ktp_status"]
        for row in live_rows(
            live_server,
            "SELECT p.kode, d.ktp_status FROM pemesanan p JOIN penduduk d ON d.id = p.penduduk "
            "WHERE p.kunjungan = $1",
            kunjungan_id,
        )
    }
    nurul_before = live_rows(
        live_server, "SELECT id, ktp_status FROM penduduk WHERE nik = $1", NURUL_NIK
    )[0]

    # --- No signal at the venue from here on. ---
    offline_since = datetime.now(UTC)
    go_offline(context)
    response = page.reload()
    assert response is not None and response.from_service_worker
    expect(page.get_by_role("heading", level=1)).to_have_text("Daftar lapangan: Desa Labuhan Haji")
    expect(roster.get_by_role("listitem")).to_have_count(30)
    summary = page.get_by_role("status").filter(has_text=re.compile(r"^Hadir \d+ dari"))
    expect(summary).to_have_text("Hadir 0 dari 30 · dilayani 0")
    message = page.locator("[data-pesan]")
    search = page.get_by_label("Cari nama")

    def row_of(person: dict):
        """Find someone as the team does: type the name, take their row."""
        search.fill(person["nama"])
        row = roster.get_by_role("listitem").filter(has_text=person["tiket"])
        expect(row).to_be_visible()
        return row

    present = people[:20]
    # Six show the QR code on their phone; the team has no camera here, so a photo of it.
    for person in present[:6]:
        photo = tmp_path / f"{person['tiket']}.png"
        qrcode.make(person["tiket"]).save(photo)
        page.get_by_label("Pilih foto kode").set_input_files(str(photo))
        expect(message).to_have_text(f"{person['nama']} tercatat hadir.")
    # Two read their ticket code aloud.
    for person in present[6:8]:
        page.get_by_label("Kode tiket").fill(person["tiket"].lower().replace("-", " "))
        page.get_by_role("button", name="Catat hadir").click()
        expect(message).to_have_text(f"{person['nama']} tercatat hadir.")
    # The others forgot their phone: found by name.
    for person in present[8:]:
        row = row_of(person)
        row.get_by_role("button", name="Hadir", exact=True).click()
        expect(message).to_have_text(
            f"Hadir: {person['nama']}. Tersimpan di perangkat, dikirim saat ada sinyal."
        )
    # Someone already in, scanned again or tapped "Hadir" on their row: said, not stored again.
    page.get_by_label("Pilih foto kode").set_input_files(
        str(tmp_path / f"{present[0]['tiket']}.png")
    )
    expect(message).to_have_text(f"{present[0]['nama']} sudah tercatat hadir.")
    row_of(present[1]).get_by_role("button", name="Hadir", exact=True).click()
    expect(message).to_have_text(f"{present[1]['nama']} sudah tercatat hadir.")
    search.fill("")
    expect(summary).to_have_text("Hadir 20 dari 30 · dilayani 0")

    # What was done for each; one recording failed on the network.
    failed = next(p for p in reversed(present) if p["keperluan"] != "Rekam KTP-el")
    for person in present:
        row = row_of(person)
        if person is failed:
            row.get_by_label("Alasan gagal").select_option(label="Jaringan")
            row.get_by_role("button", name="Gagal", exact=True).click()
            person["hasil"] = "Gagal"
            expect(row).to_contain_text("Gagal (Jaringan)")
        else:
            person["hasil"] = OUTCOME_FOR[person["keperluan"]]
            button = row.get_by_role("button", name=person["hasil"], exact=True)
            button.click()
            if person is present[2]:  # tapped again, the phone seeming slow: stored once
                button.click()
            expect(row.locator("[data-lencana]")).to_contain_text(person["hasil"])
            expect(message).to_have_text(
                f"{person['hasil']}: {person['nama']}. "
                "Tersimpan di perangkat, dikirim saat ada sinyal."
            )

    # Two came without booking: one the registry knows by NIK, one with only a name.
    walk_in_form = page.locator("form[data-datang]")
    for name, nik in ((NURUL, NURUL_NIK), (WALK_IN_NAME, "")):
        walk_in_form.get_by_label("Nama", exact=True).fill(name)
        walk_in_form.get_by_label("NIK (jika ada)").fill(nik)
        walk_in_form.get_by_label("Keperluan").select_option(label="Rekam KTP-el")
        register = walk_in_form.get_by_role("button", name="Daftarkan")
        register.dblclick() if nik else register.click()  # a double tap registers once
        expect(message).to_have_text(f"{name} tercatat hadir.")
        expect(walk_in_form.get_by_label("Nama", exact=True)).to_have_value("")
        search.fill(name)
        row = roster.get_by_role("listitem").filter(has_text=name)
        expect(row).to_contain_text("Warga datang langsung")
        row.get_by_role("button", name="Sudah direkam", exact=True).click()
        expect(row.locator("[data-lencana]")).to_have_text(re.compile("Hadir.*Sudah direkam"))
    search.fill("")
    walk_in_codes = {
        name: roster.get_by_role("listitem").filter(has_text=name).get_attribute("data-tiket")
        for name in (NURUL, WALK_IN_NAME)
    }
    served = sum(1 for p in present if p["hasil"] != "Gagal") + 2
    expect(summary).to_have_text(f"Hadir 22 dari 32 · dilayani {served}")
    # 20 check-ins, 20 outcomes, 2 walk-ins and their 2 outcomes wait on the device.
    banner = page.get_by_role("link", name=re.compile("kiriman (menunggu|ditolak)"))
    expect(banner).to_have_text("44 kiriman menunggu dikirim")

    # The phone is put away and taken out again, still without signal: nothing is lost.
    response = page.reload()
    assert response is not None and response.from_service_worker
    expect(roster.get_by_role("listitem")).to_have_count(32)
    expect(summary).to_have_text(f"Hadir 22 dari 32 · dilayani {served}")
    expect(banner).to_have_text("44 kiriman menunggu dikirim")
    for person in present:
        badges = roster.get_by_role("listitem").filter(has_text=person["tiket"])
        expect(badges.locator("[data-lencana]")).to_contain_text("Hadir")
        expect(badges.locator("[data-lencana]")).to_contain_text(person["hasil"])
    for person in people[20:]:
        badges = roster.get_by_role("listitem").filter(has_text=person["tiket"])
        expect(badges.locator("[data-lencana]")).to_have_text("")
    for name, code in walk_in_codes.items():
        walk_in = roster.get_by_role("listitem").filter(has_text=code)
        expect(walk_in).to_contain_text(name)
        expect(walk_in.locator("[data-lencana]")).to_have_text(re.compile("Hadir.*Sudah direkam"))
    offline_until = datetime.now(UTC)

    # IKD cannot be activated from the roster (only by scanning the code on the resident's
    # phone, which needs signal): those outcomes come back refused, saying what to do.
    ikd_people = [p for p in present if p["hasil"] == "IKD diaktifkan"]

    # --- Signal again, a poor one: uploads drop, and answers get lost after the server
    # stored what was sent. Retries must neither lose nor double anything. ---
    faults = []

    def poor_signal(route):
        if route.request.method != "POST":
            route.continue_()
            return
        attempt = len(faults)
        fault = "answer lost" if attempt % 5 == 1 else "cut" if attempt % 7 == 3 else "through"
        faults.append(fault)
        if fault == "answer lost":
            route.fetch(max_redirects=0)
            route.abort("connectionreset")
        elif fault == "cut":
            route.abort("connectionreset")
        else:
            route.continue_()

    field_posts = re.compile(r".*/jemput-bola/kunjungan/\d+/(catatan|datang-langsung)$")
    context.route(field_posts, poor_signal)  # before the signal returns: it catches every upload
    go_online(context)
    counts = send_until_empty(page)
    context.unroute(field_posts)
    items = page.evaluate(ITEMS_JS)
    assert counts["refused"] == len(ikd_people), items
    assert counts["waiting"] == 0, items
    assert sorted(title.rsplit(": ", 1)[1] for title, _ in items) == sorted(
        f"{p['nama']} — IKD diaktifkan" for p in ikd_people
    )
    assert {message for _, message in items} <= {NO_IKD_REQUEST}
    assert "answer lost" in faults and "cut" in faults, faults
    if ikd_people:
        expect(banner).to_have_text(
            f"{len(ikd_people)} kiriman ditolak — buka untuk melihat alasannya"
        )
    else:
        expect(banner).to_be_hidden()
    served_on_server = served - len(ikd_people)

    # Another phone of the team, opening the roster now, shows the same day.
    other = open_page(f"/jemput-bola/kunjungan/{kunjungan_id}/lapangan", as_user=PETUGAS)
    other_roster = other.get_by_role("list", name="Daftar warga")
    expect(other_roster.get_by_role("listitem")).to_have_count(32)
    expect(
        other.get_by_role("status").filter(has_text=re.compile(r"^Hadir \d+ dari"))
    ).to_have_text(f"Hadir 22 dari 32 · dilayani {served_on_server}")
    for name, code in walk_in_codes.items():
        walk_in = other_roster.get_by_role("listitem").filter(has_text=code)
        expect(walk_in).to_contain_text(name)
        expect(walk_in.locator("[data-lencana]")).to_have_text(re.compile("Hadir.*Sudah direkam"))
    failed_row = other_roster.get_by_role("listitem").filter(has_text=failed["tiket"])
    expect(failed_row.locator("[data-lencana]")).to_contain_text("Gagal (Jaringan)")

    # --- What the server has. ---
    me = live_rows(live_server, "SELECT id FROM account WHERE username = $1", PETUGAS)[0]["id"]
    bookings = live_rows(
        live_server,
        "SELECT id, kode, nama, status, datang_langsung, penduduk, nik, hadir_pada, dipesan_oleh "
        "FROM pemesanan WHERE kunjungan = $1",
        kunjungan_id,
    )
    by_code = {b["kode"]: b for b in bookings}
    present_codes = {p["tiket"] for p in present}
    checked_in = {b["kode"] for b in bookings if b["status"] == "hadir"}
    assert checked_in == present_codes | set(walk_in_codes.values())  # 20 + 2
    assert {b["kode"] for b in bookings if b["status"] == "aktif"} == {
        p["tiket"] for p in people[20:]
    }
    walk_ins = [b for b in bookings if b["datang_langsung"]]
    assert sorted((b["kode"], b["nama"]) for b in walk_ins) == sorted(
        (code, name) for name, code in walk_in_codes.items()
    )
    nurul, stranger = by_code[walk_in_codes[NURUL]], by_code[walk_in_codes[WALK_IN_NAME]]
    assert nurul["penduduk"] == nurul_before["id"] and nurul["nik"] == ""
    assert stranger["penduduk"] is None and stranger["nik"] == ""
    for walk_in in walk_ins:
        assert walk_in["dipesan_oleh"] == me
        assert offline_since <= instant(walk_in["hadir_pada"]) <= offline_until

    records = live_rows(
        live_server,
        "SELECT c.kode, c.jenis, c.alasan, c.petugas, c.waktu, c.diterima, p.kode AS tiket "
        "FROM catatan_lapangan c JOIN pemesanan p ON p.id = c.pemesanan "
        "WHERE c.kunjungan = $1",
        kunjungan_id,
    )
    found = sorted((r["tiket"], r["jenis"], r["alasan"]) for r in records)
    expected = [(p["tiket"], "hadir", "") for p in present]
    expected += [
        (p["tiket"], JENIS[p["hasil"]], "jaringan" if p["hasil"] == "Gagal" else "")
        for p in present
        if p not in ikd_people
    ]
    expected += [(code, "direkam", "") for code in walk_in_codes.values()]
    assert found == sorted(expected)  # each once: no retry stored anything twice
    assert len({r["kode"] for r in records}) == len(records) == 44 - 2 - len(ikd_people)
    for record in records:
        assert record["petugas"] == me
        # The device's time when it was recorded, not when it reached the server.
        assert offline_since <= instant(record["waktu"]) <= offline_until
        assert instant(record["diterima"]) >= offline_until

    # The report, as the team sees it, and the desa's figures moved by the day's work.
    recorded_residents = [
        status_before[p["tiket"]] for p in present if p["hasil"] == "Sudah direkam"
    ] + [nurul_before["ktp_status"]]
    dropped = recorded_residents.count("belum_rekam")
    assert dropped >= 1  # at least the walk-in from the registry
    page.goto(f"/jemput-bola/kunjungan/{kunjungan_id}/laporan")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Laporan jemput bola: Desa Labuhan Haji"
    )
    # 22 came: 20 of the 30 booked, and 2 without booking.
    assert report_card(page, "hadir, dari") == 20
    expect(page.get_by_text("hadir, dari 30 yang memesan")).to_be_visible()
    assert report_card(page, "datang langsung tanpa pesan") == 2
    assert report_card(page, "memesan tetapi tidak datang") == 10
    assert report_card(page, "warga dilayani") == served_on_server
    outcomes, reasons = page.get_by_role("table").nth(0), page.get_by_role("table").nth(1)
    for label in ("Sudah direkam", "KTP-el diserahkan", "IKD diaktifkan", "Gagal"):
        count = sum(1 for p in present if p["hasil"] == label and p not in ikd_people)
        assert figure(outcomes, label) == count + (2 if label == "Sudah direkam" else 0), label
    assert figure(reasons, "Jaringan") == 1
    assert figure(reasons, "Perangkat") == 0
    assert belum_rekam_figure(page) == unrecorded_before - dropped
    # Nobody's IKD was activated by the roster.
    for person in ikd_people:
        holder = live_rows(
            live_server,
            "SELECT d.ikd_status FROM pemesanan p JOIN penduduk d ON d.id = p.penduduk "
            "WHERE p.kode = $1",
            person["tiket"],
        )
        assert holder[0]["ikd_status"] == "belum_aktif"


# --- Order and links that keep pages offline ------------------------------------------------

ROSTER_HEADING = "Daftar lapangan: Desa Labuhan Haji"


def test_a_roster_opened_by_tapping_its_link_is_kept_for_offline_use(app_page):
    visit = todays_visit(app_page)
    visit.get_by_role("link", name="Daftar lapangan").click()
    expect(app_page.get_by_role("heading", level=1)).to_have_text(ROSTER_HEADING)
    expect(app_page.get_by_text("Daftar ini tersimpan di perangkat")).to_be_visible()
    go_offline(app_page.context)
    response = app_page.reload()
    assert response is not None and response.from_service_worker
    expect(app_page.get_by_role("heading", level=1)).to_have_text(ROSTER_HEADING, timeout=2000)


def test_an_outcome_waits_for_its_walk_in_when_the_walk_in_meets_a_server_error(
    app_page, live_server
):
    page, context = app_page, app_page.context
    visit = todays_visit(page)
    page.goto(visit.get_by_role("link", name="Daftar lapangan").get_attribute("href"))
    expect(page.get_by_role("heading", level=1)).to_have_text(ROSTER_HEADING)
    go_offline(context)
    walk_in_form = page.locator("form[data-datang]")
    walk_in_form.get_by_label("Nama", exact=True).fill("Lalu Kertawan")
    walk_in_form.get_by_role("button", name="Daftarkan").click()
    expect(page.locator("[data-pesan]")).to_have_text("Lalu Kertawan tercatat hadir.")
    page.get_by_label("Cari nama").fill("Lalu Kertawan")
    row = page.get_by_role("list", name="Daftar warga").get_by_role("listitem")
    row = row.filter(has_text="Lalu Kertawan")
    row.get_by_role("button", name="Sudah direkam", exact=True).click()
    code = row.get_attribute("data-tiket")

    failed = []

    def one_server_error(route):
        if route.request.method == "POST" and not failed:
            failed.append(route.request.url)
            route.fulfill(status=500, body="Internal Server Error")
        else:
            route.continue_()

    walk_ins = re.compile(r".*/datang-langsung$")
    context.route(walk_ins, one_server_error)
    go_online(context)
    counts = send_until_empty(page)
    context.unroute(walk_ins)
    assert failed, "the walk-in never met the server error"
    assert counts["refused"] == 0, page.evaluate(ITEMS_JS)
    records = live_rows(
        live_server,
        "SELECT c.jenis FROM catatan_lapangan c JOIN pemesanan p ON p.id = c.pemesanan "
        "WHERE p.kode = $1",
        code,
    )
    assert [r["jenis"] for r in records] == ["direkam"]


# --- Taps that land where the finger did not aim, and taking an outcome back ---------------


def open_roster_offline(page):
    """Today's roster, opened with signal, then without it: nothing leaves the device."""
    visit = todays_visit(page)
    page.goto(visit.get_by_role("link", name="Daftar lapangan").get_attribute("href"))
    expect(page.get_by_role("heading", level=1)).to_have_text(ROSTER_HEADING)
    go_offline(page.context)
    return page.get_by_role("list", name="Daftar warga")


def test_a_double_tap_on_daftarkan_records_no_outcome_for_what_appeared_under_the_finger(
    app_page,
):
    page = app_page
    roster = open_roster_offline(page)
    rows_before = roster.get_by_role("listitem").count()
    walk_in_form = page.locator("form[data-datang]")
    walk_in_form.get_by_label("Nama", exact=True).fill("Inaq Ketuk Dua")
    register = walk_in_form.get_by_role("button", name="Daftarkan")
    # The button in the middle of the screen, where the new row will be brought to.
    register.evaluate("(button) => button.scrollIntoView({ block: 'center' })")
    expect(register).not_to_have_attribute("aria-disabled", "true")
    box = register.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.click(x, y)
    page.wait_for_timeout(50)
    page.mouse.click(x, y)  # the second tap of a double tap, on the same spot

    message = page.locator("[data-pesan]")
    expect(message).to_have_text("Inaq Ketuk Dua tercatat hadir.")
    expect(roster.get_by_role("listitem")).to_have_count(rows_before + 1)
    page.wait_for_timeout(600)  # whatever the second tap did has been stored by now
    titles = [title for title, _ in page.evaluate(ITEMS_JS)]
    assert titles == ["Warga datang langsung: Inaq Ketuk Dua"], titles
    # No row shows an outcome it did not have: only the walk-in's own check-in is new.
    new_row = roster.get_by_role("listitem").filter(has_text="Inaq Ketuk Dua")
    expect(new_row.locator("[data-lencana]")).to_have_text("Hadir")
    assert (
        page.evaluate(
            "() => JSON.parse(localStorage.getItem("
            "'dekat-lapangan-' + document.querySelector('[data-lapangan]').dataset.lapangan"
            ")).records.length"
        )
        == 0
    )


def test_an_outcome_can_be_taken_back_on_the_roster_until_it_is_sent(app_page, live_server):
    page = app_page
    roster = open_roster_offline(page)
    summary = page.get_by_role("status").filter(has_text=re.compile(r"^Hadir \d+ dari"))
    summary_before = summary.inner_text()
    row = roster.get_by_role("listitem").filter(has=page.locator("[data-lencana]:empty")).first
    code = row.get_attribute("data-tiket")
    row = roster.locator(f'li[data-tiket="{code}"]')
    expect(row).to_be_visible()
    name = row.locator("[data-nama-tampil]").text_content().strip()

    row.get_by_role("button", name="Sudah direkam", exact=True).click()
    expect(row.locator("[data-lencana]")).to_have_text(re.compile("Hadir.*Sudah direkam"))
    undo = row.get_by_role("button", name="Batalkan: Sudah direkam")
    expect(undo).to_be_visible()
    banner = page.get_by_role("link", name=re.compile("kiriman (menunggu|ditolak)"))
    expect(banner).to_have_text("1 kiriman menunggu dikirim")

    undo.click()
    message = page.locator("[data-pesan]")
    expect(message).to_have_text(f"Dibatalkan: Sudah direkam untuk {name}. Tidak akan dikirim.")
    expect(row.locator("[data-lencana]")).to_have_text("")
    expect(undo).to_be_hidden()
    expect(summary).to_have_text(summary_before)
    expect(banner).to_be_hidden()
    assert page.evaluate(ITEMS_JS) == []
    # The page put away and opened again without signal: the row is as it was.
    response = page.reload()
    assert response is not None and response.from_service_worker
    expect(row.locator("[data-lencana]")).to_have_text("")
    expect(row.get_by_role("button", name=re.compile("^Batalkan"))).to_be_hidden()

    # Recorded again, then sent: no longer this device's to take back.
    row.get_by_role("button", name="Hadir", exact=True).click()
    expect(row.get_by_role("button", name="Batalkan: Hadir")).to_be_visible()
    go_online(page.context)
    counts = send_until_empty(page)
    assert counts["waiting"] == 0 and counts["refused"] == 0, page.evaluate(ITEMS_JS)
    expect(row.get_by_role("button", name=re.compile("^Batalkan"))).to_be_hidden()
    expect(row.locator("[data-lencana]")).to_have_text("Hadir")
    records = live_rows(
        live_server,
        "SELECT c.jenis FROM catatan_lapangan c JOIN pemesanan p ON p.id = c.pemesanan "
        "WHERE p.kode = $1",
        code,
    )
    assert [r["jenis"] for r in records] == ["hadir"]  # the taken-back recording never arrived
