"""Every place a Telegram chat id is kept, so a group upgraded to a supergroup moves whole."""

from __future__ import annotations

from storage.database import Database

# (table, column, which rows): each column that names a chat. A test reads the schema and fails
# when a new `*chat_id` column is missing here, so a group's new id reaches every reference.
CHAT_REFERENCES: tuple[tuple[str, str, str], ...] = (
    ("visit_group_chats", "chat_id", "1"),
    ("outbox", "chat_id", "state = 'pending'"),  # what was sent stays as it was sent
    ("announcements", "report_chat_id", "1"),
    ("rollcall_boards", "chat_id", "1"),
    ("safety_boards", "chat_id", "1"),
    ("question_live_lists", "chat_id", "1"),
)


class ChatStore:
    """Moves every reference to a chat to its new id."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def move(self, old_chat_id: int, new_chat_id: int) -> int:
        """Point every reference to `old_chat_id` at `new_chat_id` (one transaction)."""
        changed = 0
        async with self.db.transaction() as tx:
            for table, column, rows in CHAT_REFERENCES:
                cursor = await tx.execute(
                    f"UPDATE {table} SET {column} = ? WHERE {column} = ? AND {rows}",
                    (new_chat_id, old_chat_id),
                )
                changed += cursor.rowcount
        return changed
