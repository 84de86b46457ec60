"""Jemput bola as citizens and desa officers meet it: booking a window, the waiting list, a
home visit, the ticket (kept offline), rescheduling and cancelling, the printed list, and
every crafted or mistaken request refused with a clear message and nothing changed.

Each test makes the teams, kits, visits and residents it needs with the `scratch` fixture
(tests/factories.py).
"""

from __future__ import annotations

import asyncio
from datetime import date

import pytest

from server.models.audit import AuditLog
from server.models.jemput_bola import (
    Pemesanan,
    Sesi,
    StatusKunjungan,
    StatusPemesanan,
)
from server.services import kunjungan, pemesanan
from server.services.auth import user_by_username
from server.services.nik import mask
from tests.factories import account_id, desa_of, unique_tag, working_day
from tests.helpers import (
    TICKET_PATH,
    bookings_of,
    csrf_token,
    events,
    galat,
    post,
    refused_with,
    soup,
    text_of,
    ticket_code,
    windows_of,
)

pytestmark = pytest.mark.anyio

# --- This file's set-up -------------------------------------------------------------------


@pytest.fixture
async def labuhan(scratch):
    """A published visit to Desa Labuhan Haji (Siti Aminah's desa) next week: 30 places in
    three windows of 10, and five home visits."""
    desa = await desa_of("Labuhan Haji", "Labuhan Haji")
    team = await scratch.team("Labuhan Haji")
    visit = await scratch.visit(team, desa, working_day(0, 1), 30, tempat="Kantor Desa Uji")
    return {**visit, "team": team}


async def book_as(client, visit_id: int, data: dict):
    return await post(client, f"/jemput-bola/kunjungan/{visit_id}/pesan", data)


async def booking(kode: str) -> dict:
    return await Pemesanan.select().where(Pemesanan.kode == kode).first()


async def filled(sesi_id: int) -> int:
    return (await Sesi.select(Sesi.terisi).where(Sesi.id == sesi_id).first())["terisi"]


# --- Citizens -----------------------------------------------------------------------------


async def test_citizen_books_for_a_family_member_then_reschedules_and_cancels(
    as_role, registry, labuhan
):
    ahmad = registry["people"]["Ahmad Fauzi"]
    first, second, _ = labuhan["sesi"]
    citizen = await as_role("warga")

    index = await citizen.get("/jemput-bola")
    assert index.status_code == 200
    assert f"/jemput-bola/kunjungan/{labuhan['id']}" in index.text
    assert "30 tempat tersisa" in text_of(index)

    page = await citizen.get(f"/jemput-bola/kunjungan/{labuhan['id']}")
    assert page.status_code == 200
    form = soup(page).select_one("#form-pesan")
    family = {label.get_text(strip=True) for label in form.select("fieldset label")}
    assert {"Ahmad Fauzi", "Siti Aminah", "Nurul Hasanah"} <= family
    assert "10 tempat tersisa" in form.get_text()

    response = await book_as(
        citizen, labuhan["id"], {"penduduk": ahmad, "sesi": first, "keperluan": "rekam"}
    )
    kode = ticket_code(response)
    row = await booking(kode)
    assert row["penduduk"] == ahmad and row["sesi"] == first
    assert row["status"] == StatusPemesanan.aktif
    assert row["dipesan_oleh"] == await account_id(registry["accounts"]["warga"])
    assert await filled(first) == 1

    ticket = await citizen.get(f"/jemput-bola/tiket/{kode}")
    assert ticket.status_code == 200
    assert ticket.headers.get("x-dekat-offline") == "simpan"  # kept on the phone for the day
    assert soup(ticket).select_one("#tiket-nama").get_text(strip=True) == "Ahmad Fauzi"
    assert kode in ticket.text and "Jam 08.00–10.00" in text_of(ticket)
    assert soup(ticket).select_one(".ikd-qr svg") is not None
    assert "Ahmad Fauzi" in text_of(await citizen.get("/jemput-bola"))  # "Tiket saya"

    moved = await post(citizen, f"/jemput-bola/tiket/{kode}/ubah", {"sesi": second})
    assert moved.status_code == 303 and moved.headers["location"] == f"/jemput-bola/tiket/{kode}"
    assert (await booking(kode))["sesi"] == second
    assert (await filled(first), await filled(second)) == (0, 1)
    assert "Jam 10.00–12.00" in text_of(await citizen.get(f"/jemput-bola/tiket/{kode}"))

    cancelled = await post(citizen, f"/jemput-bola/tiket/{kode}/batal")
    assert cancelled.status_code == 303
    assert cancelled.headers["location"] == f"/jemput-bola/tiket/{kode}"
    row = await booking(kode)
    assert row["status"] == StatusPemesanan.dibatalkan and row["kunci"] is None
    assert await filled(second) == 0
    after = await citizen.get(f"/jemput-bola/tiket/{kode}")
    assert "Dibatalkan" in text_of(after)
    assert soup(after).select_one(".ikd-qr") is None
    # A cancelled ticket no longer holds the person: they may book again.
    again = await book_as(citizen, labuhan["id"], {"penduduk": ahmad, "sesi": first})
    assert (await booking(ticket_code(again)))["status"] == StatusPemesanan.aktif


