"""The room's screen in a real browser: Debian's headless Chromium, driven by Selenium through
the system's chromedriver, against the real bot and the stand-in.

Skipped, with the reason, where no Chromium is installed (`.ci/run` installs it; see
CONTRIBUTING.md). `WALL_SCREENSHOT=docs/wall.png` saves the screenshot the README shows.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest

from sandbox.harness import Member, Rehearsal
from storage.roles import Role
from storage.sessions import Session
from storage.visits import Visit
from tests.browser import CHROMEDRIVER, chromium, missing
from tests.test_checkins import add_sessions, batik
from tests.test_wall import ask, screen_link

CHROMIUM = chromium()
NO_BROWSER = missing()

pytestmark = [
    pytest.mark.screen,
    pytest.mark.skipif(NO_BROWSER is not None, reason=str(NO_BROWSER)),
]

# Records the page's live state as it changes (the restart story looks for "offline").
WATCH_STATES = """
window.__states = [];
new MutationObserver(function () {
  window.__states.push(document.body.classList.contains('offline') ? 'offline' : 'live');
}).observe(document.body, {attributes: true, attributeFilter: ['class']});
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium for the module (starting one costs a second or two)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    assert CHROMIUM is not None
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new",
        "--no-sandbox",  # CI runs as root
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1280,720",
        "--lang=id",
    ):
        options.add_argument(argument)
    # The system's chromedriver: Selenium Manager never looks for (or downloads) another.
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


class Page:
    """The wall open in the browser; each browser call runs off the event loop (the bot
    serves the page from the same loop)."""

    def __init__(self, driver: Any) -> None:
        self.driver = driver

    async def call(self, function: Callable[..., Any], *args: Any) -> Any:
        return await asyncio.to_thread(function, *args)

    async def open(self, url: str) -> None:
        await self.call(self.driver.get, url)
        await self.until("document.body.getAttribute('data-version') !== null")
        await self.script(WATCH_STATES)

    async def script(self, code: str) -> Any:
        return await self.call(self.driver.execute_script, code)

    async def until(self, condition: str, timeout: float = 5.0) -> None:
        """Wait until a JavaScript condition holds on the page."""
        from selenium.webdriver.support.wait import WebDriverWait

        wait = WebDriverWait(self.driver, timeout, poll_frequency=0.05)
        check = f"return Boolean({condition});"
        await self.call(wait.until, lambda driver: driver.execute_script(check))

    async def order(self) -> list[int]:
        ids = await self.script(
            "return Array.from(document.querySelectorAll('#questions li'))"
            ".map(function (li) { return Number(li.dataset.id); });"
        )
        return list(ids)

    async def text(self) -> str:
        return str(await self.script("return document.body.innerText;"))


@pytest.fixture
async def workshop(telegram: Rehearsal, visit: Visit) -> Session:
    """The batik workshop, for everyone."""
    return (await add_sessions(telegram, visit, batik()))["batik"]


async def test_votes_from_three_phones_change_the_order_on_the_screen(
    telegram: Rehearsal, visit: Visit, workshop: Session, organiser: Member, rani: Member, browser
):
    phones = [
        await telegram.join(name, Role.PARTICIPANT, visit.id, username=name.lower())
        for name in ("Dimas", "Sari", "Putu")
    ]
    await organiser.send("/moderation off")
    await ask(rani, "Bagaimana batik Banyuwangi dipasarkan ke luar negeri?")
    await ask(phones[0], "Pewarna alami apa yang dipakai di Kemiren?", anonymous=True)
    first, second = (q.id for q in await telegram.services.questions.store.of_visit(visit.id))
    page = Page(browser)
    await page.open(await screen_link(organiser))
    assert await page.order() == [first, second]
    assert "Anonim" in await page.text() and "Dimas" not in await page.text()
    for phone in phones[1:]:
        await phone.send("/questions batik")
        card = next(m for m in reversed(phone.messages) if "Pewarna" in m.content)
        await phone.press("👍 0" if phone is phones[1] else "👍 1", card)
    await page.until(f"document.body.getAttribute('data-order') === '{second},{first}'", 2.0)
    assert await page.order() == [second, first]
    await page.until("document.querySelector('#questions li .votes').innerText.startsWith('2')")
    if target := os.environ.get("WALL_SCREENSHOT"):
        await page.call(browser.save_screenshot, target)


