"""The room's screen: an organiser's /wall link for the projector, what the page shows, its
live updates, revocation, expiry, the viewer limit, **On screen**, and /ask from the QR code."""

from __future__ import annotations

import asyncio
import os
import re
import sys
from datetime import timedelta
from pathlib import Path

import aiohttp
import pytest

from bot.clock import ManualClock
from bot.running import RunningBot
from bot.visits import check_new_visit
from sandbox.harness import TOKEN, Member, Rehearsal, enrol_started, free_port, settings_for
from sandbox.screen import ScreenViewer
from sandbox.standin import TelegramStandIn
from storage.roles import Role
from storage.sessions import Session
from storage.visits import Visit
from tests import test_questions as questions_story
from tests.conftest import BOOTSTRAP_ORGANISER_ID, STORY_START
from tests.test_checkins import START, add_sessions, batik

pytestmark = pytest.mark.screen
mei = questions_story.mei  # Mei speaks for UNESCO Jakarta (a fixture of the Q&A stories)

LINK = re.compile(r"http://127\.0\.0\.1:\d+/wall/[\w.-]+")


@pytest.fixture
async def workshop(telegram: Rehearsal, visit: Visit) -> Session:
    """The batik workshop, for everyone."""
    return (await add_sessions(telegram, visit, batik()))["batik"]


@pytest.fixture
async def dimas(telegram: Rehearsal, visit: Visit) -> Member:
    """Dimas, another participant."""
    return await telegram.join("Dimas", Role.PARTICIPANT, visit.id, username="dimas_k")


@pytest.fixture
async def sari(telegram: Rehearsal, visit: Visit) -> Member:
    """Sari, a third participant."""
    return await telegram.join("Sari", Role.PARTICIPANT, visit.id, username="sari_w")


async def ask(person: Member, text: str, *, anonymous: bool = False) -> None:
    """The whole /ask conversation about the batik workshop, in Indonesian."""
    await person.send("/ask")
    await person.press("🗓 Lokakarya Batik")
    await person.send(text)
    await person.press("🕶 Tanya secara anonim" if anonymous else "👤 Tampilkan nama saya")
    await person.press("📨 Kirim")


async def screen_link(organiser: Member, words: str = "batik") -> str:
    """/wall for a session: the link the organiser is given."""
    await organiser.send(f"/wall {words}".strip())
    found = [LINK.search(m.content) for m in organiser.messages if "/wall/" in m.content]
    assert found and found[-1], organiser.messages[-2:]
    return found[-1].group(0)


async def get(url: str, **query: str) -> tuple[int, str]:
    """GET a page: its status and text."""
    async with aiohttp.ClientSession() as http, http.get(url, params=query) as response:
        return response.status, await response.text()


def question_ids(visit_questions: list[object]) -> list[int]:
    return [q.id for q in visit_questions]  # type: ignore[attr-defined]


async def test_the_screen_shows_published_questions_by_votes_and_hides_anonymous_askers(
    telegram: Rehearsal,
    visit: Visit,
    workshop: Session,
    organiser: Member,
    rani: Member,
    dimas: Member,
    sari: Member,
):
    await organiser.send("/moderation off")
    await ask(rani, "Bagaimana batik dipasarkan ke luar negeri?")
    await ask(dimas, "Berapa lama membuat satu kain?", anonymous=True)
    await organiser.send("/moderation on")
    await ask(sari, "Pertanyaan yang belum ditinjau")
    url = await screen_link(organiser)
    assert (await organiser.last_message()).photo is not None  # the link's QR code
    status, page = await get(url)
    assert status == 200
    assert "Lokakarya Batik" in page and "Bagaimana batik dipasarkan" in page
    assert "Berapa lama membuat" in page and "Anonim" in page
    assert "Dimas" not in page  # anonymous stays anonymous
    assert "belum ditinjau" not in page  # moderated: shown once published only
    assert "Rani" in page  # named, as participants see it in /questions
    _, english = await get(url, lang="en")
    assert "Questions" in english and "Anonymous" in english
    # Only GET is public.
    async with aiohttp.ClientSession() as http, http.post(url) as response:
        assert response.status == 405


