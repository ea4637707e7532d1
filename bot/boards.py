"""Live boards: messages the bot keeps editing to show a stored state (roll calls, safety
checks). One mechanism: each pass edits the boards that do not show the stored state yet, at
once and each in its own chat, through the throttled refresher (bot/refresh.py)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from bot.outbox import OutgoingMessage
from bot.refresh import ThrottledRefresher

log = logging.getLogger(__name__)


class Board(Protocol):
    """A message that shows a board: where it is."""

    @property
    def chat_id(self) -> int: ...

    @property
    def message_id(self) -> int: ...


B = TypeVar("B", bound=Board)


@dataclass(frozen=True, slots=True)
class BoardView(Generic[B]):
    """A board and what it should show now."""

    board: B
    message: OutgoingMessage
    final: bool = False  # closed: this is the last look, nothing will change after it

    @property
    def place(self) -> tuple[int, int]:
        """The chat and message of the board."""
        return self.board.chat_id, self.board.message_id


@dataclass(frozen=True, slots=True)
class BoardEdit:
    """How editing one board went: shown, gone for good (its reader blocked the bot), or
    Telegram asked to wait `retry_after` seconds."""

    gone: bool = False
    retry_after: float | None = None


BOARD_SHOWN = BoardEdit()
BOARD_GONE = BoardEdit(gone=True)
# Edits one board in Telegram (the handlers provide it).
BoardEditor = Callable[[BoardView[Any]], Awaitable[BoardEdit]]


class BoardSource(Protocol[B]):
    """What a feature tells the boards: what each board should show, and a board gone."""

    async def board_views(self, key: int) -> list[BoardView[B]]: ...

    async def forget_board(self, board: B) -> None: ...


class LiveBoards(Generic[B]):
    """Throttled, ordered refreshes of one feature's boards, keyed by its record's id."""

    def __init__(
        self, source: BoardSource[B], edit: BoardEditor, interval: float, name: str
    ) -> None:
        self.source = source
        self._edit = edit
        self.name = name
        self.refresher: ThrottledRefresher[int] = ThrottledRefresher(self._refresh, interval, name)
        # What each board is known to show (its payload), by key and (chat, message).
        self._shown: dict[int, dict[tuple[int, int], dict[str, Any]]] = {}

    def request(self, key: int) -> None:
        """Ask for a refresh; several requests close together make one pass."""
        self.refresher.request(key)

    def showing(self, key: int, board: B, payload: dict[str, Any]) -> None:
        """Note what a board just sent shows, so a pass edits it only when that changes."""
        self._shown.setdefault(key, {})[board.chat_id, board.message_id] = payload

    async def _refresh(self, key: int) -> float | None:
        """Edit the boards that are behind; seconds to wait when Telegram asked to slow down."""
        views = await self.source.board_views(key)
        shown = self._shown.setdefault(key, {})
        behind = [view for view in views if shown.get(view.place) != view.message.payload()]
        edits = await asyncio.gather(*(self._edit(view) for view in behind), return_exceptions=True)
        retry_after: float | None = None
        for view, edit in zip(behind, edits, strict=True):
            if isinstance(edit, BaseException):
                # One board failing (a 5xx, a deleted message) leaves the others be.
                log.error("%s %s: could not edit %s", self.name, key, view.place, exc_info=edit)
            elif edit.gone:
                shown.pop(view.place, None)
                await self.source.forget_board(view.board)
            elif edit.retry_after is not None:
                retry_after = max(retry_after or 0.0, edit.retry_after)
            else:
                shown[view.place] = view.message.payload()
        if retry_after is None and views and all(view.final for view in views):
            self._shown.pop(key, None)  # closed and shown everywhere: nothing will change
            self.refresher.forget(key)
        return retry_after

    async def busy(self) -> bool:
        """Whether a refresh is pending (tests settle on this)."""
        return await self.refresher.busy()

    async def stop(self) -> None:
        """Cancel pending refreshes (boards of open records are redrawn at the next start)."""
        await self.refresher.stop()
