"""The right language and the right markup, every time: the catalogue's own guarantees."""

from __future__ import annotations

import string
from collections.abc import Iterable

from bot.i18n import LANGUAGES, Html, Texts, check_catalogue, escape
from sandbox.entities import parse_html
from sandbox.harness import Member, Rehearsal
from storage.visits import Visit


def forms_of(text: str | dict[str, str]) -> Iterable[str]:
    """A catalogue entry's text in one language: one template, or one per plural form."""
    return text.values() if isinstance(text, dict) else [text]


def test_a_rendered_text_put_into_another_is_never_escaped_again():
    texts = Texts(
        {
            "label": {"id": "<i>anonim</i> & {name}", "en": "<i>anonymous</i> & {name}"},
            "card": {"id": "Dari: {asker}", "en": "From: {asker}"},
        }
    )
    label = texts.get("en", "label", name="<Rani>")
    assert isinstance(label, Html)
    assert texts.get("en", "card", asker=label) == "From: <i>anonymous</i> & &lt;Rani&gt;"
    # Joined labels stay rendered; plain parts joined with them are escaped once.
    joined = Html(", ").join([label, "A & B"])
    assert texts.get("en", "card", asker=joined).endswith(", A &amp; B")
    assert escape(escape("<b>")) == "&lt;b&gt;"


def test_every_text_is_telegram_html_without_markdown():
    """Texts go out in HTML parse mode: Markdown marks (`code`, **bold**) would show literally."""
    catalogue = Texts.load().catalogue
    for key, entry in catalogue.items():
        for language in LANGUAGES:
            for template in forms_of(entry[language]):
                names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
                rendered = template.format(**dict.fromkeys(names, "x"))
                plain, _ = parse_html(rendered, strict_ampersand=True)  # raises if malformed
                assert "`" not in plain and "**" not in plain, f"{key} ({language}): {plain}"


async def test_an_empty_agenda_file_is_explained_with_code_not_backticks(
    telegram: Rehearsal, visit: Visit, organiser: Member
):
    await organiser.send_document("agenda.yaml", b"")
    answer = await organiser.last_message()
    assert "sessions:" in answer.text and "`" not in answer.text
    assert "<code>sessions:</code>" in (answer.html or "")


def test_plural_forms_follow_babels_rules_for_each_language():
    texts = Texts(
        {
            "sent": {
                "id": "Dikirim ke {count} orang.",
                "en": {"one": "Sent to {count} person.", "other": "Sent to {count} people."},
            }
        }
    )
    assert texts.get("en", "sent", count=1) == "Sent to 1 person."
    assert texts.get("en", "sent", count=0) == "Sent to 0 people."
    assert texts.get("en", "sent", count=21) == "Sent to 21 people."
    assert texts.get("id", "sent", count=1) == "Dikirim ke 1 orang."
    # A plural entry must have every form its language's rules name, each showing the count.
    lacking = {"sent": {"id": "Dikirim ke {count} orang.", "en": {"other": "Sent to {count}."}}}
    assert any("lacks plural forms {'one'}" in p for p in check_catalogue(lacking))


async def test_one_person_is_one_person_not_one_people(
    telegram: Rehearsal, visit: Visit, organiser: Member
):
    await organiser.send("/language")
    await organiser.press("English")
    for uses, shown in ((1, ", for 1 person"), (2, ", for 2 people")):
        mark = organiser.mark()
        await organiser.send(f"/invite participant uses={uses}")
        assert any(shown in message.content for message in organiser.since(mark))
