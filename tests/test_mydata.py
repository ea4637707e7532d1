"""/mydata: anyone gets, within seconds, a copy of everything the bot holds about them, as a
readable HTML page and as JSON, in their language, and nothing about anyone else."""

from __future__ import annotations

import json
import time

from sandbox.audit import INTRO_NOTE, PROFILE, QUESTION, play_demo, traces
from sandbox.harness import Rehearsal
from storage.roles import Role


async def test_mydata_sends_everything_held_about_the_sender_and_nothing_about_others(
    telegram: Rehearsal,
):
    demo = await play_demo(telegram)
    rani = demo.actor("A", Role.PARTICIPANT)
    emma, organiser = demo.actor("A", Role.PARTNER), demo.actor("A", Role.ORGANISER)

    started = time.monotonic()
    await rani.send("/mydata")
    assert time.monotonic() - started < 5
    page, copy = rani.messages[-2:]
    assert page.filename == "rombongan-mydata.html" and page.document is not None
    assert "Semua data yang disimpan bot ini tentang Anda" in (page.caption or "")
    assert copy.filename == "rombongan-mydata.json" and copy.document is not None

    held = json.loads(copy.document)
    assert held["person"]["id"] == rani.id
    assert held["person"]["last_name"] == "Dewantari & <Putri>"
    tables = held["tables"]
    assert [m["role"] for m in tables["memberships"]] == ["participant"]
    assert [v["slug"] for v in tables["visits"]] == ["banyuwangi-2025"]
    assert [q["text"] for q in tables["questions"]] == [QUESTION]
    assert [i["note"] for i in tables["creator_introductions"]] == [INTRO_NOTE]
    # Every table that names her is in the copy.
    named = {trace.split(".")[0] for trace in await traces(telegram.services.db, rani.id, [])}
    assert named <= {"people", *tables}
    # Emma answered her question and the organiser published it: their ids are left out.
    [question] = tables["questions"]
    assert question["answered_by"] is None and question["moderated_by"] is None
    for other in (emma, organiser):
        assert str(other.id) not in copy.document.decode()

    text = page.document.decode()
    assert text.startswith("<!DOCTYPE html>") and "Data Anda di Rombongan" in text
    assert "Dewantari &amp; &lt;Putri&gt;" in text and "<Putri>" not in text
    assert "Pertanyaan" in text and "Keanggotaan dan peran" in text


async def test_mydata_is_in_english_for_a_creator_with_her_profile(telegram: Rehearsal):
    demo = await play_demo(telegram)
    sekar = demo.actor("A", Role.CREATOR)
    await sekar.send("/mydata")
    page, copy = sekar.messages[-2:]
    assert "Everything this bot stores about you" in (page.caption or "")
    assert copy.document is not None and page.document is not None
    [profile] = json.loads(copy.document)["tables"]["creator_profiles"]
    assert profile["person_id"] == sekar.id
    assert profile["approved_json"]["name"] == PROFILE["name"]
    assert "Creator profile" in page.document.decode()
