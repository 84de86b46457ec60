"""The rules of a service request: who may ask for whom, how it moves from status to status,
and what every move leaves behind (a timeline event, an audit entry, a domain event)."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from server.db import UNIQUE_VIOLATIONS, write_transaction
from server.errors import UserError
from server.i18n import N_, Message, lazy_ngettext, lazy_pgettext
from server.models.accounts import Role
from server.models.kantor import Kantor
from server.models.penduduk import DETAIL_COLUMNS, Penduduk
from server.models.permohonan import (
    DETAIL_COLUMNS as REQUEST_COLUMNS,
)
from server.models.permohonan import Dokumen, Kanal, Permohonan, PermohonanEvent, Status
from server.models.platform import DomainEvent
from server.models.wilayah import Desa, Kecamatan
from server.services import audit, blanko, daftar_desa, notify
from server.services.auth import User
from server.services.layanan import CATALOGUE, Layanan
from server.services.scope import penduduk_scope, permohonan_scope

#: Where each status may go next. `perlu_perbaikan` goes back to the applicant, who fixes the
#: request and submits it again.
TRANSITIONS = {
    Status.draf: {Status.diajukan},
    Status.diajukan: {Status.diverifikasi, Status.perlu_perbaikan, Status.ditolak},
    Status.diverifikasi: {Status.diproses, Status.perlu_perbaikan, Status.ditolak},
    Status.diproses: {Status.siap_diambil, Status.ditolak},
    Status.siap_diambil: {Status.selesai},
    Status.perlu_perbaikan: {Status.diajukan},
    Status.selesai: set(),
    Status.ditolak: set(),
}
OPEN = (
    Status.diajukan,
    Status.diverifikasi,
    Status.diproses,
    Status.siap_diambil,
    Status.perlu_perbaikan,
)

#: Office actions: name -> (target status, what the officer must also give).
ACTIONS = {
    "verifikasi": (Status.diverifikasi, None),
    "proses": (Status.diproses, None),
    "siap": (Status.siap_diambil, "tempat"),
    "selesai": (Status.selesai, None),
    "perbaiki": (Status.perlu_perbaikan, "alasan"),
    "tolak": (Status.ditolak, "alasan"),
}
#: The office's buttons for those actions.
ACTION_BUTTON_LABELS = {
    "verifikasi": N_("Verifikasi"),
    "proses": lazy_pgettext("button", "Proses"),
    "siap": N_("Siap diambil"),
    "selesai": N_("Selesai (sudah diambil)"),
    "perbaiki": N_("Kembalikan untuk diperbaiki"),
    "tolak": N_("Tolak"),
}

#: Letters that cannot be mistaken for one another when read aloud or copied by hand.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
MAX_NOTE = 1000


class RequestError(UserError):
    """A request that cannot be made or moved."""


@dataclass
class Draft:
    """A request being created, already checked: what `create` writes."""

    layanan: Layanan
    pemohon: dict
    kantor_id: int
    kanal: Kanal
    isian: dict[str, str] = field(default_factory=dict)
    catatan: str = ""
    documents: list[tuple[str, str, object]] = field(default_factory=list)  # (jenis, name, Photo)
    daftar: int | None = None  # the desa list row it was started from, to link and mark helped


def new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"DK-{raw[:4]}-{raw[4:]}"


def normalise_code(raw: str) -> str:
    """Accept the code as people type it: lower case, spaces, missing dashes, O for 0."""
    text = "".join(ch for ch in (raw or "").upper() if ch.isalnum())
    text = text.replace("O", "0").replace("I", "1").replace("L", "1")
    if text.startswith("DK"):
        text = text[2:]
    return f"DK-{text[:4]}-{text[4:8]}" if len(text) == 8 else ""


def add_working_days(start: date, days: int) -> date:
    """Working days are Monday to Friday (national holidays are not modelled)."""
    current = start
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


def kanal_for(user: User) -> Kanal:
    return {
        Role.operator_desa: Kanal.loket_desa,
        Role.petugas_keliling: Kanal.jemput_bola,
    }.get(user.role, Kanal.mandiri)


#: Timeline texts the system writes, translated when shown (what officers type is not).
APPLICANT_UNIT = N_("Pemohon")
SUPERVISOR_UNIT = N_("Pengawas")
OFFICE_UNIT = N_("Dinas Dukcapil")
RESUBMITTED_NOTE = N_("Diajukan kembali setelah diperbaiki")
FIELD_TEAM_UNIT = N_("Tim jemput bola")
HANDED_OVER_NOTE = N_("KTP-el diserahkan saat jemput bola")
SYSTEM_TIMELINE_TEXTS = (
    APPLICANT_UNIT,
    SUPERVISOR_UNIT,
    OFFICE_UNIT,
    RESUBMITTED_NOTE,
    FIELD_TEAM_UNIT,
    HANDED_OVER_NOTE,
)


async def unit_of(user: User) -> str:
    """How a person appears on a timeline: their office or desa (names of places and offices,
    kept as they are in every language), never their name."""
    if user.role == Role.warga:
        return APPLICANT_UNIT
    if user.role == Role.operator_desa and user.desa_id:
        desa = await Desa.select(Desa.name).where(Desa.id == user.desa_id).first()
        return f"Kantor Desa {desa['name']}"
    if user.kecamatan_id:
        kec = (
            await Kecamatan.select(Kecamatan.name).where(Kecamatan.id == user.kecamatan_id).first()
        )
        prefix = "Tim keliling UPT" if user.role == Role.petugas_keliling else "UPT Dukcapil"
        return f"{prefix} {kec['name']}"
    if user.role == Role.pengawas:
        return SUPERVISOR_UNIT
    return OFFICE_UNIT


async def applicable_people(user: User) -> list[dict]:
    """Whom `user` may apply for: a citizen their own KK; a desa officer or field team, the
    residents of their scope (picked one at a time via the registry search)."""
    if user.role == Role.warga and user.kk:
        return (
            await Penduduk.select(*DETAIL_COLUMNS)
            .where(Penduduk.kk == user.kk)
            .order_by(Penduduk.id)
        )
    return []


async def may_apply_for(user: User, penduduk_id: int) -> dict | None:
    """The resident if `user` may file a request for them, else None."""
    if user.role not in (Role.warga, Role.operator_desa, Role.petugas_keliling):
        return None
    return (
        await Penduduk.select(*DETAIL_COLUMNS)
        .where((Penduduk.id == penduduk_id) & penduduk_scope(user))
        .first()
    )


def check_answers(layanan: Layanan, raw: dict[str, str]) -> tuple[dict[str, str], dict]:
    """The service's own answers, checked: (clean answers, errors by field name)."""
    answers, errors = {}, {}
    for question in layanan.fields:
        value = (raw.get(question.name) or "").strip()
        if not value:
            if question.required:
                errors[question.name] = Message(
                    "%(label)s wajib diisi.", {"label": Message(question.label)}
                )
            continue
        if len(value) > question.max_length:
            errors[question.name] = lazy_ngettext(
                "%(label)s terlalu panjang (maksimal %(num)s karakter).",
                "%(label)s terlalu panjang (maksimal %(num)s karakter).",
                question.max_length,
                label=Message(question.label),
            )
        elif question.kind == "select" and value not in dict(question.options):
            errors[question.name] = Message(
                "Pilih %(label)s dari daftar.", {"label": Message(question.label)}
            )
        elif question.kind == "date":
            try:
                if date.fromisoformat(value) > date.today():
                    errors[question.name] = Message(
                        "%(label)s tidak boleh di masa depan.", {"label": Message(question.label)}
                    )
            except ValueError:
                errors[question.name] = Message(
                    "%(label)s bukan tanggal yang benar.", {"label": Message(question.label)}
                )
        answers[question.name] = value
    return answers, errors


