"""Planning jemput-bola visits: which team goes to which desa on which day, with which kit.

A clear greedy method rather than a solver: each working day, every available team with a
working kit goes where it serves the most people that day. What a team can serve in a desa is
the kit's daily capacity, shortened by the travel there and back, and capped by the people the
desa still needs to see. Ties go to the desa waited longest since its last visit. The result is
easy to explain in one line per visit, which the planner (a person) must be able to check.

Rules the plan keeps (tested as properties in tests/services/test_planner.py):
- no kit that is not in working order (`baik`) is assigned;
- a visit never plans more people than its kit's capacity that day;
- a team is in one place a day; a kit too;
- no visit on a team's day off, a public holiday or a weekend;
- no desa is planned for more people than it needs.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from server.services.wilayah import SELONG, km_between, load_lombok_timur

#: A field day: the team leaves the office in the morning and is back by the evening.
WORKDAY_HOURS = 8.0
#: Average speed on Lombok's rural roads, for travel time from straight-line distance.
ROAD_KMH = 30.0
#: Straight-line distance to road distance.
ROAD_FACTOR = 1.4


@dataclass(frozen=True)
class Team:
    id: int
    name: str
    office: tuple[float, float]  # latitude, longitude of the team's home office
    days_off: frozenset[date] = frozenset()


@dataclass(frozen=True)
class Kit:
    id: int
    team_id: int
    working: bool  # status `baik`
    capacity: int  # people per full day


@dataclass(frozen=True)
class DesaNeed:
    id: int
    name: str
    location: tuple[float, float]
    unrecorded: int  # adults not yet recorded for KTP-el
    cards_waiting: int = 0  # printed cards to hand over
    ikd_requests: int = 0  # IKD activations asked for
    bookings: int = 0  # open bookings
    last_visit: date | None = None
    planned: int = 0  # people already planned for in accepted or published visits

    @property
    def people(self) -> int:
        asked = self.unrecorded + self.cards_waiting + self.ikd_requests + self.bookings
        return max(0, asked - self.planned)


@dataclass(frozen=True)
class Visit:
    desa_id: int
    day: date
    team_id: int
    kit_id: int
    capacity: int  # people planned (≤ what the kit can serve that day there)
    travel_hours: float
    reason: str  # one line, in Bahasa Indonesia


@dataclass
class Plan:
    visits: list[Visit] = field(default_factory=list)
    team_days: int = 0  # team-days available in the horizon

    @property
    def served(self) -> int:
        return sum(v.capacity for v in self.visits)

    @property
    def served_per_team_day(self) -> float:
        return self.served / self.team_days if self.team_days else 0.0


def travel_hours(office: tuple[float, float], desa: tuple[float, float]) -> float:
    """There and back, on the road."""
    return 2 * km_between(office, desa) * ROAD_FACTOR / ROAD_KMH


def day_capacity(kit: Kit, travel: float) -> int:
    """People a kit can serve in a day with `travel` hours of it on the road."""
    working = max(0.0, WORKDAY_HOURS - travel)
    return math.floor(kit.capacity * working / WORKDAY_HOURS)


def working_days(start: date, weeks: int, holidays: Iterable[date] = ()) -> list[date]:
    closed = set(holidays)
    days = (start + timedelta(days=i) for i in range(weeks * 7))
    return [d for d in days if d.weekday() < 5 and d not in closed]


def _months_since(last: date | None, today: date) -> int | None:
    if last is None:
        return None
    return (today.year - last.year) * 12 + today.month - last.month


def explain(need: DesaNeed, today: date) -> str:
    """Why this desa: its largest need, and how long since the last visit."""
    parts = []
    if need.unrecorded:
        parts.append(f"{need.unrecorded} warga belum rekam")
    if need.cards_waiting:
        parts.append(f"{need.cards_waiting} KTP-el menunggu diserahkan")
    if need.ikd_requests:
        parts.append(f"{need.ikd_requests} permintaan aktivasi IKD")
    if need.bookings:
        parts.append(f"{need.bookings} pemesanan")
    months = _months_since(need.last_visit, today)
    if months is None:
        parts.append("belum pernah dikunjungi")
    else:
        parts.append(f"terakhir dikunjungi {months} bulan lalu")
    return "; ".join(parts)


def _best_kit(kits: list[Kit]) -> Kit | None:
    working = [k for k in kits if k.working]
    return max(working, key=lambda k: (k.capacity, -k.id)) if working else None


def plan(
    teams: list[Team],
    kits: list[Kit],
    needs: list[DesaNeed],
    start: date,
    weeks: int,
    holidays: Iterable[date] = (),
    order: str = "need",
) -> Plan:
    """Visits for the `weeks` from `start`. `order="alphabetical"` is the naive plan used for
    comparison: each team simply takes the next desa by name."""
    remaining = {n.id: n.people for n in needs}
    by_id = {n.id: n for n in needs}
    kits_of = {t.id: [k for k in kits if k.team_id == t.id] for t in teams}
    travel = {(t.id, n.id): travel_hours(t.office, n.location) for t in teams for n in needs}
    alphabetical = sorted(needs, key=lambda n: (n.name, n.id))
    result = Plan()
    for day in working_days(start, weeks, holidays):
        taken_today: set[int] = set()  # one team per desa a day
        for team in sorted(teams, key=lambda t: t.id):
            if day in team.days_off:
                continue
            kit = _best_kit(kits_of[team.id])
            if kit is None:
                continue
            result.team_days += 1
            choice = None
            if order == "alphabetical":
                for need in alphabetical:
                    if need.id in taken_today or remaining[need.id] <= 0:
                        continue
                    can = min(remaining[need.id], day_capacity(kit, travel[team.id, need.id]))
                    if can > 0:
                        choice = (can, need)
                        break
            else:
                best_key = None
                for need in needs:
                    if need.id in taken_today or remaining[need.id] <= 0:
                        continue
                    can = min(remaining[need.id], day_capacity(kit, travel[team.id, need.id]))
                    if can <= 0:
                        continue
                    waited = -(need.last_visit.toordinal() if need.last_visit else 0)
                    key = (can, waited, -need.id)
                    if best_key is None or key > best_key:
                        best_key, choice = key, (can, need)
            if choice is None:
                continue
            can, need = choice
            remaining[need.id] -= can
            taken_today.add(need.id)
            result.visits.append(
                Visit(
                    desa_id=need.id,
                    day=day,
                    team_id=team.id,
                    kit_id=kit.id,
                    capacity=can,
                    travel_hours=travel[team.id, need.id],
                    reason=explain(by_id[need.id], day),
                )
            )
    return result


def example_region() -> tuple[list[Team], list[Kit], list[DesaNeed]]:
    """The whole regency as the benchmark and the tests plan it: five teams at spread-out
    kecamatan offices with one working kit each (and a broken one that must stay home), and all
    254 desa, with a need that grows with the distance from Selong as in the demo registry."""
    kecamatan = load_lombok_timur()
    homes = ("Selong", "Sembalun", "Keruak", "Pringgabaya", "Terara")
    offices = [k for k in kecamatan if k.name in homes]
    teams = [Team(i + 1, f"Tim {k.name}", (k.latitude, k.longitude)) for i, k in enumerate(offices)]
    kits = [Kit(i + 1, team.id, True, 80) for i, team in enumerate(teams)]
    kits.append(Kit(99, 1, False, 120))  # rusak
    needs: list[DesaNeed] = []
    for k in kecamatan:
        for d in k.desa:
            far = km_between(SELONG, (d.latitude, d.longitude))
            location = (d.latitude, d.longitude)
            needs.append(DesaNeed(len(needs) + 1, d.name, location, int(20 + 8 * far)))
    return teams, kits, needs
