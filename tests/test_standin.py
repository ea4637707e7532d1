"""Tests of the Telegram stand-in itself, driven by a real PTB ``telegram.Bot`` over HTTP."""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import timedelta
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    MenuButtonCommands,
    Message,
    ReplyKeyboardMarkup,
    ReplyParameters,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, Conflict, Forbidden, RetryAfter
from telegram.request import HTTPXRequest

from sandbox import Faults, RateLimits, SimulatedUser, TelegramStandIn
from sandbox.entities import EntityParseError, format_text, parse_html
from sandbox.harness import fault_outcome
from sandbox.limits import plan_faults

# PTB 22 warns that retry_after/live_period will become timedeltas; not our concern here.
pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

PNG_1x1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082"
)


# ------------------------------------------------------------------------------- fixtures


def make_bot(standin: TelegramStandIn, **request_kwargs: Any) -> Bot:
    """A PTB Bot pointed at the stand-in (PTB's own request code, so its quirks are real)."""
    request = HTTPXRequest(**request_kwargs) if request_kwargs else None
    return Bot(
        standin.token,
        base_url=standin.base_url,
        base_file_url=standin.base_file_url,
        request=request,
    )


@pytest.fixture
async def standin_server() -> AsyncIterator[TelegramStandIn]:
    # These tests call every method back to back in one chat to check its shape and its
    # refusals; the flood limits have tests of their own below (with RateLimits).
    async with TelegramStandIn(strict_schema=True, limits=None) as standin:
        yield standin
        standin.assert_schema_clean()


@pytest.fixture
async def standin_bot(standin_server: TelegramStandIn) -> AsyncIterator[Bot]:
    async with make_bot(standin_server) as bot:
        yield bot


@pytest.fixture
async def standin_user(standin_server: TelegramStandIn) -> SimulatedUser:
    user = standin_server.user("Sari", username="sari_w", language_code="id")
    await user.send("/start")
    return user


async def raw_call(
    standin: TelegramStandIn, method: str, *, token: str | None = None, **kwargs: Any
) -> tuple[int, dict[str, Any]]:
    """POST a Bot API request with aiohttp (kwargs go to ClientSession.post: json=, data=...)."""
    url = f"{standin.api_root}/bot{token or standin.token}/{method}"
    async with aiohttp.ClientSession() as session, session.post(url, **kwargs) as response:
        return response.status, await response.json()


# ------------------------------------------------------------------------------- HTML parsing


@pytest.mark.parametrize(
    ("html", "text", "entities"),
    [
        ("<b>bold</b> plain", "bold plain", [{"offset": 0, "length": 4, "type": "bold"}]),
        (
            "<strong>a<i>b</i></strong><em>c</em>",
            "abc",
            [
                {"offset": 0, "length": 2, "type": "bold"},
                {"offset": 1, "length": 1, "type": "italic"},
                {"offset": 2, "length": 1, "type": "italic"},
            ],
        ),
        (
            "<u>u</u><ins>i</ins>",
            "ui",
            [
                {"offset": 0, "length": 1, "type": "underline"},
                {"offset": 1, "length": 1, "type": "underline"},
            ],
        ),
        (
            "<s>a</s><strike>b</strike><del>c</del>",
            "abc",
            [
                {"offset": 0, "length": 1, "type": "strikethrough"},
                {"offset": 1, "length": 1, "type": "strikethrough"},
                {"offset": 2, "length": 1, "type": "strikethrough"},
            ],
        ),
        (
            '<span class="tg-spoiler">s</span><tg-spoiler>t</tg-spoiler>',
            "st",
            [
                {"offset": 0, "length": 1, "type": "spoiler"},
                {"offset": 1, "length": 1, "type": "spoiler"},
            ],
        ),
        (
            '<a href="https://ex.am/?a=1&amp;b=2">link</a>',
            "link",
            [
                {"offset": 0, "length": 4, "type": "text_link", "url": "https://ex.am/?a=1&b=2"},
            ],
        ),
        ("<code>x&lt;y</code>", "x<y", [{"offset": 0, "length": 3, "type": "code"}]),
        (
            '<pre><code class="language-python">print(1)</code></pre>',
            "print(1)",
            [
                {"offset": 0, "length": 8, "type": "pre", "language": "python"},
            ],
        ),
        ("<pre>raw</pre>", "raw", [{"offset": 0, "length": 3, "type": "pre"}]),
        ("<blockquote>q</blockquote>", "q", [{"offset": 0, "length": 1, "type": "blockquote"}]),
        (
            "<blockquote expandable>q</blockquote>",
            "q",
            [
                {"offset": 0, "length": 1, "type": "expandable_blockquote"},
            ],
        ),
        (
            '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>',
            "👍",
            [
                {
                    "offset": 0,
                    "length": 2,
                    "type": "custom_emoji",
                    "custom_emoji_id": "5368324170671202286",
                },
            ],
        ),
        ("&lt;&gt;&amp;&quot;&#65;&#x42;", '<>&"AB', []),
        # UTF-16: the emoji counts 2, so the bold starts at 2.
        ("😀<b>x</b>", "😀x", [{"offset": 2, "length": 1, "type": "bold"}]),
        ("<B>upper</B>", "upper", [{"offset": 0, "length": 5, "type": "bold"}]),
        ("<b></b>empty entity dropped", "empty entity dropped", []),
        # Like Telegram, a bare "&" or an unknown reference stays literal.
        ("AT&T &nbsp;", "AT&T &nbsp;", []),
    ],
)
def test_html_parsing(html: str, text: str, entities: list[dict[str, Any]]) -> None:
    assert parse_html(html) == (text, entities)


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ("hello <foo>x</foo>", 'Unsupported start tag "foo" at byte offset 6'),
        ("Größe <foo>", 'Unsupported start tag "foo" at byte offset 8'),  # UTF-8 bytes
        ("<b>x", 'Can\'t find end tag corresponding to start tag "b"'),
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ("<b", "Unclosed start tag at byte offset 0"),
        ("<b>x</b", "Unclosed end tag at byte offset 4"),
        (
            "<a href>x</a>",
            'Expected equal sign in declaration of an attribute of the tag "a" at byte offset 0',
        ),
    ],
)
def test_html_errors(html: str, reason: str) -> None:
    with pytest.raises(EntityParseError) as caught:
        parse_html(html)
    assert str(caught.value) == f"can't parse entities: {reason}"