async def default_kantor(person: dict) -> int:
    kantor = (
        await Kantor.select(Kantor.id)
        .where(Kantor.kecamatan == person["desa.kecamatan.id"])
        .first()
    )
    return kantor["id"]


def _documents(permohonan_id: int, documents) -> list[Dokumen]:
    return [
        Dokumen(
            permohonan=permohonan_id,
            jenis=jenis,
            berkas=name,
            ukuran=len(photo.jpeg),
            lebar=photo.width,
            tinggi=photo.height,
            sha256=photo.sha256,
        )
        for jenis, name, photo in documents
    ]


def _event(permohonan_id: int, dari: str | None, ke: str, user: User, unit: str, note: str = ""):
    return PermohonanEvent(
        permohonan=permohonan_id,
        dari=dari,
        ke=ke,
        pelaku=user.id,
        peran=user.role.value,
        unit=unit,
        catatan=note,
    )


def _domain_event(row: dict, dari: str | None, ke: str) -> DomainEvent:
    """What a later worker needs to tell the applicant, without personal data."""
    return DomainEvent(
        jenis="permohonan.status",
        data=json.dumps(
            {
                "permohonan": row["id"],
                "kode": row["kode"],
                "layanan": row["layanan"],
                "dari": dari,
                "ke": ke,
                "pemohon": row["pemohon"],
            }
        ),
    )


