"""The field day of a jemput-bola visit: the team's roster (kept offline), check-in and each
outcome moving the registry, records and walk-ins that arrive twice stored once, the broken
kit in one tap, the report, closing the day, the outbox's answers, and refusals."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from server.models.audit import AuditLog
from server.models.ikd import AktivasiStatus, IkdAktivasi
from server.models.jemput_bola import (
    CatatanLapangan,
    Kunjungan,
    Pemesanan,
    Perangkat,
    PerangkatRiwayat,
    StatusKunjungan,
    StatusPemesanan,
    StatusPerangkat,
)
from server.models.kantor import Kantor
from server.models.penduduk import IkdStatus, KtpStatus, Penduduk
from server.models.permohonan import Kanal, Permohonan, PermohonanEvent, Status
from server.services import ikd_aktivasi, kunjungan, lapangan, pemesanan
from server.services.nik import mask
from tests.factories import account_id, desa_of, unique_tag, working_day
from tests.helpers import csrf_token, galat, post, refused_with, soup, text_of, unrecorded_in

pytestmark = pytest.mark.anyio


@pytest.fixture
async def day(scratch, registry):
    """Today's visit of the petugas's team to Desa Geres (Kecamatan Labuhan Haji, the area the
    petugas serves), with four residents booked; another team's visit the same day, with a
    fifth resident booked; and a sixth resident who did not book."""
    desa = await desa_of("Labuhan Haji", "Geres")
    team = await scratch.team("Labuhan Haji", petugas=registry["accounts"]["petugas"])
    other_team = await scratch.team("Labuhan Haji")
    today = kunjungan.today()
    visit = await scratch.visit(team, desa, today, 30, tempat="Balai Desa Geres")
    other = await scratch.visit(other_team, desa, today, 30)
    operator = await scratch.operator(desa)
    people = await scratch.residents(desa, 6)
    tickets = []
    for index, person in enumerate(people[:4]):
        row = await pemesanan.book(
            operator,
            pemesanan.Request(visit["id"], person["id"], visit["sesi"][index % 3]),
        )
        tickets.append(row["kode"])
    other_ticket = await pemesanan.book(
        operator, pemesanan.Request(other["id"], people[4]["id"], other["sesi"][0])
    )
    return {
        "desa": desa,
        "team": team,
        "other_team": other_team,
        "visit": visit,
        "other": other,
        "people": people,
        "tickets": tickets,
        "other_ticket": other_ticket["kode"],
    }


def now() -> str:
    return datetime.now(UTC).isoformat()


def record_form(tiket: str, jenis: str, alasan: str = "", kode: str | None = None) -> dict:
    """A record as the roster's script sends it: its own code and the device's time."""
    return {
        "kode": kode or uuid.uuid4().hex,
        "tiket": tiket,
        "jenis": jenis,
        "alasan": alasan,
        "waktu": now(),
    }


async def send_record(client, visit_id: int, data: dict, headers: dict | None = None):
    return await post(client, f"/jemput-bola/kunjungan/{visit_id}/catatan", data, headers)


async def records_of(visit_id: int) -> list[dict]:
    return (
        await CatatanLapangan.select()
        .where(CatatanLapangan.kunjungan == visit_id)
        .order_by(CatatanLapangan.id)
    )


async def person(penduduk_id: int) -> dict:
    return await Penduduk.select().where(Penduduk.id == penduduk_id).first()


async def booking(kode: str) -> dict:
    return await Pemesanan.select().where(Pemesanan.kode == kode).first()


# --- The roster ---------------------------------------------------------------------------


async def test_the_team_opens_its_roster_which_stays_on_the_device(as_role, day):
    field = await as_role("petugas")
    response = await field.get(f"/jemput-bola/kunjungan/{day['visit']['id']}/lapangan")
    assert response.status_code == 200
    assert response.headers.get("x-dekat-offline") == "simpan"
    rows = {li["data-tiket"]: li for li in soup(response).select("ul.roster li")}
    assert set(rows) == set(day["tickets"])
    for resident, kode in zip(day["people"], day["tickets"], strict=False):
        line = rows[kode].get_text(" ", strip=True)
        assert resident["nama"] in line and mask(resident["nik"]) in line
        assert resident["nik"] not in response.text
    assert "Hadir 0 dari 4 · dilayani 0" in text_of(response)
    # The other team's visit is not theirs.
    other = await field.get(f"/jemput-bola/kunjungan/{day['other']['id']}/lapangan")
    assert other.status_code == 404
    assert "bukan tugas tim Anda" in galat(other)
    assert day["people"][4]["nama"] not in other.text
    # The Dinas may open any roster; it is not kept on an office computer.
    dinas = await as_role("dinas")
    office = await dinas.get(f"/jemput-bola/kunjungan/{day['visit']['id']}/lapangan")
    assert office.status_code == 200 and "x-dekat-offline" not in office.headers
    for role in ("warga", "operator", "pengawas"):
        client = await as_role(role)
        path = f"/jemput-bola/kunjungan/{day['visit']['id']}/lapangan"
        assert (await client.get(path)).status_code == 403


# --- Outcomes -----------------------------------------------------------------------------


async def test_check_in_and_each_outcome_move_the_registry(as_role, registry, day):
    p = day["people"]
    t = day["tickets"]
    visit_id = day["visit"]["id"]
    petugas = await account_id(registry["accounts"]["petugas"])
    kantor = (await Kantor.select(Kantor.id).first())["id"]
    ready = await Permohonan.insert(
        Permohonan(
            kode=f"DK-{unique_tag()[:4]}-UJI1",
            layanan="ktp_cetak_ulang",
            pemohon=p[2]["id"],
            diajukan_oleh=petugas,
            kanal=Kanal.jemput_bola,
            status=Status.siap_diambil,
            kantor=kantor,
        )
    )
    ready_id = ready[0]["id"]
    ikd_code = ikd_aktivasi.new_code()
    await IkdAktivasi.insert(
        IkdAktivasi(
            kode=ikd_code,
            penduduk=p[1]["id"],
            kedaluwarsa=datetime.now(UTC) + timedelta(hours=1),
        )
    )
    unrecorded = await unrecorded_in(day["desa"])
    field = await as_role("petugas")

    # Check-in, with the code as typed from the ticket: lower case, without the dash.
    typed = t[0].replace("-", "").lower()
    response = await send_record(field, visit_id, record_form(typed, "hadir"))
    assert response.status_code == 303
    assert response.headers["location"] == f"/jemput-bola/kunjungan/{visit_id}/lapangan"
    row = await booking(t[0])
    assert row["status"] == StatusPemesanan.hadir and row["hadir_pada"] is not None
    assert row["kunci"] is None
    # Recorded: the resident is no longer waiting to be recorded, and the desa's need drops.
    assert (await send_record(field, visit_id, record_form(t[0], "direkam"))).status_code == 303
    assert (await person(p[0]["id"]))["ktp_status"] == KtpStatus.sudah_rekam
    assert await unrecorded_in(day["desa"]) == unrecorded - 1
    # IKD on the spot: the roster's outcome alone does not activate it; the officer scans the
    # code the resident asked for and checks them (the activation flow), then records it.
    refused_with(
        await send_record(field, visit_id, record_form(t[1], "ikd_diaktifkan")),
        422,
        "IKD belum aktif: pindai kode aktivasi di ponsel warga",
    )
    assert (await person(p[1]["id"]))["ikd_status"] == IkdStatus.belum_aktif
    assert (await post(field, f"/ikd/aktivasi/{ikd_code}")).status_code == 200
    assert (await person(p[1]["id"]))["ikd_status"] == IkdStatus.aktif
    request = await IkdAktivasi.select().where(IkdAktivasi.penduduk == p[1]["id"]).first()
    assert request["status"] == AktivasiStatus.selesai and request["petugas"] == petugas
    assert (
        await send_record(field, visit_id, record_form(t[1], "ikd_diaktifkan"))
    ).status_code == 303
    # A printed card handed over finishes the request that waited for collection.
    assert (
        await send_record(field, visit_id, record_form(t[2], "kartu_diserahkan"))
    ).status_code == 303
    assert (await person(p[2]["id"]))["ktp_status"] == KtpStatus.sudah_cetak
    permohonan = await Permohonan.select().where(Permohonan.id == ready_id).first()
    assert permohonan["status"] == Status.selesai
    step = await PermohonanEvent.select().where(PermohonanEvent.permohonan == ready_id).first()
    assert (step["dari"], step["ke"], step["catatan"]) == (
        "siap_diambil",
        "selesai",
        lapangan.HANDED_OVER_NOTE,
    )
    # A failure, with its reason.
    assert (
        await send_record(field, visit_id, record_form(t[3], "gagal", "jaringan"))
    ).status_code == 303
    assert (await person(p[3]["id"]))["ktp_status"] == KtpStatus.belum_rekam

    records = await records_of(visit_id)
    assert [(r["pemesanan"], r["jenis"], r["alasan"]) for r in records] == [
        ((await booking(t[0]))["id"], "hadir", ""),
        ((await booking(t[0]))["id"], "direkam", ""),
        ((await booking(t[1]))["id"], "ikd_diaktifkan", ""),
        ((await booking(t[2]))["id"], "kartu_diserahkan", ""),
        ((await booking(t[3]))["id"], "gagal", "jaringan"),
    ]
    assert {r["petugas"] for r in records} == {petugas}
    for kode in t:
        assert (await booking(kode))["status"] == StatusPemesanan.hadir

    roster = await field.get(f"/jemput-bola/kunjungan/{visit_id}/lapangan")
    assert "Hadir 4 dari 4 · dilayani 3" in text_of(roster)
    line = soup(roster).select_one(f'li[data-tiket="{t[3]}"]')
    assert "gagal:jaringan" in line["data-hasil"]


async def test_a_record_sent_twice_is_stored_once(as_role, day):
    visit_id = day["visit"]["id"]
    field = await as_role("petugas")
    form = record_form(day["tickets"][0], "direkam")
    first = await send_record(field, visit_id, form)
    second = await send_record(field, visit_id, form)
    assert first.status_code == second.status_code == 303
    assert await CatatanLapangan.count().where(CatatanLapangan.kode == form["kode"]) == 1
    assert len(await records_of(visit_id)) == 1


async def test_the_outbox_gets_a_204_naming_the_next_page(as_role, registry, day):
    visit_id = day["visit"]["id"]
    field = await as_role("petugas")
    token = await csrf_token(field, "/")
    account = await account_id(registry["accounts"]["petugas"])
    form = {**record_form(day["tickets"][1], "hadir"), "_csrf_token": token}
    headers = {"X-Dekat-Account": str(account), "Idempotency-Key": f"lapangan-{uuid.uuid4().hex}"}
    path = f"/jemput-bola/kunjungan/{visit_id}/catatan"

    answer = await field.post(path, data=form, headers=headers, follow_redirects=False)
    assert answer.status_code == 204, galat(answer)
    assert answer.headers["x-dekat-lokasi"] == f"/jemput-bola/kunjungan/{visit_id}/lapangan"
    retry = await field.post(path, data=form, headers=headers, follow_redirects=False)
    assert retry.status_code == 204
    assert retry.headers["idempotent-replayed"] == "true"
    assert retry.headers["x-dekat-lokasi"] == answer.headers["x-dekat-lokasi"]
    # The same record in a new outbox item (the device lost the first answer): still once.
    again = await field.post(
        path,
        data=form,
        headers={**headers, "Idempotency-Key": f"lapangan-{uuid.uuid4().hex}"},
        follow_redirects=False,
    )
    assert again.status_code == 204
    assert await CatatanLapangan.count().where(CatatanLapangan.kode == form["kode"]) == 1
    assert (await booking(day["tickets"][1]))["status"] == StatusPemesanan.hadir

    # A refused item: the outbox shows the message from the header.
    refused = await field.post(
        path,
        data={**record_form(day["other_ticket"], "hadir"), "_csrf_token": token},
        headers={**headers, "Idempotency-Key": f"lapangan-{uuid.uuid4().hex}"},
        follow_redirects=False,
    )
    assert refused.status_code == 422
    assert lapangan.NOT_ON_ROSTER in galat(refused)
    # An item made by another account waits for its owner.
    foreign = await field.post(
        path,
        data={**record_form(day["tickets"][2], "hadir"), "_csrf_token": token},
        headers={"X-Dekat-Account": str(account + 1000), "Idempotency-Key": "lain-akun-0001"},
        follow_redirects=False,
    )
    assert foreign.status_code == 409
    assert (await booking(day["tickets"][2]))["status"] == StatusPemesanan.aktif


async def test_records_that_cannot_be_right_are_refused_and_store_nothing(as_role, day, scratch):
    visit_id = day["visit"]["id"]
    field = await as_role("petugas")
    t = day["tickets"]
    refusals = [
        (record_form(day["other_ticket"], "hadir"), lapangan.NOT_ON_ROSTER),  # another visit
        (record_form("JB-ZZZZZZZZ", "direkam"), lapangan.NOT_ON_ROSTER),  # unknown
        (record_form("bukan tiket", "direkam"), lapangan.NOT_ON_ROSTER),
        (record_form(t[0], "gagal"), "Pilih alasan gagal: perangkat, jaringan, listrik, atau"),
        (record_form(t[0], "gagal", "hujan"), "Pilih alasan gagal"),
        (record_form(t[0], "terbang"), "Pilih hasil layanan dari daftar."),
        (record_form(t[0], "hadir", kode="pendek"), "Kode catatan tidak valid."),
        (
            {**record_form(t[0], "hadir"), "waktu": "2001-01-01T08:00:00+08:00"},
            "Waktu pencatatan di perangkat tidak masuk akal.",
        ),
        ({**record_form(t[0], "hadir"), "waktu": "kemarin"}, "Waktu pencatatan tidak terbaca."),
    ]
    for data, message in refusals:
        refused_with(await send_record(field, visit_id, data), 422, message)
    # A cancelled ticket is off the roster too.
    cancelled = await pemesanan.ticket(t[3])
    await pemesanan.cancel(await scratch.operator(day["desa"]), cancelled)
    refused_with(
        await send_record(field, visit_id, record_form(t[3], "hadir")), 422, "Orang ini tidak ada"
    )
    assert await records_of(visit_id) == []
    assert (await booking(t[0]))["status"] == StatusPemesanan.aktif
    assert (await person(day["people"][0]["id"]))["ktp_status"] == KtpStatus.belum_rekam


async def test_a_petugas_of_another_team_can_do_nothing_on_its_visit(as_role, day):
    """Not their visit: the roster and the report are not found, and neither is any action
    on it; nothing changes."""
    other_id = day["other"]["id"]
    other_kit = day["other_team"]["kits"][0]["id"]
    base = f"/jemput-bola/kunjungan/{other_id}"
    field = await as_role("petugas")
    for page in ("lapangan", "laporan"):
        response = await field.get(f"{base}/{page}")
        assert response.status_code == 404 and "bukan tugas tim Anda" in galat(response)
    answers = {}
    for action, data in (
        ("catatan", record_form(day["other_ticket"], "direkam")),
        (
            "datang-langsung",
            {"tiket": pemesanan.new_ticket(), "nama": "Inaq Sarah", "waktu": now()},
        ),
        ("perangkat-rusak", {"catatan": "Kamera mati"}),
        ("tutup", {}),
    ):
        response = await post(field, f"{base}/{action}", data)
        assert "bukan tugas tim Anda" in galat(response), action
        answers[action] = response.status_code
    assert await records_of(other_id) == []
    assert (await person(day["people"][4]["id"]))["ktp_status"] == KtpStatus.belum_rekam
    assert await Pemesanan.count().where(Pemesanan.kunjungan == other_id) == 1
    kit = await Perangkat.select(Perangkat.status).where(Perangkat.id == other_kit).first()
    assert kit["status"] == StatusPerangkat.baik
    assert await PerangkatRiwayat.count().where(PerangkatRiwayat.perangkat == other_kit) == 0
    visit = await Kunjungan.select(Kunjungan.status).where(Kunjungan.id == other_id).first()
    assert visit["status"] == StatusKunjungan.diumumkan
    # As for the pages: the visit is not found for them.
    assert answers == {action: 404 for action in answers}, answers


# --- Walk-ins -----------------------------------------------------------------------------


async def test_walk_ins_are_registered_once_and_can_be_served(as_role, day):
    visit_id = day["visit"]["id"]
    path = f"/jemput-bola/kunjungan/{visit_id}/datang-langsung"
    field = await as_role("petugas")
    code = pemesanan.new_ticket()
    form = {"tiket": code, "nama": "Inaq Rohimah", "nik": "", "keperluan": "rekam", "waktu": now()}
    first = await post(field, path, form)
    assert first.status_code == 303
    assert first.headers["location"] == f"/jemput-bola/kunjungan/{visit_id}/lapangan"
    assert (await post(field, path, form)).status_code == 303  # sent again
    rows = await Pemesanan.select().where(Pemesanan.kode == code)
    assert len(rows) == 1
    walk_in = rows[0]
    assert walk_in["datang_langsung"] is True and walk_in["status"] == StatusPemesanan.hadir
    assert walk_in["nama"] == "Inaq Rohimah" and walk_in["penduduk"] is None
    # The walk-in's code names them in outcomes recorded before or after.
    record = await send_record(field, visit_id, record_form(code, "direkam"))
    assert record.status_code == 303
    roster = await field.get(f"/jemput-bola/kunjungan/{visit_id}/lapangan")
    assert "Inaq Rohimah" in soup(roster).select_one(f'li[data-tiket="{code}"]').get_text()

    # With a NIK the registry knows: the registry's name and the resident are linked.
    unbooked = day["people"][5]
    known = pemesanan.new_ticket()
    response = await post(
        field,
        path,
        {**form, "tiket": known, "nama": "salah tulis", "nik": unbooked["nik"]},
    )
    assert response.status_code == 303
    row = await booking(known)
    assert row["penduduk"] == unbooked["id"] and row["nama"] == unbooked["nama"]
    assert (await send_record(field, visit_id, record_form(known, "direkam"))).status_code == 303
    assert (await person(unbooked["id"]))["ktp_status"] == KtpStatus.sudah_rekam
    # A NIK the registry does not know is kept with the walk-in.
    stranger = pemesanan.new_ticket()
    stranger_nik = "5203024107950099"
    response = await post(field, path, {**form, "tiket": stranger, "nik": stranger_nik})
    assert response.status_code == 303
    assert (await booking(stranger))["nik"] == stranger_nik

    before = await Pemesanan.count().where(Pemesanan.kunjungan == visit_id)
    refusals = [
        ({"nik": "12345"}, "NIK harus 16 angka, tanpa huruf."),
        ({"nik": "5203170000000000"}, "Tanggal lahir di dalam NIK tidak valid."),
        (
            {"nik": day["people"][0]["nik"]},
            f"{day['people'][0]['nama']} sudah ada di daftar (tiket {day['tickets'][0]}).",
        ),
        ({"nama": "", "nik": ""}, "Tulis nama warga (2 sampai 120 huruf)."),
        ({"keperluan": "jalan-jalan"}, "Pilih keperluan."),
        ({"tiket": "JB-123"}, "Kode tiket warga datang langsung tidak valid."),
        ({"tiket": day["tickets"][1]}, "Kode tiket ini sudah dipakai. Daftarkan lagi."),
    ]
    for change, message in refusals:
        data = {**form, "tiket": pemesanan.new_ticket(), **change}
        refused_with(await post(field, path, data), 422, message)
    assert await Pemesanan.count().where(Pemesanan.kunjungan == visit_id) == before


# --- Broken kit, report, closing ----------------------------------------------------------


async def test_a_broken_kit_in_one_tap(as_role, registry, day):
    visit_id = day["visit"]["id"]
    kit = day["team"]["kits"][0]
    field = await as_role("petugas")
    response = await post(
        field, f"/jemput-bola/kunjungan/{visit_id}/perangkat-rusak", {"catatan": "Kamera mati"}
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/jemput-bola/kunjungan/{visit_id}/laporan"
    row = await Perangkat.select().where(Perangkat.id == kit["id"]).first()
    assert row["status"] == StatusPerangkat.rusak
    history = await PerangkatRiwayat.select().where(PerangkatRiwayat.perangkat == kit["id"])
    assert len(history) == 1
    entry = history[0]
    assert (entry["dari"], entry["ke"], entry["kunjungan"]) == ("baik", "rusak", visit_id)
    assert entry["catatan"] == "Kamera mati" and entry["dilaporkan_ke"] == "Dinas Dukcapil"
    assert entry["pelaku"] == await account_id(registry["accounts"]["petugas"])

    report = await field.get(response.headers["location"])
    problems = soup(report).find("h2", string="Masalah perangkat").find_next("ul")
    assert kit["kode"] in problems.get_text() and "Rusak" in problems.get_text()
    # The Dinas sees it in the register, and the kit cannot be planned any more.
    dinas = await as_role("dinas")
    register = await dinas.get("/jemput-bola/perangkat")
    item = next(li for li in soup(register).select("li") if kit["kode"] in li.get_text())
    assert "Rusak" in item.get_text() and "Kamera mati" in item.get_text()


async def test_the_report_shows_served_no_shows_and_failures_by_reason(as_role, day):
    visit_id = day["visit"]["id"]
    t = day["tickets"]
    field = await as_role("petugas")
    walk_in = pemesanan.new_ticket()
    response = await post(
        field,
        f"/jemput-bola/kunjungan/{visit_id}/datang-langsung",
        {"tiket": walk_in, "nama": "Amaq Sahnan", "keperluan": "rekam", "waktu": now()},
    )
    assert response.status_code == 303
    for data in (
        record_form(t[0], "hadir"),
        record_form(t[0], "direkam"),
        record_form(t[1], "gagal", "perangkat"),
        record_form(t[2], "gagal", "jaringan"),
        record_form(t[2], "gagal", "jaringan"),
        record_form(walk_in, "direkam"),
    ):
        assert (await send_record(field, visit_id, data)).status_code == 303
    # t[3] booked and did not come.

    report = await field.get(f"/jemput-bola/kunjungan/{visit_id}/laporan")
    assert report.status_code == 200
    tables = soup(report).select("table.figures")
    outcomes = {tr.th.get_text(strip=True): tr.td.get_text(strip=True) for tr in tables[0]("tr")}
    assert outcomes == {
        "Sudah direkam": "2",
        "Gagal": "3",
        "KTP-el diserahkan": "0",
        "IKD diaktifkan": "0",
    }
    failures = {tr.th.get_text(strip=True): tr.td.get_text(strip=True) for tr in tables[1]("tr")}
    assert failures == {"Perangkat": "1", "Jaringan": "2", "Listrik": "0", "Data tidak cocok": "0"}
    figure = soup(report).select_one("[data-desa-belum-rekam]").get_text(strip=True)
    assert int(figure) == await unrecorded_in(day["desa"])
    assert "Tidak ada masalah perangkat yang dilaporkan." in text_of(report)

    cards = {
        card.select("p")[1].get_text(strip=True): card.select_one("p.status").get_text(strip=True)
        for card in soup(report).select(".cards .card")
    }
    assert cards["warga dilayani"] == "2"  # the first booked resident and the walk-in
    assert cards["memesan tetapi tidak datang"] == "1"
    assert cards["datang langsung tanpa pesan"] == "1"
    # Three of the four who booked came: the walk-in has its own card, so counting them here
    # too would make "4 of 4 came" sit beside "1 booked and did not come".
    assert cards["hadir, dari 4 yang memesan"] == "3"


async def test_closing_the_day(as_role, day, scratch):
    visit_id = day["visit"]["id"]
    field = await as_role("petugas")
    # A visit still ahead cannot be closed; today's can, once.
    ahead = await scratch.visit(day["team"], day["desa"], working_day(1, 0), 20)
    refused_with(
        await post(field, f"/jemput-bola/kunjungan/{ahead['id']}/tutup"),
        422,
        "Kunjungan ini belum berlangsung.",
    )
    assert (await Kunjungan.select().where(Kunjungan.id == ahead["id"]).first())["status"] == (
        StatusKunjungan.diumumkan
    )
    before = await field.get(f"/jemput-bola/kunjungan/{visit_id}/laporan")
    assert "Tutup kunjungan" in text_of(before)
    closed = await post(field, f"/jemput-bola/kunjungan/{visit_id}/tutup")
    assert closed.status_code == 303
    assert closed.headers["location"] == f"/jemput-bola/kunjungan/{visit_id}/laporan"
    row = await Kunjungan.select().where(Kunjungan.id == visit_id).first()
    assert row["status"] == StatusKunjungan.selesai and row["selesai"] is not None
    assert (await post(field, f"/jemput-bola/kunjungan/{visit_id}/tutup")).status_code == 303
    page = await field.get(f"/jemput-bola/kunjungan/{visit_id}/laporan")
    assert "Selesai" in text_of(page) and "Tutup kunjungan" not in text_of(page)
    figures = {f.id: f for f in await kunjungan.desa_figures()}
    assert figures[day["desa"]].last_visit == kunjungan.today()
    # A closed visit takes no more bookings, and the residents' page says it is over.
    operator = await scratch.operator(day["desa"])
    with pytest.raises(pemesanan.BookingError):
        await pemesanan.book(
            operator,
            pemesanan.Request(visit_id, day["people"][5]["id"], day["visit"]["sesi"][0]),
        )
    officer = await as_role("dinas")
    assert "Kunjungan ini sudah selesai." in text_of(
        await officer.get(f"/jemput-bola/kunjungan/{visit_id}")
    )


# --- Scope: the field day moves only the residents of its own area ---------------------------


async def test_a_walk_in_with_a_nik_outside_the_scope_reveals_nothing_and_moves_nothing(
    as_role, registry, day, scratch
):
    """The attack: register a walk-in with the NIK of a resident of another kecamatan, then
    record every outcome for them. The answer is the one an unknown NIK gets: the registry's
    name is not shown, and the person's registry row, ready request and IKD stay as they were."""
    visit_id = day["visit"]["id"]
    path = f"/jemput-bola/kunjungan/{visit_id}/datang-langsung"
    outsider = (await scratch.residents(await desa_of("Sakra", "Kabar"), 1))[0]
    kantor = (await Kantor.select(Kantor.id).first())["id"]
    ready = await Permohonan.insert(
        Permohonan(
            kode=f"DK-{unique_tag()[:4]}-UJI2",
            layanan="ktp_cetak_ulang",
            pemohon=outsider["id"],
            kanal=Kanal.mandiri,
            status=Status.siap_diambil,
            kantor=kantor,
        )
    )
    ready_id = ready[0]["id"]
    await IkdAktivasi.insert(
        IkdAktivasi(
            kode=ikd_aktivasi.new_code(),
            penduduk=outsider["id"],
            kedaluwarsa=datetime.now(UTC) + timedelta(hours=1),
        )
    )
    before = await person(outsider["id"])
    activations = AuditLog.count().where(
        (AuditLog.action == "aktivasi_ikd") & (AuditLog.object_id == outsider["id"])
    )
    activated_before = await activations
    unknown_nik = "5203024107950098"

    for role in ("petugas", "dinas"):  # the team, and the Dinas on a visit outside its area
        client = await as_role(role)
        answers = {}
        for label, nik_text in (("outsider", outsider["nik"]), ("unknown", unknown_nik)):
            code = pemesanan.new_ticket()
            form = {
                "tiket": code,
                "nama": "Nama Diketik",
                "nik": nik_text,
                "keperluan": "rekam",
                "waktu": now(),
            }
            response = await post(client, path, form)
            row = await booking(code)
            answers[label] = (response.status_code, response.headers.get("location"), row)
            outcomes = {}
            for jenis in ("hadir", "direkam", "kartu_diserahkan", "ikd_diaktifkan", "gagal"):
                alasan = "data" if jenis == "gagal" else ""
                sent = await send_record(client, visit_id, record_form(code, jenis, alasan))
                outcomes[jenis] = (sent.status_code, galat(sent))
            answers[label] += (outcomes,)
            roster = await client.get(f"/jemput-bola/kunjungan/{visit_id}/lapangan")
            line = soup(roster).select_one(f'li[data-tiket="{code}"]').get_text(" ", strip=True)
            assert "Nama Diketik" in line
            assert outsider["nama"] not in roster.text
        status, location, row, outcomes = answers["outsider"]
        assert (
            (status, location)
            == answers["unknown"][:2]
            == (303, f"/jemput-bola/kunjungan/{visit_id}/lapangan")
        )
        assert row["penduduk"] is None and row["nama"] == "Nama Diketik"
        assert row["nik"] == outsider["nik"]  # kept as typed, as an unknown NIK is
        # Each outcome is answered as for the stranger: stored for the walk-in, no more.
        assert outcomes == answers["unknown"][3]
        assert outcomes["ikd_diaktifkan"] == (422, lapangan.NO_IKD_REQUEST)
        assert {k: v[0] for k, v in outcomes.items() if k != "ikd_diaktifkan"} == dict.fromkeys(
            ("hadir", "direkam", "kartu_diserahkan", "gagal"), 303
        )

    after = await person(outsider["id"])
    assert after == before
    assert after["ktp_status"] == KtpStatus.belum_rekam
    assert after["ikd_status"] == IkdStatus.belum_aktif
    request = await Permohonan.select().where(Permohonan.id == ready_id).first()
    assert request["status"] == Status.siap_diambil
    assert await PermohonanEvent.count().where(PermohonanEvent.permohonan == ready_id) == 0
    pending = await IkdAktivasi.select().where(IkdAktivasi.penduduk == outsider["id"]).first()
    assert pending["status"] == AktivasiStatus.menunggu
    assert await activations == activated_before
    await Pemesanan.delete().where(Pemesanan.penduduk == outsider["id"])
    await Permohonan.delete().where(Permohonan.id == ready_id)
    await IkdAktivasi.delete().where(IkdAktivasi.penduduk == outsider["id"])


async def test_ikd_is_not_activated_by_a_roster_outcome_without_a_pending_activation(as_role, day):
    """The attack: "IKD diaktifkan" on the roster for a booked resident who never asked for
    activation. Refused with what to do; the IKD stays inactive, nothing is recorded."""
    visit_id = day["visit"]["id"]
    resident = day["people"][1]
    activations = AuditLog.count().where(
        (AuditLog.action == "aktivasi_ikd") & (AuditLog.object_id == resident["id"])
    )
    activated_before = await activations
    field = await as_role("petugas")
    for kode in (uuid.uuid4().hex, uuid.uuid4().hex):  # also when sent again by the outbox
        form = record_form(day["tickets"][1], "ikd_diaktifkan", kode=kode)
        refused_with(await send_record(field, visit_id, form), 422, lapangan.NO_IKD_REQUEST)
    assert "Minta warga membuat kode aktivasi di aplikasi Dekat" in lapangan.NO_IKD_REQUEST
    assert (await person(resident["id"]))["ikd_status"] == IkdStatus.belum_aktif
    assert await records_of(visit_id) == []
    assert (await booking(day["tickets"][1]))["status"] == StatusPemesanan.aktif
    assert await activations == activated_before