def test_strict_ampersand_option_rejects_bare_ampersand() -> None:
    with pytest.raises(EntityParseError, match=r'Unescaped "&" at byte offset 2'):
        parse_html("AT&T", strict_ampersand=True)


def test_format_text_trims_and_detects_entities() -> None:
    text, entities = format_text("  /start@rombongan_bot hi @someone #tag https://x.y/z.  ", None)
    assert text == "/start@rombongan_bot hi @someone #tag https://x.y/z."
    assert [(e["type"], e["offset"], e["length"]) for e in entities] == [
        ("bot_command", 0, 20),
        ("mention", 24, 8),
        ("hashtag", 33, 4),
        ("url", 38, 13),
    ]
    # Nothing is detected inside code.
    assert format_text("<code>/start</code>", "HTML")[1] == [
        {"offset": 0, "length": 6, "type": "code"}
    ]


# ------------------------------------------------------------------------------- basics


async def test_get_me_token_and_unknown_method(standin_server: TelegramStandIn) -> None:
    async with make_bot(standin_server) as bot:
        me = await bot.get_me()
    assert (me.id, me.username, me.is_bot) == (123456, "rombongan_bot", True)

    status, body = await raw_call(standin_server, "getMe", token="123456:WRONG")
    assert (status, body) == (401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
    status, body = await raw_call(standin_server, "noSuchMethod")
    assert (status, body) == (404, {"ok": False, "error_code": 404, "description": "Not Found"})
    # Method names are case-insensitive, as on Telegram.
    status, body = await raw_call(standin_server, "getme")
    assert status == 200 and body["result"]["username"] == "rombongan_bot"


async def test_request_encodings(
    standin_server: TelegramStandIn, standin_user: SimulatedUser
) -> None:
    chat = standin_user.id
    # JSON body with typed values.
    status, body = await raw_call(
        standin_server, "sendMessage", json={"chat_id": chat, "text": "j"}
    )
    assert status == 200 and body["result"]["text"] == "j"
    # Form body: everything is a string, objects are JSON-encoded (what PTB sends).
    markup = {"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]}
    status, body = await raw_call(
        standin_server,
        "sendMessage",
        data={"chat_id": str(chat), "text": "f", "reply_markup": json.dumps(markup)},
    )
    assert status == 200 and body["result"]["reply_markup"] == markup
    # Query string only.
    url = f"{standin_server.api_root}/bot{standin_server.token}/sendMessage"
    async with aiohttp.ClientSession() as session:
        async with session.get(url, params={"chat_id": str(chat), "text": "q"}) as response:
            assert (await response.json())["result"]["text"] == "q"
        # Multipart with the file referenced as attach://name.
        form = aiohttp.FormData()
        form.add_field("chat_id", str(chat))
        form.add_field("document", "attach://upload1")
        form.add_field("upload1", b"a,b\n1,2\n", filename="t.csv", content_type="text/csv")
        async with session.post(url.replace("sendMessage", "sendDocument"), data=form) as resp:
            result = (await resp.json())["result"]
    assert result["document"]["file_name"] == "t.csv"
    assert standin_user.last_message().document == b"a,b\n1,2\n"
    # Missing and mistyped parameters.
    status, body = await raw_call(standin_server, "sendMessage", data={"text": "x"})
    assert (status, body["description"]) == (400, "Bad Request: chat_id is empty")
    status, body = await raw_call(
        standin_server, "sendLocation", data={"chat_id": str(chat), "latitude": "1"}
    )
    assert body["description"] == 'Bad Request: parameter "longitude" is required'
    status, body = await raw_call(
        standin_server, "sendMessage", data={"chat_id": str(chat), "text": "x", "reply_markup": "{"}
    )
    assert body["description"] == "Bad Request: can't parse reply keyboard markup JSON object"


# ------------------------------------------------------------------------------- messaging


async def test_send_edit_delete_and_read_back(
    standin_server: TelegramStandIn, standin_bot: Bot, standin_user: SimulatedUser
) -> None:
    markup = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton("Ya", callback_data="rsvp:yes")],
            [InlineKeyboardButton("Peta", url="https://maps.example/x")],
        ]
    )
    mark = standin_user.mark()
    message = await standin_bot.send_message(
        standin_user.id,
        "<b>Halo</b> Sari &amp; tim",
        parse_mode=ParseMode.HTML,
        reply_markup=markup,
    )
    assert message.text == "Halo Sari & tim"
    assert message.from_user is not None and message.from_user.id == standin_server.bot_id
    assert message.reply_markup == markup

    [sent] = standin_user.messages_since(mark)
    assert sent.text == "Halo Sari & tim"
    assert sent.html == "<b>Halo</b> Sari &amp; tim"
    assert sent.entities == [{"offset": 0, "length": 4, "type": "bold"}]
    assert sent.buttons == [[("Ya", "rsvp:yes")], [("Peta", "https://maps.example/x")]]
    assert standin_server.delivery_counts(standin_user.id) == 1

    edited = await standin_bot.edit_message_text(
        "Halo lagi", chat_id=standin_user.id, message_id=message.message_id
    )
    assert isinstance(edited, type(message)) and edited.edit_date is not None
    assert sent.edited and sent.edit_history == ["Halo Sari & tim"] and sent.text == "Halo lagi"
    # Editing text without reply_markup removes the keyboard, as on Telegram.
    assert sent.buttons == []

    # PTB strips "Bad Request: " and capitalises the rest.
    with pytest.raises(
        BadRequest, match=r"^Message is not modified: specified new message content"
    ):
        await standin_bot.edit_message_text(
            "Halo lagi", chat_id=standin_user.id, message_id=message.message_id
        )
    await standin_bot.edit_message_reply_markup(
        standin_user.id, message.message_id, reply_markup=markup
    )
    assert sent.buttons[0] == [("Ya", "rsvp:yes")]
    with pytest.raises(BadRequest, match="Message is not modified"):
        await standin_bot.edit_message_reply_markup(
            standin_user.id, message.message_id, reply_markup=markup
        )
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await standin_bot.edit_message_text("x", chat_id=standin_user.id, message_id=999)
    with pytest.raises(BadRequest, match="There is no caption in the message to edit"):
        await standin_bot.edit_message_caption(standin_user.id, message.message_id, caption="c")

    assert await standin_bot.delete_message(standin_user.id, message.message_id)
    assert sent.deleted
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await standin_bot.delete_message(standin_user.id, message.message_id)
    with pytest.raises(AssertionError, match="nothing"):
        standin_user.last_message()


