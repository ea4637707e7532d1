"""A local stand-in for the Telegram Bot API, served over real HTTP by aiohttp.

Point python-telegram-bot at it with
``ApplicationBuilder().base_url(f"{root}/bot").base_file_url(f"{root}/file/bot")`` where
``root = standin.api_root``.  Requests arrive at ``POST {root}/bot{TOKEN}/{method}`` and file
downloads at ``GET {root}/file/bot{TOKEN}/{file_path}``.  All state is in memory; tests drive
simulated users through :meth:`TelegramStandIn.user` / :meth:`TelegramStandIn.group` and read
what the bot sent as :class:`~sandbox.users.SentMessage` objects.

It is a test double only: it imports nothing from the bot's own packages.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import mimetypes
import random
import re
import struct
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Literal, TypeVar
from urllib.parse import urlsplit

import aiohttp
from aiohttp import web

from sandbox import schema
from sandbox.entities import EntityParseError, format_text, utf16_len
from sandbox.limits import (
    FAULT_KINDS,
    FaultPlan,
    Faults,
    LimitClock,
    RateLimiter,
    RateLimits,
    is_sending_method,
    plan_faults,
)
from sandbox.users import CallbackAnswer, SentMessage, SimulatedGroup, SimulatedUser

log = logging.getLogger(__name__)

T = TypeVar("T")
Params = dict[str, Any]
Listener = Callable[[str, SentMessage], None]

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64
# An HTML entity, as a person would see it on a button: text escaped for a parse mode that
# labels do not have. (Not tags: "<b>" in a label may be what someone typed as a name.)
SHOWN_ENTITY = re.compile(r"&(?:amp|lt|gt|quot|#\d+|#x[0-9a-fA-F]+);")
MAX_DOWNLOAD = 20 * 1024 * 1024
MAX_UPLOAD = 50 * 1024 * 1024  # multipart uploads (Bot API docs: "up to 50 MB")
MAX_PHOTO_UPLOAD = 10 * 1024 * 1024  # sendPhoto uploads (Bot API docs: "at most 10 MB")
# What Telegram's front server answers to an upload over 50 MB (observed: nginx's page).
TOO_LARGE_PAGE = (
    b"<html>\r\n<head><title>413 Request Entity Too Large</title></head>\r\n<body>\r\n"
    b"<center><h1>413 Request Entity Too Large</h1></center>\r\n<hr><center>nginx</center>"
    b"\r\n</body>\r\n</html>\r\n"
)
# When a request reached "Telegram" (on the limit clock): the flood limits are measured then.
ARRIVAL = web.RequestKey("arrival", float)
FIRST_UPDATE_ID = 700_000_001  # far from message ids, so the two can never be confused
FIRST_USER_ID = 1001
DEFAULT_UPDATE_KINDS_EXCLUDED = {"chat_member", "message_reaction", "message_reaction_count"}
INLINE_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
CHAT_ACTIONS = {
    "typing",
    "upload_photo",
    "record_video",
    "upload_video",
    "record_voice",
    "upload_voice",
    "upload_document",
    "choose_sticker",
    "find_location",
    "record_video_note",
    "upload_video_note",
}
COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")
SECRET_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"
# What a reverse proxy in front of the Bot API answers when it has no upstream: not JSON.
PROXY_ERROR_PAGE = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)


class ApiError(Exception):
    """A Bot API error reply: ``{"ok": false, "error_code": code, "description": ...}``."""

    def __init__(
        self,
        code: int,
        description: str,
        retry_after: int | None = None,
        migrate_to_chat_id: int | None = None,
    ) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after
        self.migrate_to_chat_id = migrate_to_chat_id

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.code,
            "description": self.description,
        }
        parameters: dict[str, Any] = {}
        if self.retry_after is not None:
            parameters["retry_after"] = self.retry_after
        if self.migrate_to_chat_id is not None:
            parameters["migrate_to_chat_id"] = self.migrate_to_chat_id
        if parameters:
            body["parameters"] = parameters
        return body


def bad_request(reason: str) -> ApiError:
    """400 "Bad Request: <reason>"."""
    return ApiError(400, f"Bad Request: {reason}")


def forbidden(reason: str) -> ApiError:
    """403 "Forbidden: <reason>"."""
    return ApiError(403, f"Forbidden: {reason}")


@dataclass
class UploadedFile:
    """A file part of a multipart request."""

    filename: str | None
    content_type: str | None
    content: bytes


@dataclass
class StoredFile:
    """A file known to the stand-in (sent by a user or uploaded by the bot)."""

    file_id: str
    file_unique_id: str
    file_path: str
    content: bytes
    mime_type: str | None = None
    file_name: str | None = None


@dataclass
class ChatState:
    """Everything that happened in one chat."""

    chat: dict[str, Any]  # the Chat object
    next_message_id: int = 1
    messages: dict[int, dict[str, Any]] = field(default_factory=dict)  # every message by id
    senders: dict[int, int] = field(default_factory=dict)  # message id -> sender user id
    deleted: set[int] = field(default_factory=set)
    bot_messages: list[SentMessage] = field(default_factory=list)
    sent_by_id: dict[int, SentMessage] = field(default_factory=dict)
    accepted: int = 0  # messages the bot successfully sent here (send*/copy/forward)
    edits: int = 0
    chat_actions: list[str] = field(default_factory=list)
    menu_button: dict[str, Any] | None = None

    @property
    def is_group(self) -> bool:
        return self.chat["type"] in ("group", "supergroup")

    def allocate_message_id(self) -> int:
        message_id = self.next_message_id
        self.next_message_id += 1
        return message_id


@dataclass
class CallbackQueryState:
    """A button press waiting for answerCallbackQuery."""

    user: SimulatedUser
    message_id: int
    created: float  # time.monotonic()
    answered: bool = False


@dataclass
class WebhookState:
    """The current webhook and its delivery status (for getWebhookInfo)."""

    url: str
    secret_token: str | None
    max_connections: int
    last_error_date: int | None = None
    last_error_message: str | None = None


@dataclass
class CallRecord:
    """One Bot API call the bot made (for assertions in tests)."""

    method: str
    params: Params
    ok: bool = False
    error: str | None = None
    dropped_after_accept: bool = False  # accepted, then the reply was lost (the ambiguous case)
    garbled_after_accept: bool = False  # accepted, then answered with a reply nobody can parse
    at: float = field(default_factory=time.monotonic)  # when the request arrived


# Replies a client cannot parse, as seen from real servers and proxies in front of them.
GARBLED_REPLIES: dict[str, tuple[int, str, bytes]] = {
    # A proxy's error page with a success status.
    "html": (200, "text/html", b"<html><body><h1>Gateway</h1>upstream said ok</body></html>"),
    # JSON that says ok but whose result is not the object the method returns.
    "empty_result": (200, "application/json", b'{"ok": true, "result": {}}'),
    # The connection's last bytes lost mid-body.
    "truncated": (200, "application/json", b'{"ok": true, "result": {"message_id": 1, "da'),
}


MethodHandler = Callable[[Params], Any]


class TelegramStandIn:
    """An in-memory Telegram Bot API server for tests, benchmarks and the sandbox chat."""

    def __init__(
        self,
        token: str = "123456:TEST-TOKEN",
        bot_username: str = "rombongan_bot",
        bot_id: int = 123456,
        limits: RateLimits | Literal["telegram"] | None = "telegram",
        faults: Faults | None = None,
        seed: int = 0,
        *,
        bot_first_name: str = "Rombongan",
        callback_answer_timeout: float = 15.0,
        strict_schema: bool = True,
        strict_ampersand: bool = False,
        webhook_retry_delay: float = 0.2,
        rtt_ms: float = 0.0,
        jitter_ms: float = 0.0,
        can_read_all_group_messages: bool = False,
    ) -> None:
        self.token = token
        self.bot_username = bot_username
        self.bot_id = bot_id
        self.bot_first_name = bot_first_name
        # Telegram's flood limits unless told otherwise (None: a test that says why it needs none).
        self.limits = RateLimits() if limits == "telegram" else limits
        self.faults = faults  # may be replaced or edited at run time
        self.callback_answer_timeout = callback_answer_timeout
        self.strict_schema = strict_schema
        self.strict_ampersand = strict_ampersand
        self.webhook_retry_delay = webhook_retry_delay
        # The network between the bot and Telegram: each request and each answer travels half a
        # round trip (± jitter), so a long poll hands out an update half a round trip after it.
        self.rtt_ms = rtt_ms
        self.jitter_ms = jitter_ms
        self._network_rng = random.Random(seed + 1)  # apart from the faults' draws
        # Group privacy mode (BotFather's default): in groups the bot gets only commands,
        # replies to its messages, mentions of it and service messages.
        self.can_read_all_group_messages = can_read_all_group_messages
        self.rng = random.Random(seed)
        # Real time; a rehearsal adds its clock's moves and people's thinking (sandbox/limits.py).
        self.limit_clock = LimitClock()
        self.rate_limiter = (
            RateLimiter(self.limits, self.limit_clock) if self.limits is not None else None
        )

        self.users: dict[int, SimulatedUser] = {}
        self.groups: dict[int, SimulatedGroup] = {}
        self.chats: dict[int, ChatState] = {}
        self.files: dict[str, StoredFile] = {}
        self.files_by_path: dict[str, StoredFile] = {}
        self.callback_queries: dict[str, CallbackQueryState] = {}
        self.bot_commands: dict[tuple[tuple[Any, ...], str], list[dict[str, str]]] = {}
        self.default_menu_button: dict[str, Any] = {"type": "commands"}
        self.webhook: WebhookState | None = None
        self.allowed_updates: list[str] | None = None
        self.fault_counts: dict[str, int] = dict.fromkeys(FAULT_KINDS, 0)
        self.schema_problems: list[str] = []
        self.calls: deque[CallRecord] = deque(maxlen=20_000)
        # Scripted: the next N sending calls (optionally to one chat) are accepted and stored,
        # then answered with an unparseable reply of the given shape (see GARBLED_REPLIES).
        self.garbled: list[tuple[int | None, str]] = []
        self.migrated: dict[int, int] = {}  # old group chat id -> its supergroup's id
        self.failing_polls = 0  # the next N getUpdates calls are answered 502 Bad Gateway
        self.listeners: list[Listener] = []  # called with ("sent"|"edited"|"deleted", msg)
        self._events: list[tuple[str, SentMessage]] = []
        self.closed_by_bot = False  # close / logOut was called

        self._next_update_id = FIRST_UPDATE_ID
        self._next_user_id = FIRST_USER_ID
        self._next_group = 1
        self._next_file = 1
        self._next_query = 1
        self._pending: list[dict[str, Any]] = []  # updates not yet confirmed by the bot
        self._confirmed_below = FIRST_UPDATE_ID  # every update id below this is confirmed
        self._consumed: set[int] = set()  # confirmed individually (webhook / dropped)
        self._update_messages: dict[int, tuple[int, int]] = {}  # update id -> (chat, message)
        self._poll_generation = 0
        self._waiters: set[asyncio.Future[None]] = set()
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None
        self._webhook_task: asyncio.Task[None] | None = None
        self._closing = False
        self._port: int | None = None
        self._methods: dict[str, MethodHandler] = {
            "getMe": self._get_me,
            "getUpdates": self._get_updates,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "sendMessage": self._send_message,
            "sendPhoto": self._send_photo,
            "sendDocument": self._send_document,
            "sendLocation": self._send_location,
            "sendVenue": self._send_venue,
            "sendChatAction": self._send_chat_action,
            "editMessageText": self._edit_message_text,
            "editMessageCaption": self._edit_message_caption,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._delete_message,
            "deleteMessages": self._delete_messages,
            "forwardMessage": self._forward_message,
            "copyMessage": self._copy_message,
            "answerCallbackQuery": self._answer_callback_query,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "getFile": self._get_file,
            "getChat": self._get_chat,
            "getChatMember": self._get_chat_member,
            "setChatMenuButton": self._set_chat_menu_button,
            "getChatMenuButton": self._get_chat_menu_button,
            "pinChatMessage": self._pin_chat_message,
            "unpinChatMessage": self._unpin_chat_message,
            "close": self._close,
            "logOut": self._close,
        }

    # ---------------------------------------------------------------- server lifecycle

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        """Start serving on ``host:port`` (port 0 picks a free port; see :attr:`api_root`)."""
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._dispatch)
        # A short shutdown timeout: a pending long poll must not hold up stop().
        self._runner = web.AppRunner(app, shutdown_timeout=0.5, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        address = self._runner.addresses[0]
        self._host, self._port = host, int(address[1])
        self._session = aiohttp.ClientSession()
        self._closing = False

    async def stop(self) -> None:
        """Stop serving; waiting long polls return at once."""
        self._closing = True
        self._wake()
        if self._webhook_task is not None:
            self._webhook_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._webhook_task
            self._webhook_task = None
        if self._session is not None:
            await self._session.close()
            self._session = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> TelegramStandIn:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def api_root(self) -> str:
        """``http://HOST:PORT``; PTB's base_url is ``api_root + "/bot"``."""
        if self._port is None:
            raise RuntimeError("the stand-in is not started")
        return f"http://{self._host}:{self._port}"

    @property
    def base_url(self) -> str:
        """What to pass to ``ApplicationBuilder().base_url()``."""
        return f"{self.api_root}/bot"

    @property
    def base_file_url(self) -> str:
        """What to pass to ``ApplicationBuilder().base_file_url()``."""
        return f"{self.api_root}/file/bot"

    # ---------------------------------------------------------------- simulated people

    def user(
        self,
        first_name: str,
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "id",
        user_id: int | None = None,
    ) -> SimulatedUser:
        """Create a simulated user (who has not started the bot yet)."""
        if user_id is None:
            while self._next_user_id in self.users:
                self._next_user_id += 1
            user_id = self._next_user_id
            self._next_user_id += 1
        if user_id in self.users:
            raise ValueError(f"user {user_id} already exists")
        user = SimulatedUser(self, user_id, first_name, last_name, username, language_code)
        self.users[user_id] = user
        self.chats[user_id] = ChatState(chat=user.as_chat())
        return user

    def group(self, title: str, *, supergroup: bool = True) -> SimulatedGroup:
        """Create a group (a supergroup unless ``supergroup=False``) with the bot in it."""
        number = self._next_group
        self._next_group += 1
        if supergroup:
            chat_id, chat_type = -1_001_000_000_000 - number, "supergroup"
        else:
            chat_id, chat_type = -500_000 - number, "group"
        group = SimulatedGroup(self, chat_id, title, chat_type)
        self.groups[chat_id] = group
        self.chats[chat_id] = ChatState(chat=group.as_chat())
        return group

    def group_by_id(self, chat_id: int) -> SimulatedGroup:
        """The simulated group with this chat id."""
        return self.groups[chat_id]

    def migrate_group(self, chat_id: int, *, announce: bool = True) -> int:
        """Upgrade a basic group to a supergroup, as Telegram does; return the new chat id.

        The old id is refused from then on ("group chat was upgraded to a supergroup chat",
        with `migrate_to_chat_id`), and the bot gets the two service messages Telegram sends:
        `migrate_to_chat_id` in the old chat and `migrate_from_chat_id` in the new one (unless
        `announce` is False: the bot missed them, e.g. it was down longer than Telegram keeps
        updates).
        """
        group = self.groups[chat_id]
        if group.type != "group":
            raise ValueError("only a basic group migrates to a supergroup")
        new_id = -1_001_000_000_000 - self._next_group
        self._next_group += 1
        old_chat = self.chats[chat_id]
        group.id = group.chat_id = new_id
        group.type = "supergroup"
        self.groups[new_id] = group
        self.chats[new_id] = ChatState(chat=group.as_chat())
        self.migrated[chat_id] = new_id
        now = int(time.time())
        for chat, field_name, value in (
            (old_chat, "migrate_to_chat_id", new_id),
            (self.chats[new_id], "migrate_from_chat_id", chat_id),
        ):
            message_id = chat.allocate_message_id()
            message = {
                "message_id": message_id,
                "from": {"id": 1087968824, "is_bot": True, "first_name": "Group"},
                "chat": dict(chat.chat),
                "date": now,
                field_name: value,
            }
            chat.messages[message_id] = message
            if announce:
                self.push_update("message", message)
        return new_id

    # ---------------------------------------------------------------- reading state

    def messages(self, chat_id: int) -> list[SentMessage]:
        """Bot messages in a chat, in order (a copy of the list; the items are live)."""
        chat = self.chats.get(chat_id)
        return list(chat.bot_messages) if chat else []

    def delivery_counts(self, chat_id: int) -> int:
        """How many messages the bot successfully sent to ``chat_id`` (deleted ones included)."""
        chat = self.chats.get(chat_id)
        return chat.accepted if chat else 0

    @property
    def deliveries(self) -> dict[int, int]:
        """Accepted messages per chat id."""
        return {chat_id: chat.accepted for chat_id, chat in self.chats.items() if chat.accepted}

    @property
    def rate_limit_violations(self) -> int:
        """How many requests were refused with 429 by the rate limiter (not injected faults)."""
        return self.rate_limiter.violations if self.rate_limiter else 0

    def chat_actions(self, chat_id: int) -> list[str]:
        """Chat actions (``typing``...) the bot sent to a chat, in order."""
        chat = self.chats.get(chat_id)
        return list(chat.chat_actions) if chat else []

    def calls_of(self, method: str) -> list[CallRecord]:
        """Recorded calls of one method (canonical name, e.g. ``answerCallbackQuery``)."""
        return [call for call in self.calls if call.method == method]

    def menu_button(self, chat_id: int | None = None) -> dict[str, Any]:
        """The menu button set for a chat (or the default one)."""
        if chat_id is not None and chat_id in self.chats:
            button = self.chats[chat_id].menu_button
            if button is not None:
                return button
        return self.default_menu_button

    def commands_for(
        self, chat_id: int, user_id: int | None, language_code: str | None
    ) -> list[tuple[str, str]]:
        """The command menu a user sees in a chat, resolved in Telegram's scope order."""
        chat = self.chats.get(chat_id)
        is_group = chat is not None and chat.is_group
        if is_group:
            scopes: list[tuple[Any, ...]] = []
            if user_id is not None:
                scopes.append(("chat_member", chat_id, user_id))
            scopes += [("chat", chat_id), ("all_group_chats",), ("default",)]
        else:
            scopes = [("chat", chat_id), ("all_private_chats",), ("default",)]
        languages = [language_code, ""] if language_code else [""]
        for scope in scopes:
            for language in languages:
                commands = self.bot_commands.get((scope, language))
                if commands:
                    return [(c["command"], c["description"]) for c in commands]
        return []

    def pending_update_count(self) -> int:
        """Updates created but not yet confirmed by the bot."""
        return len(self._pending)

    def assert_schema_clean(self) -> None:
        """Raise AssertionError listing schema problems in anything returned or pushed."""
        if self.schema_problems:
            raise AssertionError("schema problems:\n" + "\n".join(self.schema_problems[:50]))

    # ---------------------------------------------------------------- waiting

    def _wake(self) -> None:
        """Wake everything waiting for a state change (long polls, wait_until...)."""
        waiters, self._waiters = self._waiters, set()
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)

    async def _wait_change(self, timeout: float | None) -> None:
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.add(waiter)
        try:
            await asyncio.wait_for(waiter, timeout)
        except TimeoutError:
            pass
        finally:
            self._waiters.discard(waiter)

    async def wait_until(
        self,
        check: Callable[[], T | None],
        *,
        timeout: float = 5.0,
        what: str = "condition",
    ) -> T:
        """Wait until ``check()`` returns something other than None/False and return it."""
        deadline = time.monotonic() + timeout
        while True:
            result = check()
            if result is not None and result is not False:
                return result
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"timed out after {timeout}s waiting for {what}")
            await self._wait_change(remaining)

    @property
    def last_update_id(self) -> int:
        """The id of the latest update handed out (0 before the first)."""
        return self._next_update_id - 1 if self._next_update_id > FIRST_UPDATE_ID else 0

    def is_consumed(self, update_id: int) -> bool:
        """Whether the bot confirmed this update (or it was dropped)."""
        return update_id < self._confirmed_below or update_id in self._consumed

    async def wait_consumed(self, update_id: int, timeout: float = 5.0) -> None:
        """Return once the bot confirmed ``update_id`` (getUpdates offset past it or webhook 2xx).

        Raises TimeoutError otherwise.
        """
        await self.wait_until(
            lambda: self.is_consumed(update_id), timeout=timeout, what=f"update {update_id}"
        )

    # ---------------------------------------------------------------- HTTP layer

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        # The request's way to Telegram. The flood limits are measured at the moment it
        # arrives, not when this event loop (shared with the simulated people) gets round to it.
        request[ARRIVAL] = self.limit_clock() + await self._travel()
        response = await self._handle(request)
        await self._travel()  # the answer's way back
        return response

    async def _travel(self) -> float:
        """Half a round trip, with jitter (nothing when no round trip is set); its seconds."""
        if self.rtt_ms <= 0 and self.jitter_ms <= 0:
            return 0.0
        jitter = self._network_rng.uniform(-self.jitter_ms, self.jitter_ms)
        seconds = max(0.0, self.rtt_ms / 2 + jitter) / 1000
        await asyncio.sleep(seconds)
        return seconds

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        if path.startswith("/file/bot"):
            return self._download(path.removeprefix("/file/bot"))
        if not path.startswith("/bot"):
            return self._json(ApiError(404, "Not Found").payload(), 404)
        token, _, method_name = path.removeprefix("/bot").partition("/")
        if token != self.token:
            return self._json(ApiError(401, "Unauthorized").payload(), 401)
        method = schema.canonical_method(method_name)
        if method is None:
            return self._json(ApiError(404, "Not Found").payload(), 404)
        record = CallRecord(method, {})
        self.calls.append(record)
        try:
            raw, files = await self._read_request(request)
            if sum(len(f.content) for f in files.values()) > MAX_UPLOAD:
                record.error = "413 Request Entity Too Large"
                return web.Response(status=413, body=TOO_LARGE_PAGE, content_type="text/html")
            params = self._coerce_params(method, raw, files)
            record.params = params
        except ApiError as error:
            record.error = error.description
            return self._json(error.payload(), error.code)

        if method == "getUpdates" and self.failing_polls > 0:
            self.failing_polls -= 1
            record.error = "injected fault: poll failed"
            return self._json(ApiError(502, "Bad Gateway").payload(), 502)
        handler = self._methods.get(method)
        if handler is None:
            missing = bad_request(f"method {method} is not implemented by the Telegram stand-in")
            record.error = missing.description
            return self._json(missing.payload(), missing.code)

        sending = is_sending_method(method)
        arrival = request.get(ARRIVAL)
        plan = plan_faults(self.faults, self.rng) if sending else FaultPlan()
        injected = self._injected_fault(plan)
        if injected is not None:
            record.error = f"injected fault: {injected}"
            if plan.drop_before:
                return self._drop_connection(request)
            if plan.garbled_before:
                return web.Response(text=PROXY_ERROR_PAGE, status=502, content_type="text/html")
            status = plan.server_error_status or 429
            retry = self.faults.retry_after if self.faults and status == 429 else None
            description = {
                502: "Bad Gateway",
                500: "Internal Server Error",
                429: f"Too Many Requests: retry after {retry}",
            }[status]
            return self._json(ApiError(status, description, retry).payload(), status)
        if plan.slow_seconds:
            self.fault_counts["slow"] += 1
            await asyncio.sleep(plan.slow_seconds)

        try:
            if sending:
                self._check_rate_limit(params, arrival)
            result = handler(params)
            if asyncio.iscoroutine(result):
                result = await result
            if sending:
                self._consume_rate_limit(params, arrival)
        except ApiError as error:
            record.error = error.description
            return self._json(error.payload(), error.code)
        finally:
            self._flush_events()
        record.ok = True
        if self.strict_schema:
            self._record_problems(schema.validate_return(method, result))
        if plan.drop_after:
            self.fault_counts["drop_after"] += 1
            record.dropped_after_accept = True
            return self._drop_connection(request)
        garbled = self._take_garbled(params) if sending else None
        if garbled is None and plan.garbled_after:
            # A random fault: the shapes in turn (no extra random draw), then the real reply cut
            # short, as a proxy that gave up mid-body would send it.
            shapes = [*GARBLED_REPLIES, "cut_short"]
            garbled = shapes[self.fault_counts["garbled_after"] % len(shapes)]
            self.fault_counts["garbled_after"] += 1
        if garbled is not None:
            record.garbled_after_accept = True
            if garbled == "cut_short":
                text = self._json({"ok": True, "result": result}, 200).text or ""
                return web.Response(text=text[: len(text) // 2], content_type="application/json")
            status, content_type, body = GARBLED_REPLIES[garbled]
            return web.Response(status=status, body=body, content_type=content_type)
        return self._json({"ok": True, "result": result}, 200)

    def garble_next(
        self, count: int = 1, *, chat_id: int | None = None, shape: str = "html"
    ) -> None:
        """Answer the next `count` accepted sends (to `chat_id`, or any) with a garbled reply."""
        if shape not in GARBLED_REPLIES:
            raise ValueError(f"unknown shape {shape!r}: one of {sorted(GARBLED_REPLIES)}")
        self.garbled.extend([(chat_id, shape)] * count)

    def _take_garbled(self, params: Params) -> str | None:
        for index, (chat_id, shape) in enumerate(self.garbled):
            if chat_id is None or params.get("chat_id") == chat_id:
                del self.garbled[index]
                return shape
        return None

    def _injected_fault(self, plan: FaultPlan) -> str | None:
        if plan.drop_before:
            kind = "drop_before"
        elif plan.server_error_status:
            kind = "server_error"
        elif plan.too_many_requests:
            kind = "too_many_requests"
        elif plan.garbled_before:
            kind = "garbled_before"
        else:
            return None
        self.fault_counts[kind] += 1
        return kind

    @staticmethod
    def _json(body: dict[str, Any], status: int) -> web.Response:
        return web.json_response(body, status=status, dumps=lambda v: json.dumps(v))

    @staticmethod
    def _drop_connection(request: web.Request) -> web.StreamResponse:
        # Closing the transport and raising makes aiohttp give up on the reply: the client sees
        # "Server disconnected without sending a response" (PTB: NetworkError).
        if request.transport is not None:
            request.transport.close()
        raise web.HTTPServiceUnavailable()

    def _download(self, rest: str) -> web.StreamResponse:
        token, _, file_path = rest.partition("/")
        if token != self.token:
            return self._json(ApiError(401, "Unauthorized").payload(), 401)
        stored = self.files_by_path.get(file_path)
        if stored is None:
            return self._json(ApiError(404, "Not Found").payload(), 404)
        return web.Response(
            body=stored.content, content_type=stored.mime_type or "application/octet-stream"
        )

    async def _read_request(self, request: web.Request) -> tuple[Params, dict[str, UploadedFile]]:
        """Collect parameters from the query string and a JSON, form or multipart body."""
        params: Params = dict(request.query)
        files: dict[str, UploadedFile] = {}
        if not request.can_read_body:
            return params, files
        content_type = request.content_type
        if content_type == "application/json":
            try:
                body = await request.json()
            except ValueError as error:
                raise bad_request("can't parse JSON encoded request body") from error
            if not isinstance(body, dict):
                raise bad_request("JSON object expected as request body")
            params.update(body)
        elif content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            form = await request.post()
            for name, value in form.items():
                if isinstance(value, web.FileField):
                    files[name] = UploadedFile(
                        value.filename, value.content_type, value.file.read()
                    )
                else:
                    params[name] = value
        return params, files

    def _coerce_params(self, method: str, raw: Params, files: dict[str, UploadedFile]) -> Params:
        """Turn strings into the types the schema asks for; check required parameters."""
        specs = schema.method_params(method)
        params: Params = {}
        for name, value in raw.items():
            spec = specs.get(name)
            # python-telegram-bot's Defaults add parse_mode to every message method (edits of
            # buttons, venues); Telegram ignores it there, and so does this check.
            if spec is None and self.strict_schema and name != "parse_mode":
                # Telegram ignores it silently; a misspelt parameter must still fail a test.
                self.schema_problems.append(f"{method}: unknown parameter {name!r}")
            params[name] = value if spec is None else self._coerce(name, spec.types, value, files)
        for name, spec in specs.items():
            # A file may arrive as a part named after the parameter, without a text field.
            if name not in params and "InputFile" in spec.types and name in files:
                params[name] = files[name]
        for name, spec in specs.items():
            if spec.required and name not in params:
                raise self._missing(method, name)
        return params

    @staticmethod
    def _missing(method: str, name: str) -> ApiError:
        if name == "chat_id":
            return bad_request("chat_id is empty")
        if name == "text":
            return bad_request("message text is empty")
        if name in ("photo", "document", "video", "audio", "voice", "animation", "sticker"):
            return bad_request(f"there is no {name} in the request")
        if name == "callback_query_id":
            return bad_request(QUERY_TOO_OLD)
        return bad_request(f'parameter "{name}" is required')

    def _coerce(
        self, name: str, types: tuple[str, ...], value: Any, files: dict[str, UploadedFile]
    ) -> Any:
        if isinstance(value, str) and value.startswith("attach://") and "InputFile" in types:
            part = value.removeprefix("attach://")
            if part not in files:
                raise bad_request(f"file {part!r} referenced by {name} was not uploaded")
            return files[part]
        first_problem: str | None = None
        for type_name in types:
            converted = _convert(type_name, value)
            if converted is _NO_MATCH:
                continue
            if type_name in schema.PRIMITIVES or type_name == "InputFile":
                return converted
            if name == "reply_markup":
                # Checked by _check_markup, which (like Telegram) also accepts plain strings
                # as reply keyboard buttons.
                return converted
            # Several object types may fit (reply_markup): take the first that validates.
            problems = schema.validate(type_name, converted, allow_unknown_fields=True)
            if not problems:
                return converted
            first_problem = first_problem or problems[0]
        if name == "reply_markup":
            raise bad_request("can't parse reply keyboard markup JSON object")
        if first_problem is not None:
            raise bad_request(f"can't parse {name}: {first_problem}")
        raise bad_request(f'wrong type of the parameter "{name}": expected {" or ".join(types)}')

    def _record_problems(self, problems: list[str]) -> None:
        if problems:
            log.error("stand-in schema problems: %s", problems)
            self.schema_problems.extend(problems)

    # ---------------------------------------------------------------- rate limits

    def _limit_target(self, params: Params) -> tuple[int, bool] | None:
        chat_id = params.get("chat_id")
        if isinstance(chat_id, int) and chat_id in self.chats:
            return chat_id, self.chats[chat_id].is_group
        return None

    def _check_rate_limit(self, params: Params, at: float | None = None) -> None:
        if self.rate_limiter is None:
            return
        target = self._limit_target(params)
        if target is None:
            return
        retry_after = self.rate_limiter.retry_after(*target, at=at)
        if retry_after is not None:
            raise ApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after)

    def _consume_rate_limit(self, params: Params, at: float | None = None) -> None:
        target = self._limit_target(params)
        if self.rate_limiter is not None and target is not None:
            self.rate_limiter.consume(*target, at=at)

    # ---------------------------------------------------------------- updates

    def _bot_user(self) -> dict[str, Any]:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_first_name,
            "username": self.bot_username,
        }

    def _update_allowed(self, kind: str) -> bool:
        if self.allowed_updates:
            return kind in self.allowed_updates
        return kind not in DEFAULT_UPDATE_KINDS_EXCLUDED

    def push_update(self, kind: str, payload: dict[str, Any]) -> int:
        """Queue an update of ``kind`` (``message``, ``callback_query``...); return its id."""
        update_id = self._next_update_id
        self._next_update_id += 1
        update = {"update_id": update_id, kind: payload}
        if self.strict_schema:
            self._record_problems(schema.validate("Update", update))
        if self._update_allowed(kind):
            self._pending.append(update)
        else:
            self._consumed.add(update_id)  # filtered out: Telegram never sends it
        self._wake()
        return update_id

    def _confirm_below(self, offset: int) -> None:
        if offset > self._confirmed_below:
            self._confirmed_below = offset
        self._pending = [u for u in self._pending if u["update_id"] >= offset]
        self._wake()

    def _drop_pending(self) -> None:
        for update in self._pending:
            self._consumed.add(update["update_id"])
        self._pending = []
        self._wake()

    # ---------------------------------------------------------------- building messages

    def text_content(self, text: str) -> dict[str, Any]:
        """``text`` + ``entities`` of a user's text message (commands, mentions... detected)."""
        plain, entities = format_text(text, None)
        content: dict[str, Any] = {"text": plain}
        if entities:
            content["entities"] = entities
        return content

    def caption_content(self, caption: str | None) -> dict[str, Any]:
        """``caption`` + ``caption_entities`` of a user's media message."""
        if not caption:
            return {}
        plain, entities = format_text(caption, None)
        content: dict[str, Any] = {"caption": plain}
        if entities:
            content["caption_entities"] = entities
        return content

    def reply_snapshot(self, chat_id: int, message_id: int) -> dict[str, Any]:
        """The Message object to embed as reply_to_message (without its own reply)."""
        chat = self.chats[chat_id]
        if message_id not in chat.messages or message_id in chat.deleted:
            raise AssertionError(f"message {message_id} does not exist in chat {chat_id}")
        snapshot = dict(chat.messages[message_id])
        snapshot.pop("reply_to_message", None)
        return snapshot

    def message_id_of_update(self, update_id: int) -> int | None:
        """The message id created by a user's update (None for other ids)."""
        found = self._update_messages.get(update_id)
        return found[1] if found else None

    def _new_file_ids(self, content: bytes) -> tuple[str, str]:
        number = self._next_file
        self._next_file += 1
        digest = hashlib.sha1(content).hexdigest()[:10]
        return f"BQACAgIAAx{number:06d}{digest}", f"AgAD{number:06d}"

    def store_file(
        self, content: bytes, folder: str, filename: str | None, mime_type: str | None
    ) -> dict[str, Any]:
        """Keep a file for getFile/download; return its Document object."""
        file_id, unique_id = self._new_file_ids(content)
        suffix = ""
        if filename and "." in filename:
            suffix = "." + filename.rsplit(".", 1)[1]
        elif mime_type:
            suffix = mimetypes.guess_extension(mime_type) or ""
        path = f"{folder}/file_{self._next_file - 1}{suffix}"
        stored = StoredFile(file_id, unique_id, path, content, mime_type, filename)
        self.files[file_id] = stored
        self.files_by_path[path] = stored
        document: dict[str, Any] = {
            "file_id": file_id,
            "file_unique_id": unique_id,
            "file_size": len(content),
        }
        if filename:
            document["file_name"] = filename
        if mime_type:
            document["mime_type"] = mime_type
        return document

    def store_photo(self, content: bytes) -> list[dict[str, Any]]:
        """Keep a photo; return the PhotoSize list (a thumbnail and the full size)."""
        width, height = _image_size(content)
        sizes = []
        for scale_to in (90, max(width, height)):
            stored = self.store_file(content, "photos", None, "image/jpeg")
            scale = min(1.0, scale_to / max(width, height))
            sizes.append(
                {
                    "file_id": stored["file_id"],
                    "file_unique_id": stored["file_unique_id"],
                    "file_size": len(content),
                    "width": max(1, round(width * scale)),
                    "height": max(1, round(height * scale)),
                }
            )
        return sizes

    async def incoming_message(
        self, user: SimulatedUser, chat_id: int, content: dict[str, Any]
    ) -> int:
        """A user posts a message (text, media...) in a chat; return the update id."""
        chat = self.chats[chat_id]
        if chat_id == user.id:
            user.started = True
        self.limit_clock.person_acted()
        message_id = chat.allocate_message_id()
        message: dict[str, Any] = {
            "message_id": message_id,
            "from": user.as_user(),
            "chat": dict(chat.chat),
            "date": int(time.time()),
        }
        message.update(content)
        chat.messages[message_id] = message
        chat.senders[message_id] = user.id
        if chat.is_group and not self._bot_sees_in_group(message):
            return self.last_update_id  # privacy mode: the bot is not told
        update_id = self.push_update("message", message)
        self._update_messages[update_id] = (chat_id, message_id)
        await asyncio.sleep(0)
        return update_id

    def _bot_sees_in_group(self, message: dict[str, Any]) -> bool:
        """Group privacy mode: commands, replies to the bot, mentions of it (Bot API docs)."""
        if self.can_read_all_group_messages:
            return True
        text = message.get("text") or message.get("caption") or ""
        if text.startswith("/"):
            return True
        if f"@{self.bot_username}".lower() in text.lower():
            return True
        replied = message.get("reply_to_message") or {}
        return (replied.get("from") or {}).get("id") == self.bot_id

    async def incoming_edit(
        self,
        user: SimulatedUser,
        chat_id: int,
        message_id: int,
        change: Callable[[dict[str, Any]], None],
    ) -> int:
        """A user edits their own message; ``change`` mutates a copy; push edited_message."""
        chat = self.chats[chat_id]
        if chat.senders.get(message_id) != user.id or message_id in chat.deleted:
            raise AssertionError(f"{user!r} has no message {message_id} in chat {chat_id}")
        self.limit_clock.person_acted()
        message = dict(chat.messages[message_id])
        change(message)
        message["edit_date"] = int(time.time())
        chat.messages[message_id] = message
        update_id = self.push_update("edited_message", message)
        self._update_messages[update_id] = (chat_id, message_id)
        await asyncio.sleep(0)
        return update_id

    async def incoming_callback_query(
        self, user: SimulatedUser, chat_id: int, message: SentMessage, data: str
    ) -> int:
        """A user presses a button carrying ``data`` under ``message``."""
        query_id = f"{self.bot_id}{self._next_query:08d}"
        self._next_query += 1
        self.limit_clock.person_acted()
        self.callback_queries[query_id] = CallbackQueryState(
            user, message.message_id, time.monotonic()
        )
        chat_instance = str(int(hashlib.sha1(f"{chat_id}".encode()).hexdigest()[:15], 16))
        payload = {
            "id": query_id,
            "from": user.as_user(),
            "message": dict(message.api),
            "chat_instance": chat_instance,
            "data": data,
        }
        update_id = self.push_update("callback_query", payload)
        await asyncio.sleep(0)
        return update_id

    def incoming_member_change(self, user: SimulatedUser, old: str, new: str) -> int:
        """The bot's membership in a user's private chat changed (block/unblock)."""
        return self._push_member_change(user.as_chat(), user, old, new)

    def incoming_group_member_change(
        self, group: SimulatedGroup, by: SimulatedUser, old: str, new: str
    ) -> int:
        """The bot's membership in a group changed (an admin removed it)."""
        return self._push_member_change(group.as_chat(), by, old, new)

    def _push_member_change(
        self, chat: dict[str, Any], by: SimulatedUser, old: str, new: str
    ) -> int:
        def member(status: str) -> dict[str, Any]:
            body: dict[str, Any] = {"status": status, "user": self._bot_user()}
            if status == "kicked":
                body["until_date"] = 0
            return body

        payload = {
            "chat": chat,
            "from": by.as_user(),
            "date": int(time.time()),
            "old_chat_member": member(old),
            "new_chat_member": member(new),
        }
        return self.push_update("my_chat_member", payload)

    # ---------------------------------------------------------------- bot-side helpers

    def _chat_for_bot(self, chat_id: Any, *, sending: bool = True) -> ChatState:
        """The chat a method targets; errors like Telegram for unknown/blocked/unstarted."""
        if isinstance(chat_id, str):
            chat_id = self._chat_by_username(chat_id)
        if isinstance(chat_id, int) and chat_id in self.migrated:
            raise ApiError(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                migrate_to_chat_id=self.migrated[chat_id],
            )
        chat = self.chats.get(chat_id) if isinstance(chat_id, int) else None
        if chat is None:
            raise bad_request("chat not found")
        user = self.users.get(chat_id)
        if sending and user is not None:
            if user.deactivated:
                raise forbidden("user is deactivated")
            if user.blocked:
                raise forbidden("bot was blocked by the user")
            if not user.started:
                raise forbidden("bot can't initiate conversation with a user")
        group = self.groups.get(chat_id)
        if group is not None and group.bot_kicked:
            kind = "supergroup chat" if group.type == "supergroup" else "group chat"
            raise forbidden(f"bot was kicked from the {kind}")
        return chat

    def _chat_by_username(self, name: str) -> int | None:
        wanted = name.removeprefix("@").lower()
        for user in self.users.values():
            if user.username and user.username.lower() == wanted:
                return user.id
        return None

    def _format(
        self, raw: Any, parse_mode: Any, entities: Any, *, caption: bool
    ) -> tuple[str, list[dict[str, Any]]]:
        try:
            text, found = format_text(
                str(raw),
                parse_mode,
                entities if isinstance(entities, list) else None,
                strict_ampersand=self.strict_ampersand,
            )
        except EntityParseError as error:
            raise bad_request(str(error)) from error
        except ValueError as error:
            raise bad_request("unsupported parse_mode") from error
        limit = MAX_CAPTION if caption else MAX_TEXT
        if utf16_len(text) > limit:  # Telegram counts UTF-16 code units, as the bot does
            raise bad_request("message caption is too long" if caption else "message is too long")
        if not text and not caption:
            raise bad_request("message text is empty")
        return text, found

    def _check_markup(self, markup: Any, *, inline_only: bool = False) -> dict[str, Any] | None:
        """Validate reply_markup like Telegram; return it (None when absent)."""
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise bad_request("can't parse reply keyboard markup JSON object")
        if "inline_keyboard" in markup:
            rows = markup["inline_keyboard"]
            if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
                raise bad_request("can't parse inline keyboard markup JSON object")
            for row in rows:
                for button in row:
                    self._check_inline_button(button)
                    self._check_label(button["text"])
            return markup
        if inline_only:
            raise bad_request("inline keyboard expected")
        if "keyboard" in markup:
            rows = markup["keyboard"]
            if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
                raise bad_request("can't parse keyboard markup JSON object")
            for row in rows:
                for button in row:
                    label = button.get("text") if isinstance(button, dict) else button
                    if isinstance(label, str):
                        self._check_label(label)
            return markup
        if markup.get("remove_keyboard") or markup.get("force_reply"):
            return markup
        raise bad_request("can't parse reply keyboard markup JSON object")

    def _check_label(self, label: str) -> None:
        # Telegram shows a button's label as it is, with no parse mode: an escaped "&" is on
        # the person's screen as "&amp;". Telegram takes it; a test must not.
        if self.strict_schema and SHOWN_ENTITY.search(label):
            self.schema_problems.append(
                f"button label {label!r} shows an HTML entity (labels are plain text)"
            )

    @staticmethod
    def _check_inline_button(button: Any) -> None:
        if not isinstance(button, dict):
            raise bad_request("can't parse inline keyboard button: Object expected")
        if not isinstance(button.get("text"), str) or not button["text"]:
            raise bad_request("can't parse inline keyboard button: Text must be non-empty")
        actions = [key for key in INLINE_ACTIONS if key in button]
        if not actions:
            raise bad_request(
                "can't parse inline keyboard button: Text buttons are unallowed in the inline "
                "keyboard"
            )
        if "callback_data" in button:
            data = button["callback_data"]
            if not isinstance(data, str) or not data or len(data.encode()) > MAX_CALLBACK_DATA:
                raise bad_request("BUTTON_DATA_INVALID")
        if "url" in button:
            url = button["url"]
            if not isinstance(url, str) or not re.match(r"^(https?|tg)://\S+$", url):
                raise bad_request(f"inline keyboard button URL '{url}' is invalid: Wrong HTTP URL")

    def _reply_target(self, chat: ChatState, params: Params) -> dict[str, Any] | None:
        reply = params.get("reply_parameters")
        message_id = reply.get("message_id") if isinstance(reply, dict) else None
        if message_id is None:
            message_id = params.get("reply_to_message_id")
        if message_id is None:
            return None
        if message_id in chat.messages and message_id not in chat.deleted:
            snapshot = dict(chat.messages[message_id])
            snapshot.pop("reply_to_message", None)
            return snapshot
        allow = isinstance(reply, dict) and reply.get("allow_sending_without_reply")
        if allow or params.get("allow_sending_without_reply"):
            return None
        raise bad_request("message to be replied not found")

    def _bot_message(
        self, method: str, chat: ChatState, params: Params, content: dict[str, Any]
    ) -> tuple[dict[str, Any], SentMessage]:
        """Create, store and announce a message sent by the bot."""
        markup = self._check_markup(params.get("reply_markup"))
        reply_to = self._reply_target(chat, params)
        message_id = chat.allocate_message_id()
        message: dict[str, Any] = {
            "message_id": message_id,
            "from": self._bot_user(),
            "chat": dict(chat.chat),
            "date": int(time.time()),
        }
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        message.update(content)
        if markup is not None and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        if params.get("protect_content"):
            message["has_protected_content"] = True
        sent = SentMessage(
            message_id=message_id,
            chat_id=chat.chat["id"],
            date=message["date"],
            method=method,
            reply_to_message_id=reply_to["message_id"] if reply_to else None,
            sent_at=time.perf_counter(),
        )
        _apply_markup(sent, markup)
        sent.api = message
        chat.messages[message_id] = message
        chat.senders[message_id] = self.bot_id
        chat.bot_messages.append(sent)
        chat.sent_by_id[message_id] = sent
        chat.accepted += 1
        self._notify("sent", sent)
        return message, sent

    def _notify(self, event: str, sent: SentMessage) -> None:
        # Queued, not called: the method handler is still filling in the SentMessage.
        self._events.append((event, sent))

    def _flush_events(self) -> None:
        """Tell listeners and waiters what the finished request changed."""
        events, self._events = self._events, []
        for event, sent in events:
            for listener in list(self.listeners):
                try:
                    listener(event, sent)
                except Exception:  # a broken listener must not break the bot's request
                    log.exception("stand-in listener failed")
        self._wake()

    def _resolve_input_file(
        self, value: Any, folder: str, default_mime: str | None
    ) -> tuple[StoredFile | None, str | None, str | None]:
        """(stored file, file name, mime type) for an InputFile or file_id/URL parameter."""
        if isinstance(value, UploadedFile):
            mime = value.content_type
            if not mime or mime == "application/octet-stream":
                guessed = mimetypes.guess_type(value.filename or "")[0]
                mime = guessed or mime or default_mime
            document = self.store_file(value.content, folder, value.filename, mime)
            return self.files[document["file_id"]], value.filename, mime
        if isinstance(value, str) and value in self.files:
            stored = self.files[value]
            return stored, stored.file_name, stored.mime_type
        if isinstance(value, str) and re.match(r"^https?://\S+$", value):
            name = value.rsplit("/", 1)[-1] or None
            return None, name, mimetypes.guess_type(name or "")[0] or default_mime
        raise bad_request("wrong file identifier/HTTP URL specified")

    def _caption(self, params: Params) -> tuple[dict[str, Any], str | None]:
        raw = params.get("caption")
        if raw is None or raw == "":
            return {}, None
        text, entities = self._format(
            raw, params.get("parse_mode"), params.get("caption_entities"), caption=True
        )
        content: dict[str, Any] = {}
        if text:
            content["caption"] = text
            if entities:
                content["caption_entities"] = entities
        return content, text or None

    # ---------------------------------------------------------------- methods

    def _get_me(self, params: Params) -> dict[str, Any]:
        return {
            **self._bot_user(),
            "can_join_groups": True,
            "can_read_all_group_messages": self.can_read_all_group_messages,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _get_updates(self, params: Params) -> list[dict[str, Any]]:
        if self.webhook is not None:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; use "
                "deleteWebhook to delete the webhook first",
            )
        if "allowed_updates" in params:
            self.allowed_updates = list(params["allowed_updates"]) or None
        offset = params.get("offset")
        if isinstance(offset, int) and offset < 0:
            keep = self._pending[offset:]
            self._confirm_below(keep[0]["update_id"] if keep else self._next_update_id)
        elif isinstance(offset, int) and offset > 0:
            self._confirm_below(offset)
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        timeout = max(float(params.get("timeout") or 0), 0.0)
        # A newer getUpdates call ends an older waiting one, as on Telegram.
        self._poll_generation += 1
        generation = self._poll_generation
        self._wake()
        deadline = time.monotonic() + timeout
        while not self._pending and not self._closing:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            await self._wait_change(remaining)
            if generation != self._poll_generation:
                raise ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; make sure that only one "
                    "bot instance is running",
                )
        return [json.loads(json.dumps(u)) for u in self._pending[:limit]]

    async def _set_webhook(self, params: Params) -> bool:
        url = str(params.get("url", ""))
        if not url:
            return await self._delete_webhook(params)
        # Telegram resolves the host at once; a reserved `.invalid` name never resolves.
        host = urlsplit(url).hostname or ""
        if not re.match(r"^https?://\S+$", url) or host.endswith(".invalid"):
            raise bad_request("bad webhook: Failed to resolve host: Name or service not known")
        secret = params.get("secret_token")
        if secret is not None and not SECRET_TOKEN_RE.match(str(secret)):
            raise bad_request("secret token contains unallowed characters")
        if params.get("drop_pending_updates"):
            self._drop_pending()
        if "allowed_updates" in params:
            self.allowed_updates = list(params["allowed_updates"]) or None
        self.webhook = WebhookState(
            url, str(secret) if secret else None, int(params.get("max_connections") or 40)
        )
        if self._webhook_task is None or self._webhook_task.done():
            self._webhook_task = asyncio.create_task(self._deliver_webhooks())
        self._wake()
        return True

    async def _delete_webhook(self, params: Params) -> bool:
        self.webhook = None
        if params.get("drop_pending_updates"):
            self._drop_pending()
        self._wake()
        return True

    def _get_webhook_info(self, params: Params) -> dict[str, Any]:
        info: dict[str, Any] = {
            "url": self.webhook.url if self.webhook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._pending),
        }
        if self.webhook is not None:
            info["max_connections"] = self.webhook.max_connections
            if self.allowed_updates:
                info["allowed_updates"] = list(self.allowed_updates)
            if self.webhook.last_error_date is not None:
                info["last_error_date"] = self.webhook.last_error_date
                info["last_error_message"] = self.webhook.last_error_message or ""
        return info

    async def _deliver_webhooks(self) -> None:
        """Push pending updates one at a time, in order, while a webhook is set."""
        while not self._closing:
            webhook = self.webhook
            if webhook is None or not self._pending or self._session is None:
                if webhook is None:
                    return
                await self._wait_change(None)
                continue
            update = self._pending[0]
            headers = {}
            if webhook.secret_token:
                headers["X-Telegram-Bot-Api-Secret-Token"] = webhook.secret_token
            try:
                async with self._session.post(
                    webhook.url,
                    json=update,
                    headers=headers,
                    timeout=aiohttp.ClientTimeout(total=10),
                ) as response:
                    status = response.status
                    await response.read()
                failure = None
                if not 200 <= status < 300:
                    failure = f"Wrong response from the webhook: {status}"
            except (aiohttp.ClientError, TimeoutError) as exc:
                failure = f"Connection failed: {exc.__class__.__name__}"
            if failure is None:
                if self._pending and self._pending[0] is update:
                    self._pending.pop(0)
                self._consumed.add(update["update_id"])
                self._wake()
            else:
                webhook.last_error_date = int(time.time())
                webhook.last_error_message = failure
                await asyncio.sleep(self.webhook_retry_delay)

    def _send_message(self, params: Params) -> dict[str, Any]:
        chat = self._chat_for_bot(params["chat_id"])
        text, entities = self._format(
            params.get("text", ""), params.get("parse_mode"), params.get("entities"), caption=False
        )
        content: dict[str, Any] = {"text": text}
        if entities:
            content["entities"] = entities
        preview = params.get("link_preview_options")
        if isinstance(preview, dict) and preview:
            content["link_preview_options"] = preview
        message, sent = self._bot_message("sendMessage", chat, params, content)
        sent.text, sent.html, sent.entities = text, str(params["text"]), entities
        sent.parse_mode = params.get("parse_mode")
        return message

    def _send_media(
        self, method: str, params: Params, kind: str, default_mime: str | None
    ) -> dict[str, Any]:
        chat = self._chat_for_bot(params["chat_id"])
        caption_fields, caption = self._caption(params)
        folder = "photos" if kind == "photo" else "documents"
        upload = params[kind]
        too_big = isinstance(upload, UploadedFile) and len(upload.content) > MAX_PHOTO_UPLOAD
        if kind == "photo" and too_big:
            raise bad_request("PHOTO_SAVE_FILE_INVALID")  # observed wording (MTProto's)
        stored, filename, mime = self._resolve_input_file(upload, folder, default_mime)
        if stored is None:
            # Sent by URL: Telegram would fetch it; keep an empty placeholder we can serve.
            doc = self.store_file(b"", folder, filename, mime)
            stored = self.files[doc["file_id"]]
        content: dict[str, Any] = {}
        if kind == "photo":
            content["photo"] = self.store_photo(stored.content)
            if params.get("has_spoiler"):
                content["has_media_spoiler"] = True
        else:
            document: dict[str, Any] = {
                "file_id": stored.file_id,
                "file_unique_id": stored.file_unique_id,
                "file_size": len(stored.content),
            }
            if filename:
                document["file_name"] = filename
            if mime:
                document["mime_type"] = mime
            content["document"] = document
        content.update(caption_fields)
        if params.get("show_caption_above_media"):
            content["show_caption_above_media"] = True
        message, sent = self._bot_message(method, chat, params, content)
        sent.caption, sent.entities = caption, caption_fields.get("caption_entities", [])
        sent.html = params.get("caption")
        sent.parse_mode = params.get("parse_mode")
        sent.filename, sent.mime_type = filename, mime
        if kind == "photo":
            sent.photo = stored.content
        else:
            sent.document = stored.content
        return message

    def _send_photo(self, params: Params) -> dict[str, Any]:
        return self._send_media("sendPhoto", params, "photo", "image/jpeg")

    def _send_document(self, params: Params) -> dict[str, Any]:
        return self._send_media("sendDocument", params, "document", "application/octet-stream")

    @staticmethod
    def _location(params: Params) -> dict[str, Any]:
        latitude, longitude = params["latitude"], params["longitude"]
        if not -90 <= latitude <= 90 or not -180 <= longitude <= 180:
            raise bad_request("wrong location specified")
        location: dict[str, Any] = {"latitude": latitude, "longitude": longitude}
        for key in ("horizontal_accuracy", "live_period", "heading", "proximity_alert_radius"):
            if params.get(key) is not None:
                location[key] = params[key]
        return location

    def _send_location(self, params: Params) -> dict[str, Any]:
        chat = self._chat_for_bot(params["chat_id"])
        location = self._location(params)
        message, sent = self._bot_message("sendLocation", chat, params, {"location": location})
        sent.location = location
        return message

    def _send_venue(self, params: Params) -> dict[str, Any]:
        chat = self._chat_for_bot(params["chat_id"])
        location = self._location(
            {"latitude": params["latitude"], "longitude": params["longitude"]}
        )
        venue: dict[str, Any] = {
            "location": location,
            "title": params["title"],
            "address": params["address"],
        }
        for key in ("foursquare_id", "foursquare_type", "google_place_id", "google_place_type"):
            if params.get(key):
                venue[key] = params[key]
        content = {"venue": venue, "location": location}
        message, sent = self._bot_message("sendVenue", chat, params, content)
        sent.venue, sent.location = venue, location
        return message

    def _send_chat_action(self, params: Params) -> bool:
        chat = self._chat_for_bot(params["chat_id"])
        if params["action"] not in CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        chat.chat_actions.append(params["action"])
        return True

    def _message_to_edit(self, params: Params) -> tuple[ChatState, SentMessage]:
        if params.get("inline_message_id"):
            raise bad_request("message to edit not found")
        if "chat_id" not in params:
            raise bad_request("chat_id is empty")
        chat = self._chat_for_bot(params["chat_id"], sending=False)
        user = self.users.get(chat.chat["id"])
        if user is not None and (user.blocked or user.deactivated):  # edits are refused too
            raise forbidden("bot was blocked by the user")
        message_id = params.get("message_id")
        if message_id is None:
            raise bad_request("message identifier is not specified")
        if message_id not in chat.messages or message_id in chat.deleted:
            raise bad_request("message to edit not found")
        sent = chat.sent_by_id.get(message_id)
        if sent is None:
            raise bad_request("message can't be edited")
        return chat, sent

    def _finish_edit(
        self, chat: ChatState, sent: SentMessage, message: dict[str, Any], markup: Any
    ) -> dict[str, Any]:
        message.pop("reply_markup", None)
        if markup is not None and markup.get("inline_keyboard"):
            message["reply_markup"] = markup
        message["edit_date"] = int(time.time())
        chat.messages[sent.message_id] = message
        sent.api = message
        sent.edited = True
        sent.edited_at = time.perf_counter()
        _apply_markup(sent, markup)
        chat.edits += 1
        self._notify("edited", sent)
        return message

    def _edit_message_text(self, params: Params) -> dict[str, Any]:
        chat, sent = self._message_to_edit(params)
        old = sent.api
        if "text" not in old:
            raise bad_request("there is no text in the message to edit")
        text, entities = self._format(
            params.get("text", ""), params.get("parse_mode"), params.get("entities"), caption=False
        )
        markup = self._check_markup(params.get("reply_markup"), inline_only=True)
        if (
            text == old["text"]
            and entities == old.get("entities", [])
            and _same_markup(markup, old.get("reply_markup"))
        ):
            raise bad_request(NOT_MODIFIED)
        message = {k: v for k, v in old.items() if k not in ("text", "entities")}
        message["text"] = text
        if entities:
            message["entities"] = entities
        sent.edit_history.append(sent.content)
        sent.text, sent.html, sent.entities = text, str(params.get("text", "")), entities
        sent.parse_mode = params.get("parse_mode")
        return self._finish_edit(chat, sent, message, markup)

    def _edit_message_caption(self, params: Params) -> dict[str, Any]:
        chat, sent = self._message_to_edit(params)
        old = sent.api
        if not any(kind in old for kind in ("photo", "document", "video", "audio", "animation")):
            raise bad_request("there is no caption in the message to edit")
        caption_fields, caption = self._caption(params)
        markup = self._check_markup(params.get("reply_markup"), inline_only=True)
        if (
            caption_fields.get("caption") == old.get("caption")
            and caption_fields.get("caption_entities") == old.get("caption_entities")
            and _same_markup(markup, old.get("reply_markup"))
        ):
            raise bad_request(NOT_MODIFIED)
        message = {k: v for k, v in old.items() if k not in ("caption", "caption_entities")}
        message.update(caption_fields)
        sent.edit_history.append(sent.content)
        sent.caption, sent.entities = caption, caption_fields.get("caption_entities", [])
        sent.html, sent.parse_mode = params.get("caption"), params.get("parse_mode")
        return self._finish_edit(chat, sent, message, markup)

    def _edit_message_reply_markup(self, params: Params) -> dict[str, Any]:
        chat, sent = self._message_to_edit(params)
        markup = self._check_markup(params.get("reply_markup"), inline_only=True)
        if _same_markup(markup, sent.api.get("reply_markup")):
            raise bad_request(NOT_MODIFIED)
        return self._finish_edit(chat, sent, dict(sent.api), markup)

    def _delete_one(self, chat: ChatState, message_id: int) -> bool:
        if message_id not in chat.messages or message_id in chat.deleted:
            return False
        chat.deleted.add(message_id)
        sent = chat.sent_by_id.get(message_id)
        if sent is not None:
            sent.deleted = True
            self._notify("deleted", sent)
        return True

    def _delete_message(self, params: Params) -> bool:
        chat = self._chat_for_bot(params["chat_id"], sending=False)
        if not self._delete_one(chat, params["message_id"]):
            raise bad_request("message to delete not found")
        return True

    def _delete_messages(self, params: Params) -> bool:
        chat = self._chat_for_bot(params["chat_id"], sending=False)
        for message_id in params["message_ids"]:
            self._delete_one(chat, message_id)
        return True

    def _source_message(self, params: Params) -> dict[str, Any]:
        source = self._chat_for_bot(params["from_chat_id"], sending=False)
        message_id = params["message_id"]
        if message_id not in source.messages or message_id in source.deleted:
            raise bad_request("message to forward not found")
        return source.messages[message_id]

    def _copied_content(self, original: dict[str, Any]) -> dict[str, Any]:
        keys = (
            "text",
            "entities",
            "photo",
            "document",
            "caption",
            "caption_entities",
            "location",
            "venue",
            "contact",
            "sticker",
        )
        return {k: original[k] for k in keys if k in original}

    def _record_copy(self, sent: SentMessage, content: dict[str, Any]) -> None:
        sent.text = content.get("text")
        sent.caption = content.get("caption")
        sent.entities = content.get("entities") or content.get("caption_entities") or []
        sent.location, sent.venue = content.get("location"), content.get("venue")
        file_info = content.get("document") or (content.get("photo") or [None])[-1]
        if file_info and file_info["file_id"] in self.files:
            data = self.files[file_info["file_id"]].content
            if "photo" in content:
                sent.photo = data
            else:
                sent.document = data

    def _forward_message(self, params: Params) -> dict[str, Any]:
        chat = self._chat_for_bot(params["chat_id"])
        original = self._source_message(params)
        content = self._copied_content(original)
        sender = original.get("from")
        if sender:
            origin = {"type": "user", "date": original["date"], "sender_user": sender}
        else:
            origin = {"type": "hidden_user", "date": original["date"], "sender_user_name": "?"}
        content["forward_origin"] = origin
        message, sent = self._bot_message("forwardMessage", chat, params, content)
        self._record_copy(sent, content)
        return message

    def _copy_message(self, params: Params) -> dict[str, Any]:
        chat = self._chat_for_bot(params["chat_id"])
        content = self._copied_content(self._source_message(params))
        if "caption" in params:
            content.pop("caption", None)
            content.pop("caption_entities", None)
            content.update(self._caption(params)[0])
        _, sent = self._bot_message("copyMessage", chat, params, content)
        self._record_copy(sent, content)
        return {"message_id": sent.message_id}

    def _answer_callback_query(self, params: Params) -> bool:
        query_id = str(params["callback_query_id"])
        state = self.callback_queries.get(query_id)
        expired = (
            state is None
            or state.answered
            or time.monotonic() - state.created > self.callback_answer_timeout
        )
        if state is None or expired:
            raise bad_request(QUERY_TOO_OLD)
        state.answered = True
        state.user.callback_answers.append(
            CallbackAnswer(
                query_id=query_id,
                text=params.get("text") or None,
                show_alert=bool(params.get("show_alert", False)),
                url=params.get("url"),
                message_id=state.message_id,
                answered_at=time.perf_counter(),
            )
        )
        self._wake()
        return True

    def _scope_key(self, scope: Any) -> tuple[Any, ...]:
        if not scope:
            return ("default",)
        kind = scope.get("type")
        if kind in ("default", "all_private_chats", "all_group_chats", "all_chat_administrators"):
            return (kind,)
        if kind in ("chat", "chat_administrators", "chat_member"):
            chat = self._chat_for_bot(scope.get("chat_id"), sending=False)
            chat_id = chat.chat["id"]
            if kind == "chat_member":
                return (kind, chat_id, scope.get("user_id"))
            return (kind, chat_id)
        raise bad_request("can't parse BotCommandScope JSON object")

    def _set_my_commands(self, params: Params) -> bool:
        commands = params["commands"]
        if len(commands) > 100:
            raise bad_request("too many commands specified")
        for command in commands:
            if not COMMAND_RE.match(command["command"]):
                raise bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(command["description"]) <= 256:
                raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        key = (self._scope_key(params.get("scope")), str(params.get("language_code") or ""))
        if commands:
            self.bot_commands[key] = [
                {"command": c["command"], "description": c["description"]} for c in commands
            ]
        else:
            self.bot_commands.pop(key, None)
        return True

    def _get_my_commands(self, params: Params) -> list[dict[str, str]]:
        key = (self._scope_key(params.get("scope")), str(params.get("language_code") or ""))
        return [dict(c) for c in self.bot_commands.get(key, [])]

    def _delete_my_commands(self, params: Params) -> bool:
        key = (self._scope_key(params.get("scope")), str(params.get("language_code") or ""))
        self.bot_commands.pop(key, None)
        return True

    def _get_file(self, params: Params) -> dict[str, Any]:
        stored = self.files.get(str(params["file_id"]))
        if stored is None:
            raise bad_request("invalid file_id")
        if len(stored.content) > MAX_DOWNLOAD:
            raise bad_request("file is too big")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.content),
            "file_path": stored.file_path,
        }

    def _get_chat(self, params: Params) -> dict[str, Any]:
        chat = self._chat_for_bot(params["chat_id"], sending=False)
        return {
            **chat.chat,
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }

    def _get_chat_member(self, params: Params) -> dict[str, Any]:
        chat = self._chat_for_bot(params["chat_id"], sending=False)
        user_id = params["user_id"]
        if user_id == self.bot_id:
            user = self._bot_user()
        elif user_id in self.users:
            user = self.users[user_id].as_user()
        else:
            raise bad_request("user not found")
        if chat.chat["type"] == "private" and user_id not in (self.bot_id, chat.chat["id"]):
            raise bad_request("user not found")
        return {"status": "member", "user": user}

    def _set_chat_menu_button(self, params: Params) -> bool:
        button = params.get("menu_button") or {"type": "default"}
        if "chat_id" in params:
            chat = self._chat_for_bot(params["chat_id"], sending=False)
            chat.menu_button = button
        else:
            self.default_menu_button = button
        return True

    def _get_chat_menu_button(self, params: Params) -> dict[str, Any]:
        if "chat_id" in params:
            self._chat_for_bot(params["chat_id"], sending=False)
        return self.menu_button(params.get("chat_id"))

    def _pin_chat_message(self, params: Params) -> bool:
        chat = self._chat_for_bot(params["chat_id"], sending=False)
        if params["message_id"] not in chat.messages or params["message_id"] in chat.deleted:
            raise bad_request("message to pin not found")
        return True

    def _unpin_chat_message(self, params: Params) -> bool:
        self._chat_for_bot(params["chat_id"], sending=False)
        return True

    def _close(self, params: Params) -> bool:
        self.closed_by_bot = True
        return True


