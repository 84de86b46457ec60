"""Planning jemput bola at the Dinas: the plan proposed from teams, kits and need (a broken kit
stays home), a person's edits and every rule an edit must keep, accepting, rejecting and
publishing, days off, the equipment register with its history, and team members. Only the
Dinas plans."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from server.models.jemput_bola import (
    HariLibur,
    Kunjungan,
    Perangkat,
    PerangkatRiwayat,
    Sesi,
    StatusKunjungan,
    StatusPerangkat,
    TimAnggota,
)
from server.services import kunjungan
from tests.factories import account_id, desa_of, saturday, unique_tag, working_day
from tests.helpers import csrf_token, events, galat, post, refused_with, soup, text_of

pytestmark = pytest.mark.anyio

BROKEN = StatusPerangkat.rusak
GOOD = StatusPerangkat.baik


@pytest.fixture
async def teams(scratch):
    """Two teams at the UPT of Kecamatan Jerowaru: the first with a working set (40 a day)
    and a bigger broken one (120 a day), the second with a working set; and Desa Ekas Buana
    with 30 adults not yet recorded."""
    desa = await desa_of("Jerowaru", "Ekas Buana")
    first = await scratch.team("Jerowaru", ((GOOD, 40), (BROKEN, 120)))
    second = await scratch.team("Jerowaru", ((GOOD, 40),))
    people = await scratch.residents(desa, 30)
    return {"desa": desa, "a": first, "b": second, "people": people}


async def visit_row(visit_id: int) -> dict:
    return await Kunjungan.select().where(Kunjungan.id == visit_id).first()


async def decide(client, visit_id: int, action: str):
    return await post(client, f"/jemput-bola/kunjungan/{visit_id}/keputusan", {"tindakan": action})


# --- Proposing a plan ---------------------------------------------------------------------


async def test_the_dinas_proposes_a_plan_and_broken_kits_stay_home(as_role, teams, scratch):
    start = working_day(0, 0)
    holiday = start + timedelta(days=1)
    row = await HariLibur.insert(HariLibur(tanggal=holiday, keterangan=f"Libur {unique_tag()}"))
    scratch.days_off.append(row[0]["id"])
    team_off = start + timedelta(days=2)
    await HariLibur.insert(HariLibur(tanggal=team_off, tim=teams["b"]["id"], keterangan="Rapat"))

    dinas = await as_role("dinas")
    response = await post(dinas, "/jemput-bola/rencana", {"mulai": start.isoformat(), "minggu": 1})
    assert response.status_code == 303
    assert response.headers["location"] == f"/jemput-bola/rencana?mulai={start}&minggu=1"

    team_ids = [teams["a"]["id"], teams["b"]["id"]]
    visits = await Kunjungan.select().where(Kunjungan.tim.is_in(team_ids))
    assert visits, "the plan sent no team anywhere"
    working_kits = {teams["a"]["kits"][0]["id"], teams["b"]["kits"][0]["id"]}
    broken_kit = teams["a"]["kits"][1]["id"]
    for visit in visits:
        assert visit["status"] == StatusKunjungan.diusulkan
        assert visit["perangkat"] in working_kits and visit["perangkat"] != broken_kit
        assert start <= visit["tanggal"] < start + timedelta(weeks=1)
        assert visit["tanggal"].weekday() < 5 and visit["tanggal"] != holiday
        assert 1 <= visit["kapasitas"] <= 40
        assert not (visit["tim"] == teams["b"]["id"] and visit["tanggal"] == team_off)
    days = [(v["tim"], v["tanggal"]) for v in visits]
    assert len(days) == len(set(days))  # a team is in one place a day
    ekas = [v for v in visits if v["desa"] == teams["desa"]]
    assert sum(v["kapasitas"] for v in ekas) == 30  # the desa's whole need, not more
    assert "30 warga belum rekam" in min(ekas, key=lambda v: v["tanggal"])["alasan"]

    page = await dinas.get(f"/jemput-bola/rencana?mulai={start}&minggu=1")
    assert page.status_code == 200
    assert "Desa Ekas Buana" in text_of(page) and "Diusulkan" in text_of(page)
    assert teams["a"]["kits"][1]["kode"] not in page.text

    # Asking again replaces the open proposals instead of adding to them.
    again = await post(dinas, "/jemput-bola/rencana", {"mulai": start.isoformat(), "minggu": 1})
    assert again.status_code == 303
    assert await Kunjungan.count().where(Kunjungan.tim.is_in(team_ids)) == len(visits)


async def test_a_plan_request_with_bad_dates_or_weeks_is_refused(as_role, teams):
    dinas = await as_role("dinas")
    start = working_day(0, 0)
    for data, message in (
        ({"mulai": start.isoformat(), "minggu": 0}, "Pilih 1 sampai 12 minggu."),
        ({"mulai": start.isoformat(), "minggu": 13}, "Pilih 1 sampai 12 minggu."),
        (
            {"mulai": (kunjungan.today() - timedelta(days=3)).isoformat(), "minggu": 1},
            "Tanggal mulai sudah lewat.",
        ),
        ({"mulai": "besok", "minggu": 1}, "Tanggal mulai tidak valid."),
    ):
        refused_with(await post(dinas, "/jemput-bola/rencana", data), 422, message)
    team_ids = [teams["a"]["id"], teams["b"]["id"]]
    assert await Kunjungan.count().where(Kunjungan.tim.is_in(team_ids)) == 0


# --- Editing a proposal -------------------------------------------------------------------


async def test_an_edit_keeps_every_rule_of_the_plan(as_role, teams, scratch):
    a, b = teams["a"], teams["b"]
    good, broken = a["kits"][0], a["kits"][1]
    monday = working_day(1, 0)
    visit = await scratch.visit(
        a, teams["desa"], monday, 20, status=StatusKunjungan.diusulkan, tempat="Kantor Desa"
    )
    await scratch.visit(a, teams["desa"], monday + timedelta(days=1), 20, status="diterima")
    dinas = await as_role("dinas")
    team_day_off = monday + timedelta(days=2)
    public_holiday = monday + timedelta(days=3)
    tag = unique_tag()
    for day, tim, note in (
        (team_day_off, str(a["id"]), f"Rapat tim {tag}"),
        (public_holiday, "", f"Libur uji {tag}"),
    ):
        response = await post(
            dinas,
            "/jemput-bola/libur",
            {"tanggal": day.isoformat(), "tim": tim, "keterangan": note},
        )
        assert response.status_code == 303
    added = await HariLibur.select().where(HariLibur.keterangan.like(f"% {tag}"))
    scratch.days_off.extend(row["id"] for row in added)
    assert {(r["tanggal"], r["tim"]) for r in added} == {
        (team_day_off, a["id"]),
        (public_holiday, None),
    }

    page = await dinas.get(f"/jemput-bola/kunjungan/{visit['id']}/ubah")
    assert page.status_code == 200
    options = {o["value"]: o.get_text() for o in soup(page).select("#perangkat option")}
    assert "Rusak" in options[str(broken["id"])]

    base = {
        "tanggal": monday.isoformat(),
        "tim": a["id"],
        "perangkat": good["id"],
        "kapasitas": 20,
        "tempat": "Kantor Desa",
    }
    before = await visit_row(visit["id"])
    refusals = [
        ({"tanggal": saturday(1).isoformat()}, "Kunjungan hanya pada hari kerja (Senin sampai"),
        ({"tanggal": team_day_off.isoformat()}, f"Tanggal itu hari libur: Rapat tim {tag}."),
        ({"tanggal": public_holiday.isoformat()}, f"Tanggal itu hari libur: Libur uji {tag}."),
        ({"perangkat": b["kits"][0]["id"]}, "Pilih perangkat perekaman milik tim ini."),
        (
            {"perangkat": broken["id"]},
            f"Perangkat {broken['kode']} sedang tidak baik dan tidak bisa dibawa.",
        ),
        ({"kapasitas": 41}, "Kapasitas harus 1 sampai 40 orang (kemampuan perangkat sehari)."),
        ({"kapasitas": 0}, "Kapasitas harus 1 sampai 40 orang"),
        ({"kapasitas": "banyak"}, "Kapasitas harus berupa angka."),
        (
            {"tanggal": (monday + timedelta(days=1)).isoformat()},
            "Tim atau perangkat ini sudah punya kunjungan lain pada tanggal itu.",
        ),
        (
            {"tanggal": (kunjungan.today() - timedelta(days=7)).isoformat()},
            "Tanggal kunjungan sudah lewat.",
        ),
        ({"tempat": ""}, "Tulis tempat kunjungan (maksimal 120 karakter)."),
        ({"tanggal": "31-02-2030"}, "Tanggal tidak valid."),
    ]
    for change, message in refusals:
        response = await post(
            dinas, f"/jemput-bola/kunjungan/{visit['id']}/ubah", {**base, **change}
        )
        refused_with(response, 422, message)
        assert await visit_row(visit["id"]) == before, change

    friday = monday + timedelta(days=4)
    response = await post(
        dinas,
        f"/jemput-bola/kunjungan/{visit['id']}/ubah",
        {**base, "tanggal": friday.isoformat(), "kapasitas": 40, "tempat": "Masjid Nurul Huda"},
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/jemput-bola/rencana?mulai={friday}"
    after = await visit_row(visit["id"])
    assert (after["tanggal"], after["kapasitas"], after["tempat"]) == (
        friday,
        40,
        "Masjid Nurul Huda",
    )
    # The other team with its own kit may take the day instead.
    response = await post(
        dinas,
        f"/jemput-bola/kunjungan/{visit['id']}/ubah",
        {**base, "tanggal": friday.isoformat(), "tim": b["id"], "perangkat": b["kits"][0]["id"]},
    )
    assert response.status_code == 303
    assert (await visit_row(visit["id"]))["tim"] == b["id"]

    published = await scratch.visit(a, teams["desa"], working_day(2, 0), 20)
    response = await post(
        dinas,
        f"/jemput-bola/kunjungan/{published['id']}/ubah",
        {**base, "tanggal": working_day(2, 1).isoformat()},
    )
    refused_with(response, 422, "Kunjungan yang sudah diumumkan tidak bisa diubah di sini.")
    assert (await visit_row(published["id"]))["tanggal"] == working_day(2, 0)


# --- Accepting, rejecting, publishing -----------------------------------------------------


async def test_accept_then_publish_opens_the_windows_and_tells_the_residents(
    as_role, teams, scratch
):
    day = working_day(1, 0)
    visit = await scratch.visit(
        teams["a"], teams["desa"], day, 31, status=StatusKunjungan.diusulkan
    )
    dinas = await as_role("dinas")
    refused_with(await decide(dinas, visit["id"], "umumkan"), 422, "Terima kunjungan ini dulu")
    refused_with(await decide(dinas, visit["id"], "hapus"), 422, "Tindakan tidak dikenal.")
    assert (await visit_row(visit["id"]))["status"] == StatusKunjungan.diusulkan
    assert await Sesi.count().where(Sesi.kunjungan == visit["id"]) == 0
    # Not bookable before it is published.
    assert (await dinas.get(f"/jemput-bola/kunjungan/{visit['id']}")).status_code == 404

    announced_before = len(await events("kunjungan.diumumkan"))
    accepted = await decide(dinas, visit["id"], "terima")
    assert accepted.status_code == 303
    assert accepted.headers["location"] == f"/jemput-bola/rencana?mulai={day}&minggu=4"
    assert (await visit_row(visit["id"]))["status"] == StatusKunjungan.diterima
    assert await Sesi.count().where(Sesi.kunjungan == visit["id"]) == 0

    assert (await decide(dinas, visit["id"], "umumkan")).status_code == 303
    row = await visit_row(visit["id"])
    assert row["status"] == StatusKunjungan.diumumkan and row["diumumkan"] is not None
    windows = await kunjungan.windows(visit["id"])
    at_venue = [(w["mulai"], w["selesai"], w["kapasitas"]) for w in windows if not w["rumah"]]
    assert at_venue == [("08.00", "10.00", 11), ("10.00", "12.00", 10), ("13.00", "15.00", 10)]
    home = [w for w in windows if w["rumah"]]
    assert [(w["mulai"], w["selesai"], w["kapasitas"]) for w in home] == [("15.00", "17.00", 5)]
    announced = [e["data"] for e in await events("kunjungan.diumumkan")]
    assert len(announced) == announced_before + 1
    assert announced[-1] == {
        "kunjungan": visit["id"],
        "desa": teams["desa"],
        "tanggal": day.isoformat(),
    }
    page = await dinas.get(f"/jemput-bola/kunjungan/{visit['id']}")
    assert page.status_code == 200 and "11 tempat tersisa" in text_of(page)

    refused_with(
        await decide(dinas, visit["id"], "tolak"),
        422,
        "Kunjungan yang sudah diumumkan tidak bisa ditolak.",
    )
    refused_with(await decide(dinas, visit["id"], "umumkan"), 422, "Terima kunjungan ini dulu")
    assert await Sesi.count().where(Sesi.kunjungan == visit["id"]) == 4  # opened once


async def test_reject_and_a_kit_that_broke_since_the_proposal(as_role, teams, scratch):
    dinas = await as_role("dinas")
    rejected = await scratch.visit(
        teams["a"], teams["desa"], working_day(1, 1), 20, status=StatusKunjungan.diusulkan
    )
    assert (await decide(dinas, rejected["id"], "tolak")).status_code == 303
    assert (await visit_row(rejected["id"]))["status"] == StatusKunjungan.ditolak
    refused_with(await decide(dinas, rejected["id"], "terima"), 422, "Hanya usulan yang bisa")
    page = await dinas.get(f"/jemput-bola/rencana?mulai={working_day(1, 0)}&minggu=1")
    assert "Ditolak" in text_of(page)
    assert (await dinas.get(f"/jemput-bola/kunjungan/{rejected['id']}")).status_code == 404

    kit = teams["b"]["kits"][0]
    proposal = await scratch.visit(
        teams["b"], teams["desa"], working_day(1, 2), 20, status=StatusKunjungan.diusulkan
    )
    await Perangkat.update({Perangkat.status: BROKEN}).where(Perangkat.id == kit["id"])
    page = await dinas.get(f"/jemput-bola/rencana?mulai={working_day(1, 0)}&minggu=1")
    assert f"Perangkat {kit['kode']} sedang tidak baik: ganti perangkat atau tolak." in (
        text_of(page)
    )
    refused_with(
        await decide(dinas, proposal["id"], "terima"),
        422,
        f"Perangkat {kit['kode']} sedang tidak baik dan tidak bisa dibawa.",
    )
    assert (await visit_row(proposal["id"]))["status"] == StatusKunjungan.diusulkan


async def test_accept_all_and_publish_all_report_what_could_not_go(as_role, teams, scratch):
    week = 3
    start = working_day(week, 0)
    fine = await scratch.visit(
        teams["a"], teams["desa"], start, 20, status=StatusKunjungan.diusulkan
    )
    stuck = await scratch.visit(
        teams["b"], teams["desa"], start + timedelta(days=1), 20, status="diusulkan"
    )
    kit = teams["b"]["kits"][0]
    await Perangkat.update({Perangkat.status: BROKEN}).where(Perangkat.id == kit["id"])
    dinas = await as_role("dinas")
    form = {"mulai": start.isoformat(), "minggu": 1}
    response = await post(dinas, "/jemput-bola/rencana/semua", {**form, "tindakan": "terima"})
    assert response.status_code == 200
    assert "1 usulan diterima." in text_of(response)
    problems = soup(response).select_one("ul.notice.error").get_text(" ", strip=True)
    assert "Desa Ekas Buana" in problems and f"Perangkat {kit['kode']} sedang tidak baik" in (
        problems
    )
    assert (await visit_row(fine["id"]))["status"] == StatusKunjungan.diterima
    assert (await visit_row(stuck["id"]))["status"] == StatusKunjungan.diusulkan

    response = await post(dinas, "/jemput-bola/rencana/semua", {**form, "tindakan": "umumkan"})
    assert "1 kunjungan diumumkan ke warga." in text_of(response)
    assert (await visit_row(fine["id"]))["status"] == StatusKunjungan.diumumkan
    assert await Sesi.count().where(Sesi.kunjungan == fine["id"]) == 4
    refused_with(
        await post(dinas, "/jemput-bola/rencana/semua", {**form, "tindakan": "hapus"}),
        422,
        "Tindakan tidak dikenal.",
    )


# --- Days off -----------------------------------------------------------------------------


async def test_days_off_are_listed_and_bad_ones_refused(as_role, teams, scratch):
    dinas = await as_role("dinas")
    day = working_day(1, 3)
    note = f"Maulid Nabi {unique_tag()}"
    for data, message in (
        ({"tanggal": day.isoformat(), "tim": "", "keterangan": ""}, "Tulis keterangan hari"),
        ({"tanggal": "", "tim": "", "keterangan": note}, "Tanggal libur tidak valid."),
        ({"tanggal": day.isoformat(), "tim": "999999", "keterangan": note}, "Tim tidak"),
        ({"tanggal": day.isoformat(), "tim": "", "keterangan": "x" * 121}, "maksimal 120"),
    ):
        refused_with(await post(dinas, "/jemput-bola/libur", data), 422, message)
    assert await HariLibur.count().where(HariLibur.tanggal == day) == 0

    response = await post(
        dinas,
        "/jemput-bola/libur",
        {
            "tanggal": day.isoformat(),
            "tim": str(teams["a"]["id"]),
            "keterangan": note,
            "mulai": working_day(1, 0).isoformat(),
            "minggu": "1",
        },
    )
    assert response.status_code == 303
    assert (
        response.headers["location"] == f"/jemput-bola/rencana?mulai={working_day(1, 0)}&minggu=1"
    )
    rows = await HariLibur.select().where(HariLibur.keterangan == note)
    scratch.days_off.extend(r["id"] for r in rows)
    assert [(r["tanggal"], r["tim"]) for r in rows] == [(day, teams["a"]["id"])]
    page = await dinas.get(response.headers["location"])
    holidays = " ".join(li.get_text(" ", strip=True) for li in soup(page).select("ul.list li"))
    assert note in holidays and teams["a"]["nama"] in holidays


# --- Equipment and teams ------------------------------------------------------------------


async def test_an_equipment_status_change_keeps_who_when_why_and_whom_they_told(
    as_role, registry, teams
):
    kit = teams["a"]["kits"][0]
    since = (await Perangkat.select(Perangkat.status_sejak).where(Perangkat.id == kit["id"]))[0]
    dinas = await as_role("dinas")
    path = f"/jemput-bola/perangkat/{kit['id']}/status"
    response = await post(
        dinas,
        path,
        {"status": "dalam_perbaikan", "catatan": "Kamera diganti", "dilaporkan_ke": "Bidang PIAK"},
    )
    assert response.status_code == 303 and response.headers["location"] == "/jemput-bola/perangkat"
    row = await Perangkat.select().where(Perangkat.id == kit["id"]).first()
    assert row["status"] == StatusPerangkat.dalam_perbaikan
    assert row["status_sejak"] >= since["status_sejak"]
    history = await PerangkatRiwayat.select().where(PerangkatRiwayat.perangkat == kit["id"])
    assert len(history) == 1
    entry = history[0]
    assert (entry["dari"], entry["ke"], entry["catatan"], entry["dilaporkan_ke"]) == (
        "baik",
        "dalam_perbaikan",
        "Kamera diganti",
        "Bidang PIAK",
    )
    assert entry["pelaku"] == await account_id(registry["accounts"]["dinas"])
    assert entry["kunjungan"] is None

    page = await dinas.get("/jemput-bola/perangkat")
    item = next(li for li in soup(page).select("li") if kit["kode"] in li.get_text())
    shown = item.get_text(" ", strip=True)
    assert "Dalam perbaikan" in shown
    assert "Baik → Dalam perbaikan · Kamera diganti · dilaporkan ke Bidang PIAK" in shown
    assert "Akun dinas" in shown

    # The same status again is no change; a status not on the list is refused.
    assert (await post(dinas, path, {"status": "dalam_perbaikan"})).status_code == 303
    refused_with(
        await post(dinas, path, {"status": "hilang"}),
        422,
        "Pilih status perangkat: baik, rusak, atau dalam perbaikan.",
    )
    refused_with(
        await post(dinas, "/jemput-bola/perangkat/999999/status", {"status": "rusak"}),
        404,
        "Perangkat tidak ditemukan.",
    )
    assert await PerangkatRiwayat.count().where(PerangkatRiwayat.perangkat == kit["id"]) == 1
    assert (await post(dinas, path, {"status": "baik"})).status_code == 303
    assert await PerangkatRiwayat.count().where(PerangkatRiwayat.perangkat == kit["id"]) == 2


async def test_a_petugas_joins_one_team_only(as_role, registry, teams):
    petugas = await account_id(registry["accounts"]["petugas"])
    assert not await TimAnggota.exists().where(TimAnggota.akun == petugas)
    dinas = await as_role("dinas")
    page = await dinas.get("/jemput-bola/perangkat")
    choices = {o["value"] for o in soup(page).select(f"#anggota-{teams['a']['id']} option")}
    assert str(petugas) in choices

    response = await post(dinas, f"/jemput-bola/tim/{teams['a']['id']}/anggota", {"akun": petugas})
    assert response.status_code == 303
    members = await TimAnggota.select().where(TimAnggota.akun == petugas)
    assert [m["tim"] for m in members] == [teams["a"]["id"]]
    page = await dinas.get("/jemput-bola/perangkat")
    card = next(s for s in soup(page).select("section.card") if teams["a"]["nama"] in s.h2.text)
    assert "Anggota: Akun petugas" in card.get_text(" ", strip=True)

    for tim, akun in (
        (teams["b"]["id"], petugas),  # already in a team
        (teams["b"]["id"], await account_id(registry["accounts"]["dinas"])),  # not a petugas
    ):
        refused_with(
            await post(dinas, f"/jemput-bola/tim/{tim}/anggota", {"akun": akun}),
            422,
            "Pilih petugas keliling yang belum masuk tim.",
        )
    # A team that does not exist is not found, as one outside the office's area is.
    missing = await post(dinas, "/jemput-bola/tim/999999/anggota", {"akun": petugas})
    assert missing.status_code == 404 and "Tim tidak ditemukan." in galat(missing)
    assert await TimAnggota.count().where(TimAnggota.akun == petugas) == 1

    field = await as_role("petugas")
    assert f"Kunjungan {teams['a']['nama']}" in text_of(await field.get("/jemput-bola"))


async def test_the_need_per_desa_is_read_from_the_registry(as_role, teams):
    dinas = await as_role("dinas")
    page = await dinas.get("/jemput-bola/kebutuhan?kecamatan=Jerowaru")
    assert page.status_code == 200
    rows = {
        tr.th.get_text(" ", strip=True): [td.get_text(strip=True) for td in tr.select("td")]
        for tr in soup(page).select("table.figures tbody tr")
    }
    assert all(name.endswith("Jerowaru") for name in rows)
    assert rows["Ekas Buana Jerowaru"][0] == "30"


# --- Who may plan -------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["pengawas", "warga", "operator", "petugas"])
async def test_only_the_dinas_plans(as_role, teams, scratch, role):
    visit = await scratch.visit(
        teams["a"], teams["desa"], working_day(1, 0), 20, status=StatusKunjungan.diusulkan
    )
    kit = teams["a"]["kits"][0]
    client = await as_role(role)
    for path in (
        "/jemput-bola/rencana",
        "/jemput-bola/kebutuhan",
        "/jemput-bola/perangkat",
        f"/jemput-bola/kunjungan/{visit['id']}/ubah",
    ):
        response = await client.get(path, follow_redirects=False)
        assert response.status_code == 403, path
        assert "Halaman ini bukan untuk peran Anda." in galat(response)
    for path, data in (
        ("/jemput-bola/rencana", {"mulai": working_day(0, 0).isoformat(), "minggu": 1}),
        (f"/jemput-bola/kunjungan/{visit['id']}/keputusan", {"tindakan": "terima"}),
        (f"/jemput-bola/kunjungan/{visit['id']}/ubah", {"kapasitas": 5}),
        ("/jemput-bola/libur", {"tanggal": working_day(1, 1).isoformat(), "keterangan": "x"}),
        (f"/jemput-bola/perangkat/{kit['id']}/status", {"status": "rusak"}),
        (f"/jemput-bola/tim/{teams['a']['id']}/anggota", {"akun": 1}),
    ):
        assert (await post(client, path, data)).status_code == 403, path
    assert (await visit_row(visit["id"]))["status"] == StatusKunjungan.diusulkan
    assert (await visit_row(visit["id"]))["kapasitas"] == 20
    assert (await Perangkat.select().where(Perangkat.id == kit["id"]).first())["status"] == GOOD
    assert await TimAnggota.count().where(TimAnggota.tim == teams["a"]["id"]) == 0


async def test_a_petugas_added_to_teams_at_the_same_moment_joins_one(as_role, registry, teams):
    """The same petugas added to either team twenty times at once: one is added, the others
    are told, and nothing fails."""
    petugas = await account_id(registry["accounts"]["petugas"])
    dinas = await as_role("dinas")
    token = await csrf_token(dinas, "/")
    answers = await asyncio.gather(
        *(
            dinas.post(
                f"/jemput-bola/tim/{teams[team]['id']}/anggota",
                data={"akun": petugas, "_csrf_token": token},
                follow_redirects=False,
            )
            for team in ("a", "b") * 10  # twenty at once: enough to meet on either engine
        )
    )
    assert sorted(answer.status_code for answer in answers) == [303] + [422] * 19
    for answer in answers:
        if answer.status_code == 422:
            refused_with(answer, 422, "Pilih petugas keliling yang belum masuk tim.")
    assert await TimAnggota.count().where(TimAnggota.akun == petugas) == 1