async def test_sending_errors(
    standin_server: TelegramStandIn, standin_bot: Bot, standin_user: SimulatedUser
) -> None:
    chat = standin_user.id

    async def error_of(**kwargs: Any) -> str:
        params = {"chat_id": chat, "text": "ok", **kwargs}
        status, body = await raw_call(standin_server, "sendMessage", json=params)
        assert status == body["error_code"] and not body["ok"]
        return f"{status} {body['description']}"

    assert await error_of(chat_id=424242) == "400 Bad Request: chat not found"
    assert await error_of(text="") == "400 Bad Request: message text is empty"
    assert await error_of(text="<b> </b>", parse_mode="HTML") == (
        "400 Bad Request: message text is empty"
    )
    assert await error_of(text="x" * 4097) == "400 Bad Request: message is too long"
    assert (await error_of(text="&lt;b&gt;" * 4096, parse_mode="HTML")).endswith("too long")
    ok_status, _ = await raw_call(
        standin_server,
        "sendMessage",
        json={"chat_id": chat, "text": "<b>" + "x" * 4096 + "</b>", "parse_mode": "HTML"},
    )
    assert ok_status == 200  # the limit applies after parsing
    assert await error_of(text="<b>" + "x" * 4097 + "</b>", parse_mode="HTML") == (
        "400 Bad Request: message is too long"
    )
    assert await error_of(text="hello <foo>", parse_mode="HTML") == (
        '400 Bad Request: can\'t parse entities: Unsupported start tag "foo" at byte offset 6'
    )
    assert (
        await error_of(text="x", parse_mode="Klingon") == "400 Bad Request: unsupported parse_mode"
    )

    def keyboard(**button: Any) -> dict[str, Any]:
        return {"inline_keyboard": [[{"text": "B", **button}]]}

    assert await error_of(reply_markup=keyboard(callback_data="x" * 65)) == (
        "400 Bad Request: BUTTON_DATA_INVALID"
    )
    assert await error_of(reply_markup=keyboard(callback_data="")) == (
        "400 Bad Request: BUTTON_DATA_INVALID"
    )
    assert await error_of(reply_markup=keyboard()) == (
        "400 Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the "
        "inline keyboard"
    )
    # 64 bytes (not characters) is the limit.
    ok_status, _ = await raw_call(
        standin_server,
        "sendMessage",
        json={"chat_id": chat, "text": "ok", "reply_markup": keyboard(callback_data="é" * 32)},
    )
    assert ok_status == 200
    assert (await error_of(reply_markup=keyboard(callback_data="é" * 33))).endswith(
        "BUTTON_DATA_INVALID"
    )

    stranger = standin_server.user("Budi")
    with pytest.raises(Forbidden, match="bot can't initiate conversation with a user"):
        await standin_bot.send_message(stranger.id, "hi")
    await stranger.send("halo")
    await standin_bot.send_message(stranger.id, "hi")
    stranger.block_bot()
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await standin_bot.send_message(stranger.id, "hi")
    stranger.unblock_bot()
    await standin_bot.send_message(stranger.id, "welcome back")
    assert [m.text for m in stranger.messages] == ["hi", "welcome back"]

    _, body = await raw_call(
        standin_server,
        "sendPhoto",
        data={"chat_id": str(chat), "photo": "nonsense", "caption": "x"},
    )
    assert body["description"] == "Bad Request: wrong file identifier/HTTP URL specified"
    form = aiohttp.FormData()
    form.add_field("chat_id", str(chat))
    form.add_field("caption", "c" * 1025)
    form.add_field("photo", PNG_1x1, filename="p.png", content_type="image/png")
    _, body = await raw_call(standin_server, "sendPhoto", data=form)
    assert body["description"] == "Bad Request: message caption is too long"


