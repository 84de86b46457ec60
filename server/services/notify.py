"""Who is told what: notifications written to the outbox (`Notifikasi`) inside the transaction
of the event that causes them, for the delivery worker (services/delivery.py) to send.

Every message is in Bahasa Indonesia, names at most the person's first name, links to the page
it is about, and says how long a push service should keep it for a phone that is off (TTL),
how urgent it is, and — where a newer one makes an older one useless — a `Topic` under which
the newer replaces the older.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from server.db import write_transaction
from server.i18n import N_, Message, lazy_ngettext, long_date
from server.models.accounts import Account, Role
from server.models.jemput_bola import Pemesanan, TimAnggota
from server.models.notifikasi import LanggananPush, Notifikasi, Pengumuman, Topik
from server.models.wilayah import kecamatan_by_code
from server.services import audit
from server.services.auth import User
from server.services.wilayah import LOCAL_TIME

DAY = 24 * 3600
#: A push service keeps a message at most about four weeks.
MAX_TTL = 28 * DAY
STATUS_WORDS = {
    "diajukan": "sudah diterima kantor",
    "diverifikasi": "sudah diverifikasi",
    "diproses": "sedang diproses",
    "siap_diambil": "siap diambil",
    "selesai": "selesai",
    "perlu_perbaikan": "perlu diperbaiki",
    "ditolak": "ditolak",
}


@dataclass(frozen=True)
class PushMessage:
    judul: str
    isi: str
    url: str
    tag: str = ""


def first_name(full_name: str) -> str:
    return (full_name or "").split(" ", 1)[0]


def until(day: date, hour: int = 17) -> int:
    """Seconds from now until `day` at `hour` in Lombok: a message about that day is useless
    after it."""
    end = datetime.combine(day, time(hour), tzinfo=LOCAL_TIME)
    seconds = int((end - datetime.now(UTC)).total_seconds())
    return max(60, min(MAX_TTL, seconds))


async def _subscriptions(accounts: list[int], topik: Topik) -> list[int]:
    """The subscriptions of these accounts whose owner chose this topic."""
    if not accounts:
        return []
    rows = await LanggananPush.select(LanggananPush.id, LanggananPush.topik).where(
        LanggananPush.akun.is_in(sorted(set(accounts)))
    )
    chosen = []
    for row in rows:
        topics = row["topik"]
        if isinstance(topics, str):
            topics = json.loads(topics)
        if topik.value in topics:
            chosen.append(row["id"])
    return chosen


async def enqueue(
    accounts: list[int],
    topik: Topik,
    message: PushMessage,
    *,
    ttl: int,
    urgency: str = "normal",
    topic: str = "",
) -> int:
    """One notification per subscription of `accounts` that wants `topik`; call it inside the
    event's own transaction. Returns how many were written."""
    subscriptions = await _subscriptions(accounts, topik)
    content = {"judul": message.judul, "isi": message.isi, "url": message.url, "tag": message.tag}
    rows = [
        Notifikasi(
            kode=secrets.token_urlsafe(18),
            langganan=sub,
            topik=topik,
            isi=content,
            ttl=ttl,
            urgensi=urgency,
            topic=topic,
        )
        for sub in subscriptions
    ]
    for start in range(0, len(rows), 500):
        await Notifikasi.insert(*rows[start : start + 500])
    return len(rows)


async def citizen_accounts(penduduk_ids: list[int]) -> list[int]:
    if not penduduk_ids:
        return []
    rows = await Account.select(Account.id).where(
        Account.penduduk.is_in(sorted(set(penduduk_ids))) & (Account.is_active == True)  # noqa: E712
    )
    return [row["id"] for row in rows]


# --- The events ---------------------------------------------------------------------------


async def request_status(row: dict, ke: str, filed_by: int | None) -> None:
    """A request changed status: tell the applicant (and the citizen who filed it for them)."""
    words = STATUS_WORDS.get(ke)
    if words is None:
        return
    people = await citizen_accounts([row["pemohon"]])
    if filed_by is not None:
        filer = await Account.select(Account.role).where(Account.id == filed_by).first()
        if filer and filer["role"] == Role.warga:
            people.append(filed_by)
    name = row.get("pemohon.nama", "")
    greeting = f"Halo {first_name(name)}, p" if name else "P"
    await enqueue(
        people,
        Topik.permohonan,
        PushMessage(
            judul=f"Permohonan {row['kode']} {words}",
            isi=f"{greeting}ermohonan Anda {words}. Buka Dekat untuk melihat rinciannya.",
            url=f"/permohonan/{row['kode']}",
            tag=f"permohonan-{row['kode']}",
        ),
        ttl=DAY,
        urgency="high" if ke == "siap_diambil" else "normal",
    )