# -------------------------------------------------------------------- module helpers

_NO_MATCH = object()


def _convert(type_name: str, value: Any) -> Any:
    """Convert a request value to ``type_name``; _NO_MATCH when it does not fit."""
    if type_name == "InputFile":
        return value if isinstance(value, UploadedFile) else _NO_MATCH
    if isinstance(value, UploadedFile):
        return _NO_MATCH
    if type_name == "String":
        if isinstance(value, str):
            return value
        # JSON bodies may carry numbers for string parameters (e.g. callback_query_id).
        return (
            str(value)
            if isinstance(value, int | float) and not isinstance(value, bool)
            else (_NO_MATCH)
        )
    if type_name == "Integer":
        if isinstance(value, bool):
            return _NO_MATCH
        if isinstance(value, int):
            return value
        if isinstance(value, str) and re.fullmatch(r"\s*-?\d+(\.0*)?\s*", value):
            return int(float(value))  # PTB sends whole-second timedeltas as "10" or "10.0"
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return _NO_MATCH
    if type_name == "Float":
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        if isinstance(value, str):
            try:
                return float(value)
            except ValueError:
                return _NO_MATCH
        return _NO_MATCH
    if type_name in ("Boolean", "True"):
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "false", "1", "0"):
            return value.lower() in ("true", "1")
        return _NO_MATCH
    # Objects and arrays: form fields carry them JSON-encoded.
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return _NO_MATCH
    if type_name.startswith("Array of "):
        return value if isinstance(value, list) else _NO_MATCH
    return value if isinstance(value, dict) else _NO_MATCH


