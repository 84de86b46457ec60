"""The jemput-bola planner's rules hold for any teams, kits, days off and needs (property-based),
and on the demo data (and at the regency's real scale) the plan serves more people per team-day
than visiting desa in alphabetical order."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from server.demo.jemput_bola import demo_region
from server.services import planner
from server.services.planner import DesaNeed, Kit, Team

START = date(2026, 12, 7)  # a Monday
HOLIDAY = date(2026, 12, 25)

# Points around East Lombok (about 0.5° across).
places = st.tuples(st.floats(-8.75, -8.25), st.floats(116.35, 116.75))


@st.composite
def situations(draw):
    n_teams = draw(st.integers(1, 5))
    weeks = draw(st.integers(1, 4))
    horizon = [START + timedelta(days=i) for i in range(weeks * 7)]
    teams = [
        Team(
            id=i + 1,
            name=f"Tim {i + 1}",
            office=draw(places),
            days_off=frozenset(draw(st.lists(st.sampled_from(horizon), max_size=5))),
        )
        for i in range(n_teams)
    ]
    kits = [
        Kit(
            id=k + 1,
            team_id=draw(st.integers(1, n_teams)),
            working=draw(st.booleans()),
            capacity=draw(st.integers(10, 120)),
        )
        for k in range(draw(st.integers(0, 8)))
    ]
    needs = [
        DesaNeed(
            id=d + 1,
            name=draw(st.sampled_from(["Aik", "Bagik", "Geres", "Kerongkong", "Sembalun"]))
            + str(d),
            location=draw(places),
            unrecorded=draw(st.integers(0, 400)),
            cards_waiting=draw(st.integers(0, 50)),
            ikd_requests=draw(st.integers(0, 20)),
            bookings=draw(st.integers(0, 30)),
            last_visit=draw(st.none() | st.dates(date(2024, 1, 1), date(2026, 11, 30))),
        )
        for d in range(draw(st.integers(1, 30)))
    ]
    return teams, kits, needs, weeks


@settings(max_examples=150, deadline=None)
@given(situations(), st.sampled_from(["need", "alphabetical"]))
def test_the_plan_keeps_its_rules(situation, order):
    teams, kits, needs, weeks = situation
    result = planner.plan(teams, kits, needs, START, weeks, holidays=[HOLIDAY], order=order)
    kit_by_id = {k.id: k for k in kits}
    team_by_id = {t.id: t for t in teams}
    need_by_id = {n.id: n for n in needs}
    for visit in result.visits:
        kit = kit_by_id[visit.kit_id]
        assert kit.working, "a kit that is not in working order was assigned"
        assert kit.team_id == visit.team_id, "a kit went out with another team"
        assert 0 < visit.capacity <= planner.day_capacity(kit, visit.travel_hours)
        assert visit.capacity <= kit.capacity
        team = team_by_id[visit.team_id]
        assert visit.day not in team.days_off, "a team was sent out on its day off"
        assert visit.day.weekday() < 5 and visit.day != HOLIDAY
        assert visit.reason
    team_days = Counter((v.team_id, v.day) for v in result.visits)
    assert max(team_days.values(), default=0) <= 1, "a team in two places a day"
    kit_days = Counter((v.kit_id, v.day) for v in result.visits)
    assert max(kit_days.values(), default=0) <= 1, "a kit in two places a day"
    desa_days = Counter((v.desa_id, v.day) for v in result.visits)
    assert max(desa_days.values(), default=0) <= 1
    planned = Counter()
    for visit in result.visits:
        planned[visit.desa_id] += visit.capacity
    for desa_id, people in planned.items():
        assert people <= need_by_id[desa_id].people, "more planned than the desa needs"


def test_a_visit_explains_itself_in_one_line():
    need = DesaNeed(1, "Sembalun Bumbung", (-8.36, 116.53), 312, last_visit=date(2025, 10, 2))
    assert planner.explain(need, date(2026, 12, 7)) == (
        "312 warga belum rekam; terakhir dikunjungi 14 bulan lalu"
    )
    never = DesaNeed(2, "Geres", (-8.6, 116.6), 0, cards_waiting=12)
    assert planner.explain(never, START) == "12 KTP-el menunggu diserahkan; belum pernah dikunjungi"


def test_on_the_demo_data_the_plan_beats_alphabetical_order(capsys):
    """The demo registry as `--demo` seeds it (22,000 residents), with the demo teams and kits."""
    teams, kits, needs = demo_region(START)
    for weeks in (2, 8):
        smart = planner.plan(teams, kits, needs, START, weeks, holidays=[HOLIDAY])
        naive = planner.plan(teams, kits, needs, START, weeks, [HOLIDAY], order="alphabetical")
        with capsys.disabled():
            print(
                f"\nplanner, demo data, {weeks} weeks, 5 teams: {smart.served_per_team_day:.1f} "
                f"people per team-day ({smart.served} people); alphabetical order: "
                f"{naive.served_per_team_day:.1f} ({naive.served})"
            )
        assert smart.team_days == naive.team_days
        assert smart.served_per_team_day > naive.served_per_team_day
        assert all(kit.working for v in smart.visits for kit in kits if kit.id == v.kit_id)


def test_at_regency_scale_the_plan_beats_alphabetical_order(capsys):
    """The same regency with need at its real scale (tens of people per desa and more)."""
    teams, kits, needs = planner.example_region()
    smart = planner.plan(teams, kits, needs, START, weeks=8, holidays=[HOLIDAY])
    naive = planner.plan(teams, kits, needs, START, 8, holidays=[HOLIDAY], order="alphabetical")
    with capsys.disabled():
        print(
            f"\nplanner, regency scale, 8 weeks, 5 teams: {smart.served_per_team_day:.1f} people "
            f"per team-day; alphabetical order: {naive.served_per_team_day:.1f}"
        )
    assert smart.team_days == naive.team_days
    assert smart.served_per_team_day > naive.served_per_team_day
    assert all(v.kit_id != 99 for v in smart.visits)
