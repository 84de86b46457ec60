"""The rules of a complaint: filing one (with or without a name), who may read it, answering it
within the service-level time, and the figures oversight watches.

A complaint goes above the office it is about: to `pengawas` and to the Dinas staff who serve
the whole regency, never to a UPT. Who complained (`pelapor`, `nama_pelapor`, `kontak`) is read
in one place only, `identity_for`, which admits `pengawas` alone and leaves an audit entry;
every other query here leaves those columns out. Nothing a complainant does is audited or
turned into an event, since that would tie an anonymous complaint to the account that sent it.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from piccolo.query.functions.aggregate import Count

from server.db import UNIQUE_VIOLATIONS, write_transaction
from server.errors import UserError
from server.forms import parse_id
from server.i18n import N_, Message, lazy_ngettext
from server.models.accounts import Role
from server.models.kantor import Kantor
from server.models.pengaduan import (
    JenisPengaduan,
    Pengaduan,
    PengaduanBalasan,
    PengaduanFoto,
    StatusPengaduan,
)
from server.models.wilayah import Desa
from server.services import audit
from server.services.auth import User
from server.services.permohonan import CODE_ALPHABET, add_working_days, unit_of
from server.services.uploads import Photo
from server.services.wilayah import LOCAL_TIME

#: The first answer is due within this many working days of the complaint.
ANSWER_WORKING_DAYS = 3
CODE_PREFIX = "PGD"
CODE_LENGTH = 12  # 30 ** 12 codes: about 59 bits, beyond guessing
MIN_ISI = 10
MAX_ISI = 2000
MAX_KONTAK = 120
MAX_BALASAN = 2000
MAX_PHOTOS = 3
#: What `new_form_key` makes; anything else sent as a form key is ignored.
FORM_KEY = re.compile(r"[A-Za-z0-9_-]{16,32}")
#: The same form sent again (a reload, a double tap) shows the complaint it filed for this
#: long, to the browser that filed it; after that its key opens nothing.
REPLAY_WINDOW = timedelta(minutes=10)
KEY_USED_FOR_OTHER = N_(
    "Formulir ini sudah dipakai untuk pengaduan lain, jadi tidak dikirim. Periksa isinya, "
    "lalu kirim lagi sebagai pengaduan baru."
)
KEY_ALREADY_FILED = N_(
    "Pengaduan ini sudah terkirim. Lihat perkembangannya dengan kode pengaduan yang diberikan "
    "saat mengirim."
)
OPEN = (StatusPengaduan.baru, StatusPengaduan.ditanggapi)
#: The statuses an answer from the office may set.
REPLY_STATUSES = (StatusPengaduan.ditanggapi, StatusPengaduan.selesai)
#: The office list's filter for complaints past their first-answer time (not a stored status).
LATE = "terlambat"

#: What everyone who may read a complaint sees; the complainant's identity is not among them.
COLUMNS = (
    Pengaduan.id,
    Pengaduan.kode,
    Pengaduan.jenis,
    Pengaduan.kantor.id,
    Pengaduan.kantor.nama,
    Pengaduan.kantor.kecamatan.id,
    Pengaduan.desa.id,
    Pengaduan.desa.name,
    Pengaduan.desa.kecamatan.name,
    Pengaduan.isi,
    Pengaduan.status,
    Pengaduan.dibuat,
    Pengaduan.batas_jawab,
    Pengaduan.dijawab,
    Pengaduan.diperbarui,
)


class ComplaintError(UserError):
    """A complaint or an answer that cannot be accepted."""


@dataclass
class NewComplaint:
    """A complaint already checked: what `create` writes."""

    jenis: JenisPengaduan
    isi: str
    kantor_id: int | None = None
    desa_id: int | None = None
    anonim: bool = True
    kontak: str = ""
    kunci: str | None = None  # the filing form's own random value (see `Pengaduan.kunci`)
    sidik: str = ""  # SHA-256 of the content (`content_digest`)
    pemilik: str = ""  # SHA-256 of the filing browser's form token
    photos: list[tuple[str, Photo]] = field(default_factory=list)  # (stored name, photo)


def new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{CODE_PREFIX}-{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def normalise_code(raw: str) -> str:
    """The code as people type it (lower case, spaces, without dashes or prefix), or "" when
    it cannot be one."""
    text = "".join(ch for ch in (raw or "").upper() if ch.isalnum())
    if len(text) == CODE_LENGTH + len(CODE_PREFIX) and text.startswith(CODE_PREFIX):
        text = text[len(CODE_PREFIX) :]
    if len(text) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in text):
        return ""
    return f"{CODE_PREFIX}-{text[:4]}-{text[4:8]}-{text[8:]}"


def answer_deadline(filed: datetime) -> datetime:
    """The same time of day, `ANSWER_WORKING_DAYS` working days later (Lombok time)."""
    local = filed.astimezone(LOCAL_TIME)
    day = add_working_days(local.date(), ANSWER_WORKING_DAYS)
    return datetime.combine(day, local.timetz())


def is_overdue(row: dict, now: datetime | None = None) -> bool:
    """No first answer yet, and its time has passed."""
    return row["dijawab"] is None and row["batas_jawab"] < (now or datetime.now(UTC))


def _overdue(now: datetime):
    """`is_overdue` as a query condition."""
    return Pengaduan.dijawab.is_null() & (Pengaduan.batas_jawab < now)


async def overdue_count() -> int:
    """How many complaints are past their first-answer time, for the home pages above the UPT."""
    return await Pengaduan.count().where(_overdue(datetime.now(UTC)))


async def check(values: dict[str, str], *, signed_in: bool) -> tuple[NewComplaint | None, dict]:
    """The form's text fields, checked: (complaint without photos, errors by field)."""
    errors: dict[str, str | Message] = {}
    jenis = values.get("jenis", "")
    if jenis not in JenisPengaduan.__members__:
        errors["jenis"] = N_("Pilih jenis pengaduan dari daftar.")
    isi = values.get("isi", "").strip()
    if len(isi) < MIN_ISI:
        errors["isi"] = lazy_ngettext(
            "Ceritakan apa yang terjadi (minimal %(num)s karakter).",
            "Ceritakan apa yang terjadi (minimal %(num)s karakter).",
            MIN_ISI,
        )
    elif len(isi) > MAX_ISI:
        errors["isi"] = lazy_ngettext(
            "Cerita maksimal %(num)s karakter.", "Cerita maksimal %(num)s karakter.", MAX_ISI
        )
    kontak = values.get("kontak", "").strip()
    if len(kontak) > MAX_KONTAK:
        errors["kontak"] = lazy_ngettext(
            "Kontak maksimal %(num)s karakter.", "Kontak maksimal %(num)s karakter.", MAX_KONTAK
        )
    kantor_id = await _existing(Kantor, values.get("kantor", ""))
    if kantor_id is False:
        errors["kantor"] = N_("Pilih kantor dari daftar, atau kosongkan.")
    desa_id = await _existing(Desa, values.get("desa", ""))
    if desa_id is False:
        errors["desa"] = N_("Pilih desa dari daftar, atau kosongkan.")
    if errors:
        return None, errors
    complaint = NewComplaint(
        jenis=JenisPengaduan(jenis),
        isi=isi,
        kantor_id=kantor_id,
        desa_id=desa_id,
        # Only a signed-in person can put a name to a complaint, and only by choosing to.
        anonim=not signed_in or values.get("anonim", "1") != "0",
        kontak=kontak,
        kunci=values.get("kunci") if FORM_KEY.fullmatch(values.get("kunci") or "") else None,
    )
    return complaint, {}