async def test_waiting_list_shows_the_position_and_a_freed_place_goes_to_the_first(
    as_role, registry, labuhan, scratch
):
    # A small visit: three windows of one place each.
    desa = labuhan["desa"]
    visit = await scratch.visit(labuhan["team"], desa, working_day(0, 2), 3)
    window = visit["sesi"][0]
    operator = await user_by_username(registry["accounts"]["operator"])
    lalu = await pemesanan.book(
        operator,
        pemesanan.Request(visit["id"], registry["people"]["Lalu Sahabudin"], window),
    )

    citizen = await as_role("warga")
    full = await book_as(
        citizen, visit["id"], {"penduduk": registry["people"]["Ahmad Fauzi"], "sesi": window}
    )
    refused_with(full, 409, "Jadwal ini sudah penuh")
    waiting = {}
    for name in ("Ahmad Fauzi", "Nurul Hasanah"):
        response = await book_as(
            citizen,
            visit["id"],
            {"penduduk": registry["people"][name], "sesi": window, "daftar_tunggu": "1"},
        )
        waiting[name] = ticket_code(response)
        row = await booking(waiting[name])
        assert row["status"] == StatusPemesanan.menunggu and row["sesi"] is None
    assert await filled(window) == 1

    first = await citizen.get(f"/jemput-bola/tiket/{waiting['Ahmad Fauzi']}")
    assert "Anda nomor 1 di daftar tunggu" in text_of(first)
    assert soup(first).select_one(".ikd-qr") is None  # no place yet, no code to show
    second = await citizen.get(f"/jemput-bola/tiket/{waiting['Nurul Hasanah']}")
    assert "Anda nomor 2 di daftar tunggu" in text_of(second)

    # The desa officer cancels Lalu's ticket: the place goes to the first on the list.
    officer = await as_role("operator")
    response = await post(officer, f"/jemput-bola/tiket/{lalu['kode']}/batal")
    assert response.status_code == 303
    promoted = await booking(waiting["Ahmad Fauzi"])
    assert promoted["status"] == StatusPemesanan.aktif and promoted["sesi"] == window
    assert (await booking(waiting["Nurul Hasanah"]))["status"] == StatusPemesanan.menunggu
    assert await filled(window) == 1
    moved_up = [e["data"] for e in await events("pemesanan.naik")]
    assert [e["pemesanan"] for e in moved_up if e["kode"] == promoted["kode"]] == [promoted["id"]]

    citizen = await as_role("warga")
    now_first = await citizen.get(f"/jemput-bola/tiket/{waiting['Nurul Hasanah']}")
    assert "Anda nomor 1 di daftar tunggu" in text_of(now_first)
    ticket = await citizen.get(f"/jemput-bola/tiket/{waiting['Ahmad Fauzi']}")
    assert "Jam 08.00–10.00" in text_of(ticket) and soup(ticket).select_one(".ikd-qr svg")


