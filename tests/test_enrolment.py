"""Joining a visit with an invite link, and what a bad link does."""

from __future__ import annotations

from datetime import timedelta

import pytest

from sandbox.harness import Rehearsal
from storage.roles import Role
from storage.visits import Visit


@pytest.mark.parametrize("role", list(Role))
async def test_an_invite_enrols_and_greets_by_role(telegram: Rehearsal, visit: Visit, role: Role):
    code = await telegram.invite_code(visit.id, role)
    ayu = telegram.person("Ayu", language="en")
    await ayu.send(f"/start {code}")
    greeting = await ayu.last_message()
    assert "Welcome, Ayu" in greeting.text
    assert visit.title in greeting.text
    membership = await telegram.services.people.store.membership(visit.id, ayu.id)
    assert membership is not None and membership.role is role


async def test_start_without_a_code_explains_and_enrols_nobody(telegram: Rehearsal, visit: Visit):
    budi = telegram.person("Budi")
    await budi.send("/start")
    assert "tautan undangan" in (await budi.last_message()).text
    assert await telegram.services.people.store.memberships_of(budi.id) == []


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ("i-doesnotexist00", "tidak dikenal"),
        ("nonsense", "tidak dikenal"),
        ("i-" + "x" * 70, "tidak dikenal"),
        ("i-<b>bold</b>", "tidak dikenal"),
    ],
)
async def test_a_malformed_or_unknown_code_enrols_nobody(
    telegram: Rehearsal, visit: Visit, payload: str, expected: str
):
    budi = telegram.person("Budi")
    await budi.send(f"/start {payload}")
    assert expected in (await budi.last_message()).text
    assert await telegram.services.people.store.memberships_of(budi.id) == []


async def test_expired_revoked_and_used_up_codes_enrol_nobody(telegram: Rehearsal, visit: Visit):
    from bot.invites import InviteRequest, Invites

    invites = telegram.services.invites
    expiring = await invites.create(
        visit.id, InviteRequest(Role.PARTICIPANT, timedelta(hours=1)), None
    )
    revoked = await invites.create(visit.id, InviteRequest(Role.PARTICIPANT), None)
    single = await invites.create(visit.id, InviteRequest(Role.PARTICIPANT, max_uses=1), None)
    await invites.revoke(visit.id, revoked.code)
    await telegram.move_clock(timedelta(hours=2))

    first = telegram.person("First")
    await first.send(f"/start {Invites.payload(single)}")
    assert "Selamat datang" in (await first.last_message()).text

    cases = [(expiring, "kedaluwarsa"), (revoked, "dibatalkan"), (single, "batasnya")]
    for number, (invite, expected) in enumerate(cases):
        late = telegram.person(f"Late{number}")
        await late.send(f"/start {Invites.payload(invite)}")
        assert expected in (await late.last_message()).text
        assert await telegram.services.people.store.memberships_of(late.id) == []


async def test_the_same_person_using_a_code_twice_is_told_they_are_in(
    telegram: Rehearsal, visit: Visit
):
    code = await telegram.invite_code(visit.id, Role.PARTICIPANT)
    rani = telegram.person("Rani")
    await rani.send(f"/start {code}")
    await rani.send(f"/start {code}")
    assert "sudah terdaftar" in (await rani.last_message()).text
    assert len(await telegram.services.people.store.memberships_of(rani.id)) == 1


async def test_memberships_survive_a_restart(telegram: Rehearsal, visit: Visit):
    people = {}
    for role in Role:
        people[role] = await telegram.join(f"P-{role.value}", role, visit.id)
    await telegram.restart()
    for role, member in people.items():
        membership = await telegram.services.people.store.membership(visit.id, member.id)
        assert membership is not None and membership.role is role
    await people[Role.PARTICIPANT].send("/help")
    assert "peserta" in (await people[Role.PARTICIPANT].last_message()).text
