"""Schema checks: everything the stand-in returns or pushes matches the derived Bot API schema."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from sandbox import TelegramStandIn, schema
from sandbox.standin import FIRST_UPDATE_ID

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082"
)


@pytest.fixture
async def schema_standin() -> AsyncIterator[TelegramStandIn]:
    # Every method and update kind back to back to check their shapes, not Telegram's pace.
    async with TelegramStandIn(strict_schema=True, limits=None) as standin:
        yield standin


async def call(standin: TelegramStandIn, method: str, **params: Any) -> Any:
    """Call a method with a JSON body and return the result (the call must succeed)."""
    url = f"{standin.api_root}/bot{standin.token}/{method}"
    async with aiohttp.ClientSession() as session:
        if any(isinstance(v, bytes) for v in params.values()):
            form = aiohttp.FormData()
            for key, value in params.items():
                if isinstance(value, bytes):
                    form.add_field(key, value, filename=f"{key}.bin")
                else:
                    form.add_field(key, value if isinstance(value, str) else json.dumps(value))
            response = await session.post(url, data=form)
        else:
            response = await session.post(url, json=params)
        body = await response.json()
    assert body["ok"], (method, body)
    return body["result"]


def test_schema_file_is_compact_and_licensed() -> None:
    raw = schema.raw_schema()
    assert "Copyright (c) 2020 Paul Larsen" in raw["licence"]
    assert "MIT License" in raw["licence"]
    assert schema.SCHEMA_PATH.stat().st_size < 200_000
    assert raw["version"].startswith("Bot API")


def test_every_served_method_exists_in_the_schema() -> None:
    standin = TelegramStandIn()
    for method in standin._methods:
        assert schema.canonical_method(method) == method


def test_validate_reports_problems() -> None:
    user = {"id": 1, "is_bot": False, "first_name": "A"}
    assert schema.validate("User", user) == []
    assert schema.validate("User", {"id": "1", "first_name": "A", "extra": 1}) == [
        "User.id: expected Integer, got str '1'",
        "User.is_bot: required field of User is missing",
        "User.extra: User has no such field",
    ]
    assert schema.validate("User", {**user, "extra": 1}, allow_unknown_fields=True) == []
    assert schema.validate("Array of User", [user, 3]) == [
        "Array of User[1]: expected User object, got int"
    ]
    # Abstract types accept any of their variants.
    assert schema.validate("ChatMember", {"status": "member", "user": user}) == []
    assert (
        schema.validate(
            "MaybeInaccessibleMessage",
            {"chat": {"id": 1, "type": "private"}, "message_id": 1, "date": 0},
        )
        == []
    )
    # bool is not an Integer, an int is a Float.
    assert schema.validate("Integer", True) != []
    assert schema.validate("Float", 3) == []
    assert schema.validate_return("sendMessage", True) != []
    assert schema.validate_return("editMessageText", True) == []


async def test_every_method_and_update_kind_is_schema_clean(
    schema_standin: TelegramStandIn,
) -> None:
    standin = schema_standin
    user = standin.user("Sari", last_name="W", username="sari_w", language_code="id")
    group = standin.group("Delegasi")
    small_group = standin.group("Kecil", supergroup=False)
    chat = user.id

    await user.send("/start payload")
    await call(standin, "getMe")
    await call(standin, "getUpdates", offset=FIRST_UPDATE_ID, limit=10, timeout=0)
    await call(standin, "getWebhookInfo")
    keyboard = {
        "inline_keyboard": [
            [{"text": "A", "callback_data": "a"}, {"text": "U", "url": "https://example.org"}]
        ]
    }
    text = await call(
        standin,
        "sendMessage",
        chat_id=chat,
        text="<b>x</b> /help @someone",
        parse_mode="HTML",
        reply_markup=keyboard,
    )
    await call(
        standin,
        "sendMessage",
        chat_id=chat,
        text="keys",
        reply_markup={"keyboard": [["Ya"], [{"text": "Tidak"}]], "resize_keyboard": True},
    )
    await call(
        standin, "sendMessage", chat_id=chat, text="bye", reply_markup={"remove_keyboard": True}
    )
    await call(
        standin,
        "sendMessage",
        chat_id=chat,
        text="re",
        reply_parameters={"message_id": text["message_id"]},
        link_preview_options={"is_disabled": True},
    )
    await call(standin, "sendMessage", chat_id=group.id, text="grup")
    await call(standin, "sendMessage", chat_id=small_group.id, text="grup kecil")
    photo = await call(standin, "sendPhoto", chat_id=str(chat), photo=PNG, caption="p")
    document = await call(standin, "sendDocument", chat_id=str(chat), document=b"d", caption="d")
    await call(standin, "sendPhoto", chat_id=chat, photo="https://example.org/a.jpg")
    await call(
        standin,
        "sendLocation",
        chat_id=chat,
        latitude=1.5,
        longitude=2,
        live_period=60,
        horizontal_accuracy=5.0,
    )
    await call(
        standin,
        "sendVenue",
        chat_id=chat,
        latitude=1,
        longitude=2,
        title="T",
        address="A",
        google_place_id="g",
    )
    await call(standin, "sendChatAction", chat_id=chat, action="upload_document")
    await call(
        standin,
        "editMessageText",
        chat_id=chat,
        message_id=text["message_id"],
        text="<i>y</i>",
        parse_mode="HTML",
        reply_markup=keyboard,
    )
    await call(
        standin,
        "editMessageCaption",
        chat_id=chat,
        message_id=photo["message_id"],
        caption="<b>c</b>",
        parse_mode="HTML",
    )
    await call(
        standin,
        "editMessageReplyMarkup",
        chat_id=chat,
        message_id=document["message_id"],
        reply_markup=keyboard,
    )
    await call(
        standin, "forwardMessage", chat_id=chat, from_chat_id=chat, message_id=text["message_id"]
    )
    await call(
        standin,
        "copyMessage",
        chat_id=chat,
        from_chat_id=chat,
        message_id=photo["message_id"],
        caption="copy",
    )
    await call(standin, "pinChatMessage", chat_id=chat, message_id=text["message_id"])
    await call(standin, "unpinChatMessage", chat_id=chat)
    await call(standin, "deleteMessage", chat_id=chat, message_id=document["message_id"])
    await call(standin, "deleteMessages", chat_id=chat, message_ids=[photo["message_id"]])

    query_update = await user.press("A")
    [update] = await call(standin, "getUpdates", offset=query_update)
    await call(
        standin,
        "answerCallbackQuery",
        callback_query_id=update["callback_query"]["id"],
        text="ok",
        show_alert=True,
    )

    await call(
        standin,
        "setMyCommands",
        commands=[{"command": "agenda", "description": "A"}],
        scope={"type": "chat", "chat_id": chat},
        language_code="id",
    )
    await call(
        standin,
        "setMyCommands",
        commands=[{"command": "help", "description": "H"}],
        scope={"type": "chat_member", "chat_id": group.id, "user_id": chat},
    )
    await call(
        standin, "getMyCommands", scope={"type": "chat", "chat_id": chat}, language_code="id"
    )
    await call(standin, "getMyCommands")
    await call(standin, "deleteMyCommands", scope={"type": "all_group_chats"})
    file_id = photo["photo"][-1]["file_id"]
    await call(standin, "getFile", file_id=file_id)
    await call(standin, "getChat", chat_id=chat)
    await call(standin, "getChat", chat_id=group.id)
    await call(standin, "getChatMember", chat_id=group.id, user_id=chat)
    await call(standin, "getChatMember", chat_id=group.id, user_id=standin.bot_id)
    await call(standin, "setChatMenuButton", chat_id=chat, menu_button={"type": "commands"})
    await call(
        standin,
        "setChatMenuButton",
        menu_button={"type": "web_app", "text": "Open", "web_app": {"url": "https://example.org"}},
    )
    await call(standin, "getChatMenuButton", chat_id=chat)
    await call(standin, "getChatMenuButton")

    # Every kind of update a simulated user can cause.
    await user.send("halo @rombongan_bot #tag https://example.org a@b.co")
    await user.reply_to(user.last_message(), "balas")
    await user.press_data("forged", user.messages[0])
    await user.share_location(1.0, 2.0, live_period=300)
    await user.update_live_location(1.1, 2.1)
    await user.share_location(3.0, 4.0)
    await user.send_document("a.csv", b"a\n1\n", caption="c")
    await user.send_photo(PNG, caption="foto")
    await user.send_sticker()
    await user.send_contact()
    await user.send_contact("+62800", first_name="Other", last_name="Person", user_id=9)
    edit_of = await user.send("typo")
    await user.edit_message(edit_of, "fixed")
    await group.send(user, "/agenda@rombongan_bot")
    await group.reply_to(user, group.last_message(), "ok")
    await call(standin, "sendMessage", chat_id=group.id, text="vote", reply_markup=keyboard)
    await group.press(user, "A")
    user.block_bot()
    user.unblock_bot()
    await call(standin, "getUpdates", allowed_updates=[])

    await call(
        standin,
        "setWebhook",
        url="http://127.0.0.1:9/hook",
        secret_token="abc",
        allowed_updates=["message"],
        max_connections=5,
    )
    await call(standin, "getWebhookInfo")
    await call(standin, "deleteWebhook", drop_pending_updates=True)
    await call(standin, "close")
    await call(standin, "logOut")

    called = {record.method for record in standin.calls if record.ok}
    assert called == set(standin._methods), set(standin._methods) - called
    standin.assert_schema_clean()
