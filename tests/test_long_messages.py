"""Long lists are shortened at a boundary so Telegram can still parse what is sent."""

from __future__ import annotations

from bot.i18n import MESSAGE_LIMIT, escape, fit
from sandbox.entities import parse_html
from sandbox.harness import Member, Rehearsal
from storage.roles import Role
from storage.visits import Visit


def test_a_long_html_list_is_cut_between_items_and_stays_parseable():
    names = ", ".join(escape(f"<Peserta & {n}>") for n in range(600))
    text = f"<b>Belum menjawab</b>: {names}\n<i>akhir</i>"
    shortened = fit(text)
    assert len(shortened) <= MESSAGE_LIMIT and shortened.endswith("…")
    plain, _ = parse_html(shortened)
    assert plain.startswith("Belum menjawab: <Peserta & 0>")


async def test_members_of_a_large_visit_arrive_in_one_readable_message(
    telegram: Rehearsal, visit: Visit, organiser: Member
):
    for number in range(150):
        await telegram.services.people.store.seen(
            person_id=90_000 + number,
            first_name=f"<i>Peserta</i> nomor {number}",
            last_name=None,
            username=None,
            telegram_language="id",
            private_chat=False,
            now=telegram.clock.now(),
        )
        await telegram.services.people.enrol(90_000 + number, visit.id, Role.PARTICIPANT)
    await organiser.send("/members")
    listing = await organiser.last_message()
    assert listing.text.startswith("Anggota Sesdilu Banyuwangi (151)")
    assert "<i>Peserta</i> nomor 0" in listing.text
    assert listing.text.endswith("…")


def test_a_list_inside_a_tag_is_cut_at_the_line_instead():
    names = ", ".join(f"Peserta {n}" for n in range(600))
    shortened = fit(f"<b>Hadir</b>\n<i>{names}</i>")
    assert shortened == "<b>Hadir</b>…"
    parse_html(shortened)