async def test_callback_queries(
    standin_server: TelegramStandIn, standin_bot: Bot, standin_user: SimulatedUser
) -> None:
    markup = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("Ya", callback_data="yes"),
                InlineKeyboardButton("Tidak", callback_data="no"),
            ],
            [InlineKeyboardButton("Web", url="https://example.org")],
        ]
    )
    await standin_bot.send_message(standin_user.id, "Ikut?", reply_markup=markup)
    await standin_bot.send_message(standin_user.id, "no buttons here")

    update_id = await standin_user.press("Tidak")  # finds the latest message with buttons
    second = await standin_user.press(0)
    with pytest.raises(AssertionError, match="no inline button 'Maybe'"):
        await standin_user.press("Maybe")
    with pytest.raises(AssertionError, match="url button"):
        await standin_user.press("Web")
    updates = await standin_bot.get_updates(offset=update_id)
    assert [u.update_id for u in updates] == [update_id, second]
    query = updates[0].callback_query
    assert query is not None and query.data == "no"
    assert isinstance(query.message, Message) and query.message.text == "Ikut?"
    assert query.from_user.id == standin_user.id

    assert await query.answer("Tercatat", show_alert=True)
    answer = standin_user.callback_answers[-1]
    assert (answer.text, answer.show_alert) == ("Tercatat", True)
    with pytest.raises(BadRequest, match="Query is too old"):
        await query.answer("again")
    with pytest.raises(BadRequest, match="Query is too old"):
        await standin_bot.answer_callback_query("no-such-query")

    forged = await standin_user.press_data("admin:delete_all", standin_user.messages[0])
    updates = await standin_bot.get_updates(offset=forged)
    assert updates[0].callback_query is not None
    assert updates[0].callback_query.data == "admin:delete_all"


async def test_callback_answer_timeout() -> None:
    async with TelegramStandIn(callback_answer_timeout=0.05) as standin:
        user = standin.user("Sari")
        await user.send("/start")
        async with make_bot(standin) as bot:
            markup = InlineKeyboardMarkup([[InlineKeyboardButton("A", callback_data="a")]])
            await bot.send_message(user.id, "x", reply_markup=markup)
            update_id = await user.press("A")
            [update] = await bot.get_updates(offset=update_id)
            await asyncio.sleep(0.1)
            assert update.callback_query is not None
            with pytest.raises(BadRequest, match="Query is too old"):
                await update.callback_query.answer()
        standin.assert_schema_clean()


# ------------------------------------------------------------------------------- updates


async def test_long_polling_returns_promptly_and_offsets_confirm(
    standin_server: TelegramStandIn, standin_bot: Bot
) -> None:
    user = standin_server.user("Rina", language_code="en")
    started = time.monotonic()
    poll = asyncio.create_task(standin_bot.get_updates(timeout=10))
    await asyncio.sleep(0.1)
    update_id = await user.send("/start ref_42")
    updates = await asyncio.wait_for(poll, 2)
    assert time.monotonic() - started < 1.5
    assert [u.update_id for u in updates] == [update_id]
    message = updates[0].message
    assert message is not None and message.text == "/start ref_42"
    assert message.parse_entities() == {message.entities[0]: "/start"}
    assert message.entities[0].type == "bot_command"
    assert message.chat.type == "private" and message.chat.id == user.id

    assert not standin_server.is_consumed(update_id)
    waiter = asyncio.create_task(standin_server.wait_consumed(update_id, timeout=2))
    await asyncio.sleep(0.05)
    assert not waiter.done()
    assert await standin_bot.get_updates(offset=update_id + 1, timeout=0) == ()
    await asyncio.wait_for(waiter, 1)

    # An empty long poll waits for its timeout.
    started = time.monotonic()
    assert await standin_bot.get_updates(timeout=1) == ()
    assert 0.9 < time.monotonic() - started < 2

    # A second poller ends the first one with a 409, as on Telegram.
    first = asyncio.create_task(standin_bot.get_updates(timeout=5))
    await asyncio.sleep(0.1)
    async with make_bot(standin_server) as other:
        second = asyncio.create_task(other.get_updates(timeout=1))
        with pytest.raises(Conflict, match="terminated by other getUpdates request"):
            await asyncio.wait_for(first, 2)
        assert await second == ()


