"""Files organisers and participants open elsewhere: calendar files labelled in the person's
language, exports that open right in Excel (CSV with a BOM, or .xlsx)."""

from __future__ import annotations

import icalendar

from sandbox.harness import Member, Rehearsal
from storage.roles import Role
from storage.visits import Visit
from tests.test_agenda import DEMO_AGENDA


async def test_every_label_in_a_calendar_file_follows_the_persons_language(
    telegram: Rehearsal, visit: Visit, organiser: Member, rani: Member
):
    await organiser.send_document("agenda.yaml", DEMO_AGENDA)
    emma = await telegram.join("Emma", Role.PARTNER, visit.id, language="en")
    descriptions = {}
    for person in (rani, emma):
        await person.send("/agenda ics")
        document = (await person.last_message()).document
        assert document is not None
        events = icalendar.Calendar.from_ical(document).walk("VEVENT")
        descriptions[person] = "\n".join(str(e.get("DESCRIPTION", "")) for e in events)
    assert "Busana: PDH / batik lengan panjang" in descriptions[rani]
    assert "Dress code" not in descriptions[rani]
    assert "Dress code: PDH / batik lengan panjang" in descriptions[emma]
    assert "Busana" not in descriptions[emma]
