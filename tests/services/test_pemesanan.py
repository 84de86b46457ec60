"""Many residents booking the last places of a window at the same moment, on the engine the run
uses (SQLite, or PostgreSQL with `DEKAT_TEST_DATABASE_URL`): the window is never overfilled,
everyone else is told it is full or joins the waiting list, and a freed place goes to the
oldest entry of the waiting list."""

from __future__ import annotations

import asyncio
import random

import pytest

from server import db
from server.models.jemput_bola import Pemesanan, Sesi, StatusPemesanan
from server.services import pemesanan
from server.settings import get_settings
from tests.factories import Scratch, desa_of, working_day
from tests.helpers import events

pytestmark = pytest.mark.anyio

RESIDENTS = 50
PLACES_LEFT = 5
KAPASITAS = 20


@pytest.fixture
async def database(registry):
    """The run's database, with a connection pool on PostgreSQL, in this test's event loop."""
    engine = db.engine_for(get_settings())
    db.use_engine(engine)
    await db.start(engine)
    yield engine
    await db.stop(engine)


@pytest.fixture
async def scratch(database):
    made = Scratch()
    yield made
    await made.cleanup()


@pytest.fixture
async def race(scratch):
    """A published visit to Desa Batu Putik (Kecamatan Keruak) whose first window has exactly
    five places left, 50 residents of the desa, and their desa officer."""
    desa = await desa_of("Keruak", "Batu Putik")
    team = await scratch.team("Keruak")
    visit = await scratch.visit(team, desa, working_day(0, 2), 60)
    window = visit["sesi"][0]
    await Sesi.update({Sesi.kapasitas: KAPASITAS, Sesi.terisi: KAPASITAS - PLACES_LEFT}).where(
        Sesi.id == window
    )
    return {
        "visit": visit["id"],
        "window": window,
        "people": await scratch.residents(desa, RESIDENTS),
        "operator": await scratch.operator(desa),
    }


async def book_all(race: dict, *, waiting_list: bool) -> list:
    """Everyone at once, each booked by their desa officer."""
    return await asyncio.gather(
        *(
            pemesanan.book(
                race["operator"],
                pemesanan.Request(
                    kunjungan_id=race["visit"],
                    penduduk_id=person["id"],
                    sesi_id=race["window"],
                    waiting_list=waiting_list,
                ),
            )
            for person in race["people"]
        ),
        return_exceptions=True,
    )


async def window_row(sesi_id: int) -> dict:
    return await Sesi.select().where(Sesi.id == sesi_id).first()


async def count(visit_id: int, status: str) -> int:
    return await Pemesanan.count().where(
        (Pemesanan.kunjungan == visit_id) & (Pemesanan.status == status)
    )


def split(outcomes: list) -> tuple[list[dict], list[pemesanan.BookingError], list]:
    tickets = [o for o in outcomes if isinstance(o, dict)]
    refused = [o for o in outcomes if isinstance(o, pemesanan.BookingError)]
    other = [o for o in outcomes if not isinstance(o, dict | pemesanan.BookingError)]
    return tickets, refused, other


async def test_fifty_at_once_for_five_places_gives_five_tickets_and_45_full(race):
    outcomes = await book_all(race, waiting_list=False)
    tickets, refused, other = split(outcomes)
    window = await window_row(race["window"])
    print(
        f"\n[{get_settings().database_kind}] {RESIDENTS} bookings for {PLACES_LEFT} places: "
        f"{len(tickets)} booked, {len(refused)} refused as full, {len(other)} other errors; "
        f"window terisi {window['terisi']}/{window['kapasitas']}"
    )
    assert other == []
    assert len(tickets) == PLACES_LEFT
    assert len(refused) == RESIDENTS - PLACES_LEFT
    for error in refused:
        assert error.full is True
        assert str(error.message) == pemesanan.FULL
        assert str(error.message).startswith("Jadwal ini sudah penuh")
    assert window["terisi"] == window["kapasitas"] == KAPASITAS
    assert all(t["status"] == StatusPemesanan.aktif for t in tickets)
    assert {t["sesi.id"] for t in tickets} == {race["window"]}
    assert len({t["penduduk"] for t in tickets}) == PLACES_LEFT
    assert await count(race["visit"], StatusPemesanan.aktif) == PLACES_LEFT
    assert await Pemesanan.count().where(Pemesanan.kunjungan == race["visit"]) == PLACES_LEFT


