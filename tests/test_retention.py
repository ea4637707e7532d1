"""Retention: a visit's personal data goes a set number of days after its last day; its
organisers are warned a week before, once; the purge survives restarts and crashes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.visits import check_new_visit
from sandbox.audit import traces
from sandbox.harness import Member, Rehearsal
from storage.roles import Role
from storage.visits import Visit

# Sesdilu Banyuwangi ends on Friday 31 October 2025; the end of that day in Jakarta is
# 17:00 UTC, so with 90 days its personal data goes at midnight on 30 January 2026 in Jakarta.
PURGE_DAY = datetime(2026, 1, 29, 17, 0, tzinfo=UTC)


async def jember(telegram: Rehearsal) -> Visit:
    """Next year's visit, still within its retention when Banyuwangi's data goes."""
    return await telegram.services.visits.create(
        check_new_visit(
            slug="jember-2026",
            title="Sesdilu Jember",
            region="Jember, Jawa Timur",
            first_day="2026-03-02",
            last_day="2026-03-04",
            timezone="Asia/Jakarta",
            language="id",
        )
    )


def warnings(member: Member) -> list[str]:
    """The retention warnings a member received."""
    return [m.text for m in member.messages if m.text.startswith("⏳")]


async def test_a_visit_is_purged_ninety_days_after_it_ends_and_organisers_are_warned_once(
    telegram: Rehearsal, visit: Visit, organiser: Member, rani: Member
):
    services = telegram.services
    next_visit = await jember(telegram)
    budi = await telegram.join("Budi", Role.PARTICIPANT, visit.id, username="budi_gandrung")
    await budi.send(f"/start {await telegram.invite_code(next_visit.id, Role.PARTICIPANT)}")
    await rani.send("/mute reminders")
    assert await traces(services.db, rani.id, ["rani_d"]), "the scan must see Rani first"

    await telegram.move_clock_to(PURGE_DAY - timedelta(days=7, hours=1))
    assert warnings(organiser) == []
    await telegram.move_clock(timedelta(hours=2))
    [warning] = warnings(organiser)
    assert "Sesdilu Banyuwangi" in warning and "90 hari" in warning
    assert "Jumat, 30 Januari 2026" in warning and "/export attendance" in warning
    assert warnings(rani) == [] and warnings(budi) == []

    # Once: not at the next tick, nor after a restart.
    await telegram.move_clock(timedelta(days=1))
    await telegram.restart()
    await telegram.move_clock(timedelta(days=1))
    assert len(warnings(organiser)) == 1
    services = telegram.services
    assert await services.visits.store.get(visit.id) is not None

    await telegram.move_clock_to(PURGE_DAY + timedelta(minutes=1))
    assert await services.visits.store.get(visit.id) is None
    for member, words in ((rani, ["rani_d"]), (organiser, ["tubagus", "Tubagus"])):
        assert await traces(services.db, member.id, words) == []
    # Budi is in next year's visit too: he stays, with that visit only.
    memberships = await services.people.store.memberships_of(budi.id)
    assert [m.visit_id for m in memberships] == [next_visit.id]
    assert await services.people.store.get(budi.id) is not None
    [record] = await services.retention.records()
    assert record.visit_id == visit.id and record.purged_at == PURGE_DAY + timedelta(minutes=1)
    assert record.people_forgotten == 2
    await budi.send("/visit")
    assert "Jember" in (await budi.last_message()).text
    assert "Banyuwangi" not in (await budi.last_message()).text


async def test_a_purge_cut_short_by_a_crash_finishes_after_the_restart_and_runs_once(
    telegram: Rehearsal, visit: Visit, organiser: Member, rani: Member
):
    services = telegram.services
    # This visit keeps its data 30 days: due on 30 November 2025 at 17:00 UTC.
    await services.visits.store.update_settings(visit.id, {"retention_days": 30})
    due = datetime(2025, 11, 30, 17, 0, tzinfo=UTC)
    crashed: list[int] = []

    async def crashing_eraser(person_id: int) -> list[str]:
        crashed.append(person_id)
        raise OSError("disk I/O error")

    services.privacy.add_eraser("crashing", crashing_eraser)
    await telegram.move_clock_to(due - timedelta(minutes=1))
    assert await services.visits.store.get(visit.id) is not None
    await telegram.move_clock_to(due + timedelta(minutes=1))
    assert crashed, "the purge started"
    record = await services.retention.store.get(visit.id)
    assert record is not None and record.started_at is not None and record.purged_at is None
    assert await services.visits.store.get(visit.id) is not None

    await telegram.restart()  # without the failing eraser: the purge goes on at start-up
    services = telegram.services
    assert await services.visits.store.get(visit.id) is None
    assert await traces(services.db, rani.id, ["rani_d"]) == []
    record = await services.retention.store.get(visit.id)
    assert record is not None and record.purged_at == due + timedelta(minutes=1)
    # A further restart and tick do nothing more.
    await telegram.restart()
    await telegram.move_clock(timedelta(days=1))
    assert await telegram.services.retention.store.get(visit.id) == record
