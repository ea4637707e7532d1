"""Consents: recorded when given (which text, which version, when, what for), shown by
/privacy, withdrawn there one by one, and the withdrawal takes effect."""

from __future__ import annotations

from sandbox.audit import fill_profile, rows_changed, snapshot
from sandbox.harness import Member, Rehearsal
from storage.roles import Role
from storage.visits import Visit


async def consents(telegram: Rehearsal, member: Member) -> list[tuple[object, ...]]:
    """The consent rows of a person: purpose, text key, version, language, withdrawn or not."""
    rows = await telegram.services.db.fetch_all(
        "SELECT purpose, text_key, text_version, language, withdrawn_at IS NOT NULL"
        " FROM consents WHERE person_id = ? ORDER BY id",
        (member.id,),
    )
    return [tuple(row) for row in rows]


async def test_withdrawing_the_profile_consent_takes_the_profile_out_of_the_directory(
    telegram: Rehearsal, visit: Visit, organiser: Member, rani: Member
):
    sekar = await telegram.join("Sekar", Role.CREATOR, visit.id, language="en")
    await fill_profile(sekar)
    await organiser.press("Setujui", organiser.messages[-1])
    await rani.send("/creators kemiren")
    assert "Sekar Arum Wulandari" in (await rani.last_message()).text
    assert await consents(telegram, sekar) == [
        ("creator_profile", "creators.step.consent", 1, "en", 0)
    ]

    await sekar.send("/privacy")
    shown = await sekar.last_message()
    assert "Creator profile shared" in shown.text and "✅ Given" in shown.text
    assert "May this profile be shared with the visit's participants" in shown.text
    assert "version 1" in shown.text and "no longer appears in the creator directory" in shown.text

    # Someone else's consent cannot be withdrawn by its number.
    [(consent_id,)] = await telegram.services.db.fetch_all("SELECT id FROM consents")
    before = await snapshot(telegram.services.db)
    await rani.press_data(f"pv:wd:{consent_id}", rani.messages[-1])
    assert rani.user.callback_answers[-1].text == "Tombol ini sudah tidak berlaku."
    assert rows_changed(before, await snapshot(telegram.services.db)) == 0

    await sekar.press("Withdraw: Creator profile shared", shown)
    answer = await sekar.last_message()
    assert answer.text.startswith("Consent withdrawn. your profile no longer appears")
    assert "⛔ Withdrawn" in answer.text and answer.buttons == []
    assert await consents(telegram, sekar) == [
        ("creator_profile", "creators.step.consent", 1, "en", 1)
    ]
    await rani.send("/creators kemiren")
    assert "Tidak ada kreator" in (await rani.last_message()).text
    assert await telegram.services.db.fetch_value("SELECT COUNT(*) FROM creator_search") == 0
    # A second press changes nothing.
    await sekar.press_data(f"pv:wd:{consent_id}", answer)
    assert sekar.user.callback_answers[-1].text == "This button no longer works."