async def create(user: User, draft: Draft, *, submit: bool) -> dict:
    """Write a new request with its documents; with `submit`, also hand it in."""
    unit = await unit_of(user)
    now = datetime.now(UTC)
    for _attempt in range(5):
        code = new_code()
        try:
            async with write_transaction():
                row = (
                    await Permohonan.insert(
                        Permohonan(
                            kode=code,
                            layanan=draft.layanan.kode,
                            pemohon=draft.pemohon["id"],
                            diajukan_oleh=user.id,
                            kanal=draft.kanal,
                            status=Status.draf,
                            kantor=draft.kantor_id,
                            isian=json.dumps(draft.isian),
                            catatan=draft.catatan,
                        )
                    ).returning(
                        Permohonan.id, Permohonan.kode, Permohonan.layanan, Permohonan.pemohon
                    )
                )[0]
                if draft.documents:
                    await Dokumen.insert(*_documents(row["id"], draft.documents))
                await PermohonanEvent.insert(_event(row["id"], None, Status.draf, user, unit))
                await audit.record(user, "buat_permohonan", "permohonan", row["id"])
                if draft.daftar:
                    await daftar_desa.link_request(
                        user, draft.daftar, row["id"], draft.pemohon["id"], draft.layanan.kode
                    )
                if submit:
                    await _move(row, Status.draf, Status.diajukan, user, unit, "", now)
            return row
        except UNIQUE_VIOLATIONS:
            continue  # the tracking code was taken: draw another
    raise RuntimeError("could not draw a free tracking code")


async def _move(
    row: dict,
    dari: str,
    ke: Status,
    user: User,
    unit: str,
    note: str,
    now: datetime,
    extra: dict | None = None,
) -> None:
    """One status change, inside the caller's transaction; refuses a move from a status the
    request is no longer in (someone else acted first)."""
    values = {Permohonan.status: ke, Permohonan.diperbarui: now, **(extra or {})}
    if ke == Status.diajukan:
        days = CATALOGUE[row["layanan"]].hari_kerja
        values[Permohonan.batas_waktu] = add_working_days(now.date(), days)
        values[Permohonan.diajukan] = now
        values[Permohonan.alasan] = ""
    if ke == Status.diproses and CATALOGUE[row["layanan"]].butuh_blanko:
        values[Permohonan.siap_cetak] = now  # its turn in the office's print queue
    moved = (
        await Permohonan.update(values)
        .where((Permohonan.id == row["id"]) & (Permohonan.status == dari))
        .returning(Permohonan.id)
    )
    if not moved:
        raise RequestError(N_("Status permohonan sudah berubah. Muat ulang halaman."))
    await PermohonanEvent.insert(_event(row["id"], dari, ke, user, unit, note))
    await DomainEvent.insert(_domain_event(row, dari, ke))
    await notify.request_status(row, ke, row.get("diajukan_oleh"))


