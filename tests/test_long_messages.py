"""Long lists are shortened at a boundary so Telegram can still parse what is sent."""

from __future__ import annotations

import ast
from pathlib import Path

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


def test_a_list_inside_a_tag_is_cut_between_items_and_the_tag_closed_again():
    names = ", ".join(f"Peserta {n}" for n in range(600))
    shortened = fit(f"<b>Hadir</b>\n<i>{names}</i>")
    assert len(shortened) <= MESSAGE_LIMIT
    assert shortened.startswith("<b>Hadir</b>\n<i>Peserta 0, Peserta 1")
    assert shortened.endswith("…</i>")
    parse_html(shortened)


def test_a_cut_never_splits_an_entity_or_a_tag_and_closes_what_is_open():
    # One long "word" of entities and a link: no line, item or word boundary to cut at.
    word = "&amp;&lt;&gt;" * 600
    for text in (
        f"<b>{word}</b>",
        f'<a href="https://example.org/?a=1&amp;b=2">{"x" * 3990}</a>{word}',
        f"<i>{'y' * 3995}<b>{word}</b></i>",
        "z" * 3996 + "&amp;" * 10,
    ):
        shortened = fit(text)
        assert len(shortened) <= MESSAGE_LIMIT and "…" in shortened
        parse_html(shortened)  # raises on a broken tag or entity, as Telegram refuses it


def test_no_handler_slices_html_by_hand():
    """Long texts go through bot.i18n.fit; a slice like text[:4096] may cut a tag or entity."""
    offences = []
    for module in sorted(Path("handlers").glob("*.py")) + sorted(Path("bot").glob("*.py")):
        tree = ast.parse(module.read_text(), str(module))
        sending = {
            id(node)
            for call in ast.walk(tree)
            if isinstance(call, ast.Call)
            and isinstance(call.func, ast.Attribute)
            and call.func.attr in SENDING
            for argument in [*call.args, *(k.value for k in call.keywords)]
            for node in ast.walk(argument)
        }
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Slice)):
                continue
            upper = node.slice.upper
            long_cut = isinstance(upper, ast.Constant) and isinstance(upper.value, int)
            # A long cut in a handler is a message's; bot/ also slices files (agenda sniffing).
            by_hand = long_cut and upper.value >= 1000 and module.parent.name == "handlers"  # type: ignore[union-attr]
            if id(node) in sending or by_hand:
                offences.append(f"{module}:{node.lineno}: {ast.unparse(node)}")
    assert offences == []


SENDING = {
    "reply_html",
    "reply_text",
    "send_message",
    "edit_message_text",
    "edit_text",
    "edit_query_message",
    "edit_message_caption",
    "OutgoingMessage",
}
