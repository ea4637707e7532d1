"""Simulated Telegram users and groups: the Python API tests use to talk to the bot.

A :class:`SimulatedUser` acts (sends text, presses buttons, shares locations, uploads files...)
by creating the Update Telegram would create, and reads what the bot sent to its private chat as
:class:`SentMessage` objects.  A :class:`SimulatedGroup` does the same for a group chat.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sandbox.entities import Entity

if TYPE_CHECKING:
    from sandbox.standin import TelegramStandIn

ButtonRow = list[tuple[str, str | None]]


@dataclass
class SentMessage:
    """A message the bot sent, as the chat sees it now (edits and deletion are applied)."""

    message_id: int
    chat_id: int
    date: int
    method: str  # the Bot API method that created it, e.g. "sendMessage"
    text: str | None = None  # plain text of a text message, after entity parsing
    html: str | None = None  # text or caption exactly as the bot sent it (raw HTML if any)
    parse_mode: str | None = None
    entities: list[Entity] = field(default_factory=list)  # text or caption entities
    caption: str | None = None  # plain caption of a photo/document, after entity parsing
    buttons: list[ButtonRow] = field(default_factory=list)  # inline keyboard: (text, data|url)
    reply_markup: dict[str, Any] | None = None  # the markup as sent (any kind)
    reply_keyboard: list[list[str]] | None = None  # texts of a ReplyKeyboardMarkup
    remove_keyboard: bool = False  # ReplyKeyboardRemove was sent
    photo: bytes | None = None
    document: bytes | None = None
    filename: str | None = None
    mime_type: str | None = None
    location: dict[str, Any] | None = None
    venue: dict[str, Any] | None = None
    reply_to_message_id: int | None = None
    edited: bool = False
    edit_history: list[str] = field(default_factory=list)  # earlier texts/captions, oldest first
    deleted: bool = False
    api: dict[str, Any] = field(default_factory=dict)  # the Message object Telegram would return
    # When the stand-in recorded it and its latest edit (time.perf_counter(), for benchmarks).
    sent_at: float = 0.0
    edited_at: float | None = None

    @property
    def content(self) -> str:
        """The text, else the caption, else an empty string."""
        return self.text if self.text is not None else (self.caption or "")

    def button_texts(self) -> list[str]:
        """Texts of all inline buttons, row by row."""
        return [text for row in self.buttons for text, _ in row]

    def button_data(self) -> list[str | None]:
        """callback_data (or URL) of all inline buttons, row by row."""
        return [data for row in self.buttons for _, data in row]

    def find_button(self, button: str | int) -> tuple[str, str | None]:
        """The inline button with this exact text, or at this index (row by row)."""
        flat = [pair for row in self.buttons for pair in row]
        if isinstance(button, int):
            if not 0 <= button < len(flat):
                raise AssertionError(
                    f"message {self.message_id} has {len(flat)} inline buttons, "
                    f"no index {button}: {self.button_texts()}"
                )
            return flat[button]
        for pair in flat:
            if pair[0] == button:
                return pair
        raise AssertionError(
            f"no inline button {button!r} on message {self.message_id} "
            f"({self.content[:60]!r}); buttons: {self.button_texts()}"
        )


@dataclass
class CallbackAnswer:
    """What the bot answered to a button press (answerCallbackQuery)."""

    query_id: str
    text: str | None
    show_alert: bool
    url: str | None
    message_id: int | None
    answered_at: float = 0.0  # when the stand-in recorded it (time.perf_counter())


class ChatView:
    """Reading helpers shared by users (their private chat) and groups."""

    standin: TelegramStandIn
    chat_id: int

    @property
    def messages(self) -> list[SentMessage]:
        """Bot messages in this chat, in order, including edited and deleted ones."""
        return self.standin.messages(self.chat_id)

    def last_message(self) -> SentMessage:
        """The newest bot message that is not deleted (AssertionError when there is none)."""
        for message in reversed(self.messages):
            if not message.deleted:
                return message
        raise AssertionError(f"the bot has sent nothing (visible) to chat {self.chat_id}")

    def mark(self) -> int:
        """A bookmark for :meth:`messages_since` (the number of bot messages so far)."""
        return len(self.messages)

    def messages_since(self, mark: int) -> list[SentMessage]:
        """Bot messages sent after ``mark`` was taken."""
        return self.messages[mark:]

    async def wait_for_message(
        self,
        since: int | None = None,
        *,
        timeout: float = 5.0,
        predicate: Callable[[SentMessage], bool] | None = None,
    ) -> SentMessage:
        """Wait until the bot sends a message (after ``since``, a :meth:`mark`) and return it.

        With ``predicate``, wait for the first new message that satisfies it.
        """
        start = self.mark() if since is None else since

        def found() -> SentMessage | None:
            for message in self.messages[start:]:
                if predicate is None or predicate(message):
                    return message
            return None

        return await self.standin.wait_until(
            found, timeout=timeout, what=f"a bot message in chat {self.chat_id}"
        )

    def _latest_with_buttons(self) -> SentMessage:
        for message in reversed(self.messages):
            if message.buttons and not message.deleted:
                return message
        raise AssertionError(f"no message with inline buttons in chat {self.chat_id}")


class SimulatedUser(ChatView):
    """A Telegram user talking to the bot; the private chat id equals the user id."""

    def __init__(
        self,
        standin: TelegramStandIn,
        user_id: int,
        first_name: str,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "id",
    ) -> None:
        self.standin = standin
        self.id = user_id
        self.chat_id = user_id
        self.first_name = first_name
        self.last_name = last_name
        self.username = username
        self.language_code = language_code
        self.started = False  # becomes True with the first message to the bot
        self.blocked = False
        self.deactivated = False  # the account was deleted: sends fail with 403
        self.callback_answers: list[CallbackAnswer] = []
        self._live_location_message: int | None = None

    def __repr__(self) -> str:
        return f"<SimulatedUser {self.id} {self.first_name!r}>"

    def as_user(self) -> dict[str, Any]:
        """The Bot API User object for this user."""
        user: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            user["last_name"] = self.last_name
        if self.username:
            user["username"] = self.username
        if self.language_code:
            user["language_code"] = self.language_code
        return user

    def as_chat(self) -> dict[str, Any]:
        """The Bot API Chat object of this user's private chat."""
        chat: dict[str, Any] = {"id": self.id, "type": "private", "first_name": self.first_name}
        if self.last_name:
            chat["last_name"] = self.last_name
        if self.username:
            chat["username"] = self.username
        return chat

    # -- acting --------------------------------------------------------------------------

    async def send(self, text: str) -> int:
        """Send a text message ("/start payload" gets a bot_command entity); return update_id."""
        return await self.standin.incoming_message(
            self, self.chat_id, self.standin.text_content(text)
        )

    async def reply_to(self, message: SentMessage, text: str) -> int:
        """Reply to a bot message with text."""
        content = self.standin.text_content(text)
        content["reply_to_message"] = self.standin.reply_snapshot(self.chat_id, message.message_id)
        return await self.standin.incoming_message(self, self.chat_id, content)

    async def press(self, button: str | int, message: SentMessage | None = None) -> int:
        """Press an inline button (by text or index) on ``message`` or the latest one with buttons.

        Raises AssertionError when the button does not exist or is a URL button.
        """
        return await _press(self, self.chat_id, button, message)

    async def press_data(self, data: str, message: SentMessage) -> int:
        """Send a callback query with arbitrary (possibly forged) ``data`` for ``message``."""
        return await self.standin.incoming_callback_query(self, self.chat_id, message, data)

    async def share_location(
        self, latitude: float, longitude: float, live_period: int | None = None
    ) -> int:
        """Share a location; with ``live_period`` (seconds) a live location."""
        location: dict[str, Any] = {"latitude": latitude, "longitude": longitude}
        if live_period is not None:
            location["live_period"] = live_period
        update_id = await self.standin.incoming_message(self, self.chat_id, {"location": location})
        if live_period is not None:
            self._live_location_message = self.standin.message_id_of_update(update_id)
        return update_id

    async def update_live_location(
        self, latitude: float, longitude: float, message_id: int | None = None
    ) -> int:
        """Move the live location (an edited_message update); defaults to the latest one."""
        target = message_id if message_id is not None else self._live_location_message
        if target is None:
            raise AssertionError(f"{self!r} has not shared a live location")

        def move(message: dict[str, Any]) -> None:
            location = dict(message["location"])
            location.update(latitude=latitude, longitude=longitude)
            message["location"] = location

        return await self.standin.incoming_edit(self, self.chat_id, target, move)

    async def send_document(
        self,
        filename: str,
        content: bytes,
        mime_type: str = "text/csv",
        caption: str | None = None,
    ) -> int:
        """Send a file; the bot can getFile and download it."""
        document = self.standin.store_file(content, "documents", filename, mime_type)
        fields: dict[str, Any] = {"document": document}
        fields.update(self.standin.caption_content(caption))
        return await self.standin.incoming_message(self, self.chat_id, fields)

    async def send_photo(self, content: bytes, caption: str | None = None) -> int:
        """Send a photo (as the usual list of PhotoSize)."""
        fields: dict[str, Any] = {"photo": self.standin.store_photo(content)}
        fields.update(self.standin.caption_content(caption))
        return await self.standin.incoming_message(self, self.chat_id, fields)

    async def send_voice(self, content: bytes, duration: int) -> int:
        """Send a voice note of `duration` seconds (OGG/Opus, as Telegram's recorder makes)."""
        stored = self.standin.store_file(content, "voice", "voice.oga", "audio/ogg")
        voice = {
            "file_id": stored["file_id"],
            "file_unique_id": stored["file_unique_id"],
            "duration": duration,
            "mime_type": "audio/ogg",
            "file_size": stored["file_size"],
        }
        return await self.standin.incoming_message(self, self.chat_id, {"voice": voice})

    async def send_sticker(self, emoji: str = "👍") -> int:
        """Send a (regular, static) sticker."""
        sticker = self.standin.store_file(b"RIFF-sticker", "stickers", "sticker.webp", "image/webp")
        sticker = {
            "file_id": sticker["file_id"],
            "file_unique_id": sticker["file_unique_id"],
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
            "file_size": sticker["file_size"],
        }
        return await self.standin.incoming_message(self, self.chat_id, {"sticker": sticker})

    async def send_contact(
        self,
        phone_number: str = "+6281234567890",
        first_name: str | None = None,
        last_name: str | None = None,
        user_id: int | None = None,
    ) -> int:
        """Share a contact; by default the user's own (with their user_id)."""
        own = first_name is None
        contact: dict[str, Any] = {
            "phone_number": phone_number,
            "first_name": first_name if first_name is not None else self.first_name,
        }
        last = last_name if last_name is not None else (self.last_name if own else None)
        if last:
            contact["last_name"] = last
        contact_user = user_id if user_id is not None else (self.id if own else None)
        if contact_user is not None:
            contact["user_id"] = contact_user
        return await self.standin.incoming_message(self, self.chat_id, {"contact": contact})

    async def edit_message(self, update_id_or_message_id: int, new_text: str) -> int:
        """Edit one of the user's own text messages (an edited_message update)."""
        message_id = self.standin.message_id_of_update(update_id_or_message_id)
        if message_id is None:
            message_id = update_id_or_message_id
        content = self.standin.text_content(new_text)

        def change(message: dict[str, Any]) -> None:
            if "text" not in message:
                raise AssertionError(f"message {message_id} of {self!r} has no text to edit")
            message.pop("entities", None)
            message.update(content)

        return await self.standin.incoming_edit(self, self.chat_id, message_id, change)

    def block_bot(self) -> int:
        """Block the bot: sends fail with 403 from now on (my_chat_member update pushed)."""
        self.blocked = True
        return self.standin.incoming_member_change(self, "member", "kicked")

    def delete_account(self) -> None:
        """The person deleted their Telegram account: "Forbidden: user is deactivated"."""
        self.deactivated = True

    def unblock_bot(self) -> int:
        """Unblock the bot again (my_chat_member update pushed)."""
        self.blocked = False
        return self.standin.incoming_member_change(self, "kicked", "member")

    # -- reading -------------------------------------------------------------------------

    def commands(self) -> list[tuple[str, str]]:
        """The command menu this user sees in the private chat, as (command, description)."""
        return self.standin.commands_for(self.chat_id, self.id, self.language_code)