async def submit(user: User, row: dict, documents: list | tuple = ()) -> None:
    """Hand in a draft, or hand in again a request sent back for fixing (with any new photos
    replacing those of the same kind)."""
    dari = Status(row["status"])
    if Status.diajukan not in TRANSITIONS[dari]:
        raise RequestError(N_("Permohonan ini tidak bisa diajukan lagi."))
    unit = await unit_of(user)
    note = RESUBMITTED_NOTE if dari == Status.perlu_perbaikan else ""
    async with write_transaction():
        if documents:
            await Dokumen.delete().where(
                (Dokumen.permohonan == row["id"])
                & Dokumen.jenis.is_in([jenis for jenis, _, _ in documents])
            )
            await Dokumen.insert(*_documents(row["id"], documents))
        await _move(row, dari, Status.diajukan, user, unit, note, datetime.now(UTC))
        await audit.record(user, "ajukan_permohonan", "permohonan", row["id"])


async def act(
    user: User, row: dict, action: str, note: str = "", place: str = "", out_of_turn: str = ""
) -> Status:
    """An office action on a request; every one is a timeline event and an audit entry. Making
    a KTP-el ready prints its card: that takes a blanko, in queue order unless `out_of_turn`
    says why not."""
    if action not in ACTIONS:
        raise RequestError(N_("Tindakan tidak dikenal."))
    target, needs = ACTIONS[action]
    dari = Status(row["status"])
    if target not in TRANSITIONS[dari]:
        raise RequestError(N_("Tindakan ini tidak berlaku untuk status permohonan sekarang."))
    note, place = note.strip()[:MAX_NOTE], place.strip()[:200]
    if needs == "alasan" and not note:
        raise RequestError(N_("Tuliskan alasannya agar pemohon tahu apa yang harus dilakukan."))
    if needs == "tempat" and not place:
        raise RequestError(N_("Tuliskan tempat pengambilan dokumen."))
    extra = {}
    if needs == "alasan":
        extra[Permohonan.alasan] = note
    if needs == "tempat":
        extra[Permohonan.tempat_ambil] = place
        note = note or f"Ambil di {place}"
    unit = await unit_of(user)
    now = datetime.now(UTC)
    prints = target == Status.siap_diambil and CATALOGUE[row["layanan"]].butuh_blanko
    async with write_transaction():
        if prints:
            try:
                await blanko.use_card(user, row, out_of_turn, now)
            except blanko.BlankoError as error:
                raise RequestError(error.message) from None
        await _move(row, dari, target, user, unit, note, now, extra)
        await audit.record(user, f"permohonan_{action}", "permohonan", row["id"])
    return target


async def readable_request(user: User, kode: str) -> dict | None:
    """The request if `user` may read it; None whether absent or out of scope."""
    return (
        await Permohonan.select(*REQUEST_COLUMNS)
        .where((Permohonan.kode == kode) & permohonan_scope(user))
        .first()
    )


async def tracked(kode: str, nik4: str) -> dict | None:
    """Public tracking: the request under a tracking code, only when `nik4` is the last four
    digits of its applicant's NIK."""
    code, digits = normalise_code(kode), nik4.strip()
    if not (code and len(digits) == 4 and digits.isdigit()):
        return None
    row = (
        await Permohonan.select(
            Permohonan.id,
            Permohonan.kode,
            Permohonan.layanan,
            Permohonan.status,
            Permohonan.tempat_ambil,
            Permohonan.alasan,
            Permohonan.batas_waktu,
            Permohonan.kantor.id,
            Permohonan.kantor.nama,
            Permohonan.siap_cetak,
            Permohonan.pemohon.nik,
        )
        .where(Permohonan.kode == code)
        .first()
    )
    if row is None or row["pemohon.nik"][-4:] != digits:
        return None
    return row


async def list_for(user: User) -> list[dict]:
    """A citizen's requests (their KK's and their own), newest first; for a desa officer or
    field team, the open requests of their area and those they filed."""
    query = Permohonan.select(*REQUEST_COLUMNS).where(permohonan_scope(user))
    if user.role != Role.warga:
        query = query.where(Permohonan.status.is_in(list(OPEN)))
    return await query.order_by(Permohonan.diperbarui, ascending=False).limit(200)
