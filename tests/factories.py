"""Test data: the registry every run starts with, and what a test makes on the spot.

The test database holds only the small registry (`seed_registry`, called once per run by the
`registry` fixture), so each test makes the teams, kits, visits and residents it needs
(`Scratch`, handed out by the `scratch` fixture, which removes them again afterwards), and the
forms, photos and push subscriptions it sends.

Where test code goes: fixtures in conftest.py; what makes test data here; requests and readings
of answers in tests/helpers.py (browser ones in tests/browser/helpers.py). A test module never
imports another test module (tests/test_imports.py checks it).
"""

from __future__ import annotations

import base64
import io
import itertools
import secrets
from datetime import UTC, date, datetime, timedelta

import cbor2
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from PIL import Image

from server.models.accounts import Account, Passkey, Role, TotpSecret
from server.models.jemput_bola import (
    HariLibur,
    JenisPerangkat,
    Kunjungan,
    Perangkat,
    Sesi,
    StatusKunjungan,
    StatusPerangkat,
    Tim,
    TimAnggota,
)
from server.models.kantor import Kantor
from server.models.notifikasi import LanggananPush
from server.models.penduduk import Hubungan, KtpStatus, Penduduk
from server.models.wilayah import Desa, Kecamatan
from server.services import kunjungan
from server.services.auth import User, hash_password, user_by_username

# --- The test registry: two families in Desa Labuhan Haji, one in another desa of the same
# kecamatan, one in another kecamatan. Every role gets an account, scoped to these places.

#: The password of every test account.
PASSWORD = "rahasia-uji-123"

FAMILIES = {
    "labuhan": {
        "kk": "5203170101150001",
        "desa": ("Labuhan Haji", "Labuhan Haji"),
        "members": [
            ("5203171203880011", "Ahmad Fauzi", date(1988, 3, 12), "L", Hubungan.kepala_keluarga),
            ("5203175507900011", "Siti Aminah", date(1990, 7, 15), "P", Hubungan.istri),
            ("5203176402080011", "Nurul Hasanah", date(2008, 2, 24), "P", Hubungan.anak),
        ],
    },
    "tetangga": {
        "kk": "5203170101150002",
        "desa": ("Labuhan Haji", "Labuhan Haji"),
        "members": [
            ("5203170505700011", "Lalu Sahabudin", date(1970, 5, 5), "L", Hubungan.kepala_keluarga),
        ],
    },
    "geres": {
        "kk": "5203170101150003",
        "desa": ("Labuhan Haji", "Geres"),
        "members": [
            ("5203171010850011", "Zainul Hakim", date(1985, 10, 10), "L", Hubungan.kepala_keluarga),
        ],
    },
    "sembalun": {
        "kk": "5203150101150004",
        "desa": ("Sembalun", "Sembalun Bumbung"),
        "members": [
            ("5203154112950011", "Baiq Maesarah", date(1995, 12, 1), "P", Hubungan.kepala_keluarga),
        ],
    },
}

#: NIK present in the registry but with no account yet (for sign-up tests).
UNREGISTERED = {"nik": "5203171505990021", "kk": "5203170101150009", "born": date(1999, 5, 15)}


