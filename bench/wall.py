"""The room's screen under a crowd: 50 open event streams while 300 votes arrive.

    python -m bench.wall --viewers 50 --votes 300 --rtt-ms 150

The bot runs as `python -m bot` (the production entry point, polling, with `WALL_PORT`, on the
system clock, in its own process) against a stand-in in this process that enforces Telegram's
flood limits with a round trip of `--rtt-ms` (± `--jitter-ms`). On a fresh database:

1. a visit with one session and its questions (published), and `--votes` participants, each of
   whom the bot sent one card with the questions' 👍 buttons (through its outbox, paced);
2. baseline: `--votes` votes from people pressing 👍 (`--rate` a second) with no screen open;
   `reply` is the time from a press to the bot's answer (the toast) reaching the person;
3. the same number of votes, from the same people on other questions of the session, while
   `--viewers` screens hold the session's event stream open. For each vote: the time until
   *every* screen has received a board counting it (the n-th vote on a question is counted once
   a board shows at least n votes on it). `missed` counts votes some screen never saw within
   `--timeout`, plus screens whose last board's order is not the one in the database.

`bot_cpu_s` is the bot process's CPU time (user + system) during step 3. Last line:

    wall: viewers=50 votes=300 update_p99_ms=P update_max_ms=M missed=X bot_cpu_s=C

The line before it compares the votes' replies in chat with and without the screens.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import math
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp

from bench import peak_rss_mb
from bench.checkin import FIRST_USER_ID, new_standin, p99, people
from bot.clock import SystemClock
from bot.outbox import Button, Delivery, OutgoingMessage
from bot.services import Services
from bot.visits import check_new_visit
from sandbox.harness import TOKEN, enrol_started, free_port, settings_for
from sandbox.screen import ScreenViewer
from sandbox.standin import TelegramStandIn
from sandbox.users import SentMessage, SimulatedUser
from storage.questions import PUBLISHED, NewQuestion
from storage.roles import Role
from storage.sessions import SessionFields, SessionStore, Venue

QUESTIONS = 8  # on the screen; the first half take the baseline's votes, the rest the measured
CARD_MARK = "Pertanyaan sesi"


@dataclass
class Seeded:
    """What the bench set up before starting the bot."""

    wall_url: str
    baseline_questions: list[int]
    measured_questions: list[int]
    session_id: int


def cpu_seconds(pid: int) -> float:
    """A process's CPU time so far (user + system), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def seed(
    database: Path, standin: TelegramStandIn, users: list[SimulatedUser], wall_port: int
) -> Seeded:
    """The visit, its people, the session's questions, a screen link and the vote cards."""
    wall_url = f"http://127.0.0.1:{wall_port}"
    services = Services.create(settings_for(standin, database, wall_url=wall_url), SystemClock())
    await services.open()
    try:
        today = datetime.now(UTC).date()
        visit = await services.visits.create(
            check_new_visit(
                slug="bench",
                title="Bench visit",
                region="Banyuwangi",
                first_day=f"{today - timedelta(days=1):%Y-%m-%d}",
                last_day=f"{today + timedelta(days=2):%Y-%m-%d}",
                timezone="Asia/Jakarta",
                language="id",
            )
        )
        # This bench measures its own messages alone: the evening's reflection prompt (on by
        # default, open until noon the next day) would join them at some hours of the day.
        await services.learning.reflection.set_time(visit, "off")
        await enrol_started(services, visit.id, users, Role.PARTICIPANT)
        # The askers vote on nothing (no one votes on their own question).
        askers = [
            standin.user(f"Penanya{n}", user_id=FIRST_USER_ID - 1 - n) for n in range(QUESTIONS)
        ]
        await enrol_started(services, visit.id, askers, Role.PARTICIPANT)
        now = services.clock.now()
        fields = SessionFields(
            key="forum",
            title_id="Forum mitra",
            title_en="Partners' forum",
            starts_at=now - timedelta(minutes=30),
            ends_at=now + timedelta(hours=2),
            venue=Venue(name="Pendopo", latitude=-8.2192, longitude=114.3691),
        )
        await SessionStore(services.db).apply(visit.id, [fields], [], now)
        session = await services.checkins.find_session(visit.id, "forum")
        assert session is not None
        ids = []
        for number in range(QUESTIONS):
            text = f"Pertanyaan {number + 1} untuk forum mitra?"
            question_id = await services.questions.store.create(
                NewQuestion(
                    visit_id=visit.id,
                    asker_id=askers[number].id,
                    partner_id=None,
                    session_id=session.id,
                    target_name=fields.title_id,
                    text=text,
                    text_key=text.casefold(),
                    anonymous=number % 2 == 1,
                ),
                PUBLISHED,
                now,
            )
            assert question_id is not None
            ids.append(question_id)
        rows = tuple(
            tuple(Button(f"👍 {n + 1}", f"qa:v:{qid}") for n, qid in enumerate(ids) if n // 4 == r)
            for r in range(math.ceil(len(ids) / 4))
        )
        # One card for everyone, with every question's 👍, sent by the bot's worker once it runs.
        await services.outbox.enqueue(
            [
                Delivery(
                    chat_id=user.id,
                    message=OutgoingMessage(f"{CARD_MARK}: 👍 untuk memilih", rows),
                    kind="question",
                    visit_id=visit.id,
                    batch="bench-cards",
                    dedupe_key=f"bench-card:{user.id}",
                )
                for user in users
            ]
        )
        organiser = users[0].id
        issued = await services.wall.create_link(visit, session, organiser)
        half = len(ids) // 2
        return Seeded(issued.url, ids[:half], ids[half:], session.id)
    finally:
        await services.close()


def card_of(user: SimulatedUser) -> SentMessage | None:
    """The vote card the bot sent this person."""
    for message in user.messages:
        if CARD_MARK in message.content:
            return message
    return None


def schedule(questions: list[int], count: int, seed: int) -> list[int]:
    """Which question each vote goes to: a leader that changes twice, with noise."""
    rng = random.Random(seed)
    plan = []
    for number in range(count):
        leader = questions[min(len(questions) - 1, number * 3 // max(1, count))]
        plan.append(leader if rng.random() < 0.6 else rng.choice(questions))
    return plan


async def vote_wave(
    users: list[SimulatedUser], plan: list[int], cards: dict[int, SentMessage], rate: float
) -> tuple[list[float], list[float]]:
    """Each person presses 👍 on their question at `rate` a second; (press moments, and each
    press's answer time in seconds, by the stand-in's clock)."""
    pressed: list[float] = []
    answered_before = {user.id: len(user.callback_answers) for user in users}
    tasks = []
    start = time.monotonic()
    perf_pressed: list[float] = []
    for index, (user, question) in enumerate(zip(users, plan, strict=True)):
        delay = start + index / rate - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)  # the votes' pace, in real time
        pressed.append(time.monotonic())
        perf_pressed.append(time.perf_counter())
        tasks.append(asyncio.create_task(user.press_data(f"qa:v:{question}", cards[user.id])))
    await asyncio.gather(*tasks)
    replies: list[float] = []
    deadline = time.monotonic() + 60
    for user, at in zip(users, perf_pressed, strict=True):
        while len(user.callback_answers) <= answered_before[user.id]:
            if time.monotonic() > deadline:
                break
            await asyncio.sleep(0.05)  # waiting for the stand-in to record the answer
        new = user.callback_answers[answered_before[user.id] :]
        replies.append(new[0].answered_at - at if new else math.inf)
    return pressed, replies


def update_latencies(
    plan: list[int], pressed: list[float], viewers: list[ScreenViewer], start_votes: dict[int, int]
) -> list[float]:
    """For each vote, the time until every screen had a board counting it (inf: never)."""
    seen_so_far: dict[int, int] = dict(start_votes)
    latencies = []
    for question, at in zip(plan, pressed, strict=True):
        seen_so_far[question] = seen_so_far.get(question, 0) + 1
        needed = seen_so_far[question]
        slowest = 0.0
        for viewer in viewers:
            moment = next(
                (b.at for b in viewer.boards if b.votes.get(question, 0) >= needed), math.inf
            )
            slowest = max(slowest, moment - at)
        latencies.append(slowest)
    return latencies


def database_order(database: Path, session_id: int) -> list[int]:
    """The session's published questions by votes, as the screen orders them."""
    with contextlib.closing(sqlite3.connect(database)) as connection:
        rows = connection.execute(
            "SELECT q.id, (SELECT COUNT(*) FROM question_votes v WHERE v.question_id = q.id) AS n"
            " FROM questions q WHERE q.session_id = ? AND q.state = 'published'"
            " ORDER BY n DESC, q.id",
            (session_id,),
        ).fetchall()
    return [int(row[0]) for row in rows]


async def main(
    viewers_count: int, votes: int, rtt_ms: float, jitter_ms: float, rate: float, timeout: float
) -> str:
    """Seed, start the bot, the baseline wave, the measured wave; the result line."""
    standin = new_standin(rtt_ms, jitter_ms)
    await standin.start()
    users = people(standin, votes)
    wall_port = free_port()
    with tempfile.TemporaryDirectory(prefix="bench-wall-") as folder:
        database = Path(folder) / "bench.sqlite3"
        seeded = await seed(database, standin, users, wall_port)
        env = {
            **os.environ,
            "BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": standin.api_root,
            "DATABASE_PATH": str(database),
            "WALL_PORT": str(wall_port),
            "WALL_URL": f"http://127.0.0.1:{wall_port}",
            "LOG_LEVEL": "ERROR",
            "BACKUP_EVERY_HOURS": "0",
        }
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            env=env,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        http = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=viewers_count + 10))
        viewers = [ScreenViewer(seeded.wall_url) for _ in range(viewers_count)]
        try:
            await standin.wait_until(
                lambda: all(card_of(user) for user in users), timeout=timeout, what="the cards"
            )
            cards = {user.id: card for user in users if (card := card_of(user)) is not None}
            await asyncio.sleep(1.5)  # the buckets fill again, as before people react

            # 2. The baseline: the same votes' replies with no screen open.
            baseline_plan = schedule(seeded.baseline_questions, votes, seed=1)
            _, baseline_replies = await vote_wave(users, baseline_plan, cards, rate)
            await asyncio.sleep(1.5)

            # 3. The screens open, then the measured votes.
            for viewer in viewers:
                await viewer.open(http)
            assert all(viewer.status == 200 for viewer in viewers), [v.status for v in viewers]
            await asyncio.gather(
                *(viewer.wait_for(lambda v: v.latest is not None, timeout) for viewer in viewers)
            )
            start_votes = dict(viewers[0].latest.votes) if viewers[0].latest else {}
            plan = schedule(seeded.measured_questions, votes, seed=2)
            cpu_before = cpu_seconds(process.pid)
            pressed, replies = await vote_wave(users, plan, cards, rate)
            final = database_order(database, seeded.session_id)
            with contextlib.suppress(TimeoutError):
                await asyncio.gather(
                    *(
                        viewer.wait_for(
                            lambda v: v.latest is not None and v.latest.order == final, timeout
                        )
                        for viewer in viewers
                    )
                )
            cpu = cpu_seconds(process.pid) - cpu_before
            memory = peak_rss_mb(process.pid)
            latencies = update_latencies(plan, pressed, viewers, start_votes)
            late = [value for value in latencies if value > timeout]
            wrong = sum(
                1 for viewer in viewers if viewer.latest is None or viewer.latest.order != final
            )
            missed = len(late) + wrong
            changes = len({tuple(b.order) for b in viewers[0].boards})
            seen = [value for value in latencies if math.isfinite(value)]
        finally:
            for viewer in viewers:
                await viewer.close()
            await http.close()
            if process.returncode is None:
                process.terminate()
                await process.wait()
            await standin.stop()

    def ms(values: list[float], pick: str) -> str:
        finite = [v for v in values if math.isfinite(v)]
        if not finite:
            return "inf"
        value = p99(finite) if pick == "p99" else statistics.median(finite)
        return f"{value * 1000:.0f}"

    print(
        f"context: {votes} votes at {rate:g}/s, {QUESTIONS // 2} questions each wave;"
        f" the screens saw {changes} different orders; boards per screen:"
        f" {statistics.median(len(v.boards) for v in viewers):.0f} (median)"
    )
    print(
        f"replies: without screens p50_ms={ms(baseline_replies, 'p50')}"
        f" p99_ms={ms(baseline_replies, 'p99')};"
        f" with {viewers_count} screens p50_ms={ms(replies, 'p50')} p99_ms={ms(replies, 'p99')}"
        f" (ratio p99 {p99(replies) / p99(baseline_replies):.2f})"
    )
    print(f"memory: bot_process_peak_rss_mb={memory:.1f} (python -m bot, VmHWM)")
    update_p99 = p99(seen) * 1000 if seen else math.inf
    update_max = max(latencies, default=math.inf) * 1000
    return (
        f"wall: viewers={viewers_count} votes={votes} update_p99_ms={update_p99:.0f}"
        f" update_max_ms={update_max:.0f} missed={missed} bot_cpu_s={cpu:.2f}"
    )


def cli() -> None:
    """Parse the arguments, run, print the result line last."""
    parser = argparse.ArgumentParser(prog="python -m bench.wall", description=__doc__)
    parser.add_argument("--viewers", type=int, default=50)
    parser.add_argument("--votes", type=int, default=300)
    parser.add_argument("--rtt-ms", type=float, default=150.0)
    parser.add_argument("--jitter-ms", type=float, default=20.0)
    parser.add_argument("--rate", type=float, default=20.0, help="votes a second")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds to wait per step")
    arguments = parser.parse_args()
    logging.getLogger("aiohttp.server").setLevel(logging.CRITICAL)
    line = asyncio.run(
        main(
            arguments.viewers,
            arguments.votes,
            arguments.rtt_ms,
            arguments.jitter_ms,
            arguments.rate,
            arguments.timeout,
        )
    )
    print(line)


if __name__ == "__main__":
    cli()
