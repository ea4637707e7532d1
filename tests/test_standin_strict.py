"""The stand-in refuses what Telegram refuses (issue 12): UTF-16 lengths, upload sizes, group
privacy mode, deleted accounts, a bot removed from a group, unknown parameters, a bot that
ignores 429s, and the time a round trip takes. Through the real bot where the bot is concerned."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)
from telegram.error import BadRequest, NetworkError

from bot.outbox import Delivery, OutgoingMessage
from sandbox import RateLimits, TelegramStandIn
from sandbox.harness import Member, Rehearsal
from sandbox.standin import MAX_PHOTO_UPLOAD, MAX_UPLOAD
from storage.visits import Visit

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


def bot_for(standin: TelegramStandIn) -> Bot:
    """A bare python-telegram-bot Bot on the stand-in."""
    return Bot(standin.token, base_url=standin.base_url, base_file_url=standin.base_file_url)


async def test_length_is_counted_in_utf16_units_as_telegram_does():
    async with TelegramStandIn() as standin, bot_for(standin) as bot:
        user = standin.user("Sari")
        await user.send("/start")
        await bot.send_message(user.id, "🎉" * 2048)  # 2048 code points, 4096 UTF-16 units
        with pytest.raises(BadRequest, match="too long"):
            await bot.send_message(user.id, "🎉" * 2049)  # 2049 code points, 4098 units


async def test_uploads_over_telegrams_sizes_are_refused():
    async with TelegramStandIn() as standin, bot_for(standin) as bot:
        user = standin.user("Sari")
        await user.send("/start")
        with pytest.raises(BadRequest, match=r"(?i)photo_save_file_invalid"):
            await bot.send_photo(user.id, b"\x89PNG" + bytes(MAX_PHOTO_UPLOAD))
        # Over 50 MB the front server answers 413 with a page of its own.
        with pytest.raises(NetworkError):
            await bot.send_document(user.id, bytes(MAX_UPLOAD + 1), filename="big.bin")
        assert standin.delivery_counts(user.id) == 0
        await bot.send_document(user.id, bytes(1024), filename="small.bin")
        assert standin.delivery_counts(user.id) == 1


async def test_a_misspelt_parameter_is_a_schema_finding():
    async with TelegramStandIn() as standin, bot_for(standin) as bot:
        user = standin.user("Sari")
        await user.send("/start")
        await bot.send_message(user.id, "hai", api_kwargs={"disable_web_page_previews": True})
        assert standin.schema_problems == [
            "sendMessage: unknown parameter 'disable_web_page_previews'"
        ]
        with pytest.raises(AssertionError, match="unknown parameter"):
            standin.assert_schema_clean()
        standin.schema_problems.clear()


async def test_a_button_label_showing_html_is_a_finding():
    async with TelegramStandIn() as standin, bot_for(standin) as bot:
        user = standin.user("Sari")
        await user.send("/start")
        plain = InlineKeyboardMarkup(
            [[InlineKeyboardButton("<b>Bus</b> & Van", callback_data="a")]]
        )
        await bot.send_message(user.id, "hai", reply_markup=plain)
        assert standin.schema_problems == []
        shown = [
            InlineKeyboardButton(t, callback_data="a") for t in ("Bus &amp; Van", "&#128652; Bus")
        ]
        await bot.send_message(user.id, "hai", reply_markup=InlineKeyboardMarkup([shown]))
        await bot.send_message(
            user.id, "hai", reply_markup=ReplyKeyboardMarkup([[KeyboardButton("Q&lt;A")]])
        )
        assert standin.schema_problems == [
            "button label 'Bus &amp; Van' shows an HTML entity (labels are plain text)",
            "button label '&#128652; Bus' shows an HTML entity (labels are plain text)",
            "button label 'Q&lt;A' shows an HTML entity (labels are plain text)",
        ]
        standin.schema_problems.clear()


async def test_a_bot_that_ignores_a_429_waits_longer_each_time():
    limits = RateLimits(per_chat_burst=1, per_chat_per_second=1.0)
    async with TelegramStandIn(limits=limits) as standin, bot_for(standin) as bot:
        user = standin.user("Sari")
        await user.send("/start")
        await bot.send_message(user.id, "satu")
        told = []
        for _ in range(3):
            try:
                await bot.send_message(user.id, "lagi")
            except Exception as error:  # RetryAfter
                told.append(int(getattr(error, "retry_after", 0)))
        assert told == [1, 2, 4]
        assert standin.rate_limit_violations == 3


async def test_each_call_takes_a_round_trip_and_an_update_arrives_half_a_trip_after_it():
    async with TelegramStandIn(rtt_ms=120) as standin, bot_for(standin) as bot:
        started = time.monotonic()
        await bot.get_me()
        assert time.monotonic() - started >= 0.12
        user = standin.user("Sari")
        await user.send("hai")
        started = time.monotonic()
        updates = await bot.get_updates(timeout=5)
        elapsed = time.monotonic() - started
        assert [u.message.text for u in updates if u.message] == ["hai"]
        assert 0.12 <= elapsed < 2


async def test_in_a_group_the_bot_hears_commands_replies_and_mentions_only(
    telegram: Rehearsal, visit: Visit, organiser: Member
):
    group = telegram.standin.group("Rombongan")
    before = telegram.standin.last_update_id
    await group.send(organiser.user, "selamat pagi semua")
    assert telegram.standin.last_update_id == before  # privacy mode: not handed to the bot
    await group.send(organiser.user, "@rombongan_bot selamat pagi")
    await group.send(organiser.user, "/help")
    assert telegram.standin.last_update_id == before + 2


async def test_a_deleted_account_is_unreachable_and_the_organisers_are_told(
    telegram: Rehearsal, visit: Visit, organiser: Member, rani: Member
):
    rani.user.delete_account()
    await telegram.services.outbox.enqueue(
        [Delivery(rani.id, OutgoingMessage("Bus 07.00"), "notice", visit.id, dedupe_key="bus")]
    )
    await telegram.settle()
    row = await telegram.services.db.fetch_one(
        "SELECT state, last_error FROM outbox WHERE dedupe_key = 'bus'"
    )
    assert row is not None and row[0] == "failed" and "user is deactivated" in row[1]
    person = await telegram.services.people.store.get(rani.id)
    assert person is not None and person.unreachable_since is not None
    assert any("Rani" in m.content for m in organiser.messages[-2:])


async def test_a_group_that_removed_the_bot_fails_its_rows_and_holds_up_nobody(
    telegram: Rehearsal, visit: Visit, organiser: Member, rani: Member
):
    group = telegram.standin.group("Rombongan")
    group.kick_bot(organiser.user)
    await telegram.services.outbox.enqueue(
        [
            Delivery(group.id, OutgoingMessage("Kumpul"), "notice", visit.id, dedupe_key="g"),
            Delivery(rani.id, OutgoingMessage("Kumpul"), "notice", visit.id, dedupe_key="r"),
        ]
    )
    await telegram.settle()
    await telegram.move_clock(timedelta(seconds=5))
    rows = dict(
        (row[0], (row[1], row[2]))
        for row in await telegram.services.db.fetch_all(
            "SELECT dedupe_key, state, last_error FROM outbox WHERE dedupe_key IN ('g', 'r')"
        )
    )
    assert rows["g"][0] == "failed" and "bot was kicked from the supergroup chat" in rows["g"][1]
    assert rows["r"][0] == "sent"