async def test_publish_answer_and_on_screen_then_a_revoked_link_says_so(
    telegram: Rehearsal, visit: Visit, workshop: Session, organiser: Member, rani: Member, browser
):
    url = await screen_link(organiser)
    page = Page(browser)
    await page.open(url)
    await ask(rani, "Apa motif batik tertua di Banyuwangi?")
    [question] = await telegram.services.questions.store.of_visit(visit.id)
    assert "motif batik tertua" not in await page.text()  # waiting for review
    await organiser.press(
        "✅ Terbitkan", next(m for m in organiser.messages if "motif" in m.content)
    )
    await page.until(f"document.querySelector('#questions li[data-id=\"{question.id}\"]')")
    await organiser.send("/questions batik")
    card = next(m for m in reversed(organiser.messages) if "motif" in m.content)
    await organiser.press("📺 Tampilkan", card)
    await page.until(f"document.querySelector('li.onscreen[data-id=\"{question.id}\"]')")
    await page.until("document.querySelector('#now')")
    await organiser.press("💬 Jawab", card)
    await organiser.send("Gajah Oling, yang tertua dan paling dikenal.")
    await page.until("document.querySelector('#answered')")
    assert "Gajah Oling, yang tertua" in await page.text()
    link_message = next(m for m in reversed(organiser.messages) if "/wall/" in m.content)
    await organiser.press("🚫 Cabut tautan ini", link_message)
    await page.until("document.getElementById('gone')")
    assert "This screen link is no longer valid." in await page.text()
    assert "Tautan layar ini tidak berlaku lagi." in await page.text()


async def test_the_page_reconnects_after_the_bot_restarts(
    telegram: Rehearsal, visit: Visit, workshop: Session, organiser: Member, rani: Member, browser
):
    dimas = await telegram.join("Dimas", Role.PARTICIPANT, visit.id, username="dimas_k")
    await organiser.send("/moderation off")
    await ask(rani, "Pertanyaan pertama tentang batik")
    await ask(dimas, "Pertanyaan kedua tentang pewarna")
    first, second = (q.id for q in await telegram.services.questions.store.of_visit(visit.id))
    page = Page(browser)
    await page.open(await screen_link(organiser))
    assert "Live" in await page.text() or "Langsung" in await page.text()
    await telegram.restart()
    await page.until("window.__states.indexOf('offline') >= 0")  # it showed it was not live
    await page.until("!document.body.classList.contains('offline')")  # and reconnected
    await rani.send("/questions batik")
    card = next(m for m in reversed(rani.messages) if "pewarna" in m.content)
    await rani.press("👍 0", card)
    await page.until(f"document.body.getAttribute('data-order') === '{second},{first}'", 2.0)


@pytest.mark.skipif(not os.environ.get("WALL_SCREENSHOT"), reason="set WALL_SCREENSHOT=PATH")
async def test_a_screenshot_of_a_busy_wall_for_the_docs(
    telegram: Rehearsal, visit: Visit, workshop: Session, organiser: Member, rani: Member, browser
):
    """Not a story: `WALL_SCREENSHOT=docs/wall.png` saves the screenshot the README shows."""
    people = [rani] + [
        await telegram.join(name, Role.PARTICIPANT, visit.id, username=name.lower())
        for name in ("Dimas", "Sari", "Putu", "Ayu", "Bima")
    ]
    await organiser.send("/moderation off")
    asked = [
        ("Bagaimana batik Banyuwangi bisa masuk pasar Eropa tanpa kehilangan maknanya?", False),
        ("Pewarna alami apa yang dipakai perajin di Kemiren?", True),
        ("Apakah ada program residensi untuk desainer muda?", False),
        ("Berapa lama membuat satu kain batik tulis Gajah Oling?", True),
    ]
    for person, (text, anonymous) in zip(people, asked, strict=False):
        await ask(person, text, anonymous=anonymous)
    ids = [q.id for q in await telegram.services.questions.store.of_visit(visit.id)]
    for voters, question in ((people[2:], ids[0]), (people[3:5], ids[2]), (people[4:], ids[1])):
        for voter in voters:
            await voter.send("/questions batik")
            card = next(m for m in reversed(voter.messages) if f"#{question}" in m.content)
            await voter.press(0, card)
    await organiser.send("/questions batik")
    card = next(m for m in reversed(organiser.messages) if "#" + str(ids[3]) in m.content)
    await organiser.press("💬 Jawab", card)
    await organiser.send("Sekitar tiga minggu untuk satu kain, tergantung rumitnya motif.")
    await organiser.send("/questions batik")
    card = next(m for m in reversed(organiser.messages) if "#" + str(ids[0]) in m.content)
    await organiser.press("📺 Tampilkan", card)
    await telegram.move_clock_to(workshop.starts_at - timedelta(minutes=5))
    for person in people[:4]:
        await person.send("/checkin")
        await person.press(0)
    page = Page(browser)
    await page.call(browser.set_window_size, 1600, 1000)
    await page.open(await screen_link(organiser))
    await page.call(browser.save_screenshot, os.environ["WALL_SCREENSHOT"])