async def test_a_vote_reaches_an_open_screen_within_a_second(
    telegram: Rehearsal,
    visit: Visit,
    workshop: Session,
    organiser: Member,
    rani: Member,
    dimas: Member,
):
    await organiser.send("/moderation off")
    await ask(rani, "Pertanyaan pertama tentang batik")
    await ask(dimas, "Pertanyaan kedua tentang pewarna")
    first, second = question_ids(await telegram.services.questions.store.of_visit(visit.id))
    url = await screen_link(organiser)
    screen = ScreenViewer(url)
    await screen.open()
    try:
        await screen.wait_for(lambda s: s.latest is not None and s.latest.order == [first, second])
        await rani.send("/questions batik")
        card = next(m for m in reversed(rani.messages) if "pewarna" in m.content)
        await rani.press("👍 0", card)
        await screen.wait_for(
            lambda s: s.latest is not None and s.latest.order == [second, first], 1.0
        )
    finally:
        await screen.close()


async def test_on_screen_highlights_the_question_being_answered_and_answers_show(
    telegram: Rehearsal, visit: Visit, workshop: Session, organiser: Member, rani: Member
):
    await ask(rani, "Apa motif batik tertua?")
    [question] = await telegram.services.questions.store.of_visit(visit.id)
    url = await screen_link(organiser)
    await organiser.press(
        "✅ Terbitkan", next(m for m in organiser.messages if "motif" in m.content)
    )
    await organiser.send("/questions batik")
    card = next(m for m in reversed(organiser.messages) if "motif" in m.content)
    await organiser.press("📺 Tampilkan", card)
    _, page = await get(url)
    assert 'class="now"' in page and "Sedang dijawab" in page
    assert f'class="q onscreen" data-id="{question.id}"' in page
    await organiser.press("💬 Jawab", card)
    await organiser.send("Gajah Oling, dari abad ke-18.")
    _, page = await get(url)
    assert "Sudah dijawab" in page and "Gajah Oling, dari abad ke-18." in page


async def test_revoking_a_link_ends_its_screens_and_the_page_says_so(
    telegram: Rehearsal, visit: Visit, workshop: Session, organiser: Member
):
    url = await screen_link(organiser)
    screen = ScreenViewer(url)
    await screen.open()
    try:
        await screen.wait_for(lambda s: s.latest is not None)
        link_message = next(m for m in reversed(organiser.messages) if "/wall/" in m.content)
        await organiser.press("🚫 Cabut tautan ini", link_message)
        await telegram.settle()
        assert any("Tautan layar dicabut" in m.content for m in organiser.messages)
        await screen.wait_for(lambda s: s.gone)
    finally:
        await screen.close()
    status, page = await get(url)
    assert status == 410 and "This screen link is no longer valid." in page
    # `/wall revoke` revokes every link of the visit.
    other = await screen_link(organiser, "")
    assert (await get(other))[0] == 200
    await organiser.send("/wall revoke")
    assert "1 tautan layar dicabut" in (await organiser.last_message()).text
    assert (await get(other))[0] == 410


async def test_a_forged_token_opens_nothing_and_a_link_expires_with_the_visit(
    telegram: Rehearsal, visit: Visit, organiser: Member
):
    url = await screen_link(organiser, "")
    link_id, nonce, signature = url.rsplit("/", 1)[1].split(".")
    base = url.rsplit("/", 1)[0]
    assert (await get(f"{base}/{link_id}.{nonce}.{signature[::-1]}"))[0] == 410
    assert (await get(f"{base}/{link_id}.{nonce[::-1]}.{signature}"))[0] == 410
    assert (await get(f"{base}/{int(link_id) + 1}.{nonce}.{signature}"))[0] == 410
    assert len(nonce) >= 22  # 128 random bits
    assert (await get(url))[0] == 200
    # The visit ends on 31 October (Jakarta); the story starts on the 28th.
    await telegram.move_clock(timedelta(days=4))
    assert (await get(url))[0] == 410


async def test_a_link_serves_a_bounded_number_of_screens(
    telegram: Rehearsal, visit: Visit, organiser: Member
):
    url = await screen_link(organiser, "")
    assert telegram.live.web is not None
    telegram.live.web.wall.feeds.max_viewers = 2
    screens = [ScreenViewer(url) for _ in range(3)]
    try:
        for screen in screens:
            await screen.open()
        assert [s.status for s in screens] == [200, 200, 429]
    finally:
        for screen in screens:
            await screen.close()


async def test_participants_cannot_make_screen_links(
    telegram: Rehearsal, visit: Visit, rani: Member
):
    await rani.send("/wall")
    assert "/wall/" not in (await rani.last_message()).text
    assert await telegram.services.db.fetch_value("SELECT COUNT(*) FROM wall_links") == 0


