"""Nobody acts outside their visit and role: every button and command, tried by every role from
the visit its data names and from another one, with well-formed data naming the first visit's
records (`sandbox.audit` plays the same demo and forgeries)."""

from __future__ import annotations

from telegram.ext import CallbackQueryHandler, CommandHandler

from sandbox.audit import play_demo, rows_changed, snapshot, try_forgeries
from sandbox.harness import Rehearsal
from storage.roles import Role


async def test_every_forged_button_and_command_is_refused_and_writes_nothing(
    telegram: Rehearsal,
):
    demo = await play_demo(telegram)
    tally = await try_forgeries(telegram, demo, allowed_too=True)
    assert tally.not_refused == []
    assert tally.forgeries > 300 and tally.refused == tally.forgeries
    assert tally.rows_written == 0
    # The same data pressed by someone whose role in the record's visit allows it goes through.
    assert tally.allowed > 50 and tally.over_refused == []


async def test_every_registered_button_and_command_has_a_rule(telegram: Rehearsal):
    demo = await play_demo(telegram)
    services = telegram.services
    application = telegram.live.application
    assert application is not None
    samples = [sample for rule in services.access.rules for sample in rule.samples(demo.records)]
    patterns, commands = [], set()
    for group in application.handlers.values():
        for handler in group:
            if isinstance(handler, CallbackQueryHandler) and handler.pattern is not None:
                patterns.append(handler.pattern)
            elif isinstance(handler, CommandHandler):
                commands |= set(handler.commands)
    assert len(patterns) >= 12
    for pattern in patterns:
        assert any(pattern.match(sample) for sample in samples), f"no rule for {pattern}"
    undeclared = sorted(c for c in commands if services.access.command_roles(c) is None)
    assert undeclared == []
    # Data that no rule describes is refused before any handler.
    rani = demo.actor("A", Role.PARTICIPANT)
    for data in ("cr:zz:1", "qa:v:1:2", "ag:ics:everything", "ann:send:x"):
        await rani.press_data(data, rani.messages[0])
        assert rani.user.callback_answers[-1].text == "Tombol ini sudah tidak berlaku."


async def test_an_organiser_of_another_visit_cannot_reject_a_profile_or_cancel_a_draft(
    telegram: Rehearsal,
):
    demo = await play_demo(telegram)
    services = telegram.services
    sekar, stranger = demo.actor("A", Role.CREATOR), demo.actor("B", Role.ORGANISER)
    profile = await services.creators.store.get(demo.records["profile"])
    assert profile is not None
    heard = len(sekar.messages)
    await services.db.execute("UPDATE announcements SET confirmed_at = NULL")
    before = await snapshot(services.db)

    await stranger.press_data(f"cr:rj:{profile.id}:{profile.revision}", stranger.messages[0])
    assert stranger.user.callback_answers[-1].text == "Maaf, tombol ini bukan untuk Anda."
    await stranger.send("spam")
    await stranger.press_data(f"cr:ap:{profile.id}:{profile.revision}", stranger.messages[0])
    await stranger.press_data(f"ann:cancel:{demo.records['announcement']}", stranger.messages[0])
    await stranger.press_data(f"ann:send:{demo.records['announcement']}", stranger.messages[0])
    await stranger.press_data(f"ag:imp:ok:{demo.records['import']}", stranger.messages[0])

    assert rows_changed(before, await snapshot(services.db)) == 0
    assert len(sekar.messages) == heard
    # In English for someone who writes in English.
    emma_b = demo.actor("B", Role.PARTNER)
    await emma_b.press_data(f"qa:ans:{demo.records['question']}", emma_b.messages[0])
    assert emma_b.user.callback_answers[-1].text == "Sorry, this button is not for you."
