"""The SQL of learning and impact: session feedback, daily reflections, collaboration leads,
and the reads the personal and the impact reports are made of."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime

import aiosqlite

from storage.database import Database
from storage.times import from_db, maybe_from_db, to_db

PROMPTS = ("happened", "meaning", "action")
LEAD_STATUSES = ("new", "contacted", "agreed", "dropped")


@dataclass(frozen=True, slots=True)
class Feedback:
    """One person's rating of one session, with their comment and whether they signed it."""

    session_id: int
    person_id: int
    visit_id: int
    rating: int
    comment: str | None
    signed: bool
    rated_at: datetime
    name: str = ""  # the person's name (shown only when signed)


def _feedback(row: aiosqlite.Row) -> Feedback:
    return Feedback(
        row["session_id"],
        row["person_id"],
        row["visit_id"],
        row["rating"],
        row["comment"],
        bool(row["signed"]),
        from_db(row["rated_at"]),
        " ".join(p for p in (row["first_name"], row["last_name"]) if p),
    )


@dataclass(frozen=True, slots=True)
class Answer:
    """One prompt's answer: a text, or a voice note (Telegram's file id and its duration)."""

    text: str | None = None
    voice: str | None = None
    seconds: int | None = None


@dataclass(frozen=True, slots=True)
class Reflection:
    """A person's reflection on one visit day."""

    id: int
    visit_id: int
    person_id: int
    day: date
    answers: dict[str, Answer]
    skipped: frozenset[str]
    skipped_day: bool
    shared: bool
    started_at: datetime
    updated_at: datetime
    name: str = ""

    def next_prompt(self) -> str | None:
        """The first prompt neither answered nor skipped (None: done)."""
        for prompt in PROMPTS:
            if prompt not in self.answers and prompt not in self.skipped:
                return prompt
        return None

    @property
    def done(self) -> bool:
        """Every prompt answered or skipped, or the day skipped."""
        return self.skipped_day or self.next_prompt() is None


def _reflection(row: aiosqlite.Row) -> Reflection:
    answers = {}
    for prompt in PROMPTS:
        text, voice = row[f"{prompt}_text"], row[f"{prompt}_voice"]
        if text is not None or voice is not None:
            answers[prompt] = Answer(text, voice, row[f"{prompt}_seconds"])
    return Reflection(
        row["id"],
        row["visit_id"],
        row["person_id"],
        date.fromisoformat(row["day"]),
        answers,
        frozenset(p for p in row["skipped"].split(",") if p),
        bool(row["skipped_day"]),
        bool(row["shared"]),
        from_db(row["started_at"]),
        from_db(row["updated_at"]),
        " ".join(p for p in (row["first_name"], row["last_name"]) if p),
    )


@dataclass(frozen=True, slots=True)
class Lead:
    """A question or introduction marked worth a follow-up, and where it stands."""

    id: int
    visit_id: int
    question_id: int | None
    introduction_id: int | None
    partner_id: int | None
    marked_by: int | None
    status: str
    created_at: datetime
    updated_at: datetime


def _lead(row: aiosqlite.Row) -> Lead:
    return Lead(
        row["id"],
        row["visit_id"],
        row["question_id"],
        row["introduction_id"],
        row["partner_id"],
        row["marked_by"],
        row["status"],
        from_db(row["created_at"]),
        from_db(row["updated_at"]),
    )


@dataclass(frozen=True, slots=True)
class IntroductionLine:
    """An introduction as a report shows it: who asked, which creator, how it ended."""

    id: int
    asker_id: int | None
    asker_name: str
    creator_name: str
    disciplines: tuple[str, ...]
    note: str
    status: str
    created_at: datetime
    answered_at: datetime | None
    partner_id: int | None = None  # the asker's organisation, when a partner asked