async def test_with_the_waiting_list_five_hold_places_45_wait_and_a_cancel_moves_the_first_up(
    race,
):
    outcomes = await book_all(race, waiting_list=True)
    tickets, refused, other = split(outcomes)
    holding = [t for t in tickets if t["status"] == StatusPemesanan.aktif]
    waiting = [t for t in tickets if t["status"] == StatusPemesanan.menunggu]
    window = await window_row(race["window"])
    print(
        f"\n[{get_settings().database_kind}] {RESIDENTS} bookings for {PLACES_LEFT} places "
        f"with the waiting list: {len(holding)} aktif, {len(waiting)} menunggu, "
        f"{len(refused) + len(other)} errors; window terisi {window['terisi']}/"
        f"{window['kapasitas']}"
    )
    assert other == [] and refused == []
    assert len(holding) == PLACES_LEFT
    assert len(waiting) == RESIDENTS - PLACES_LEFT
    assert all(t["sesi.id"] is None for t in waiting)
    assert window["terisi"] == window["kapasitas"] == KAPASITAS
    assert await count(race["visit"], StatusPemesanan.menunggu) == RESIDENTS - PLACES_LEFT

    # The waiting list keeps the order people joined it in.
    positions = sorted(
        [await pemesanan.waiting_position(t) for t in waiting],
    )
    assert positions == list(range(1, RESIDENTS - PLACES_LEFT + 1))
    oldest = min(waiting, key=lambda t: t["id"])
    assert await pemesanan.waiting_position(oldest) == 1

    leaving = await pemesanan.ticket(holding[0]["kode"])
    await pemesanan.cancel(race["operator"], leaving)
    promoted = await Pemesanan.select().where(Pemesanan.id == oldest["id"]).first()
    window = await window_row(race["window"])
    aktif = await count(race["visit"], StatusPemesanan.aktif)
    menunggu = await count(race["visit"], StatusPemesanan.menunggu)
    print(
        f"[{get_settings().database_kind}] after one cancel: {aktif} aktif, {menunggu} "
        f"menunggu; the oldest waiting booking is now {promoted['status']}; window terisi "
        f"{window['terisi']}/{window['kapasitas']}"
    )
    assert (await pemesanan.ticket(leaving["kode"]))["status"] == StatusPemesanan.dibatalkan
    assert promoted["status"] == StatusPemesanan.aktif
    assert promoted["sesi"] == race["window"]
    assert aktif == PLACES_LEFT
    assert menunggu == RESIDENTS - PLACES_LEFT - 1
    assert window["terisi"] == window["kapasitas"] == KAPASITAS
    # Event ids of earlier tests' bookings may be reused: ticket codes are not.
    codes = {t["kode"] for t in tickets}
    moved_up = [e["data"] for e in await events("pemesanan.naik") if e["data"]["kode"] in codes]
    assert moved_up == [{"pemesanan": oldest["id"], "kode": oldest["kode"], "sesi": race["window"]}]


async def test_two_cancels_at_once_in_two_windows_move_up_two_different_people(scratch):
    """Two places freed at the same moment, in two windows, go to the first two on the waiting
    list: one each, and each window holds as many bookings as it counts."""
    desa = await desa_of("Keruak", "Batu Putik")
    team = await scratch.team("Keruak")
    visit = await scratch.visit(team, desa, working_day(0, 3), 6)  # three windows of 2
    first, second, _ = visit["sesi"]
    operator = await scratch.operator(desa)
    people = await scratch.residents(desa, 7)

    async def book(person: dict, sesi: int, waiting: bool = False) -> dict:
        request = pemesanan.Request(visit["id"], person["id"], sesi, waiting_list=waiting)
        return await pemesanan.book(operator, request)

    holders = [await book(people[i], first if i < 2 else second) for i in range(4)]
    waiting = [await book(person, first, waiting=True) for person in people[4:]]
    assert [w["status"] for w in waiting] == [StatusPemesanan.menunggu] * 3
    leaving = [
        await pemesanan.ticket(holders[0]["kode"]),
        await pemesanan.ticket(holders[2]["kode"]),
    ]
    # A busy server has connections ready in its pool: both cancels run side by side.
    await asyncio.gather(*(Sesi.count() for _ in range(10)))
    await asyncio.gather(*(pemesanan.cancel(operator, row) for row in leaving))

    rows = await Pemesanan.select().where(Pemesanan.kunjungan == visit["id"])
    by_id = {row["id"]: row for row in rows}
    statuses = [by_id[w["id"]]["status"] for w in waiting]
    held = [
        sum(1 for r in rows if r["status"] == StatusPemesanan.aktif and r["sesi"] == sesi)
        for sesi in (first, second)
    ]
    counted = [(await window_row(sesi))["terisi"] for sesi in (first, second)]
    codes = {w["kode"]: w["id"] for w in waiting}
    moved_up = [
        codes[e["data"]["kode"]]
        for e in await events("pemesanan.naik")
        if e["data"]["kode"] in codes
    ]
    print(
        f"\n[{get_settings().database_kind}] two cancels at once: waiting list now {statuses}, "
        f"bookings held per window {held}, places counted {counted}, moved up {moved_up}"
    )
    assert statuses == [StatusPemesanan.aktif, StatusPemesanan.aktif, StatusPemesanan.menunggu]
    assert held == counted == [2, 2]
    assert sorted(moved_up) == sorted(w["id"] for w in waiting[:2])


# --- The counters under a storm of changes ------------------------------------------------

STORM_PEOPLE = 24
STORM_ROUNDS = 8
STORM_TASKS = 24