async def test_allowed_updates_and_negative_offset(
    standin_server: TelegramStandIn, standin_bot: Bot
) -> None:
    user = standin_server.user("Rina")
    await standin_bot.get_updates(allowed_updates=["callback_query"])
    dropped = await user.send("ignored")
    assert standin_server.is_consumed(dropped)
    await standin_bot.get_updates(allowed_updates=[])  # back to the default set
    ids = [await user.send(f"m{i}") for i in range(3)]
    updates = await standin_bot.get_updates(offset=-1)
    assert [u.update_id for u in updates] == ids[-1:]
    assert all(standin_server.is_consumed(i) for i in ids[:-1])


async def test_webhook_push_with_secret_header(
    standin_server: TelegramStandIn, standin_bot: Bot
) -> None:
    received: list[tuple[str | None, dict[str, Any]]] = []
    fail_first = [True]

    async def hook(request: web.Request) -> web.Response:
        if fail_first[0]:
            fail_first[0] = False
            return web.Response(status=500)
        received.append(
            (request.headers.get("X-Telegram-Bot-Api-Secret-Token"), await request.json())
        )
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    standin_server.webhook_retry_delay = 0.05
    try:
        assert await standin_bot.set_webhook(f"http://127.0.0.1:{port}/hook", secret_token="s3cr3t")
        info = await standin_bot.get_webhook_info()
        assert info.url.endswith("/hook")
        with pytest.raises(Conflict, match="can't use getUpdates method while webhook is active"):
            await standin_bot.get_updates()
        user = standin_server.user("Wati")
        first = await user.send("satu")
        second = await user.send("dua")
        await standin_server.wait_consumed(second, timeout=3)
        assert [secret for secret, _ in received] == ["s3cr3t", "s3cr3t"]
        assert [body["update_id"] for _, body in received] == [first, second]
        assert received[0][1]["message"]["text"] == "satu"
        info = await standin_bot.get_webhook_info()
        assert info.pending_update_count == 0
        assert info.last_error_message == "Wrong response from the webhook: 500"
        assert await standin_bot.delete_webhook()
        third = await user.send("tiga")
        assert [u.update_id for u in await standin_bot.get_updates()] == [third]
    finally:
        await standin_bot.delete_webhook()
        await runner.cleanup()


async def test_user_actions_produce_proper_updates(
    standin_server: TelegramStandIn, standin_bot: Bot, standin_user: SimulatedUser
) -> None:
    group = standin_server.group("Delegasi Bandung")
    sent = await standin_bot.send_message(standin_user.id, "Kirim lokasi")
    ids = [
        await standin_user.share_location(-6.9, 107.6, live_period=600),
        await standin_user.update_live_location(-6.91, 107.61),
        await standin_user.send_document("peserta.csv", b"nama\nSari\n", caption="data"),
        await standin_user.send_photo(PNG_1x1, caption="foto"),
        await standin_user.send_sticker(),
        await standin_user.send_contact(),
        await standin_user.send("teks"),
        await standin_user.reply_to(standin_user.last_message(), "balas"),
        await group.send(standin_user, "/agenda@rombongan_bot"),
    ]
    text_update = ids[6]
    ids.append(await standin_user.edit_message(text_update, "teks diubah"))
    ids.append(standin_user.block_bot())
    updates = await standin_bot.get_updates(offset=ids[0] - 1, allowed_updates=[])
    by_id = {u.update_id: u for u in updates}
    assert set(ids) <= set(by_id)
    location = by_id[ids[0]].message
    assert location is not None and location.location is not None
    assert location.location.live_period == 600
    moved = by_id[ids[1]].edited_message
    assert moved is not None and moved.location is not None
    assert moved.location.latitude == -6.91 and moved.message_id == location.message_id
    document = by_id[ids[2]].message
    assert document is not None and document.document is not None
    assert document.document.file_name == "peserta.csv" and document.caption == "data"
    photo = by_id[ids[3]].message
    assert photo is not None and photo.photo and photo.photo[-1].width == 1
    sticker = by_id[ids[4]].message
    assert sticker is not None and sticker.sticker is not None
    contact = by_id[ids[5]].message
    assert contact is not None and contact.contact is not None
    assert contact.contact.user_id == standin_user.id
    reply = by_id[ids[7]].message
    assert reply is not None and reply.reply_to_message is not None
    assert reply.reply_to_message.message_id == sent.message_id
    in_group = by_id[ids[8]].message
    assert in_group is not None and in_group.chat.type == "supergroup"
    assert in_group.chat.id == group.id and in_group.entities[0].type == "bot_command"
    edited = by_id[ids[9]].edited_message
    assert edited is not None and edited.text == "teks diubah"
    member = by_id[ids[10]].my_chat_member
    assert member is not None and member.new_chat_member.status == "kicked"

    # Files the user sent can be fetched and downloaded by the bot.
    file = await standin_bot.get_file(document.document.file_id)
    assert bytes(await file.download_as_bytearray()) == b"nama\nSari\n"
    photo_file = await photo.photo[-1].get_file()
    assert bytes(await photo_file.download_as_bytearray()) == PNG_1x1