async def test_the_check_in_count_updates_live_and_the_qr_code_opens_ask_for_the_session(
    telegram: Rehearsal, visit: Visit, workshop: Session, organiser: Member, rani: Member
):
    url = await screen_link(organiser)
    _, page = await get(url)
    assert "<svg" in page and f"?start=ask-s{workshop.id}" in page
    here = re.compile(r'id="here">(\d+) dari (\d+) hadir')
    found = here.search(page)
    assert found is not None and found.group(1) == "0"
    screen = ScreenViewer(url)
    await screen.open()
    try:
        await screen.wait_for(lambda s: s.latest is not None)
        await telegram.move_clock_to(START - timedelta(minutes=5))
        await rani.send("/checkin")
        await rani.press(0)
        await screen.wait_for(
            lambda s: s.latest is not None and 'id="here">1 dari' in s.latest.html, 1.0
        )
    finally:
        await screen.close()
    # The page's QR code: /start ask-s<session> starts a question about the workshop.
    await rani.send(f"/start ask-s{workshop.id}")
    assert "Lokakarya Batik" in (await rani.last_message()).text
    await rani.send("Boleh mencoba membatik sendiri?")
    assert "anonim" in (await rani.last_message()).text.lower()


@pytest.mark.parametrize("mode", ["polling", "webhook"])
async def test_the_running_bot_serves_the_screen_on_wall_port_or_beside_the_webhook(
    tmp_path, mode: str
):
    port = free_port()
    async with TelegramStandIn(token=TOKEN) as standin:
        if mode == "polling":
            values: dict[str, object] = {"wall_port": port, "wall_url": "https://screen.example"}
        else:
            values = {"webhook_url": f"http://127.0.0.1:{port}/telegram/hook", "port": port}
        settings = settings_for(standin, tmp_path / "bot.sqlite3", **values)
        running = RunningBot(settings, ManualClock(STORY_START), listen="127.0.0.1")
        await running.start()
        try:
            visit = await running.services.visits.create(
                check_new_visit(
                    slug="banyuwangi-2025",
                    title="Sesdilu Banyuwangi",
                    region="Banyuwangi",
                    first_day="2025-10-29",
                    last_day="2025-10-31",
                    timezone="Asia/Jakarta",
                    language="id",
                )
            )
            tubagus = standin.user("Tubagus", user_id=BOOTSTRAP_ORGANISER_ID)
            await enrol_started(running.services, visit.id, [tubagus], Role.ORGANISER)
            issued = await running.services.wall.create_link(visit, None, tubagus.id)
            base = "https://screen.example" if mode == "polling" else f"http://127.0.0.1:{port}"
            assert issued.url.startswith(base + "/wall/")
            token = issued.url.rsplit("/", 1)[1]
            status, page = await get(f"http://127.0.0.1:{port}/wall/{token}")
            assert status == 200 and "Sesdilu Banyuwangi" in page
            assert (await get(f"http://127.0.0.1:{port}/healthz"))[0] in (200, 503)
        finally:
            await running.stop()


async def test_the_visit_wide_screen_shows_a_partners_answer_with_the_partners_name(
    telegram: Rehearsal, visit: Visit, organiser: Member, rani: Member, mei: Member
):
    url = await screen_link(organiser, "")
    await organiser.send("/moderation off")
    await questions_story.ask(rani, "Bagaimana UNESCO mendukung batik di pasar dunia?")
    partner_card = next(m for m in reversed(mei.messages) if "UNESCO mendukung" in m.content)
    _, page = await get(url)
    assert "UNESCO mendukung" in page and "Sudah dijawab" not in page
    await mei.reply_to(partner_card, "Lewat program kreatif UNESCO dan pameran.")
    _, page = await get(url)
    assert "Sudah dijawab" in page and "Lewat program kreatif UNESCO" in page
    assert f"— {questions_story.PARTNER}" in page


async def test_make_run_prints_a_link_that_opens_the_demo_visits_screen(tmp_path):
    environment = {k: v for k, v in os.environ.items() if k.upper() not in ("BOT_TOKEN",)}
    environment["DATABASE_PATH"] = str(tmp_path / "rombongan.sqlite3")
    # What `make run` runs: the sandbox when there is no token.
    sandbox = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        "--sandbox-without-token",
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
        env=environment,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert sandbox.stdin is not None and sandbox.stdout is not None
    try:
        async with asyncio.timeout(60):
            while (line := (await sandbox.stdout.readline()).decode()) and "/wall/" not in line:
                pass
        found = LINK.search(line)
        assert found is not None, line
        status, page = await get(found.group(0))
        assert status == 200 and "Sesdilu" in page and "Langsung" in page
    finally:
        sandbox.stdin.write(b":quit\n")
        await sandbox.stdin.drain()
        sandbox.stdin.close()
        async with asyncio.timeout(30):
            await sandbox.communicate()
    assert sandbox.returncode == 0