async def test_a_home_visit_needs_a_reason_and_an_address(as_role, registry, labuhan):
    nurul = registry["people"]["Nurul Hasanah"]
    home = labuhan["rumah"]
    citizen = await as_role("warga")
    form = {"penduduk": nurul, "sesi": home, "rumah": "1", "keperluan": "rekam"}

    no_reason = await book_as(citizen, labuhan["id"], {**form, "alamat": "Dusun Timur RT 02"})
    refused_with(
        no_reason, 422, "Kunjungan ke rumah hanya untuk lansia dan penyandang disabilitas."
    )
    no_address = await book_as(citizen, labuhan["id"], {**form, "alasan_rumah": "lansia"})
    refused_with(no_address, 422, "Tulis alamat rumah atau petunjuk jalannya")
    short = await book_as(
        citizen, labuhan["id"], {**form, "alasan_rumah": "lansia", "alamat": "RT"}
    )
    refused_with(short, 422, "Tulis alamat rumah atau petunjuk jalannya")
    assert await bookings_of(labuhan["id"]) == []
    assert await filled(home) == 0

    response = await book_as(
        citizen,
        labuhan["id"],
        {**form, "alasan_rumah": "disabilitas", "alamat": "Dusun Timur RT 02, rumah cat hijau"},
    )
    row = await booking(ticket_code(response))
    assert row["kunjungan_rumah"] is True and row["sesi"] == home
    assert row["alasan_rumah"] == "disabilitas"
    assert row["alamat"] == "Dusun Timur RT 02, rumah cat hijau"
    assert await filled(home) == 1
    ticket = await citizen.get(f"/jemput-bola/tiket/{row['kode']}")
    assert "Di rumah: Dusun Timur RT 02, rumah cat hijau" in text_of(ticket)
    assert "Kunjungan ke rumah" in text_of(ticket)


# --- Desa officers ------------------------------------------------------------------------


async def test_desa_officer_books_for_a_resident_and_prints_the_list_with_masked_nik(
    as_role, labuhan, scratch
):
    (resident,) = await scratch.residents(labuhan["desa"])
    officer = await as_role("operator")
    page = await officer.get(f"/jemput-bola/kunjungan/{labuhan['id']}")
    assert page.status_code == 200
    listed = soup(page).select_one("#warga-desa").get_text(" ", strip=True)
    assert resident["nama"] in listed and mask(resident["nik"]) in listed
    assert resident["nik"] not in page.text

    chosen = await officer.get(f"/jemput-bola/kunjungan/{labuhan['id']}?untuk={resident['id']}")
    assert f"Pesan untuk {resident['nama']}" in text_of(chosen)
    response = await book_as(
        officer,
        labuhan["id"],
        {"penduduk": resident["id"], "sesi": labuhan["sesi"][2], "keperluan": "rekam"},
    )
    row = await booking(ticket_code(response))
    assert row["penduduk"] == resident["id"] and row["status"] == StatusPemesanan.aktif
    assert await AuditLog.count().where(
        (AuditLog.action == "pesan_jemput_bola") & (AuditLog.object_id == resident["id"])
    )

    printed = await officer.get(f"/jemput-bola/kunjungan/{labuhan['id']}/daftar-hadir")
    assert printed.status_code == 200
    rows = [
        [td.get_text(strip=True) for td in tr.select("td")]
        for tr in soup(printed).select("table.print-list tbody tr")
    ]
    assert [1 for r in rows if r[2] == resident["nama"]], rows
    line = next(r for r in rows if r[2] == resident["nama"])
    assert line[1] == "13.00–15.00" and line[3] == mask(resident["nik"])
    assert resident["nik"] not in printed.text
    # Booked residents leave the list of those still to serve.
    again = await officer.get(f"/jemput-bola/kunjungan/{labuhan['id']}")
    assert resident["nama"] not in soup(again).select_one("#warga-desa").get_text()

    # Another desa's officer sees no list of this visit.
    other = await as_role("operator_geres")
    hidden = await other.get(f"/jemput-bola/kunjungan/{labuhan['id']}/daftar-hadir")
    assert hidden.status_code == 404
    assert resident["nama"] not in hidden.text