async def test_media_and_other_methods(
    standin_server: TelegramStandIn, standin_bot: Bot, standin_user: SimulatedUser
) -> None:
    chat = standin_user.id
    photo = await standin_bot.send_photo(
        chat, PNG_1x1, caption="<i>Foto</i>", parse_mode="HTML", filename="p.png"
    )
    assert photo.caption == "Foto" and photo.photo[-1].width == 1
    document = await standin_bot.send_document(chat, b"x,y\n", filename="agenda.csv")
    assert document.document is not None and document.document.file_name == "agenda.csv"
    downloaded = await (
        await standin_bot.get_file(document.document.file_id)
    ).download_as_bytearray()
    assert bytes(downloaded) == b"x,y\n"
    # Re-sending by file_id works without uploading again.
    again = await standin_bot.send_document(chat, document.document.file_id)
    assert again.document is not None and again.document.file_name == "agenda.csv"
    sent_photo, sent_doc = standin_user.messages[0], standin_user.messages[1]
    assert sent_photo.photo == PNG_1x1 and sent_photo.caption == "Foto"
    assert (sent_doc.document, sent_doc.filename) == (b"x,y\n", "agenda.csv")

    edited = await standin_bot.edit_message_caption(chat, photo.message_id, caption="Baru")
    assert isinstance(edited, type(photo)) and edited.caption == "Baru"
    assert sent_photo.edit_history == ["Foto"]

    location = await standin_bot.send_location(chat, -6.2, 106.8)
    assert location.location is not None and location.location.latitude == -6.2
    venue = await standin_bot.send_venue(chat, -6.2, 106.8, "Gedung Sate", "Jl. Diponegoro")
    assert venue.venue is not None and venue.venue.title == "Gedung Sate"
    assert standin_user.last_message().venue is not None
    assert await standin_bot.send_chat_action(chat, "typing")
    assert standin_server.chat_actions(chat) == ["typing"]
    reply = await standin_bot.send_message(
        chat,
        "re",
        reply_parameters=ReplyParameters(location.message_id),
        reply_markup=ReplyKeyboardMarkup([["Ya", "Tidak"]]),
    )
    assert reply.reply_to_message is not None
    assert standin_user.last_message().reply_keyboard == [["Ya", "Tidak"]]
    with pytest.raises(BadRequest, match="Message to be replied not found"):
        await standin_bot.send_message(chat, "re", reply_parameters=ReplyParameters(9999))

    full = await standin_bot.get_chat(chat)
    assert full.first_name == "Sari" and full.type == "private"
    with pytest.raises(BadRequest, match="Chat not found"):
        await standin_bot.get_chat(987654)
    assert await standin_bot.set_chat_menu_button(chat, MenuButtonCommands())
    assert standin_server.menu_button(chat) == {"type": "commands"}
    copied = await standin_bot.copy_message(chat, chat, document.message_id)
    forwarded = await standin_bot.forward_message(chat, chat, location.message_id)
    assert copied.message_id > 0 and forwarded.forward_origin is not None
    member = await standin_bot.get_chat_member(chat, chat)
    assert member.status == "member"
    assert await standin_bot.close() and await standin_bot.log_out()


async def test_commands_by_scope_and_language(
    standin_server: TelegramStandIn, standin_bot: Bot
) -> None:
    sari = standin_server.user("Sari", language_code="id")
    john = standin_server.user("John", language_code="en")
    lead = standin_server.user("Lead", language_code="en")
    await standin_bot.set_my_commands([BotCommand("agenda", "Lihat agenda")])
    await standin_bot.set_my_commands([BotCommand("agenda", "See the agenda")], language_code="en")
    await standin_bot.set_my_commands(
        [BotCommand("rollcall", "Start a roll call")], scope=BotCommandScopeChat(lead.id)
    )
    assert sari.commands() == [("agenda", "Lihat agenda")]
    assert john.commands() == [("agenda", "See the agenda")]
    assert lead.commands() == [("rollcall", "Start a roll call")]
    got = await standin_bot.get_my_commands(language_code="en")
    assert [c.command for c in got] == ["agenda"]
    assert await standin_bot.get_my_commands(scope=BotCommandScopeAllPrivateChats()) == ()
    await standin_bot.delete_my_commands(scope=BotCommandScopeChat(lead.id))
    assert lead.commands() == [("agenda", "See the agenda")]
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await standin_bot.set_my_commands([BotCommand("Bad-Name", "x")])


# ------------------------------------------------------------------------------- limits, faults


