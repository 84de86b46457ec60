"""The IKD keys and the server-side verifier, for clients without JavaScript."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from bs4 import BeautifulSoup

from server.cli import main as dekat
from server.models.penduduk import IkdStatus, Penduduk
from server.services import ikd_code
from server.services.ikd_keys import KeyRing
from server.settings import get_settings
from tests.helpers import csrf_token

pytestmark = pytest.mark.anyio

PERSON = {
    "nik": "5203015507900001",
    "nama": "Siti Aminah",
    "tanggal_lahir": date(1990, 7, 15),
    "jenis_kelamin": "P",
}


@pytest.fixture
async def holder(registry):
    """A resident whose IKD is active (the online verifier checks that too), as the code
    describes them; inactive again after the test."""
    person = registry["people"]["Siti Aminah"]
    await Penduduk.update({Penduduk.ikd_status: IkdStatus.aktif}).where(Penduduk.id == person)
    yield await Penduduk.select().where(Penduduk.id == person).first()
    await Penduduk.update({Penduduk.ikd_status: IkdStatus.belum_aktif}).where(Penduduk.id == person)


def keys() -> KeyRing:
    return KeyRing(get_settings().data_dir)


async def check(client, text: str) -> BeautifulSoup:
    token = await csrf_token(client, "/verifikasi")
    response = await client.post("/verifikasi", data={"kode": text, "_csrf_token": token})
    assert response.status_code == 200
    return BeautifulSoup(response.text, "html.parser").select_one("#hasil")


async def test_the_public_keys_are_published(client):
    response = await client.get("/.well-known/ikd-keys.json")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/jwk-set+json")
    jwks = response.json()
    kid = keys().signing_key()[0]
    assert [k["kid"] for k in jwks["keys"]] == [kid]
    assert {"kty": "EC", "crv": "P-256", "alg": "ES256", "use": "sig"}.items() <= jwks["keys"][
        0
    ].items()
    assert "d" not in jwks["keys"][0]


async def test_a_valid_code_is_sah_with_the_nik_masked(client, holder):
    code = ikd_code.issue(holder, keys(), ikd_code.LIVE_VALIDITY)
    result = await check(client, code.text)
    assert result.select_one(".verdict.valid .verdict-word").get_text() == "Sah"
    assert "Siti Aminah" in result.get_text()
    assert holder["nik"] not in result.get_text()
    assert f"{holder['nik'][:6]}••••••{holder['nik'][-4:]}" in result.get_text()
    # Who it belongs to comes first, large: the verifier compares it with the person there.
    first, second = result.select(".verdict.valid > p")[:2]
    assert "holder-name" in first["class"] and first.get_text() == "Siti Aminah"
    assert "holder-born" in second["class"] and "15 Juli 1990" in second.get_text()


async def test_the_verifier_says_how_late_a_suspension_reaches_it_without_signal(client):
    page = await client.get("/verifikasi")
    section = BeautifulSoup(page.text, "html.parser").select_one("[data-ikd-verifier]")
    assert section["data-batas-jam"] == "24"  # the oldest code it accepts, in hours
    info = section.select_one("[data-kunci-info]")
    assert "baru ditolak di sini paling lambat 24 jam kemudian" in info.get_text()
    assert "{umur}" in info["data-diperbarui"]  # the key list's age, filled in on the device


async def test_a_pass_issued_for_three_days_is_refused_after_a_day(client, holder):
    """A pass made before the limit was shortened carries a later expiry; it is refused once it
    is older than the new limit."""
    old = ikd_code.issue(
        holder, keys(), timedelta(hours=72), now=datetime.now(UTC) - timedelta(hours=25)
    )
    result = await check(client, old.text)
    assert result.select_one(".verdict.invalid .verdict-word").get_text() == "Tidak sah"
    assert "Kode sudah kedaluwarsa." in result.get_text()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: "teks acak", "Bukan kode IKD."),
        (
            lambda: (
                ikd_code.issue(
                    PERSON,
                    keys(),
                    ikd_code.LIVE_VALIDITY,
                    now=datetime.now(UTC) - timedelta(hours=1),
                ).text
            ),
            "Kode sudah kedaluwarsa.",
        ),
        (
            lambda: (
                ikd_code.issue(
                    PERSON, KeyRing(get_settings().data_dir / "asing"), ikd_code.LIVE_VALIDITY
                ).text
            ),
            "kunci yang tidak dikenal",
        ),
    ],
    ids=["random-text", "expired", "unknown-key"],
)
async def test_a_bad_code_is_tidak_sah_with_its_reason(client, make, message):
    result = await check(client, make())
    assert result.select_one(".verdict.invalid .verdict-word").get_text() == "Tidak sah"
    assert message in result.get_text()


async def test_rotation_and_revocation_by_command(client, capsys, holder):
    before = ikd_code.issue(holder, keys(), ikd_code.LIVE_VALIDITY)
    dekat(["keys", "rotate"])
    assert "aktif" in capsys.readouterr().out
    published = (await client.get("/.well-known/ikd-keys.json")).json()
    assert before.kid in [k["kid"] for k in published["keys"]]
    assert "Sah" in (await check(client, before.text)).get_text()
    dekat(["keys", "revoke", before.kid])
    assert "dicabut" in capsys.readouterr().out
    assert "sudah dicabut" in (await check(client, before.text)).get_text()
    assert (await client.get("/.well-known/ikd-keys.json")).json()["revoked"] == [before.kid]
    with pytest.raises(SystemExit, match="aktif"):
        dekat(["keys", "revoke", keys().signing_key()[0]])


@pytest.fixture
async def active_ikd(registry):
    """Siti Aminah's IKD activated for one test."""
    person = registry["people"]["Siti Aminah"]
    await Penduduk.update({Penduduk.ikd_status: IkdStatus.aktif}).where(Penduduk.id == person)
    yield person
    await Penduduk.update({Penduduk.ikd_status: IkdStatus.belum_aktif}).where(Penduduk.id == person)


