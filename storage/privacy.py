"""Erasing a person from the core tables: memberships, groups, dialogs, mutes, the outbox."""

from __future__ import annotations

from storage.database import Database

REDACTED_PAYLOAD = '{"text": "", "redacted": true}'


class PrivacyStore:
    """The SQL that forgets a person in the tables every feature shares."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def forget(self, person_id: int, mentions: list[str]) -> None:
        """Remove the person and every row about them; scrub messages to others naming them.

        Rows that reference people(id) with ON DELETE CASCADE (memberships, dialogs, mutes,
        group members, outbox rows addressed to them, and later features' rows) go with the
        person; references with ON DELETE SET NULL (who created an invite) become anonymous.
        """
        async with self.db.transaction() as tx:
            await tx.execute(
                "DELETE FROM outbox WHERE person_id = ? OR chat_id = ?", (person_id, person_id)
            )
            # Messages queued for others that named the person (an introduction, a review...).
            for mention in mentions:
                await tx.execute(
                    "UPDATE outbox SET payload_json = ?,"
                    " state = CASE WHEN state = 'pending' THEN 'dropped' ELSE state END,"
                    " last_error = CASE WHEN state = 'pending' THEN 'forgotten' ELSE last_error END"
                    " WHERE instr(lower(payload_json), lower(?)) > 0",
                    (REDACTED_PAYLOAD, mention),
                )
                # Someone else's guided chat holding the name (an organiser's review reason).
                await tx.execute(
                    "DELETE FROM dialogs WHERE instr(lower(data_json), lower(?)) > 0", (mention,)
                )
            await tx.execute("DELETE FROM people WHERE id = ?", (person_id,))
