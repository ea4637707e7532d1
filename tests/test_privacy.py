"""Forget-me: after /forgetme nothing identifying a person is left in any table or column.

The check reads the schema itself (sqlite_master and PRAGMA table_info), so tables that later
features add are covered without changing this test.
"""

from __future__ import annotations

import json
import logging
import stat
from pathlib import Path

import pytest
from pydantic import SecretStr

from bot.invites import InviteRequest, qr_png
from bot.running import webhook_of
from sandbox.audit import QUESTION, forget_three, identifiers_of, play_demo
from sandbox.audit import traces as scan
from sandbox.harness import TOKEN, Member, Rehearsal
from storage.roles import Role
from storage.visits import Visit

SEKAR_ID = 987_654_321
RANI_ID = 876_543_219


async def traces(telegram: Rehearsal, person_id: int, identifiers: list[str]) -> list[str]:
    """Every table.column whose value is the person's id or contains something identifying."""
    db = telegram.services.db
    wanted = [value.lower() for value in identifiers if value] + [str(person_id)]
    # In binary columns (the full-text index) words are stored lower-cased, one by one.
    words = {word.lower() for value in identifiers for word in value.split() if len(word) >= 5}
    found = []
    tables = await db.fetch_all("SELECT name FROM sqlite_master WHERE type = 'table'")
    assert len(tables) > 10, "the scan must see the whole schema"
    for (table,) in tables:
        columns = [row["name"] for row in await db.fetch_all(f'PRAGMA table_info("{table}")')]
        for column in columns:
            for (value,) in await db.fetch_all(f'SELECT "{column}" FROM "{table}"'):
                if isinstance(value, int) and value == person_id:
                    found.append(f"{table}.{column} = {value}")
                elif isinstance(value, str) and any(w in value.lower() for w in wanted):
                    found.append(f"{table}.{column} = {value[:80]!r}")
                elif isinstance(value, bytes) and any(
                    w.encode() in value.lower() for w in words | {str(person_id)}
                ):
                    found.append(f"{table}.{column} (bytes)")
    return found


async def test_forget_me_leaves_nothing_identifying_in_any_table(
    telegram: Rehearsal, visit: Visit, organiser: Member
):
    services = telegram.services
    sekar = await telegram.join(
        "Sekar",
        Role.CREATOR,
        visit.id,
        last_name="Wulandari",
        username="sekar_wulan",
        language="en",
        user_id=SEKAR_ID,
    )
    rani = await telegram.join(
        "Rani",
        Role.PARTICIPANT,
        visit.id,
        last_name="Dewantari",
        username="rani_dewa",
        user_id=RANI_ID,
    )
    profile = {
        "name": "Sekar Arum Wulandari",
        "bio": "Pembatik tulis Gajah Oling dari Kemiren sejak 2009.",
        "place": "Desa Kemiren",
        "links": "https://wulandari-batik.example.id",
        "contact": "+62 811 2233 4455, sekar.wulan@example.id",
    }
    await sekar.send("/profile")
    await sekar.send(profile["name"])
    await sekar.press("Batik and textile")
    await sekar.press("Done ✓")
    await sekar.send(profile["bio"])
    await sekar.send(profile["place"])
    await sekar.send(profile["links"])
    await sekar.send(profile["contact"])
    await sekar.send_photo(qr_png("https://example.id/sekar-1.jpg"))
    await sekar.press("Done ✓")
    await sekar.press("Yes, share my profile")
    await sekar.press("Submit ✓")
    await organiser.press("Setujui", organiser.messages[-1])

    # Rani asks to meet her; Sekar accepts, so each got the other's contact.
    await rani.send("/creators kemiren")
    await rani.press(0)
    await rani.press("Minta perkenalan")
    await rani.send("Belajar batik Gajah Oling untuk pameran KBRI.")
    await sekar.press("Accept")
    assert "sekar.wulan@example.id" in (await rani.last_message()).text

    # Core data about her: a named group, a mute, an invite she made, a chat in progress.
    await services.audiences.groups.set_members(visit.id, "Bus 2", [sekar.id, rani.id])
    await services.db.execute(
        "INSERT INTO mutes (person_id, visit_id, category) VALUES (?, ?, 'reminders')",
        (sekar.id, visit.id),
    )
    await services.invites.create(visit.id, InviteRequest(Role.CREATOR), sekar.id)
    await sekar.send("/profile")
    await sekar.press("Edit a field")

    stored = await services.db.fetch_one(
        "SELECT draft_json FROM creator_profiles WHERE person_id = ?", (sekar.id,)
    )
    photo_id = json.loads(stored[0])["photos"][0]
    identifying = [
        "Sekar",
        "Wulandari",
        "sekar_wulan",
        profile["name"],
        profile["bio"],
        "+62 811 2233 4455",
        "sekar.wulan@example.id",
        profile["links"],
        photo_id,
    ]
    assert await traces(telegram, sekar.id, identifying), "the scan must see her data first"

    await sekar.send("/forgetme")
    assert "only anonymous counts remain" in (await sekar.last_message()).text
    await sekar.press("No, keep it")
    assert "nothing was deleted" in (await sekar.last_message()).text
    assert await services.people.store.get(sekar.id) is not None
    await sekar.send("/forgetme")
    await sekar.press("Yes, forget me")
    assert "your personal data has been deleted" in (await sekar.last_message()).text

    assert await traces(telegram, sekar.id, identifying) == []
    # Her profile went with the requests made to it; the messages organisers got stay, scrubbed.
    assert await services.db.fetch_value("SELECT COUNT(*) FROM creator_introductions") == 0
    assert (
        await services.db.fetch_value(
            "SELECT COUNT(*) FROM outbox WHERE person_id = ?", (organiser.id,)
        )
        >= 2
    )
    await rani.send("/creators kemiren")
    assert "Tidak ada kreator" in (await rani.last_message()).text
    assert await services.audiences.groups.member_ids(visit.id, "Bus 2") == [rani.id]

    # Rani forgets herself too: the introductions she asked for stay only as a count.
    budi = await telegram.join("Budi", Role.CREATOR, visit.id, username="budi_gandrung")
    await budi.send("/profile")
    await budi.send("Budi Santoso")
    await budi.press("Musik")
    await budi.press("Selesai ✓")
    await budi.send("Pemain biola gandrung.")
    await budi.send("Glagah")
    await budi.press("Lewati")
    await budi.press("Lewati")
    await budi.press("Selesai ✓")
    await budi.press("Ya, bagikan profil saya")
    await budi.press("Kirim ✓")
    await organiser.press("Setujui", organiser.messages[-1])
    await rani.send("/creators biola")
    await rani.press(0)
    await rani.press("Minta perkenalan")
    await rani.send("Untuk malam budaya Rani Dewantari.")
    await rani.send("/forgetme")
    await rani.press("Ya, hapus data saya")
    assert await traces(telegram, rani.id, ["Dewantari", "rani_dewa"]) == []
    rows = await services.db.fetch_all("SELECT asker_id, note, status FROM creator_introductions")
    assert [tuple(row) for row in rows] == [(None, "", "pending")]
    await organiser.send("/introductions")
    assert "(dihapus) → Budi Santoso" in (await organiser.last_message()).text