async def test_rate_limits_give_429_with_retry_after() -> None:
    limits = RateLimits(per_chat_burst=3, per_chat_per_second=1.0, global_per_second=1000)
    async with TelegramStandIn(limits=limits) as standin:
        user = standin.user("Sari")
        await user.send("/start")
        async with make_bot(standin) as bot:
            for i in range(3):
                await bot.send_message(user.id, f"m{i}")
            with pytest.raises(RetryAfter) as caught:
                await bot.send_message(user.id, "too fast")
            retry_after = caught.value.retry_after  # int now, timedelta in a future PTB
            assert retry_after == 1 or retry_after == timedelta(seconds=1)
            # Chat actions are not messages and are not limited.
            assert await bot.send_chat_action(user.id, "typing")
            # Asking again before the time it was told: the wait doubles.
            status, body = await raw_call(
                standin, "sendMessage", json={"chat_id": user.id, "text": "x"}
            )
        assert status == 429
        assert body == {
            "ok": False,
            "error_code": 429,
            "description": "Too Many Requests: retry after 2",
            "parameters": {"retry_after": 2},
        }
        assert standin.rate_limit_violations == 2
        assert standin.rate_limiter is not None and standin.rate_limiter.escalations == 1
        assert standin.delivery_counts(user.id) == 3
        standin.assert_schema_clean()


async def test_group_rate_limit_per_minute() -> None:
    limits = RateLimits(per_group_per_minute=2, per_chat_burst=10, per_chat_per_second=10)
    async with TelegramStandIn(limits=limits) as standin:
        group = standin.group("Tim")
        async with make_bot(standin) as bot:
            await bot.send_message(group.id, "1")
            await bot.send_message(group.id, "2")
            with pytest.raises(RetryAfter):
                await bot.send_message(group.id, "3")
        assert [m.text for m in group.messages] == ["1", "2"]
        assert standin.rate_limiter is not None
        assert standin.rate_limiter.violations_by_chat == {group.id: 1}
        standin.assert_schema_clean()


async def test_each_fault_kind_as_seen_by_ptb() -> None:
    async with TelegramStandIn(seed=7) as standin:
        user = standin.user("Sari")
        await user.send("/start")
        async with make_bot(standin, read_timeout=0.3) as bot:
            chat = user.id
            outcome = await fault_outcome(standin, bot, chat, drop_before_rate=1.0)
            assert outcome.startswith("NetworkError: httpx.RemoteProtocolError")
            assert outcome.endswith("stored=0")
            outcome = await fault_outcome(standin, bot, chat, drop_after_rate=1.0)
            assert outcome.startswith("NetworkError: httpx.RemoteProtocolError")
            assert outcome.endswith("stored=1")  # the ambiguous case: delivered, no reply
            outcome = await fault_outcome(standin, bot, chat, server_error_rate=1.0)
            assert outcome in (
                "NetworkError: Bad Gateway / stored=0",
                "NetworkError: Internal Server Error / stored=0",
            )
            assert await fault_outcome(standin, bot, chat, too_many_requests_rate=1.0) == (
                "RetryAfter / stored=0"
            )
            # A slow reply past the client's read timeout: TimedOut, but the message is stored.
            outcome = await fault_outcome(standin, bot, chat, slow_rate=1.0, slow_seconds=0.6)
            assert outcome == "TimedOut / stored=0"
            # ...but the server goes on and stores it once the delay is over (ambiguous too).
            await user.wait_for_message(0, predicate=lambda m: len(user.messages) == 2)
            # Faults only touch send*/edit*; getMe is never faulted.
            standin.faults = Faults(server_error_rate=1.0)
            assert (await bot.get_me()).id == standin.bot_id
            standin.faults.enabled = False
            assert await fault_outcome(standin, bot, chat) == "ok / stored=1"
        assert standin.fault_counts == {
            "server_error": 1,
            "drop_before": 1,
            "drop_after": 1,
            "too_many_requests": 1,
            "slow": 1,
            "garbled_before": 0,
            "garbled_after": 0,
        }
        assert [m.text for m in user.messages] == ["x", "x", "x"]
        assert standin.delivery_counts(user.id) == 3
        standin.assert_schema_clean()


async def test_replies_the_client_cannot_parse_as_seen_by_ptb() -> None:
    async with TelegramStandIn(seed=7) as standin:
        user = standin.user("Sari")
        await user.send("/start")
        async with make_bot(standin) as bot:
            chat = user.id
            # A proxy's HTML error page: a NetworkError, and nothing was stored.
            outcome = await fault_outcome(standin, bot, chat, garbled_before_rate=1.0)
            assert outcome.startswith("NetworkError: Bad Gateway (502). Parsing the server")
            assert outcome.endswith("stored=0")
            # Stored, then a body cut short: the client cannot tell it arrived (ambiguous).
            outcome = await fault_outcome(standin, bot, chat, garbled_after_rate=1.0)
            assert outcome == "TelegramError: Invalid server response / stored=1"
        calls = standin.calls_of("sendMessage")
        assert [c.garbled_after_accept for c in calls] == [False, True]
        assert [c.ok for c in calls] == [False, True]
        assert standin.fault_counts["garbled_before"] == 1
        assert standin.fault_counts["garbled_after"] == 1
        assert [m.text for m in user.messages] == ["x"]
        standin.assert_schema_clean()