async def seed_registry() -> dict:
    """Fill a migrated, empty database with the test registry; the ids of its people (by name)
    and the user names of its accounts (by key)."""
    people: dict[str, int] = {}
    for family in FAMILIES.values():
        desa_id = await desa_of(*family["desa"])
        for nik, nama, born, sex, hubungan in family["members"]:
            row = await Penduduk.insert(
                Penduduk(
                    nik=nik,
                    kk=family["kk"],
                    nama=nama,
                    tempat_lahir="Selong",
                    tanggal_lahir=born,
                    jenis_kelamin=sex,
                    hubungan=hubungan,
                    desa=desa_id,
                    ktp_status=KtpStatus.sudah_cetak,
                )
            )
            people[nama] = row[0]["id"]
    row = await Penduduk.insert(
        Penduduk(
            nik=UNREGISTERED["nik"],
            kk=UNREGISTERED["kk"],
            nama="Rusdi Hamdi",
            tempat_lahir="Selong",
            tanggal_lahir=UNREGISTERED["born"],
            jenis_kelamin="L",
            desa=await desa_of("Labuhan Haji", "Labuhan Haji"),
        )
    )
    people["Rusdi Hamdi"] = row[0]["id"]

    password_hash = hash_password(PASSWORD)
    labuhan_kec = (
        await Kecamatan.select(Kecamatan.id).where(Kecamatan.name == "Labuhan Haji").first()
    )["id"]
    sembalun_kec = (
        await Kecamatan.select(Kecamatan.id).where(Kecamatan.name == "Sembalun").first()
    )["id"]
    accounts = {
        "warga": {
            "username": "5203175507900011",
            "role": Role.warga,
            "penduduk": people["Siti Aminah"],
        },
        "warga_tetangga": {
            "username": "5203170505700011",
            "role": Role.warga,
            "penduduk": people["Lalu Sahabudin"],
        },
        "operator": {
            "username": "operator.uji",
            "role": Role.operator_desa,
            "desa": await desa_of("Labuhan Haji", "Labuhan Haji"),
        },
        "operator_geres": {
            "username": "operator.geres",
            "role": Role.operator_desa,
            "desa": await desa_of("Labuhan Haji", "Geres"),
        },
        "petugas": {
            "username": "petugas.uji",
            "role": Role.petugas_keliling,
            "kecamatan": labuhan_kec,
        },
        "dinas": {"username": "dinas.uji", "role": Role.petugas_dinas},
        "upt_sembalun": {
            "username": "upt.sembalun",
            "role": Role.petugas_dinas,
            "kecamatan": sembalun_kec,
        },
        "pengawas": {"username": "pengawas.uji", "role": Role.pengawas},
    }
    for key, values in accounts.items():
        row = await Account.insert(
            Account(password_hash=password_hash, display_name=f"Akun {key}", **values)
        )
        if key in ENROLLED_STAFF:
            await enrol_passkey(row[0]["id"], f"passkey-{key}")
    return {"people": people, "accounts": {k: v["username"] for k, v in accounts.items()}}


#: Test staff with regency-wide reach come with a passkey of the software authenticator below,
#: so that `tests.helpers.login` passes their second step.
ENROLLED_STAFF = ("dinas", "pengawas")
#: The software authenticator's key (P-256), made once per run.
PASSKEY_KEY = ec.generate_private_key(ec.SECP256R1())


def cose_public_key(key: ec.EllipticCurvePrivateKey) -> bytes:
    numbers = key.public_key().public_numbers()
    return cbor2.dumps(
        {1: 2, 3: -7, -1: 1, -2: numbers.x.to_bytes(32, "big"), -3: numbers.y.to_bytes(32, "big")}
    )


async def enrol_passkey(account_id: int, credential: str, sign_count: int = 0) -> str:
    """Give an account a passkey of the software authenticator; returns its credential id."""
    credential_id = b64url(credential.encode())
    await Passkey.insert(
        Passkey(
            account=account_id,
            credential_id=credential_id,
            public_key=b64url(cose_public_key(PASSKEY_KEY)),
            sign_count=sign_count,
            name="Kunci uji",
        )
    )
    return credential_id


async def enrol_totp(account_id: int, secret: str) -> None:
    await TotpSecret.insert(TotpSecret(account=account_id, secret=secret))


async def desa_of(kecamatan: str, desa: str) -> int:
    row = (
        await Desa.select(Desa.id)
        .where((Desa.name == desa) & (Desa.kecamatan.name == kecamatan))
        .first()
    )
    return row["id"]


async def account_id(username: str) -> int:
    return (await Account.select(Account.id).where(Account.username == username).first())["id"]


# --- What a test makes on the spot ---------------------------------------------------------

_serial = itertools.count(7001)  # NIK serials: the registry's own end in 0011 and 0021
_tags = itertools.count(1)


def unique_tag() -> str:
    """Short and unique within a run, for names and codes that must not collide."""
    return f"{next(_tags):03d}{secrets.token_hex(2).upper()}"


def working_day(week: int = 0, weekday: int = 0) -> date:
    """A Monday-to-Friday date in the future: the coming Monday, `week` weeks later, plus
    `weekday` days (0 = Monday ... 4 = Friday)."""
    assert 0 <= weekday <= 4
    return kunjungan.next_monday(kunjungan.today()) + timedelta(weeks=week, days=weekday)


def saturday(week: int = 0) -> date:
    return kunjungan.next_monday(kunjungan.today()) + timedelta(weeks=week, days=5)