async def visit_published(visit: dict) -> int:
    """A visit is announced: tell the citizens of that desa and its desa officers."""
    from server.models.penduduk import Penduduk

    residents = Account.select(Account.id).where(
        Account.penduduk.is_in(
            Penduduk.select(Penduduk.id).where(Penduduk.desa == visit["desa.id"])
        )
        & (Account.role == Role.warga)
    )
    officers = Account.select(Account.id).where(
        (Account.desa == visit["desa.id"]) & (Account.role == Role.operator_desa)
    )
    accounts = [row["id"] for row in await residents] + [row["id"] for row in await officers]
    return await enqueue(
        accounts,
        Topik.kunjungan,
        PushMessage(
            judul=f"Jemput bola ke Desa {visit['desa.name']}",
            isi=f"Tim Dukcapil datang {long_date(visit['tanggal'])} di {visit['tempat']}. "
            "Pesan jam kedatangan Anda.",
            url=f"/jemput-bola/kunjungan/{visit['id']}",
            tag=f"kunjungan-{visit['id']}",
        ),
        ttl=until(visit["tanggal"]),
    )


async def _booking_accounts(booking_ids: list[int]) -> dict[int, list[int]]:
    rows = await Pemesanan.select(Pemesanan.id, Pemesanan.penduduk, Pemesanan.dipesan_oleh).where(
        Pemesanan.id.is_in(booking_ids)
    )
    result = {}
    for row in rows:
        accounts = await citizen_accounts([row["penduduk"]] if row["penduduk"] else [])
        booker = row["dipesan_oleh"]
        if booker is not None:
            filer = await Account.select(Account.role).where(Account.id == booker).first()
            if filer and filer["role"] == Role.warga:
                accounts.append(booker)
        result[row["id"]] = accounts
    return result


async def place_freed(booking: dict, visit: dict, window: dict) -> None:
    """Someone on the waiting list got a place."""
    accounts = (await _booking_accounts([booking["id"]])).get(booking["id"], [])
    await enqueue(
        accounts,
        Topik.kunjungan,
        PushMessage(
            judul="Anda dapat tempat jemput bola",
            isi=f"Ada yang membatalkan: tempat Anda {long_date(visit['tanggal'])} jam "
            f"{window['mulai']}–{window['selesai']} di Desa {visit['desa.name']}.",
            url=f"/jemput-bola/tiket/{booking['kode']}",
            tag=f"tiket-{booking['kode']}",
        ),
        ttl=until(visit["tanggal"]),
        urgency="high",
    )


async def visit_reminder(visit: dict) -> int:
    """The day before: everyone booked (and waiting) is reminded."""
    rows = await Pemesanan.select(
        Pemesanan.id, Pemesanan.kode, Pemesanan.sesi.mulai, Pemesanan.sesi.selesai
    ).where((Pemesanan.kunjungan == visit["id"]) & Pemesanan.status.is_in(["aktif", "menunggu"]))
    accounts = await _booking_accounts([row["id"] for row in rows])
    count = 0
    for row in rows:
        when = f" jam {row['sesi.mulai']}–{row['sesi.selesai']}" if row["sesi.mulai"] else ""
        count += await enqueue(
            accounts.get(row["id"], []),
            Topik.kunjungan,
            PushMessage(
                judul="Besok: jemput bola",
                isi=f"Tim Dukcapil di {visit['tempat']} besok{when}. Bawa KK dan tunjukkan "
                "tiket Anda.",
                url=f"/jemput-bola/tiket/{row['kode']}",
                tag=f"tiket-{row['kode']}",
            ),
            ttl=until(visit["tanggal"], hour=9),
            urgency="high",
        )
    return count


async def team_assignment(team_ids: list[int], visit: dict) -> int:
    """A visit's team changed: both teams' members are told."""
    members = await TimAnggota.select(TimAnggota.akun).where(TimAnggota.tim.is_in(team_ids))
    return await enqueue(
        [row["akun"] for row in members],
        Topik.kunjungan,
        PushMessage(
            judul="Penugasan jemput bola berubah",
            isi=f"Desa {visit['desa.name']}, {long_date(visit['tanggal'])}: "
            "lihat tim yang bertugas.",
            url="/jemput-bola",
            tag=f"penugasan-{visit['id']}",
        ),
        ttl=until(visit["tanggal"]),
    )


async def blanko_arrived(kantor: dict, waiting_accounts: list[int]) -> int:
    """Blanko arrived at an office: those waiting to print there. A newer stock message
    replaces an older one still undelivered (`Topic`)."""
    return await enqueue(
        waiting_accounts,
        Topik.blanko,
        PushMessage(
            judul=f"Blanko KTP-el tersedia di {kantor['nama']}",
            isi="KTP-el Anda bisa dicetak sekarang. Datang ke kantor atau tunggu kabar berikutnya.",
            url="/permohonan",
            tag=f"blanko-{kantor['id']}",
        ),
        ttl=3 * DAY,
        urgency="low",
        topic=f"blanko-{kantor['id']}",
    )