# --- Refused requests ---------------------------------------------------------------------


async def test_a_visit_of_another_desa_cannot_be_booked(as_role, registry, labuhan, scratch):
    geres_officer = await as_role("operator_geres")
    page = await geres_officer.get(f"/jemput-bola/kunjungan/{labuhan['id']}")
    assert "Kunjungan ini untuk warga Desa Labuhan Haji." in text_of(page)
    response = await book_as(
        geres_officer,
        labuhan["id"],
        {"penduduk": registry["people"]["Zainul Hakim"], "sesi": labuhan["sesi"][0]},
    )
    refused_with(response, 422, "Kunjungan ini untuk warga Desa Labuhan Haji.")
    # Nor for a resident of another desa than the officer's own.
    response = await book_as(
        geres_officer,
        labuhan["id"],
        {"penduduk": registry["people"]["Siti Aminah"], "sesi": labuhan["sesi"][0]},
    )
    refused_with(response, 422, "Penduduk ini bukan warga desa Anda.")

    geres = await desa_of("Labuhan Haji", "Geres")
    geres_visit = await scratch.visit(labuhan["team"], geres, working_day(0, 3), 30)
    citizen = await as_role("warga")
    response = await book_as(
        citizen,
        geres_visit["id"],
        {"penduduk": registry["people"]["Siti Aminah"], "sesi": geres_visit["sesi"][0]},
    )
    refused_with(response, 422, "Kunjungan ini untuk warga Desa Geres.")

    assert await bookings_of(labuhan["id"]) == []
    assert await bookings_of(geres_visit["id"]) == []
    assert await filled(labuhan["sesi"][0]) == 0 and await filled(geres_visit["sesi"][0]) == 0


async def test_crafted_requests_are_refused_and_change_nothing(as_role, registry, labuhan, scratch):
    siti = registry["people"]["Siti Aminah"]
    first = labuhan["sesi"][0]
    citizen = await as_role("warga")
    booked = ticket_code(await book_as(citizen, labuhan["id"], {"penduduk": siti, "sesi": first}))
    other_visit = await scratch.visit(labuhan["team"], labuhan["desa"], working_day(0, 4), 30)
    # Fill the second window to the brim, as if others had booked it.
    full = labuhan["sesi"][1]
    await Sesi.update({Sesi.terisi: Sesi.kapasitas}).where(Sesi.id == full)
    before = await windows_of(labuhan["id"])

    attempts = [
        # A full window, without asking for the waiting list.
        (
            {"penduduk": registry["people"]["Ahmad Fauzi"], "sesi": full},
            409,
            "Jadwal ini sudah penuh. Pilih jam lain, atau masuk daftar tunggu.",
        ),
        # A window of another visit.
        (
            {"penduduk": registry["people"]["Ahmad Fauzi"], "sesi": other_visit["sesi"][0]},
            422,
            "Pilih jam kedatangan dari daftar.",
        ),
        # The home-visit round, as if it were a window at the venue.
        (
            {"penduduk": registry["people"]["Ahmad Fauzi"], "sesi": labuhan["rumah"]},
            422,
            "Pilih jam kedatangan dari daftar.",
        ),
        # A neighbour outside the citizen's KK.
        (
            {"penduduk": registry["people"]["Lalu Sahabudin"], "sesi": first},
            422,
            "Anda hanya bisa memesan untuk diri sendiri atau anggota KK Anda.",
        ),
        # No person at all.
        ({"sesi": first}, 422, "Anda hanya bisa memesan untuk diri sendiri"),
        # The same person twice.
        ({"penduduk": siti, "sesi": labuhan["sesi"][2]}, 422, "Siti Aminah sudah punya pemesanan"),
        # A purpose not on the list.
        (
            {"penduduk": registry["people"]["Ahmad Fauzi"], "sesi": first, "keperluan": "x"},
            422,
            "Pilih keperluan Anda.",
        ),
    ]
    for data, status, message in attempts:
        refused_with(await book_as(citizen, labuhan["id"], data), status, message)

    rows = await bookings_of(labuhan["id"])
    assert [r["kode"] for r in rows] == [booked]
    assert await windows_of(labuhan["id"]) == before
    assert await bookings_of(other_visit["id"]) == []
    # A visit that is not published (yet) is not open for booking.
    proposed = await scratch.visit(
        labuhan["team"], labuhan["desa"], working_day(1, 0), status=StatusKunjungan.diusulkan
    )
    response = await book_as(citizen, proposed["id"], {"penduduk": siti, "sesi": first})
    assert response.status_code == 404
    assert await bookings_of(proposed["id"]) == []