class Scratch:
    """Teams, kits, visits, residents and accounts made by one test, and removed after it:
    the database is shared by the whole run."""

    def __init__(self) -> None:
        self.team_ids: list[int] = []
        self.people: list[int] = []
        self.accounts: list[int] = []
        self.days_off: list[int] = []

    async def team(
        self,
        kecamatan: str,
        kits: tuple[tuple[str, int], ...] = ((StatusPerangkat.baik, 40),),
        *,
        petugas: str | None = None,
    ) -> dict:
        """A team based at the kecamatan's UPT with recording sets `(status, capacity)`, and
        the `petugas` account (a user name) as its member."""
        tag = unique_tag()
        kec = await Kecamatan.select(Kecamatan.id).where(Kecamatan.name == kecamatan).first()
        kantor = (await Kantor.select(Kantor.id).where(Kantor.kecamatan == kec["id"]).first())["id"]
        nama = f"Tim Uji {tag}"
        tim_id = (await Tim.insert(Tim(nama=nama, kantor=kantor)))[0]["id"]
        self.team_ids.append(tim_id)
        kit_rows = []
        for number, (status, capacity) in enumerate(kits, 1):
            kode = f"PRK-{tag}-{number}"
            row = await Perangkat.insert(
                Perangkat(
                    kode=kode,
                    jenis=JenisPerangkat.perekaman,
                    tim=tim_id,
                    kantor=kantor,
                    status=status,
                    kapasitas_harian=capacity,
                )
            )
            kit_rows.append({"id": row[0]["id"], "kode": kode, "status": status})
        if petugas:
            akun = await account_id(petugas)
            await TimAnggota.delete().where(TimAnggota.akun == akun)
            await TimAnggota.insert(TimAnggota(tim=tim_id, akun=akun))
        return {"id": tim_id, "nama": nama, "kantor": kantor, "kits": kit_rows}

    async def visit(
        self,
        team: dict,
        desa_id: int,
        day: date,
        kapasitas: int = 30,
        *,
        status: str = StatusKunjungan.diumumkan,
        kit: int | None = None,
        tempat: str = "Kantor Desa",
    ) -> dict:
        """A visit; a published one with its three windows and the home-visit round, as
        `kunjungan.decide` opens them."""
        published = status in (StatusKunjungan.diumumkan, StatusKunjungan.selesai)
        row = await Kunjungan.insert(
            Kunjungan(
                desa=desa_id,
                tanggal=day,
                tim=team["id"],
                perangkat=kit or team["kits"][0]["id"],
                kapasitas=kapasitas,
                tempat=tempat,
                status=status,
                alasan="Uji",
                diumumkan=datetime.now(UTC) if published else None,
            )
        )
        visit_id = row[0]["id"]
        sesi: list[int] = []
        rumah = None
        if published:
            sizes = kunjungan.split_capacity(kapasitas, len(kunjungan.WINDOWS))
            for (start, end), size in zip(kunjungan.WINDOWS, sizes, strict=True):
                sesi.append(
                    (
                        await Sesi.insert(
                            Sesi(kunjungan=visit_id, mulai=start, selesai=end, kapasitas=size)
                        )
                    )[0]["id"]
                )
            rumah = (
                await Sesi.insert(
                    Sesi(
                        kunjungan=visit_id,
                        mulai=kunjungan.HOME_WINDOW[0],
                        selesai=kunjungan.HOME_WINDOW[1],
                        kapasitas=kunjungan.HOME_VISITS,
                        rumah=True,
                    )
                )
            )[0]["id"]
        return {"id": visit_id, "tanggal": day, "sesi": sesi, "rumah": rumah, "desa": desa_id}

    async def residents(
        self,
        desa_id: int,
        count: int = 1,
        *,
        ktp: str = KtpStatus.belum_rekam,
        born: date = date(1990, 1, 1),
    ) -> list[dict]:
        """Adults of one desa, each with their own KK, valid NIK and a unique name."""
        code = (await Desa.select(Desa.kecamatan.code).where(Desa.id == desa_id).first())[
            "kecamatan.code"
        ].replace(".", "")
        tag = unique_tag()
        rows = []
        for number in range(count):
            serial = next(_serial)
            rows.append(
                Penduduk(
                    nik=f"{code}{born:%d%m%y}{serial:04d}",
                    kk=f"{code}0101{serial:06d}",
                    nama=f"Warga Uji {tag} {number + 1:02d}",
                    tempat_lahir="Selong",
                    tanggal_lahir=born,
                    jenis_kelamin="L",
                    hubungan=Hubungan.kepala_keluarga,
                    desa=desa_id,
                    ktp_status=ktp,
                )
            )
        ids = [row["id"] for row in await Penduduk.insert(*rows)]
        self.people.extend(ids)
        return (
            await Penduduk.select(Penduduk.id, Penduduk.nik, Penduduk.nama, Penduduk.kk)
            .where(Penduduk.id.is_in(ids))
            .order_by(Penduduk.id)
        )

    async def operator(self, desa_id: int) -> User:
        """A desa officer of `desa_id`, as the services see a signed-in user."""
        username = f"operator.uji.{unique_tag().lower()}"
        row = await Account.insert(
            Account(
                username=username,
                password_hash="!",  # never signs in
                role=Role.operator_desa,
                display_name=f"Operator {username}",
                desa=desa_id,
            )
        )
        self.accounts.append(row[0]["id"])
        return await user_by_username(username)

    async def staff(self, role: Role = Role.petugas_dinas, kecamatan: int | None = None) -> User:
        """A staff account that signs in with `PASSWORD` (regency-wide unless `kecamatan`)."""
        username = f"staf.uji.{unique_tag().lower()}"
        row = await Account.insert(
            Account(
                username=username,
                password_hash=hash_password(PASSWORD),
                role=role,
                display_name=f"Staf {username}",
                kecamatan=kecamatan,
            )
        )
        self.accounts.append(row[0]["id"])
        return await user_by_username(username)

    async def cleanup(self) -> None:
        if self.days_off:
            await HariLibur.delete().where(HariLibur.id.is_in(self.days_off))
        if self.team_ids:
            # Visits take their windows, bookings and records with them; teams their kits.
            await Kunjungan.delete().where(Kunjungan.tim.is_in(self.team_ids))
            await Tim.delete().where(Tim.id.is_in(self.team_ids))
        if self.people:
            await Penduduk.delete().where(Penduduk.id.is_in(self.people))
        if self.accounts:
            await Account.delete().where(Account.id.is_in(self.accounts))