#: An announcement's limits: what fits a phone's notification.
ANNOUNCEMENT_TITLE = 60
ANNOUNCEMENT_TEXT = 200


def check_announcement(judul: str, isi: str, tautan: str) -> tuple[PushMessage | None, dict]:
    """(message, errors by field). The link is a page of Dekat itself, never another site: a
    notification from the office must not send people elsewhere."""
    errors: dict[str, str | Message] = {}
    judul, isi, tautan = judul.strip(), isi.strip(), tautan.strip()
    if not judul:
        errors["judul"] = N_("Tulis judul pengumuman.")
    elif len(judul) > ANNOUNCEMENT_TITLE:
        errors["judul"] = lazy_ngettext(
            "Judul maksimal %(num)s karakter agar terbaca di ponsel.",
            "Judul maksimal %(num)s karakter agar terbaca di ponsel.",
            ANNOUNCEMENT_TITLE,
        )
    if not isi:
        errors["isi"] = N_("Tulis isi pengumuman.")
    elif len(isi) > ANNOUNCEMENT_TEXT:
        errors["isi"] = lazy_ngettext(
            "Isi maksimal %(num)s karakter agar terbaca di ponsel.",
            "Isi maksimal %(num)s karakter agar terbaca di ponsel.",
            ANNOUNCEMENT_TEXT,
        )
    if tautan and (
        not tautan.startswith("/") or tautan.startswith("//") or "\\" in tautan or len(tautan) > 200
    ):
        errors["tautan"] = N_("Tautan harus halaman Dekat sendiri, misalnya /jemput-bola.")
    if errors:
        return None, errors
    tag = f"pengumuman-{secrets.token_hex(4)}"
    return PushMessage(judul=judul, isi=isi, url=tautan or "/", tag=tag), {}


async def announcement_area(user: User, code: str) -> tuple[int | None, dict]:
    """Where an announcement goes: UPT staff's own kecamatan, or the one whose code the office
    chose (none: the whole regency). (kecamatan id, errors by field)."""
    errors: dict[str, str | Message] = {}
    if user.kecamatan_id or not code:
        return user.kecamatan_id, errors
    area = await kecamatan_by_code(code)
    if area is None:
        errors["wilayah"] = N_("Pilih wilayah dari daftar.")
        return None, errors
    return area["id"], errors


async def send_announcement(user: User, message: PushMessage, kecamatan_id: int | None) -> int:
    """Queue an announcement from `user` and log it, together or not at all. Its id."""
    async with write_transaction():
        sent = await announcement(message, kecamatan_id, user.id)
        await audit.record(user, "kirim_pengumuman", "pengumuman", sent)
    return sent


async def announcement(message: PushMessage, kecamatan_id: int | None, sender: int | None) -> int:
    """An office's announcement, to everyone who chose the topic, or to those of one
    kecamatan (its residents, desa officers and field teams); kept with how many devices it
    was queued for. Its id."""
    if kecamatan_id is None:
        rows = await LanggananPush.select(LanggananPush.akun)
    else:
        rows = await Account.select(Account.id.as_alias("akun")).where(
            (Account.is_active == True)  # noqa: E712
            & (
                (Account.penduduk.desa.kecamatan == kecamatan_id)
                | (Account.desa.kecamatan == kecamatan_id)
                | (Account.kecamatan == kecamatan_id)
            )
        )
    devices = await enqueue([row["akun"] for row in rows], Topik.pengumuman, message, ttl=3 * DAY)
    saved = await Pengumuman.insert(
        Pengumuman(
            judul=message.judul,
            isi=message.isi,
            tautan=message.url,
            kecamatan=kecamatan_id,
            pengirim=sender,
            perangkat=devices,
        )
    ).returning(Pengumuman.id)
    return saved[0]["id"]


async def announcement_by_id(pengumuman_id: int | None) -> dict | None:
    if pengumuman_id is None:
        return None
    return await Pengumuman.select().where(Pengumuman.id == pengumuman_id).first()


async def recent_announcements(limit: int = 10) -> list[dict]:
    """The latest announcements, newest first, with the area and how many devices."""
    return await (
        Pengumuman.select(
            Pengumuman.judul,
            Pengumuman.isi,
            Pengumuman.perangkat,
            Pengumuman.dibuat,
            Pengumuman.kecamatan.name.as_alias("kecamatan"),
        )
        .order_by(Pengumuman.id, ascending=False)
        .limit(limit)
    )