async def test_a_full_window_cannot_be_chosen_when_rescheduling(as_role, registry, labuhan):
    citizen = await as_role("warga")
    kode = ticket_code(
        await book_as(
            citizen,
            labuhan["id"],
            {"penduduk": registry["people"]["Siti Aminah"], "sesi": labuhan["sesi"][0]},
        )
    )
    full = labuhan["sesi"][1]
    await Sesi.update({Sesi.terisi: Sesi.kapasitas}).where(Sesi.id == full)
    before = await windows_of(labuhan["id"])
    response = await post(citizen, f"/jemput-bola/tiket/{kode}/ubah", {"sesi": full})
    refused_with(response, 409, "Jam itu sudah penuh. Pilih jam lain.")
    response = await post(citizen, f"/jemput-bola/tiket/{kode}/ubah", {"sesi": labuhan["rumah"]})
    refused_with(response, 422, "Pilih jam kedatangan dari daftar.")
    assert (await booking(kode))["sesi"] == labuhan["sesi"][0]
    assert await windows_of(labuhan["id"]) == before


async def test_one_ticket_rescheduled_twenty_times_at_once_holds_one_place(
    as_role, registry, labuhan
):
    """The attack: a citizen sends the same ticket's "Ubah jam" twenty times at once, to the
    other two windows. Before, each request moved a place read before it ran, and the windows
    filled up with places nobody held. Now the ticket ends in one window holding one place,
    every counter equals its bookings, and each refused request says why."""
    citizen = await as_role("warga")
    first, second, third = labuhan["sesi"]
    kode = ticket_code(
        await book_as(
            citizen, labuhan["id"], {"penduduk": registry["people"]["Siti Aminah"], "sesi": first}
        )
    )
    token = await csrf_token(citizen, "/")
    responses = await asyncio.gather(
        *(
            citizen.post(
                f"/jemput-bola/tiket/{kode}/ubah",
                data={"sesi": (second, third)[i % 2], "_csrf_token": token},
                follow_redirects=False,
            )
            for i in range(20)
        )
    )
    moved = [r for r in responses if r.status_code == 303]
    refused = [r for r in responses if r.status_code != 303]
    assert moved, [r.status_code for r in responses]
    for response in refused:
        assert response.status_code == 422, response.status_code
        assert galat(response) in (
            pemesanan.CHANGED,
            "Itu jam yang sudah Anda pesan.",
        ), galat(response)
        assert galat(response) in text_of(response)
    row = await booking(kode)
    assert row["status"] == StatusPemesanan.aktif and row["sesi"] in (second, third)
    counted = {sesi: await filled(sesi) for sesi in (first, second, third)}
    assert counted == {sesi: int(sesi == row["sesi"]) for sesi in (first, second, third)}
    assert "29 tempat tersisa" in text_of(await citizen.get("/jemput-bola"))