async def test_every_feature_can_add_an_eraser(telegram: Rehearsal, visit: Visit, rani: Member):
    erased: list[int] = []

    async def notes_eraser(person_id: int) -> list[str]:
        erased.append(person_id)
        return []

    telegram.services.privacy.add_eraser("notes", notes_eraser)
    assert telegram.services.privacy.erasers == [
        "roster",
        "questions",
        "learning",
        "creators",
        "checkins",
        "rollcalls",
        "safety",
        "notes",
    ]
    with pytest.raises(ValueError):
        telegram.services.privacy.add_eraser("notes", notes_eraser)
    await rani.send("/forgetme")
    await rani.press("Ya, hapus data saya")
    assert erased == [rani.id]
    assert await telegram.services.people.store.memberships_of(rani.id) == []


async def test_forget_me_erases_questions_answers_and_names_in_every_stored_form(
    telegram: Rehearsal,
):
    """Rani asked a question Emma answered (it is in the archive); Rani's name holds `&`, `<`
    and `>`, so messages naming her store it HTML-escaped. All three forget themselves."""
    demo = await play_demo(telegram)
    db = telegram.services.db
    rani_id, rani_words = identifiers_of(demo, Role.PARTICIPANT)
    emma_id, emma_words = identifiers_of(demo, Role.PARTNER)
    assert await scan(db, rani_id, [QUESTION]), "the scan must see her question first"
    assert any("(bytes)" in t for t in await scan(db, emma_id, emma_words))
    assert any("&amp;" in t for t in await scan(db, rani_id, rani_words))

    assert await forget_three(telegram, demo) == []
    assert await db.fetch_value("SELECT COUNT(*) FROM questions") == 0
    await demo.actor("A", Role.ORGANISER).send("/qa Kemiren")
    assert QUESTION not in (await demo.actor("A", Role.ORGANISER).last_message()).text


async def test_debug_logging_keeps_locations_phone_numbers_and_secrets_out(
    telegram: Rehearsal, rani: Member, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.DEBUG)
    await rani.share_location(-8.2108123, 114.3641456)
    await rani.send("Nomor saya +62 811 9988 7766")
    settings = telegram.live.settings.model_copy(
        update={
            "webhook_url": "https://bot.example.id/hook",
            "webhook_secret": SecretStr("s3cr3t-hook-token"),
        }
    )
    webhook_of(settings)
    logging.getLogger("telegram.ext.Updater").debug("secret token is %s", "s3cr3t-hook-token")
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "sendMessage" in logged, "PTB's debug lines are there, without their data"
    for secret in ("8.2108123", "114.3641456", "9988 7766", TOKEN, "s3cr3t-hook-token", "Rani"):
        assert secret not in logged


async def test_the_database_and_its_wal_are_readable_by_the_bots_user_only(
    telegram: Rehearsal, rani: Member, database: Path
):
    await rani.send("/help")
    for path in (database, database.with_name(database.name + "-wal")):
        assert path.exists() and stat.S_IMODE(path.stat().st_mode) == 0o600, path