# --- Photos, request forms and push subscriptions -----------------------------------------


def jpeg(width: int = 1200, height: int = 900, *, gps: bool = False) -> bytes:
    image = Image.new("RGB", (width, height), (200, 180, 150))
    out = io.BytesIO()
    if gps:
        exif = Image.Exif()
        exif[0x010F] = "Pabrikan Ponsel"  # Make
        exif[0x8825] = {1: "S", 2: (8.0, 39.0, 0.0), 3: "E", 4: (116.0, 32.0, 0.0)}  # GPS
        image.save(out, "JPEG", exif=exif)
    else:
        image.save(out, "JPEG")
    return out.getvalue()


def huge_png(megapixels: int = 40) -> bytes:
    """A picture with this many pixels that is still a small file (one bit per pixel)."""
    width = 8000
    image = Image.new("1", (width, megapixels * 1_000_000 // width))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def reprint_form(person_id: int, **overrides) -> dict:
    form = {
        "layanan": "ktp_cetak_ulang",
        "untuk": str(person_id),
        "alasan": "rusak",
        "kantor": "",
        "catatan": "",
    }
    return {**form, **overrides}


def two_photos(kk: bytes | None = None, bukti: bytes | None = None) -> dict:
    return {
        "dokumen_kk": ("kk.jpg", kk if kk is not None else jpeg(), "image/jpeg"),
        "dokumen_bukti": (
            "bukti.jpg",
            bukti if bukti is not None else jpeg(gps=True),
            "image/jpeg",
        ),
    }


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def subscription(endpoint: str = "https://fcm.googleapis.com/fcm/send/perangkat-1") -> dict:
    """What a browser's `PushSubscription.toJSON()` gives."""
    key = ec.generate_private_key(ec.SECP256R1()).public_key()
    point = key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return {
        "endpoint": endpoint,
        "expirationTime": None,
        "keys": {"p256dh": b64url(point), "auth": b64url(b"0123456789abcdef")},
    }


async def subscribe(username: str, topics: list[str], name: str) -> int:
    """A device of that account, with those topics, stored directly; its id."""
    good = subscription(f"https://fcm.googleapis.com/fcm/send/{name}")
    rows = await LanggananPush.insert(
        LanggananPush(
            akun=await account_id(username),
            endpoint=good["endpoint"],
            p256dh=good["keys"]["p256dh"],
            auth=good["keys"]["auth"],
            topik=topics,
        )
    )
    return rows[0]["id"]