@dataclass
class FeedbackTally:
    """Counts of ratings per value (1-5)."""

    counts: dict[int, int] = field(default_factory=lambda: dict.fromkeys(range(1, 6), 0))

    @property
    def responses(self) -> int:
        """How many rated."""
        return sum(self.counts.values())

    @property
    def average(self) -> float | None:
        """The mean rating, None without responses."""
        if not self.responses:
            return None
        return sum(value * count for value, count in self.counts.items()) / self.responses


_PERSON_NAME = "p.first_name AS first_name, p.last_name AS last_name"


class LearningStore:
    """Feedback, reflections and leads."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # ------------------------------------------------------------------ attendance

    async def attended_between(
        self, visit_id: int, start: datetime, end: datetime
    ) -> list[tuple[int, int, datetime]]:
        """(session, person, session end) for people who attended a session of the visit that
        ended in [start, end) and was not cancelled, and who started the bot."""
        rows = await self.db.fetch_all(
            "SELECT s.id, c.person_id, s.ends_at FROM sessions s"
            " JOIN checkins c ON c.session_id = s.id"
            " JOIN people p ON p.id = c.person_id"
            " WHERE s.visit_id = ? AND s.cancelled_at IS NULL AND s.ends_at >= ? AND s.ends_at < ?"
            " AND c.status IN ('present', 'late') AND p.started = 1"
            " ORDER BY s.ends_at, c.person_id",
            (visit_id, to_db(start), to_db(end)),
        )
        return [(row[0], row[1], from_db(row[2])) for row in rows]

    # ------------------------------------------------------------------ feedback

    async def rate(
        self, visit_id: int, session_id: int, person_id: int, rating: int, now: datetime
    ) -> bool:
        """Store or change a rating; True when it was a first rating."""
        async with self.db.transaction() as tx:
            cursor = await tx.execute(
                "SELECT 1 FROM session_feedback WHERE session_id = ? AND person_id = ?",
                (session_id, person_id),
            )
            existed = await cursor.fetchone() is not None
            await tx.execute(
                "INSERT INTO session_feedback (session_id, person_id, visit_id, rating, rated_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (session_id, person_id)"
                " DO UPDATE SET rating = excluded.rating, rated_at = excluded.rated_at",
                (session_id, person_id, visit_id, rating, to_db(now)),
            )
        return not existed

    async def comment(self, session_id: int, person_id: int, comment: str) -> bool:
        """Set the comment of an existing rating; False when there is no rating."""
        changed = await self.db.execute(
            "UPDATE session_feedback SET comment = ? WHERE session_id = ? AND person_id = ?",
            (comment, session_id, person_id),
        )
        return changed > 0

    async def sign(self, session_id: int, person_id: int, signed: bool) -> bool:
        """Show or hide the person's name with their comment; False without a rating."""
        changed = await self.db.execute(
            "UPDATE session_feedback SET signed = ? WHERE session_id = ? AND person_id = ?",
            (int(signed), session_id, person_id),
        )
        return changed > 0

    async def feedback_of(self, session_id: int, person_id: int) -> Feedback | None:
        """A person's feedback on a session, or None."""
        row = await self.db.fetch_one(
            f"SELECT f.*, {_PERSON_NAME} FROM session_feedback f"
            " JOIN people p ON p.id = f.person_id WHERE f.session_id = ? AND f.person_id = ?",
            (session_id, person_id),
        )
        return None if row is None else _feedback(row)

    async def feedback_of_visit(self, visit_id: int) -> list[Feedback]:
        """Every rating of a visit, by session then time."""
        rows = await self.db.fetch_all(
            f"SELECT f.*, {_PERSON_NAME} FROM session_feedback f"
            " JOIN people p ON p.id = f.person_id"
            " JOIN sessions s ON s.id = f.session_id"
            " WHERE f.visit_id = ? ORDER BY s.starts_at, f.rated_at, f.person_id",
            (visit_id,),
        )
        return [_feedback(row) for row in rows]

    async def feedback_by(self, visit_id: int, person_id: int) -> list[Feedback]:
        """A person's own ratings in a visit."""
        rows = await self.db.fetch_all(
            f"SELECT f.*, {_PERSON_NAME} FROM session_feedback f"
            " JOIN people p ON p.id = f.person_id WHERE f.visit_id = ? AND f.person_id = ?",
            (visit_id, person_id),
        )
        return [_feedback(row) for row in rows]

    # ------------------------------------------------------------------ reflections

    async def reflection(self, visit_id: int, person_id: int, day: date) -> Reflection | None:
        """A person's reflection on a day, or None."""
        row = await self.db.fetch_one(
            f"SELECT r.*, {_PERSON_NAME} FROM reflections r JOIN people p ON p.id = r.person_id"
            " WHERE r.visit_id = ? AND r.person_id = ? AND r.day = ?",
            (visit_id, person_id, day.isoformat()),
        )
        return None if row is None else _reflection(row)

    async def open_reflection(
        self, visit_id: int, person_id: int, day: date, now: datetime
    ) -> Reflection:
        """The reflection of a day, begun now unless it was begun already."""
        await self.db.execute(
            "INSERT OR IGNORE INTO reflections (visit_id, person_id, day, started_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (visit_id, person_id, day.isoformat(), to_db(now), to_db(now)),
        )
        found = await self.reflection(visit_id, person_id, day)
        assert found is not None
        return found

    async def answer(self, reflection_id: int, prompt: str, answer: Answer, now: datetime) -> None:
        """Keep one prompt's answer (replacing an earlier one)."""
        if prompt not in PROMPTS:
            raise ValueError(prompt)
        await self.db.execute(
            f"UPDATE reflections SET {prompt}_text = ?, {prompt}_voice = ?, {prompt}_seconds = ?,"
            " updated_at = ? WHERE id = ?",
            (answer.text, answer.voice, answer.seconds, to_db(now), reflection_id),
        )

    async def skip(self, reflection_id: int, prompt: str | None, now: datetime) -> None:
        """Pass over one prompt, or (None) the whole day."""
        if prompt is None:
            await self.db.execute(
                "UPDATE reflections SET skipped_day = 1, updated_at = ? WHERE id = ?",
                (to_db(now), reflection_id),
            )
            return
        await self.db.execute(
            "UPDATE reflections SET skipped = skipped || ? || ',', updated_at = ? WHERE id = ?",
            (prompt, to_db(now), reflection_id),
        )

    async def share(self, reflection_id: int, shared: bool) -> None:
        """Share the reflection with the organisers, or take it back."""
        await self.db.execute(
            "UPDATE reflections SET shared = ? WHERE id = ?", (int(shared), reflection_id)
        )

    async def reflections_of(self, visit_id: int, person_id: int) -> list[Reflection]:
        """A person's reflections in a visit, by day."""
        rows = await self.db.fetch_all(
            f"SELECT r.*, {_PERSON_NAME} FROM reflections r JOIN people p ON p.id = r.person_id"
            " WHERE r.visit_id = ? AND r.person_id = ? ORDER BY r.day",
            (visit_id, person_id),
        )
        return [_reflection(row) for row in rows]

    async def reflections_of_visit(self, visit_id: int) -> list[Reflection]:
        """Every reflection of a visit (the caller shows only what was shared)."""
        rows = await self.db.fetch_all(
            f"SELECT r.*, {_PERSON_NAME} FROM reflections r JOIN people p ON p.id = r.person_id"
            " WHERE r.visit_id = ? ORDER BY r.day, p.first_name",
            (visit_id,),
        )
        return [_reflection(row) for row in rows]

    # ------------------------------------------------------------------ leads

    async def add_lead(
        self,
        visit_id: int,
        *,
        question_id: int | None = None,
        introduction_id: int | None = None,
        partner_id: int | None,
        marked_by: int,
        now: datetime,
    ) -> Lead:
        """Mark a question or introduction as a lead (once: marking it again finds the first)."""
        await self.db.execute(
            "INSERT OR IGNORE INTO leads (visit_id, question_id, introduction_id, partner_id,"
            " marked_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (visit_id, question_id, introduction_id, partner_id, marked_by, to_db(now), to_db(now)),
        )
        column, value = (
            ("question_id", question_id)
            if question_id is not None
            else ("introduction_id", introduction_id)
        )
        row = await self.db.fetch_one(f"SELECT * FROM leads WHERE {column} = ?", (value,))
        assert row is not None
        return _lead(row)

    async def lead(self, lead_id: int) -> Lead | None:
        """A lead by id."""
        row = await self.db.fetch_one("SELECT * FROM leads WHERE id = ?", (lead_id,))
        return None if row is None else _lead(row)

    async def leads(self, visit_id: int) -> list[Lead]:
        """A visit's leads, oldest first."""
        rows = await self.db.fetch_all(
            "SELECT * FROM leads WHERE visit_id = ? ORDER BY created_at, id", (visit_id,)
        )
        return [_lead(row) for row in rows]

    async def set_lead_status(self, lead_id: int, status: str, now: datetime) -> bool:
        """Change where a lead stands; False when it is already there."""
        if status not in LEAD_STATUSES:
            raise ValueError(status)
        changed = await self.db.execute(
            "UPDATE leads SET status = ?, updated_at = ? WHERE id = ? AND status <> ?",
            (status, to_db(now), lead_id, status),
        )
        return changed > 0

    # ------------------------------------------------------------------ reports

    async def introductions(self, visit_id: int) -> list[IntroductionLine]:
        """Every introduction of a visit with the creator's approved name and disciplines."""
        rows = await self.db.fetch_all(
            "SELECT i.*, c.approved_json, c.draft_json, p.first_name, p.last_name,"
            " r.partner_id FROM creator_introductions i"
            " JOIN creator_profiles c ON c.id = i.profile_id"
            " LEFT JOIN people p ON p.id = i.asker_id"
            " LEFT JOIN partner_representatives r"
            "   ON r.visit_id = i.visit_id AND r.person_id = i.asker_id"
            " WHERE i.visit_id = ? ORDER BY i.created_at, i.id",
            (visit_id,),
        )
        found = []
        for row in rows:
            profile = json.loads(row["approved_json"] or row["draft_json"] or "{}")
            disciplines = profile.get("disciplines") or []
            found.append(
                IntroductionLine(
                    row["id"],
                    row["asker_id"],
                    " ".join(x for x in (row["first_name"], row["last_name"]) if x),
                    str(profile.get("name") or ""),
                    tuple(str(d) for d in disciplines),
                    row["note"],
                    row["status"],
                    from_db(row["created_at"]),
                    maybe_from_db(row["answered_at"]),
                    row["partner_id"],
                )
            )
        return found

    async def erase_person(self, person_id: int) -> list[str]:
        """Forget-me: a person's feedback and reflections go; returns the texts they wrote
        (so messages to others that quote them can be blanked). Leads they marked stay,
        without their name (the column is emptied)."""
        written: list[str] = []
        async with self.db.transaction() as tx:
            cursor = await tx.execute(
                "SELECT comment FROM session_feedback WHERE person_id = ? AND comment IS NOT NULL",
                (person_id,),
            )
            written += [row[0] for row in await cursor.fetchall()]
            columns = ", ".join(f"{prompt}_text" for prompt in PROMPTS)
            cursor = await tx.execute(
                f"SELECT {columns} FROM reflections WHERE person_id = ?", (person_id,)
            )
            written += [text for row in await cursor.fetchall() for text in row if text]
            await tx.execute("DELETE FROM session_feedback WHERE person_id = ?", (person_id,))
            await tx.execute("DELETE FROM reflections WHERE person_id = ?", (person_id,))
            await tx.execute("UPDATE leads SET marked_by = NULL WHERE marked_by = ?", (person_id,))
        return written