def _same_markup(new: dict[str, Any] | None, old: dict[str, Any] | None) -> bool:
    def normal(markup: dict[str, Any] | None) -> Any:
        if not markup or not markup.get("inline_keyboard"):
            return None
        return markup["inline_keyboard"]

    return bool(normal(new) == normal(old))


def _apply_markup(sent: SentMessage, markup: dict[str, Any] | None) -> None:
    """Fill the button fields of a SentMessage from a reply_markup."""
    sent.reply_markup = markup
    sent.buttons = []
    if markup is None:
        return
    if "inline_keyboard" in markup:
        sent.buttons = [
            [(b["text"], b.get("callback_data", b.get("url"))) for b in row]
            for row in markup["inline_keyboard"]
        ]
    elif "keyboard" in markup:
        sent.reply_keyboard = [
            [b if isinstance(b, str) else str(b.get("text", "")) for b in row]
            for row in markup["keyboard"]
        ]
    elif markup.get("remove_keyboard"):
        sent.remove_keyboard = True


def _image_size(content: bytes) -> tuple[int, int]:
    """Width and height of a PNG or JPEG (a plausible default for anything else)."""
    if content[:8] == b"\x89PNG\r\n\x1a\n" and len(content) >= 24:
        width, height = struct.unpack(">II", content[16:24])
        return int(width), int(height)
    if content[:2] == b"\xff\xd8":
        index = 2
        while index + 9 < len(content):
            if content[index] != 0xFF:
                index += 1
                continue
            marker = content[index + 1]
            length = int.from_bytes(content[index + 2 : index + 4], "big")
            if marker in (0xC0, 0xC1, 0xC2):
                height = int.from_bytes(content[index + 5 : index + 7], "big")
                width = int.from_bytes(content[index + 7 : index + 9], "big")
                return width, height
            index += 2 + length
    return 1280, 960