async def test_nobody_cancels_or_moves_someone_elses_ticket(as_role, registry, labuhan):
    citizen = await as_role("warga")
    kode = ticket_code(
        await book_as(
            citizen,
            labuhan["id"],
            {"penduduk": registry["people"]["Siti Aminah"], "sesi": labuhan["sesi"][0]},
        )
    )
    before = await booking(kode)
    for role in ("warga_tetangga", "operator_geres"):
        other = await as_role(role)
        seen = await other.get(f"/jemput-bola/tiket/{kode}")
        assert seen.status_code == 404 and "Siti Aminah" not in seen.text
        cancel = await post(other, f"/jemput-bola/tiket/{kode}/batal")
        refused_with(cancel, 404, "Tiket tidak ditemukan, atau bukan milik Anda.")
        move = await post(other, f"/jemput-bola/tiket/{kode}/ubah", {"sesi": labuhan["sesi"][1]})
        refused_with(move, 404, "Tiket tidak ditemukan, atau bukan milik Anda.")
    assert await booking(kode) == before
    assert await filled(labuhan["sesi"][0]) == 1 and await filled(labuhan["sesi"][1]) == 0
    # Roles that do not book cannot cancel either.
    for role in ("pengawas", "petugas"):
        other = await as_role(role)
        assert (await post(other, f"/jemput-bola/tiket/{kode}/batal")).status_code == 403
    assert (await booking(kode))["status"] == StatusPemesanan.aktif


async def test_only_citizens_and_desa_officers_book(as_role, registry, labuhan):
    for role in ("pengawas", "dinas", "petugas"):
        client = await as_role(role)
        response = await book_as(
            client,
            labuhan["id"],
            {"penduduk": registry["people"]["Siti Aminah"], "sesi": labuhan["sesi"][0]},
        )
        assert response.status_code == 403
    assert await bookings_of(labuhan["id"]) == []


async def test_a_booking_from_the_outbox_gets_a_204_and_a_retry_books_once(
    as_role, registry, labuhan
):
    citizen = await as_role("warga")
    token = await csrf_token(citizen, "/")
    account = await account_id(registry["accounts"]["warga"])
    form = {
        "penduduk": registry["people"]["Siti Aminah"],
        "sesi": labuhan["sesi"][0],
        "keperluan": "aktivasi_ikd",
        "_csrf_token": token,
    }
    headers = {"X-Dekat-Account": str(account), "Idempotency-Key": f"pesan-{unique_tag()}"}
    path = f"/jemput-bola/kunjungan/{labuhan['id']}/pesan"
    answer = await citizen.post(path, data=form, headers=headers, follow_redirects=False)
    assert answer.status_code == 204, galat(answer)
    kode = TICKET_PATH.match(answer.headers["x-dekat-lokasi"]).group(1)
    retry = await citizen.post(path, data=form, headers=headers, follow_redirects=False)
    assert retry.status_code == 204 and retry.headers["idempotent-replayed"] == "true"
    assert retry.headers["x-dekat-lokasi"] == answer.headers["x-dekat-lokasi"]
    rows = await bookings_of(labuhan["id"])
    assert [(r["kode"], r["keperluan"]) for r in rows] == [(kode, "aktivasi_ikd")]
    assert await filled(labuhan["sesi"][0]) == 1


async def test_the_visit_list_opens_on_29_february(as_role, labuhan, monkeypatch):
    """A year after 29 February is not a date: the list of visits ahead must still open."""
    monkeypatch.setattr(kunjungan, "today", lambda: date(2028, 2, 29))
    for role in ("dinas", "petugas", "warga"):
        client = await as_role(role)
        response = await client.get("/jemput-bola")
        assert response.status_code == 200, role