async def _existing(table, raw: str) -> int | bool | None:
    """The row id for an optional choice: None when left empty, False when not a real row."""
    if not raw.strip():
        return None
    row_id = parse_id(raw)
    if row_id is None:
        return False
    row = await table.select(table.id).where(table.id == row_id).first()
    return row["id"] if row else False


def new_form_key() -> str:
    return secrets.token_urlsafe(16)


def content_digest(complaint: NewComplaint, photo_digests: list[str]) -> str:
    """SHA-256 of everything the complaint says, its photos (as sent) included."""
    parts = [
        complaint.jenis.value,
        complaint.isi,
        str(complaint.kantor_id or ""),
        str(complaint.desa_id or ""),
        "anonim" if complaint.anonim else "bernama",
        complaint.kontak,
        *photo_digests,
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


async def filed_earlier(complaint: NewComplaint) -> dict | None:
    """The complaint this very form filed, when this is the same submission again from the
    browser that filed it within `REPLAY_WINDOW`; None when the form's key filed nothing yet.
    Any other use of a key that filed a complaint is refused (`ComplaintError`), showing
    neither its code nor its text: the key means "this submission again", nothing more."""
    if complaint.kunci is None:
        return None
    row = (
        await Pengaduan.select(
            Pengaduan.id,
            Pengaduan.kode,
            Pengaduan.dibuat,
            Pengaduan.kunci_sidik,
            Pengaduan.kunci_pemilik,
        )
        .where(Pengaduan.kunci == complaint.kunci)
        .first()
    )
    if row is None:
        return None
    same_content = row["kunci_sidik"] is not None and hmac.compare_digest(
        row["kunci_sidik"], complaint.sidik
    )
    if row["kunci_sidik"] is not None and not same_content:
        raise ComplaintError(KEY_USED_FOR_OTHER)
    same_browser = bool(complaint.pemilik) and hmac.compare_digest(
        row["kunci_pemilik"] or "", complaint.pemilik
    )
    if not (same_content and same_browser) or datetime.now(UTC) - row["dibuat"] > REPLAY_WINDOW:
        raise ComplaintError(KEY_ALREADY_FILED)
    return {"id": row["id"], "kode": row["kode"]}


async def create(user: User | None, complaint: NewComplaint, *, code: str = "") -> dict:
    """Write the complaint and its photos. Anonymous: no account and no name are kept. The
    same form sent again gives back the complaint it filed (`filed_earlier`)."""
    if filed := await filed_earlier(complaint):
        return filed
    now = datetime.now(UTC)
    named = user is not None and not complaint.anonim
    for _attempt in range(5):
        kode = code or new_code()
        try:
            async with write_transaction():
                row = (
                    await Pengaduan.insert(
                        Pengaduan(
                            kode=kode,
                            jenis=complaint.jenis,
                            kantor=complaint.kantor_id,
                            desa=complaint.desa_id,
                            isi=complaint.isi,
                            anonim=not named,
                            pelapor=user.id if named else None,
                            nama_pelapor=user.display_name if named else "",
                            kontak=complaint.kontak,
                            status=StatusPengaduan.baru,
                            dibuat=now,
                            batas_jawab=answer_deadline(now),
                            diperbarui=now,
                            kunci=complaint.kunci,
                            kunci_sidik=complaint.sidik if complaint.kunci else None,
                            kunci_pemilik=complaint.pemilik if complaint.kunci else None,
                        )
                    ).returning(Pengaduan.id, Pengaduan.kode)
                )[0]
                if complaint.photos:
                    await PengaduanFoto.insert(
                        *(
                            PengaduanFoto(
                                pengaduan=row["id"],
                                berkas=name,
                                ukuran=len(photo.jpeg),
                                lebar=photo.width,
                                tinggi=photo.height,
                                sha256=photo.sha256,
                            )
                            for name, photo in complaint.photos
                        )
                    )
            return row
        except UNIQUE_VIOLATIONS:
            if filed := await filed_earlier(complaint):
                return filed  # the same form, sent twice at once
            if code:
                raise
            continue  # the code was taken: draw another
    raise RuntimeError("could not draw a free complaint code")


async def by_code(kode: str) -> dict | None:
    """The complaint behind a tracking code (already normalised)."""
    if not kode:
        return None
    return await Pengaduan.select(*COLUMNS).where(Pengaduan.kode == kode).first()


async def photos_of(pengaduan_id: int) -> list[dict]:
    return (
        await PengaduanFoto.select(PengaduanFoto.id, PengaduanFoto.berkas)
        .where(PengaduanFoto.pengaduan == pengaduan_id)
        .order_by(PengaduanFoto.id)
    )


async def photo(foto_id: int) -> dict | None:
    return (
        await PengaduanFoto.select(PengaduanFoto.id, PengaduanFoto.berkas)
        .where(PengaduanFoto.id == foto_id)
        .first()
    )


async def replies_of(pengaduan_id: int) -> list[dict]:
    """Answers and follow-ups, oldest first, with the answering unit and never a name."""
    return (
        await PengaduanBalasan.select(
            PengaduanBalasan.isi,
            PengaduanBalasan.dari_pelapor,
            PengaduanBalasan.unit,
            PengaduanBalasan.status,
            PengaduanBalasan.waktu,
        )
        .where(PengaduanBalasan.pengaduan == pengaduan_id)
        .order_by(PengaduanBalasan.waktu)
        .order_by(PengaduanBalasan.id)
    )


def _checked_text(text: str) -> str:
    text = text.strip()
    if not text:
        raise ComplaintError(N_("Tulis isi tanggapan."))
    if len(text) > MAX_BALASAN:
        raise ComplaintError(
            lazy_ngettext(
                "Tanggapan maksimal %(num)s karakter.",
                "Tanggapan maksimal %(num)s karakter.",
                MAX_BALASAN,
            )
        )
    return text


async def follow_up(row: dict, text: str) -> None:
    """The complainant adds to their complaint; a finished one opens again."""
    text = _checked_text(text)
    now = datetime.now(UTC)
    values = {Pengaduan.diperbarui: now}
    if row["status"] == StatusPengaduan.selesai:
        values[Pengaduan.status] = StatusPengaduan.ditanggapi
    async with write_transaction():
        await PengaduanBalasan.insert(
            PengaduanBalasan(pengaduan=row["id"], isi=text, dari_pelapor=True, waktu=now)
        )
        await Pengaduan.update(values).where(Pengaduan.id == row["id"])


def is_about_dinas(row: dict) -> bool:
    """The complaint names the Dinas office itself (the one office without a kecamatan)."""
    return row["kantor.id"] is not None and row["kantor.kecamatan.id"] is None


def may_set_status(user: User, row: dict) -> bool:
    """Whoever answers may say where the complaint stands, except the Dinas on a complaint
    about the Dinas: that one is oversight's to decide."""
    return may_manage(user) and (user.role == Role.pengawas or not is_about_dinas(row))


async def reply(user: User, row: dict, text: str, status: str) -> None:
    """An answer from the office, shown with its unit; the first one that sets the status
    stops the clock. The Dinas may answer a complaint about itself, but its answer leaves the
    status, and the clock, to `pengawas`; any `status` it sends is ignored."""
    if not may_manage(user):
        raise ComplaintError(N_("Pengaduan ditangani Dinas kabupaten dan pengawas."))
    text = _checked_text(text)
    now = datetime.now(UTC)
    values = {Pengaduan.diperbarui: now}
    if not may_set_status(user, row):
        status = None
    elif status not in REPLY_STATUSES:
        raise ComplaintError(N_("Pilih status dari daftar."))
    else:
        values[Pengaduan.status] = status
        if row["dijawab"] is None:
            values[Pengaduan.dijawab] = now
    unit = await unit_of(user)
    async with write_transaction():
        await PengaduanBalasan.insert(
            PengaduanBalasan(
                pengaduan=row["id"], isi=text, pelaku=user.id, unit=unit, status=status, waktu=now
            )
        )
        await Pengaduan.update(values).where(Pengaduan.id == row["id"])
        await audit.record(user, "balas_pengaduan", "pengaduan", row["id"])


def may_manage(user: User | None) -> bool:
    """Oversight and the regency's Dinas staff; never a UPT, which may be the one complained
    about."""
    if user is None:
        return False
    return user.role == Role.pengawas or (
        user.role == Role.petugas_dinas and user.kecamatan_id is None
    )


async def managed(user: User, pengaduan_id: int) -> dict | None:
    if not may_manage(user):
        return None
    return await Pengaduan.select(*COLUMNS).where(Pengaduan.id == pengaduan_id).first()


async def identity_for(user: User, row: dict) -> dict | None:
    """Who sent the complaint, for `pengawas` only; every look is audited."""
    if user.role != Role.pengawas:
        return None
    identity = (
        await Pengaduan.select(Pengaduan.anonim, Pengaduan.nama_pelapor, Pengaduan.kontak)
        .where(Pengaduan.id == row["id"])
        .first()
    )
    await audit.record(user, "lihat_identitas_pelapor", "pengaduan", row["id"])
    return identity


async def mine(user: User | None) -> list[dict]:
    """The complaints a signed-in person sent with their name, newest first."""
    if user is None:
        return []
    return (
        await Pengaduan.select(*COLUMNS)
        .where(Pengaduan.pelapor == user.id)
        .order_by(Pengaduan.dibuat, ascending=False)
        .limit(100)
    )


@dataclass
class Filters:
    status: str = ""  # "" for the open ones, `LATE` for those past their first-answer time
    jenis: str = ""
    kantor: str = ""


async def office_list(filters: Filters, limit: int = 200) -> list[dict]:
    """Unanswered complaints first, oldest first, then the answered ones, oldest first."""
    query = Pengaduan.select(*COLUMNS)
    if filters.status in StatusPengaduan.__members__:
        query = query.where(Pengaduan.status == filters.status)
    elif filters.status == LATE:
        query = query.where(_overdue(datetime.now(UTC)))
    else:
        query = query.where(Pengaduan.status.is_in(list(OPEN)))
    if filters.jenis in JenisPengaduan.__members__:
        query = query.where(Pengaduan.jenis == filters.jenis)
    kantor_id = parse_id(filters.kantor)
    if kantor_id is not None:
        query = query.where(Pengaduan.kantor == kantor_id)
    rows = await query.order_by(Pengaduan.dibuat).limit(limit)
    return sorted(rows, key=lambda row: row["dijawab"] is not None)


async def figures() -> dict:
    """For the dashboard: open complaints, those past their answer time, and all by kind."""
    now = datetime.now(UTC)
    open_count = await Pengaduan.count().where(Pengaduan.status.is_in(list(OPEN)))
    overdue = await Pengaduan.count().where(_overdue(now))
    per_jenis = {jenis.value: 0 for jenis in JenisPengaduan}
    counts = await Pengaduan.select(Pengaduan.jenis, Count(alias="n")).group_by(Pengaduan.jenis)
    per_jenis.update({row["jenis"]: row["n"] for row in counts})
    return {"terbuka": open_count, "terlambat": overdue, "per_jenis": per_jenis}
