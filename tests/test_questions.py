"""Partner Q&A as the delegation lives it: asking, moderation, votes, answers and the archive."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from telegram import Message
from telegram.ext import MessageHandler, filters

from handlers import fallback
from handlers.common import FEATURE_GROUP
from sandbox.harness import Member, Rehearsal
from sandbox.users import SentMessage
from storage.questions import Question
from storage.roles import Role
from storage.visits import Visit

PARTNER = "UNESCO Jakarta"
QUESTION = "Bagaimana UNESCO mendukung batik Banyuwangi di pasar dunia?"


@pytest.fixture
async def mei(telegram: Rehearsal, visit: Visit, organiser: Member) -> Member:
    """Mei speaks for UNESCO Jakarta; the organiser added the partner and linked her."""
    await organiser.send(
        f"/partner add {PARTNER} | France | Culture | Kantor UNESCO | UNESCO office"
    )
    mei = await telegram.join("Mei", Role.PARTNER, visit.id, username="mei_unesco", language="en")
    await organiser.send(f"/partner rep {PARTNER} @mei_unesco")
    assert (
        "now represents" in (await organiser.last_message()).text
        or "kini mewakili" in (await organiser.last_message()).text
    )
    return mei


@pytest.fixture
async def dimas(telegram: Rehearsal, visit: Visit) -> Member:
    """Dimas, another participant."""
    return await telegram.join("Dimas", Role.PARTICIPANT, visit.id, username="dimas_k")


async def ask(person: Member, text: str, *, anonymous: bool = False, target: str = PARTNER) -> None:
    """The whole /ask conversation, in Indonesian."""
    await person.send("/ask")
    await person.press(target if target.startswith("🗓") else f"🤝 {target}")
    await person.send(text)
    await person.press("🕶 Tanya secara anonim" if anonymous else "👤 Tampilkan nama saya")
    await person.press("📨 Kirim")


async def stored(telegram: Rehearsal, visit: Visit) -> list[Question]:
    """Every question of the visit, as stored."""
    return await telegram.services.questions.store.of_visit(visit.id)


def card_for(person: Member, marker: str) -> SentMessage:
    """The latest message to this person containing `marker`."""
    for message in reversed(person.messages):
        if marker in message.content:
            return message
    raise AssertionError(f"no message with {marker!r} for {person}")


async def press_together(telegram: Rehearsal, *presses: tuple[Member, str, SentMessage]) -> None:
    """Several people press at the same moment; then the bot settles."""
    ids = await asyncio.gather(*(m.user.press(text, msg) for m, text, msg in presses))
    for update_id in ids:
        telegram.live.sent(update_id)
    await telegram.settle()


async def test_ask_moderate_vote_answer_and_delivery(
    telegram: Rehearsal, visit: Visit, organiser: Member, rani: Member, mei: Member, dimas: Member
):
    await ask(rani, QUESTION)
    assert "menunggu tinjauan" in (await rani.last_message()).text
    [question] = await stored(telegram, visit)
    assert question.state == "waiting" and question.asker_id == rani.id and not question.anonymous
    assert not any(QUESTION in m.content for m in mei.messages)  # nothing before review

    card = card_for(organiser, f"#{question.id}")
    assert QUESTION in card.text and "Rani" in card.text
    await organiser.press("✅ Terbitkan", card)
    assert "Diterbitkan oleh Tubagus" in card_for(organiser, f"#{question.id}").text
    assert "sudah diterbitkan" in (await rani.last_message()).text

    partner_card = card_for(mei, f"Question #{question.id}")
    assert QUESTION in partner_card.text and "Rani" in partner_card.text

    await dimas.send("/questions UNESCO")
    await dimas.press("👍 0", card_for(dimas, QUESTION))
    assert card_for(dimas, QUESTION).button_texts()[0] == "👍 1"
    assert await telegram.services.questions.store.voters(question.id) == [dimas.id]

    await mei.reply_to(partner_card, "Lewat program kreatif UNESCO dan pameran.")
    assert "goes to 2 people" in (await mei.last_message()).text
    for person in (rani, dimas):
        answer = await person.last_message()
        assert "Jawaban atas pertanyaan" in answer.text
        assert "Lewat program kreatif UNESCO" in answer.text and PARTNER in answer.text
    [answered] = await stored(telegram, visit)
    assert answered.state == "answered" and answered.answered_by == mei.id
    assert not answered.answered_aloud

    await rani.send("/myquestions")
    assert "dijawab: Lewat program kreatif" in (await rani.last_message()).text
    await dimas.send("/questions")
    assert "Belum ada pertanyaan terbuka" in (await dimas.last_message()).text


async def test_anonymous_questions_never_name_the_asker_to_partners_or_participants(
    telegram: Rehearsal, visit: Visit, organiser: Member, rani: Member, mei: Member, dimas: Member
):
    await ask(rani, QUESTION, anonymous=True)
    [question] = await stored(telegram, visit)
    assert question.anonymous
    card = card_for(organiser, f"#{question.id}")
    assert "Rani" in card.text and "rani_d" in card.text and "anonim" in card.text
    await organiser.press("✅ Terbitkan", card)

    await dimas.send("/questions")
    await dimas.press("👍 0", card_for(dimas, QUESTION))
    await mei.press("💬 Answer", card_for(mei, QUESTION))
    await mei.send("We fund weaving workshops.")
    await organiser.send("/live")

    assert "We fund weaving workshops." in (await dimas.last_message()).text
    for reader in (mei, dimas):
        seen = [m for m in reader.messages if QUESTION in m.content]
        assert seen, f"{reader} saw the question"
        for message in reader.messages:
            for shown in (message.content, message.html or ""):
                assert "Rani" not in shown and "rani_d" not in shown


async def test_two_organisers_publishing_at_once_publish_once(
    telegram: Rehearsal, visit: Visit, organiser: Member, rani: Member, mei: Member
):
    sari = await telegram.join("Sari", Role.ORGANISER, visit.id)
    wulan = await telegram.join("Wulan", Role.ORGANISER, visit.id)
    await ask(rani, QUESTION)
    [question] = await stored(telegram, visit)
    await press_together(
        telegram,
        (organiser, "✅ Terbitkan", card_for(organiser, f"#{question.id}")),
        (sari, "✅ Terbitkan", card_for(sari, f"#{question.id}")),
    )
    [published] = await stored(telegram, visit)
    assert published.state == "published" and published.moderated_by in (organiser.id, sari.id)
    answers = [a.text or "" for who in (organiser, sari) for a in who.user.callback_answers]
    assert sum(text == "Diterbitkan." for text in answers) == 1
    assert sum("sudah diterbitkan oleh panitia lain" in text for text in answers) == 1
    assert sum(f"#{question.id}" in m.content for m in mei.messages) == 1
    assert sum("sudah diterbitkan" in m.content for m in rani.messages) == 1
    for who in (organiser, sari, wulan):  # every organiser's copy shows the decision
        card = card_for(who, f"#{question.id}")
        assert "Diterbitkan oleh" in card.text and card.buttons == []


async def test_two_organisers_rejecting_at_once_reject_once(
    telegram: Rehearsal, visit: Visit, organiser: Member, rani: Member, mei: Member
):
    sari = await telegram.join("Sari", Role.ORGANISER, visit.id)
    await ask(rani, QUESTION)
    [question] = await stored(telegram, visit)
    for who in (organiser, sari):
        await who.press("❌ Tolak", card_for(who, f"#{question.id}"))
    await press_together(
        telegram,
        (organiser, "Di luar topik kunjungan ini.", card_for(organiser, f"#{question.id}")),
        (
            sari,
            "Mohon rumuskan ulang dengan bahasa yang lebih santun.",
            card_for(sari, f"#{question.id}"),
        ),
    )
    [rejected] = await stored(telegram, visit)
    assert rejected.state == "rejected"
    assert rejected.reject_reason in (
        "Di luar topik kunjungan ini.",
        "Mohon rumuskan ulang dengan bahasa yang lebih santun.",
    )
    notes = [m.text for m in rani.messages if "tidak diterbitkan" in m.content]
    expected = f"#{question.id} untuk {PARTNER} tidak diterbitkan. Alasan: {rejected.reject_reason}"
    assert notes == ["Pertanyaan " + expected]


async def test_votes_at_once_count_each_person_once_and_a_second_press_takes_it_back(
    telegram: Rehearsal, visit: Visit, organiser: Member, rani: Member, mei: Member
):
    await organiser.send("/moderation off")
    await ask(rani, QUESTION)
    [question] = await stored(telegram, visit)
    voters = [await telegram.join(f"Peserta{n}", Role.PARTICIPANT, visit.id) for n in range(5)]
    for voter in voters:
        await voter.send("/questions")
    await press_together(telegram, *((v, "👍 0", card_for(v, QUESTION)) for v in voters))
    store = telegram.services.questions.store
    assert sorted(await store.voters(question.id)) == sorted(v.id for v in voters)

    first = voters[0]
    await first.press(0, card_for(first, QUESTION))
    assert "dibatalkan" in (first.user.callback_answers[-1].text or "")
    assert first.id not in await store.voters(question.id)

    await rani.send("/questions")
    await rani.press(0, card_for(rani, QUESTION))
    assert "sendiri" in (rani.user.callback_answers[-1].text or "")
    assert rani.id not in await store.voters(question.id)
    assert len(await store.voters(question.id)) == 4


class LaterFeature(filters.MessageFilter):
    """A feature wired after Q&A, just before the fallback: notes the replies offered to it."""

    def __init__(self) -> None:
        super().__init__(name="LaterFeature")
        self.replies: list[str] = []

    def filter(self, message: Message) -> bool:
        """Note a reply, and leave it (and everything else) to the fallback."""
        if message.reply_to_message is not None:
            self.replies.append(message.text or "")
        return False

    @classmethod
    def wire(cls, telegram: Rehearsal) -> LaterFeature:
        """Add it to the running bot, after every feature but before the fallback."""
        application = telegram.live.application
        assert application is not None
        features = application.handlers[FEATURE_GROUP]
        before = next(
            at
            for at, handler in enumerate(features)
            if getattr(handler, "callback", None) is fallback.unexpected_message
        )
        later = cls()
        features.insert(before, MessageHandler(later, fallback.unexpected_message))
        return later


async def test_only_replies_to_a_delivered_question_are_answers(
    telegram: Rehearsal, visit: Visit, organiser: Member, rani: Member, mei: Member
):
    later = LaterFeature.wire(telegram)
    await organiser.send("/moderation off")
    await ask(rani, QUESTION)
    [question] = await stored(telegram, visit)

    await mei.send("/help")
    await mei.reply_to(await mei.last_message(), "Lewat program kreatif UNESCO.")
    assert later.replies == ["Lewat program kreatif UNESCO."]  # Q&A let it pass
    assert "can't use this kind of message" in (await mei.last_message()).text
    assert (await stored(telegram, visit)) == [question]  # not an answer

    await mei.reply_to(card_for(mei, f"Question #{question.id}"), "Lewat pameran.")
    assert "goes to 1 person" in (await mei.last_message()).text
    assert later.replies == ["Lewat program kreatif UNESCO."]
    [answered] = await stored(telegram, visit)
    assert answered.state == "answered" and answered.answer == "Lewat pameran."


async def test_html_in_questions_and_answers_is_shown_as_text(
    telegram: Rehearsal, visit: Visit, organiser: Member, rani: Member, mei: Member
):
    await organiser.send("/moderation off")
    tricky = "Apakah <b>batik</b> & <script>alert(1)</script> dilindungi?"
    await ask(rani, tricky)
    card = card_for(mei, "Question #")
    assert tricky in card.text
    assert "&lt;b&gt;batik&lt;/b&gt; &amp; &lt;script&gt;" in (card.html or "")
    await mei.reply_to(card, "Ya, <i>tentu</i> & lebih")
    answer = await rani.last_message()
    assert "Ya, <i>tentu</i> & lebih" in answer.text
    await rani.send("/qa batik")
    assert tricky in (await rani.last_message()).text


async def test_the_archive_is_searched_by_words_and_read_by_the_next_cohort(
    telegram: Rehearsal, visit: Visit, organiser: Member, rani: Member, mei: Member
):
    await organiser.send("/moderation off")
    await ask(rani, QUESTION)
    await ask(rani, "Apakah ada beasiswa untuk pengrajin muda?")
    await mei.reply_to(card_for(mei, "pasar dunia"), "Kami membuka pameran batik di Paris.")

    from bot.visits import check_new_visit

    later = await telegram.services.visits.create(
        check_new_visit(
            slug="sesdilu-2026",
            title="Sesdilu 2026",
            region="Banyuwangi",
            first_day="2026-10-28",
            last_day="2026-10-30",
            timezone="Asia/Jakarta",
            language="id",
        )
    )
    next_cohort = await telegram.join("Nadia", Role.PARTICIPANT, later.id)
    await next_cohort.send("/qa Batik pameran")
    found = (await next_cohort.last_message()).text
    assert "Kami membuka pameran batik di Paris." in found and "Sesdilu Banyuwangi" in found
    assert "beasiswa" not in found  # unanswered questions are not in the archive
    assert "Rani" not in found
    await next_cohort.send("/qa beasiswa")
    assert "Tidak ada pertanyaan terjawab" in (await next_cohort.last_message()).text
    await next_cohort.send("/qa 🙂")
    assert "Pakai: /qa" in (await next_cohort.last_message()).text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("   .  ", "bukan hanya emoji"),
        ("🙏🙏🔥", "bukan hanya emoji"),
        ("a" * 1001, "paling banyak 1000"),
    ],
)
async def test_unusable_questions_are_refused_and_nothing_is_stored(
    telegram: Rehearsal,
    visit: Visit,
    organiser: Member,
    rani: Member,
    mei: Member,
    text: str,
    expected: str,
):
    await rani.send("/ask")
    await rani.press(f"🤝 {PARTNER}")
    await rani.send(text)
    assert expected in (await rani.last_message()).text
    assert await stored(telegram, visit) == []
    await rani.send("Pertanyaan yang benar tentang batik?")  # still at the same step
    assert "anonim" in (await rani.last_message()).text


async def test_the_same_question_twice_and_an_outsider_are_refused(
    telegram: Rehearsal, visit: Visit, organiser: Member, rani: Member, mei: Member
):
    await ask(rani, QUESTION)
    await rani.send("/ask")
    await rani.press(f"🤝 {PARTNER}")
    await rani.send("  " + QUESTION.upper() + " ")
    assert "sudah mengajukan pertanyaan yang sama" in (await rani.last_message()).text
    outsider = telegram.person("Orang Luar")
    await outsider.send("/ask")
    assert "belum terdaftar" in (await outsider.last_message()).text
    await outsider.send("/questions")
    assert "belum terdaftar" in (await outsider.last_message()).text
    assert len(await stored(telegram, visit)) == 1


async def test_refused_actions_write_nothing(
    telegram: Rehearsal, visit: Visit, organiser: Member, rani: Member, mei: Member, dimas: Member
):
    await organiser.send("/partner add JICA | Japan | Development")
    kenji = await telegram.join("Kenji", Role.PARTNER, visit.id, username="kenji_jica")
    await organiser.send("/partner rep JICA @kenji_jica")
    await ask(rani, QUESTION)
    [question] = await stored(telegram, visit)

    anywhere = await dimas.last_message()
    await dimas.press_data(f"qa:m:pub:{question.id}", anywhere)
    assert "hanya panitia" in (dimas.user.callback_answers[-1].text or "")
    await dimas.send("/moderation off")
    assert "hanya panitia" in (await dimas.last_message()).text
    await dimas.send("/export questions")
    assert "hanya panitia" in (await dimas.last_message()).text
    assert (await stored(telegram, visit))[0].state == "waiting"
    fresh = await telegram.services.visits.store.get(visit.id)
    assert fresh is not None and "qa_moderation" not in fresh.settings

    await organiser.press("✅ Terbitkan", card_for(organiser, f"#{question.id}"))
    await kenji.press_data(f"qa:ans:{question.id}", await kenji.last_message())
    assert "bukan untuk organisasi Anda" in (kenji.user.callback_answers[-1].text or "")
    assert not any(QUESTION in m.content for m in kenji.messages)
    assert await telegram.services.dialogs.store.get(kenji.id) is None
    await dimas.press_data(f"qa:ans:{question.id}", anywhere)
    assert "hanya" in (dimas.user.callback_answers[-1].text or "")
    await dimas.press_data("qa:v:999999", anywhere)
    assert "tidak berlaku" in (dimas.user.callback_answers[-1].text or "")
    [still] = await stored(telegram, visit)
    assert still.state == "published" and still.answer is None and still.votes == 0


async def test_edit_keeps_the_original_and_a_typed_reason_reaches_the_asker(
    telegram: Rehearsal, visit: Visit, organiser: Member, rani: Member, mei: Member
):
    await ask(rani, "Bagaimana UNESCO mendukng batik?")
    [question] = await stored(telegram, visit)
    await organiser.press("✏️ Ubah", card_for(organiser, f"#{question.id}"))
    await organiser.send("Bagaimana UNESCO mendukung batik?")
    [edited] = await stored(telegram, visit)
    assert edited.text == "Bagaimana UNESCO mendukung batik?"
    assert edited.original_text == "Bagaimana UNESCO mendukng batik?"
    card = await organiser.last_message()
    assert "Teks asli" in card.text
    await organiser.press("❌ Tolak", card)
    await organiser.press("✍️ Alasan lain (ketik)", card)
    await organiser.send("Sudah dijawab pada sesi pagi.")
    [rejected] = await stored(telegram, visit)
    assert (
        rejected.state == "rejected" and rejected.reject_reason == "Sudah dijawab pada sesi pagi."
    )
    assert "Alasan: Sudah dijawab pada sesi pagi." in (await rani.last_message()).text
    await rani.send("/myquestions")
    assert "ditolak: Sudah dijawab pada sesi pagi." in (await rani.last_message()).text


async def test_an_organiser_records_an_answer_given_aloud(
    telegram: Rehearsal, visit: Visit, organiser: Member, rani: Member, mei: Member
):
    await organiser.send("/moderation off")
    await ask(rani, QUESTION, anonymous=True)
    await organiser.send("/questions")
    await organiser.press("💬 Jawab", card_for(organiser, QUESTION))
    await organiser.send("Dijawab di panggung: lewat pameran.")
    [question] = await stored(telegram, visit)
    assert question.state == "answered" and question.answered_aloud
    delivered = await rani.last_message()
    assert "lewat pameran" in delivered.text and "dijawab secara lisan" in delivered.text


async def test_the_live_list_is_one_message_edited_as_votes_arrive(
    telegram: Rehearsal, visit: Visit, organiser: Member, rani: Member, mei: Member, dimas: Member
):
    await organiser.send("/moderation off")
    await ask(rani, QUESTION)
    await ask(dimas, "Apakah ada beasiswa untuk pengrajin muda?")
    await organiser.send(f"/live {PARTNER}")
    live = await organiser.last_message()
    assert live.text.index("pasar dunia") < live.text.index("beasiswa")

    voters = [rani, *[await telegram.join(f"V{n}", Role.PARTICIPANT, visit.id) for n in range(2)]]
    for voter in voters:
        await voter.send("/questions")
        await voter.press(0, card_for(voter, "beasiswa"))
    await telegram.move_clock(timedelta(seconds=10))
    assert live.edited
    assert live.text.index("beasiswa") < live.text.index("pasar dunia")
    assert "(👍 3)" in live.text
    edits = len(live.edit_history)
    assert edits == 1  # throttled: one edit for three votes
    assert (await organiser.last_message()).message_id == live.message_id


async def test_a_question_half_written_survives_a_restart(
    telegram: Rehearsal, visit: Visit, organiser: Member, rani: Member, mei: Member
):
    await rani.send("/ask")
    await rani.press(f"🤝 {PARTNER}")
    await rani.send(QUESTION)
    await telegram.restart()
    await rani.press("👤 Tampilkan nama saya")
    await rani.press("📨 Kirim")
    [question] = await stored(telegram, visit)
    assert question.text == QUESTION


async def test_the_export_names_askers_for_organisers(
    telegram: Rehearsal, visit: Visit, organiser: Member, rani: Member, mei: Member
):
    await ask(rani, QUESTION, anonymous=True)
    await organiser.send("/export questions")
    export = await organiser.last_message()
    assert export.document is not None
    content = export.document.decode("utf-8-sig")
    assert "Rani" in content and QUESTION in content and "waiting" in content


async def test_a_session_question_reaches_the_session_partners_only(
    telegram: Rehearsal, visit: Visit, organiser: Member, rani: Member, mei: Member
):
    from datetime import UTC, datetime

    from storage.sessions import SessionFields

    await organiser.send("/partner add JICA | Japan")
    kenji = await telegram.join("Kenji", Role.PARTNER, visit.id, username="kenji_jica")
    await organiser.send("/partner rep JICA @kenji_jica")
    workshop = SessionFields(
        key="batik-workshop",
        title_id="Lokakarya batik",
        title_en="Batik workshop",
        starts_at=datetime(2025, 10, 30, 1, 30, tzinfo=UTC),
        ends_at=datetime(2025, 10, 30, 3, 30, tzinfo=UTC),
        partners=(PARTNER,),
    )
    sessions = telegram.services.partners.sessions
    await sessions.apply(visit.id, [workshop], [], telegram.clock.now())
    await organiser.send("/moderation off")
    await ask(rani, "Berapa lama membatik satu kain?", target="🗓 Lokakarya batik")
    await ask(rani, "Ada program magang?", target=PARTNER)
    questions = await stored(telegram, visit)
    assert [q.session_id is not None for q in questions] == [True, False]

    card = card_for(mei, "membatik")
    assert not any("membatik" in m.content for m in kenji.messages)
    await kenji.press_data(f"qa:ans:{questions[0].id}", await kenji.last_message())
    assert "bukan untuk organisasi Anda" in (kenji.user.callback_answers[-1].text or "")
    await mei.press("💬 Answer", card)
    await mei.send("Sekitar dua minggu.")
    assert "Sekitar dua minggu." in (await rani.last_message()).text


async def test_configured_organisers_review_questions_too(
    telegram: Rehearsal, visit: Visit, rani: Member, mei: Member
):
    from tests.conftest import BOOTSTRAP_ORGANISER_ID

    boss = telegram.person("Edwin", user_id=BOOTSTRAP_ORGANISER_ID)
    await boss.send("/start")
    await ask(rani, QUESTION)
    [question] = await stored(telegram, visit)
    await boss.press("✅ Terbitkan", card_for(boss, f"#{question.id}"))
    assert (await stored(telegram, visit))[0].state == "published"


async def test_the_organisers_card_for_an_anonymous_question_shows_the_label_in_italics(
    telegram: Rehearsal, visit: Visit, organiser: Member, rani: Member, mei: Member
):
    await ask(rani, QUESTION, anonymous=True)
    [question] = await stored(telegram, visit)
    card = card_for(organiser, f"#{question.id}")
    assert "anonim bagi peserta dan mitra" in card.text
    assert "<i>" not in card.text and "&lt;" not in card.text  # rendered, not escaped again
    assert "<i>anonim bagi peserta dan mitra</i>" in (card.html or "")

    await organiser.press("✅ Terbitkan", card)
    await organiser.send("/questions")
    listed = card_for(organiser, QUESTION)
    assert "anonim bagi peserta dan mitra" in listed.text and "<i>" not in listed.text


async def test_a_session_question_shows_the_session_title_in_the_readers_language(
    telegram: Rehearsal, visit: Visit, organiser: Member, rani: Member, mei: Member
):
    from datetime import UTC, datetime

    from storage.sessions import SessionFields

    workshop = SessionFields(
        key="batik-workshop",
        title_id="Lokakarya batik Gajah Oling",
        title_en="Gajah Oling batik workshop",
        starts_at=datetime(2025, 10, 30, 1, 30, tzinfo=UTC),
        ends_at=datetime(2025, 10, 30, 3, 30, tzinfo=UTC),
        partners=(PARTNER,),
    )
    await telegram.services.partners.sessions.apply(visit.id, [workshop], [], telegram.clock.now())
    await organiser.send("/moderation off")
    await ask(rani, "Berapa lama membatik satu kain?", target="🗓 Lokakarya batik Gajah Oling")
    assert "Lokakarya batik Gajah Oling" in (await rani.last_message()).text

    card = card_for(mei, "membatik")  # Mei reads English
    assert "Gajah Oling batik workshop" in card.text and "Lokakarya" not in card.text
    await mei.press("💬 Answer", card)
    await mei.send("About two weeks.")
    assert "Lokakarya batik Gajah Oling" in (await rani.last_message()).text

    await rani.send("/language")
    await rani.press("English")
    await rani.send("/myquestions")
    assert "Gajah Oling batik workshop" in (await rani.last_message()).text