async def test_the_card_shows_the_id_with_a_live_code_and_an_offline_pass(as_role, active_ikd):
    client = await as_role("warga")
    response = await client.get("/ikd")
    assert response.status_code == 200
    # Kept on the owner's phone for a day without signal.
    assert response.headers["x-dekat-offline"] == "simpan"
    card = BeautifulSoup(response.text, "html.parser").select_one(".ikd-card")
    assert card.select_one("#ikd-nama").get_text() == "Siti Aminah"
    nik = (await Penduduk.select(Penduduk.nik).where(Penduduk.id == active_ikd).first())["nik"]
    assert f"{nik[:6]}••••••{nik[-4:]}" in card.select_one("details.reveal summary").get_text()
    assert card.select_one(".nik-full").get_text() == nik  # after a tap
    live, offline = card.select_one("[data-ikd-live]"), card.select_one("[data-ikd-offline]")
    assert live.select_one("svg") and offline.select_one("svg")
    issued_for = datetime.fromisoformat(offline["data-expires"]) - datetime.fromisoformat(
        live["data-expires"]
    )
    assert issued_for == timedelta(hours=24) - timedelta(minutes=10)
    assert "Kartu offline" in offline.get_text()


async def test_the_card_refreshes_only_its_codes(as_role, active_ikd):
    client = await as_role("warga")
    response = await client.get(
        "/ikd", headers={"hx-request": "true", "hx-target": "kode_ikd", "hx-current-url": "/ikd"}
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="kode_ikd"')
    assert "Siti Aminah" not in response.text


async def test_no_card_without_an_active_ikd_and_none_for_staff(as_role):
    citizen = await as_role("warga")
    page = BeautifulSoup((await citizen.get("/ikd")).text, "html.parser")
    assert "belum aktif" in page.select_one("main").get_text()
    assert page.select_one(".ikd-card") is None
    operator = await as_role("operator")
    assert (await operator.get("/ikd", follow_redirects=False)).status_code == 403
