"""Storage: one SQLite file through aiosqlite, numbered migrations, and plain typed records.

Nothing here knows about Telegram; each feature keeps its SQL in its own module.
"""

from storage.database import Database

__all__ = ["Database"]
