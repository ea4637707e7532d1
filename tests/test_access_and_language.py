"""Who may do what, the language switch, and the command menus that follow roles."""

from __future__ import annotations

from sandbox.harness import Member, Rehearsal
from storage.visits import Visit


async def test_a_participant_trying_invite_is_refused_and_nothing_is_written(
    telegram: Rehearsal, visit: Visit, rani: Member
):
    before = await telegram.services.invites.of_visit(visit.id)
    for command in ("/invite participant", "/invites", "/revoke abc", "/members"):
        await rani.send(command)
        assert "hanya panitia" in (await rani.last_message()).text
    assert await telegram.services.invites.of_visit(visit.id) == before


async def test_someone_outside_any_visit_is_told_to_join_first(telegram: Rehearsal, visit: Visit):
    stranger = telegram.person("Stranger", language="en")
    await stranger.send("/invite participant")
    assert "not in a visit" in (await stranger.last_message()).text
    assert await telegram.services.invites.of_visit(visit.id) == []


async def test_an_organiser_gets_a_link_and_a_qr_code_that_enrols(
    telegram: Rehearsal, visit: Visit, organiser: Member
):
    await organiser.send("/invite partner 7d uses=3 British partners")
    text_message, qr = organiser.messages[-2], organiser.messages[-1]
    assert "https://t.me/" in text_message.text and "mitra" in text_message.text
    assert qr.photo is not None and qr.photo.startswith(b"\x89PNG")
    payload = text_message.text.split("start=")[1].split()[0]
    emma = telegram.person("Emma", language="en")
    await emma.send(f"/start {payload}")
    assert "You are a partner" in (await emma.last_message()).text
    [invite] = [i for i in await telegram.services.invites.of_visit(visit.id) if i.label]
    assert invite.max_uses == 3 and invite.uses == 1 and invite.label == "British partners"


async def test_an_organiser_with_bad_invite_options_gets_the_usage(
    telegram: Rehearsal, visit: Visit, organiser: Member
):
    before = await telegram.services.invites.of_visit(visit.id)
    await organiser.send("/invite astronaut")
    assert "/invite" in (await organiser.last_message()).text
    await organiser.send("/invite participant uses=0")
    assert await telegram.services.invites.of_visit(visit.id) == before


async def test_the_language_switch_changes_every_answer(telegram: Rehearsal, rani: Member):
    await rani.send("/help")
    assert "Yang bisa Anda lakukan" in (await rani.last_message()).text
    await rani.send("/language")
    await rani.press("English")
    assert "I will use English" in (await rani.last_message()).text
    await rani.send("/help")
    assert "What you can do" in (await rani.last_message()).text
    commands = dict(rani.user.commands())
    assert commands["help"] == "What I can do"


async def test_menus_follow_the_role(telegram: Rehearsal, organiser: Member, rani: Member):
    organiser_commands = {name for name, _ in organiser.user.commands()}
    participant_commands = {name for name, _ in rani.user.commands()}
    assert "invite" in organiser_commands
    assert "invite" not in participant_commands
    assert {"help", "language"} <= participant_commands


async def test_html_in_a_name_is_shown_as_text(telegram: Rehearsal, visit: Visit):
    from storage.roles import Role

    mallory = await telegram.join("<b>Mal</b> & co", Role.PARTICIPANT, visit.id)
    greeting = await mallory.last_message()
    assert "<b>Mal</b> & co" in greeting.text


async def test_an_unknown_command_and_a_sticker_get_a_short_answer(rani: Member):
    await rani.send("/teleport now")
    assert "/help" in (await rani.last_message()).text
    await rani.send_sticker()
    assert "/help" in (await rani.last_message()).text


async def test_a_forged_button_gets_a_polite_answer(rani: Member):
    await rani.send("/language")
    await rani.press_data("visit:99999", rani.messages[-1])
    await rani.press_data("lang:xx", rani.messages[-1])
    await rani.press_data("nobody-knows-this", rani.messages[-1])
    answers = [answer.text for answer in rani.user.callback_answers]
    assert answers[-3:] == ["Tombol ini sudah tidak berlaku."] * 3
