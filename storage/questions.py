"""Questions to partners and sessions, their votes, the answered archive and live lists: the SQL.

Every change of a question's state is one conditional UPDATE (`... WHERE state = ?`), so two
organisers pressing at once cannot both decide, and two partners cannot both answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.database import Database
from storage.times import from_db, maybe_from_db, to_db

WAITING, PUBLISHED, REJECTED, ANSWERED = "waiting", "published", "rejected", "answered"


@dataclass(frozen=True, slots=True)
class NewQuestion:
    """A question as the asker confirmed it."""

    visit_id: int
    asker_id: int
    partner_id: int | None
    session_id: int | None
    target_name: str
    text: str
    text_key: str
    anonymous: bool


@dataclass(frozen=True, slots=True)
class Question:
    """A stored question with its vote count."""

    id: int
    visit_id: int
    asker_id: int | None
    partner_id: int | None
    session_id: int | None
    target_name: str
    text: str
    original_text: str
    anonymous: bool
    state: str
    reject_reason: str | None
    moderated_by: int | None
    answer: str | None
    answered_by: int | None
    answered_aloud: bool
    answered_at: datetime | None
    created_at: datetime
    votes: int = 0
    # The session's titles as the agenda has them now (a question for a session).
    session_titles: dict[str, str] | None = None

    def target(self, language: str) -> str:
        """Whom the question is for, in a reader's language: a session's title in it, or the
        partner's name (`target_name` keeps the name in the visit's language when asked)."""
        if self.session_titles:
            return self.session_titles.get(language) or self.target_name
        return self.target_name

    @property
    def edited(self) -> bool:
        """Whether an organiser changed the text."""
        return self.text != self.original_text


@dataclass(frozen=True, slots=True)
class ArchiveHit:
    """An answered question found in the archive."""

    question_id: int
    visit_title: str
    target: str
    question: str
    answer: str


@dataclass(frozen=True, slots=True)
class LiveList:
    """An organiser's live list message."""

    id: int
    visit_id: int
    chat_id: int
    message_id: int
    language: str
    partner_id: int | None
    session_id: int | None
    rendered_at: datetime
    dirty: bool


_SELECT = (
    "SELECT q.*, (SELECT COUNT(*) FROM question_votes v WHERE v.question_id = q.id) AS votes,"
    " s.title_id AS session_title_id, s.title_en AS session_title_en"
    " FROM questions q LEFT JOIN sessions s ON s.id = q.session_id"
)


def _question(row: aiosqlite.Row) -> Question:
    return Question(
        id=row["id"],
        visit_id=row["visit_id"],
        asker_id=row["asker_id"],
        partner_id=row["partner_id"],
        session_id=row["session_id"],
        target_name=row["target_name"],
        text=row["text"],
        original_text=row["original_text"],
        anonymous=bool(row["anonymous"]),
        state=row["state"],
        reject_reason=row["reject_reason"],
        moderated_by=row["moderated_by"],
        answer=row["answer"],
        answered_by=row["answered_by"],
        answered_aloud=bool(row["answered_aloud"]),
        answered_at=maybe_from_db(row["answered_at"]),
        created_at=from_db(row["created_at"]),
        votes=row["votes"],
        session_titles=None
        if row["session_title_id"] is None
        else {"id": row["session_title_id"], "en": row["session_title_en"]},
    )


def _live(row: aiosqlite.Row) -> LiveList:
    return LiveList(
        id=row["id"],
        visit_id=row["visit_id"],
        chat_id=row["chat_id"],
        message_id=row["message_id"],
        language=row["language"],
        partner_id=row["partner_id"],
        session_id=row["session_id"],
        rendered_at=from_db(row["rendered_at"]),
        dirty=bool(row["dirty"]),
    )