class SimulatedGroup(ChatView):
    """A group or supergroup the bot is a member of."""

    def __init__(self, standin: TelegramStandIn, chat_id: int, title: str, chat_type: str) -> None:
        self.standin = standin
        self.id = chat_id
        self.chat_id = chat_id
        self.title = title
        self.type = chat_type
        self.bot_kicked = False

    def __repr__(self) -> str:
        return f"<SimulatedGroup {self.id} {self.title!r}>"

    def kick_bot(self, by: SimulatedUser) -> int:
        """An admin removes the bot: sends fail with 403 from now on (my_chat_member pushed)."""
        self.bot_kicked = True
        return self.standin.incoming_group_member_change(self, by, "member", "kicked")

    def as_chat(self) -> dict[str, Any]:
        """The Bot API Chat object of this group."""
        return {"id": self.id, "type": self.type, "title": self.title}

    async def send(self, user: SimulatedUser, text: str) -> int:
        """``user`` writes ``text`` in the group; return the update_id."""
        return await self.standin.incoming_message(user, self.id, self.standin.text_content(text))

    async def reply_to(self, user: SimulatedUser, message: SentMessage, text: str) -> int:
        """``user`` replies to a bot message in the group."""
        content = self.standin.text_content(text)
        content["reply_to_message"] = self.standin.reply_snapshot(self.id, message.message_id)
        return await self.standin.incoming_message(user, self.id, content)

    async def press(
        self, user: SimulatedUser, button: str | int, message: SentMessage | None = None
    ) -> int:
        """``user`` presses an inline button in the group (see :meth:`SimulatedUser.press`)."""
        return await _press(user, self.id, button, message)

    def commands(self, user: SimulatedUser | None = None) -> list[tuple[str, str]]:
        """The command menu ``user`` (or anyone) sees in this group."""
        language = user.language_code if user else None
        return self.standin.commands_for(self.id, user.id if user else None, language)


async def _press(
    user: SimulatedUser, chat_id: int, button: str | int, message: SentMessage | None
) -> int:
    view = user if chat_id == user.id else user.standin.group_by_id(chat_id)
    target = message if message is not None else view._latest_with_buttons()
    if target.deleted:
        raise AssertionError(f"message {target.message_id} was deleted; it cannot be pressed")
    text, data = target.find_button(button)
    kind = _button_kind(target, text)
    if kind != "callback_data" or data is None:
        raise AssertionError(f"button {text!r} is a {kind} button, not a callback button")
    return await user.standin.incoming_callback_query(user, chat_id, target, data)


def _button_kind(message: SentMessage, text: str) -> str:
    markup = message.reply_markup or {}
    for row in markup.get("inline_keyboard", []):
        for button in row:
            if button.get("text") == text:
                for key in button:
                    if key != "text":
                        return str(key)
    return "unknown"