async def places_held(visit_id: int) -> dict[int, int]:
    """Tickets holding a place, per window."""
    rows = await Pemesanan.select(Pemesanan.sesi).where(
        (Pemesanan.kunjungan == visit_id) & Pemesanan.status.is_in(list(pemesanan.HOLDING))
    )
    held: dict[int, int] = {}
    for row in rows:
        held[row["sesi"]] = held.get(row["sesi"], 0) + 1
    return held


async def counters(visit: dict) -> dict[int, tuple[int, int]]:
    """(`terisi`, `kapasitas`) of each window of the visit, home visits included."""
    rows = await Sesi.select().where(Sesi.kunjungan == visit["id"])
    return {row["id"]: (row["terisi"], row["kapasitas"]) for row in rows}


async def assert_counters_match(visit: dict) -> None:
    held = await places_held(visit["id"])
    for sesi, (terisi, kapasitas) in (await counters(visit)).items():
        assert terisi == held.get(sesi, 0), (sesi, terisi, held)
        assert 0 <= terisi <= kapasitas, (sesi, terisi, kapasitas)


async def test_counters_equal_open_bookings_after_a_storm_of_book_cancel_reschedule(scratch):
    """Many people booking, cancelling and rescheduling in the same windows at once, for
    several rounds: after each round every window counts exactly the tickets holding one of its
    places, never more than its capacity, and nothing fails but with a message for the
    person."""
    desa = await desa_of("Keruak", "Batu Putik")
    team = await scratch.team("Keruak")
    visit = await scratch.visit(team, desa, working_day(0, 4), 24)  # three windows of 8
    operator = await scratch.operator(desa)
    people = await scratch.residents(desa, STORM_PEOPLE)
    dice = random.Random(13)
    codes: dict[int, str] = {}

    async def act(person: dict, choice: str, sesi: int) -> object:
        kode = codes.get(person["id"])
        row = await pemesanan.ticket(kode) if kode else None
        if row is None or row["status"] not in pemesanan.OPEN:
            request = pemesanan.Request(visit["id"], person["id"], sesi, waiting_list=True)
            booked = await pemesanan.book(operator, request)
            codes[person["id"]] = booked["kode"]
            return booked
        if choice == "cancel":
            return await pemesanan.cancel(operator, row)
        return await pemesanan.reschedule(operator, row, sesi)

    outcomes: list = []
    for _ in range(STORM_ROUNDS):
        await asyncio.gather(*(Sesi.count() for _ in range(10)))  # a warm pool
        tasks = []
        for _ in range(STORM_TASKS):
            person = dice.choice(people)
            choice = dice.choice(["book", "cancel", "reschedule", "reschedule"])
            tasks.append(act(person, choice, dice.choice(visit["sesi"])))
        outcomes += await asyncio.gather(*tasks, return_exceptions=True)
        await assert_counters_match(visit)

    failures = [o for o in outcomes if isinstance(o, BaseException)]
    unexpected = [o for o in failures if not isinstance(o, pemesanan.BookingError)]
    held = await places_held(visit["id"])
    print(
        f"\n[{get_settings().database_kind}] storm of {len(outcomes)} changes: "
        f"{len(outcomes) - len(failures)} done, {len(failures) - len(unexpected)} refused with "
        f"a message, {len(unexpected)} other errors; places held {sorted(held.values())}, "
        f"counted {sorted(t for t, _ in (await counters(visit)).values())}"
    )
    assert unexpected == []
    assert len(outcomes) - len(failures) > STORM_ROUNDS  # the storm did change things
    await assert_counters_match(visit)


async def test_the_same_ticket_rescheduled_many_times_at_once_holds_one_place(scratch):
    """The attack at the service layer: twenty reschedules of one ticket read before any of
    them ran, to the other two windows."""
    desa = await desa_of("Keruak", "Batu Putik")
    team = await scratch.team("Keruak")
    visit = await scratch.visit(team, desa, working_day(0, 4), 81)  # three windows of 27
    first, second, third = visit["sesi"]
    operator = await scratch.operator(desa)
    (person,) = await scratch.residents(desa, 1)
    booked = await pemesanan.book(operator, pemesanan.Request(visit["id"], person["id"], first))
    row = await pemesanan.ticket(booked["kode"])
    await asyncio.gather(*(Sesi.count() for _ in range(10)))
    outcomes = await asyncio.gather(
        *(pemesanan.reschedule(operator, row, (second, third)[i % 2]) for i in range(20)),
        return_exceptions=True,
    )
    unexpected = [
        o
        for o in outcomes
        if isinstance(o, BaseException) and not isinstance(o, pemesanan.BookingError)
    ]
    assert unexpected == []
    counted = {sesi: terisi for sesi, (terisi, _) in (await counters(visit)).items()}
    print(f"\n[{get_settings().database_kind}] 20 reschedules of one ticket: counted {counted}")
    assert sum(counted.values()) == 1
    await assert_counters_match(visit)