@pytest.mark.parametrize(
    "faults",
    [
        None,
        Faults(),
        Faults(garbled_before_rate=1.0),
        Faults(drop_after_rate=0.3, garbled_after_rate=0.3, server_error_rate=0.2),
    ],
)
def test_plan_faults_draws_the_same_six_numbers_whatever_the_faults(faults: Faults | None):
    rng, reference = random.Random(5), random.Random(5)
    for _ in range(50):
        plan_faults(faults, rng)
        for _ in range(6):
            reference.random()
    assert rng.random() == reference.random()


def test_garbled_faults_keep_their_rates_and_leave_the_others_as_they_were():
    before = Faults(server_error_rate=0.2, drop_after_rate=0.2)
    after = Faults(
        server_error_rate=0.2, drop_after_rate=0.2, garbled_before_rate=0.2, garbled_after_rate=0.2
    )
    old_rng, new_rng = random.Random(11), random.Random(11)
    old_plans = [plan_faults(before, old_rng) for _ in range(4000)]
    new_plans = [plan_faults(after, new_rng) for _ in range(4000)]
    for old, new in zip(old_plans, new_plans, strict=True):
        assert old.server_error_status == new.server_error_status
        if new.garbled_before:  # takes the place of what the request would have become
            assert not (new.server_error_status or new.drop_after or new.garbled_after)
            continue
        assert old == replace(new, garbled_after=False)
        assert not (new.garbled_after and new.drop_after)
    garbled_before = sum(p.garbled_before for p in new_plans) / len(new_plans)
    garbled_after = sum(p.garbled_after for p in new_plans) / len(new_plans)
    assert 0.15 < garbled_before < 0.25
    # Only requests that were neither a 5xx nor an HTML page reach the after-storing draws.
    assert 0.15 * 0.6 < garbled_after < 0.25 * 0.6 + 0.05


async def test_fault_rates_are_seeded() -> None:
    async def run(seed: int) -> list[str]:
        async with TelegramStandIn(seed=seed, faults=Faults(server_error_rate=0.5)) as standin:
            user = standin.user("Sari")
            await user.send("/start")
            results = []
            for i in range(12):
                status, _ = await raw_call(
                    standin, "sendMessage", json={"chat_id": user.id, "text": str(i)}
                )
                results.append(str(status))
            return results

    first = await run(3)
    assert first == await run(3)
    assert "200" in first and any(s in first for s in ("500", "502"))


# ------------------------------------------------------------------------------- waiting helpers


async def test_wait_for_message_and_listener(
    standin_server: TelegramStandIn, standin_bot: Bot, standin_user: SimulatedUser
) -> None:
    events: list[tuple[str, str]] = []
    standin_server.listeners.append(lambda event, sent: events.append((event, sent.content)))
    mark = standin_user.mark()

    async def later() -> None:
        await asyncio.sleep(0.05)
        await standin_bot.send_message(standin_user.id, "satu")
        await standin_bot.send_message(standin_user.id, "dua")

    task = asyncio.create_task(later())
    got = await standin_user.wait_for_message(mark, predicate=lambda m: m.text == "dua")
    await task
    assert got.text == "dua", events
    assert events == [("sent", "satu"), ("sent", "dua")], events
    with pytest.raises(TimeoutError):
        await standin_user.wait_for_message(timeout=0.05)


def test_update_objects_parse_in_ptb(standin_server: TelegramStandIn) -> None:
    # The payload shapes pushed by the stand-in must round-trip through PTB's de_json.
    user = standin_server.user("X")
    update = {
        "update_id": 1,
        "message": {
            "message_id": 1,
            "date": 0,
            "chat": user.as_chat(),
            "from": user.as_user(),
            "text": "hi",
        },
    }
    parsed = Update.de_json(update, None)
    assert parsed.message is not None and parsed.message.text == "hi"


# ------------------------------------------------------------------------------- PTB Application


async def test_ptb_application_polls_and_answers(standin_server: TelegramStandIn) -> None:
    from telegram.ext import (
        ApplicationBuilder,
        CallbackQueryHandler,
        CommandHandler,
        ContextTypes,
    )

    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Hadir", callback_data="here")]])
        await update.effective_message.reply_html(
            f"Halo <b>{update.effective_user.first_name}</b>! args={context.args}",  # type: ignore[union-attr]
            reply_markup=keyboard,
        )

    async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer("Tercatat")
        await query.edit_message_text("Terima kasih")

    application = (
        ApplicationBuilder()
        .token(standin_server.token)
        .base_url(standin_server.base_url)
        .base_file_url(standin_server.base_file_url)
        .build()
    )
    application.add_handler(CommandHandler("start", start))
    application.add_handler(CallbackQueryHandler(pressed))
    user = standin_server.user("Sari")
    async with application:
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(poll_interval=0, timeout=5)
        try:
            await user.send("/start abc")
            greeting = await user.wait_for_message(0)
            assert greeting.text == "Halo Sari! args=['abc']"
            assert greeting.entities == [{"offset": 5, "length": 4, "type": "bold"}]
            await user.press("Hadir")
            await standin_server.wait_until(lambda: greeting.edited, what="edit")
            assert greeting.text == "Terima kasih"
            assert [a.text for a in user.callback_answers] == ["Tercatat"]
        finally:
            await application.updater.stop()
            await application.stop()
    assert standin_server.pending_update_count() == 0