class QuestionStore:
    """Reads and writes questions, votes, the archive and live lists."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def create(self, new: NewQuestion, state: str, now: datetime) -> int | None:
        """Store a question; None when the asker asked the same text in this visit before."""
        async with self.db.transaction() as tx:
            cursor = await tx.execute(
                "INSERT OR IGNORE INTO questions (visit_id, asker_id, partner_id, session_id,"
                " target_name, text, original_text, text_key, anonymous, state, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    new.visit_id,
                    new.asker_id,
                    new.partner_id,
                    new.session_id,
                    new.target_name,
                    new.text,
                    new.text,
                    new.text_key,
                    int(new.anonymous),
                    state,
                    to_db(now),
                ),
            )
            return int(cursor.lastrowid or 0) if cursor.rowcount else None

    async def repeated(self, visit_id: int, asker_id: int, text_key: str) -> bool:
        """Whether the asker asked this text in the visit before."""
        found = await self.db.fetch_value(
            "SELECT 1 FROM questions WHERE visit_id = ? AND asker_id = ? AND text_key = ?",
            (visit_id, asker_id, text_key),
        )
        return found is not None

    async def get(self, question_id: int) -> Question | None:
        """A question by id."""
        row = await self.db.fetch_one(_SELECT + " WHERE q.id = ?", (question_id,))
        return None if row is None else _question(row)

    async def of_asker(self, visit_id: int, asker_id: int) -> list[Question]:
        """A person's questions in a visit, newest first."""
        rows = await self.db.fetch_all(
            _SELECT + " WHERE q.visit_id = ? AND q.asker_id = ? ORDER BY q.id DESC",
            (visit_id, asker_id),
        )
        return [_question(row) for row in rows]

    async def of_visit(self, visit_id: int) -> list[Question]:
        """Every question of a visit, oldest first (for the export)."""
        rows = await self.db.fetch_all(_SELECT + " WHERE q.visit_id = ? ORDER BY q.id", (visit_id,))
        return [_question(row) for row in rows]

    async def published(
        self,
        visit_id: int,
        partner_ids: list[int] | None = None,
        session_id: int | None = None,
        limit: int = 10,
    ) -> list[Question]:
        """Published, unanswered questions, most votes first (for a partner or a session)."""
        sql = _SELECT + " WHERE q.visit_id = ? AND q.state = 'published'"
        params: list[object] = [visit_id]
        if partner_ids is not None and session_id is not None:
            marks = ", ".join("?" for _ in partner_ids) or "NULL"
            sql += f" AND (q.partner_id IN ({marks}) OR q.session_id = ?)"
            params.extend([*partner_ids, session_id])
        elif partner_ids is not None:
            marks = ", ".join("?" for _ in partner_ids) or "NULL"
            sql += f" AND q.partner_id IN ({marks})"
            params.extend(partner_ids)
        elif session_id is not None:
            sql += " AND q.session_id = ?"
            params.append(session_id)
        sql += " ORDER BY votes DESC, q.id LIMIT ?"
        params.append(limit)
        return [_question(row) for row in await self.db.fetch_all(sql, params)]

    async def answered(
        self, visit_id: int, session_id: int | None = None, limit: int = 5
    ) -> list[Question]:
        """Answered questions, latest answer first (for the whole visit or one session)."""
        sql = _SELECT + " WHERE q.visit_id = ? AND q.state = 'answered'"
        params: list[object] = [visit_id]
        if session_id is not None:
            sql += " AND q.session_id = ?"
            params.append(session_id)
        sql += " ORDER BY q.answered_at DESC, q.id DESC LIMIT ?"
        params.append(limit)
        return [_question(row) for row in await self.db.fetch_all(sql, params)]

    async def publish(self, question_id: int, by: int, now: datetime) -> bool:
        """Publish a waiting question; False if someone decided first."""
        changed = await self.db.execute(
            "UPDATE questions SET state = 'published', moderated_by = ?, moderated_at = ?"
            " WHERE id = ? AND state = 'waiting'",
            (by, to_db(now), question_id),
        )
        return changed > 0

    async def reject(self, question_id: int, by: int, reason: str, now: datetime) -> bool:
        """Reject a waiting question with a reason; False if someone decided first."""
        changed = await self.db.execute(
            "UPDATE questions SET state = 'rejected', reject_reason = ?, moderated_by = ?,"
            " moderated_at = ? WHERE id = ? AND state = 'waiting'",
            (reason, by, to_db(now), question_id),
        )
        return changed > 0

    async def edit(self, question_id: int, text: str, text_key: str, by: int) -> bool:
        """Change a waiting question's text (the original stays); False if it was decided."""
        changed = await self.db.execute(
            "UPDATE OR IGNORE questions SET text = ?, text_key = ?, edited_by = ?"
            " WHERE id = ? AND state = 'waiting'",
            (text, text_key, by, question_id),
        )
        return changed > 0

    async def answer(
        self, question_id: int, answer: str, by: int, aloud: bool, now: datetime
    ) -> bool:
        """Record the answer of a published question and add it to the archive, at once."""
        async with self.db.transaction() as tx:
            cursor = await tx.execute(
                "UPDATE questions SET state = 'answered', answer = ?, answered_by = ?,"
                " answered_aloud = ?, answered_at = ? WHERE id = ? AND state = 'published'",
                (answer, by, int(aloud), to_db(now), question_id),
            )
            if cursor.rowcount == 0:
                return False
            await tx.execute(
                "INSERT INTO question_archive (question_id, target, question, answer)"
                " SELECT id, target_name, text, answer FROM questions WHERE id = ?",
                (question_id,),
            )
        return True

    async def forget(self, person_id: int) -> list[str]:
        """Erase a person from Q&A; returns the texts they wrote (to scrub messages to others).

        Their questions go, with votes and archive entries; answers they gave are taken back
        (the question is open again for their organisation). The archive's index is merged
        afterwards, so no deleted word stays in its pages.
        """
        written: list[str] = []
        async with self.db.transaction() as tx:
            cursor = await tx.execute(
                "SELECT id, text, original_text FROM questions WHERE asker_id = ?", (person_id,)
            )
            asked = list(await cursor.fetchall())
            cursor = await tx.execute(
                "SELECT id, answer FROM questions WHERE answered_by = ?", (person_id,)
            )
            answered = list(await cursor.fetchall())
            for row in asked:
                written += [row["text"], row["original_text"]]
                await tx.execute("DELETE FROM question_archive WHERE question_id = ?", (row["id"],))
            for row in answered:
                written.append(row["answer"] or "")
                await tx.execute("DELETE FROM question_archive WHERE question_id = ?", (row["id"],))
            await tx.execute("DELETE FROM questions WHERE asker_id = ?", (person_id,))
            await tx.execute(
                "UPDATE questions SET state = 'published', answer = NULL, answered_by = NULL,"
                " answered_aloud = 0, answered_at = NULL WHERE answered_by = ?",
                (person_id,),
            )
            await tx.execute("DELETE FROM question_live_lists WHERE opened_by = ?", (person_id,))
            await tx.execute("INSERT INTO question_archive (question_archive) VALUES ('optimize')")
        return [text for text in written if text]

    async def toggle_vote(self, question_id: int, person_id: int, now: datetime) -> bool:
        """Vote for a question, or take the vote back if there was one; True when voted."""
        async with self.db.transaction() as tx:
            cursor = await tx.execute(
                "INSERT OR IGNORE INTO question_votes (question_id, person_id, voted_at)"
                " VALUES (?, ?, ?)",
                (question_id, person_id, to_db(now)),
            )
            if cursor.rowcount:
                return True
            await tx.execute(
                "DELETE FROM question_votes WHERE question_id = ? AND person_id = ?",
                (question_id, person_id),
            )
            return False

    async def voters(self, question_id: int) -> list[int]:
        """Who voted for a question."""
        rows = await self.db.fetch_all(
            "SELECT person_id FROM question_votes WHERE question_id = ? ORDER BY voted_at",
            (question_id,),
        )
        return [row[0] for row in rows]

    async def search(self, match: str, limit: int = 10) -> list[ArchiveHit]:
        """Answered questions matching an FTS5 query, best first."""
        rows = await self.db.fetch_all(
            "SELECT a.question_id, a.target, a.question, a.answer, v.title AS visit_title"
            " FROM question_archive a JOIN questions q ON q.id = a.question_id"
            " JOIN visits v ON v.id = q.visit_id"
            " WHERE question_archive MATCH ? ORDER BY a.rank LIMIT ?",
            (match, limit),
        )
        return [
            ArchiveHit(
                question_id=int(row["question_id"]),
                visit_title=row["visit_title"],
                target=row["target"],
                question=row["question"],
                answer=row["answer"],
            )
            for row in rows
        ]

    async def message_question(self, chat_id: int, message_id: int) -> int | None:
        """The question whose delivery to this chat became this message (for replies)."""
        batch = await self.db.fetch_value(
            "SELECT batch FROM outbox WHERE chat_id = ? AND message_id = ? AND kind = 'question'"
            " AND batch LIKE 'qa-q:%'",
            (chat_id, message_id),
        )
        if batch is None:
            return None
        number = str(batch).removeprefix("qa-q:")
        return int(number) if number.isdigit() else None

    async def moderation_messages(self, question_id: int) -> list[tuple[int, int]]:
        """(chat_id, message_id) of the moderation cards organisers received."""
        rows = await self.db.fetch_all(
            "SELECT chat_id, message_id FROM outbox WHERE batch = ? AND message_id IS NOT NULL",
            (f"qa-mod:{question_id}",),
        )
        return [(row[0], row[1]) for row in rows]

    async def open_live(
        self,
        visit_id: int,
        chat_id: int,
        message_id: int,
        language: str,
        partner_id: int | None,
        session_id: int | None,
        opened_by: int,
        now: datetime,
    ) -> None:
        """Remember a live list message (closing the chat's earlier one)."""
        async with self.db.transaction() as tx:
            await tx.execute(
                "UPDATE question_live_lists SET closed_at = ? WHERE chat_id = ?"
                " AND closed_at IS NULL",
                (to_db(now), chat_id),
            )
            await tx.execute(
                "INSERT INTO question_live_lists (visit_id, chat_id, message_id, language,"
                " partner_id, session_id, opened_by, rendered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    visit_id,
                    chat_id,
                    message_id,
                    language,
                    partner_id,
                    session_id,
                    opened_by,
                    to_db(now),
                ),
            )

    async def live_lists(
        self, visit_id: int | None = None, dirty_only: bool = False
    ) -> list[LiveList]:
        """Open live lists (of a visit, or the dirty ones everywhere)."""
        sql = "SELECT * FROM question_live_lists WHERE closed_at IS NULL"
        params: list[object] = []
        if visit_id is not None:
            sql += " AND visit_id = ?"
            params.append(visit_id)
        if dirty_only:
            sql += " AND dirty = 1"
        return [_live(row) for row in await self.db.fetch_all(sql + " ORDER BY id", params)]

    async def mark_live(self, live_id: int, dirty: bool, now: datetime | None = None) -> None:
        """Mark a live list as needing a new rendering, or as rendered now."""
        if now is None:
            await self.db.execute(
                "UPDATE question_live_lists SET dirty = ? WHERE id = ?", (int(dirty), live_id)
            )
        else:
            await self.db.execute(
                "UPDATE question_live_lists SET dirty = ?, rendered_at = ? WHERE id = ?",
                (int(dirty), to_db(now), live_id),
            )

    async def close_live(self, chat_id: int, now: datetime) -> int:
        """Close the chat's live lists."""
        return await self.db.execute(
            "UPDATE question_live_lists SET closed_at = ? WHERE chat_id = ? AND closed_at IS NULL",
            (to_db(now), chat_id),
        )
