"""How fast the creator directory answers with many approved profiles (the FTS5 index).

    python -m bench.creators_search --profiles 5000 --queries 500

Prints this process's peak memory, then `creators_search: profiles=5000 p99_ms=...`. It talks
to no Telegram, so it has no round trip or limits.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import resource
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bot.clock import ManualClock
from bot.creators import DISCIPLINES, Creators
from storage import Database
from storage.creators import CreatorStore
from storage.times import to_db

NOW = datetime(2025, 10, 28, 2, 0, tzinfo=UTC)
FIRST = ["Sekar", "Budi", "Ayu", "Wayan", "Rina", "Agus", "Dewi", "Eko", "Putri", "Joko"]
LAST = ["Arum", "Santoso", "Lestari", "Wibowo", "Pratiwi", "Hidayat", "Kusuma", "Saputra"]
PLACES = ["Kemiren", "Glagah", "Olehsari", "Licin", "Giri", "Kalibaru", "Genteng", "Rogojampi"]
WORDS = [
    "batik",
    "tulis",
    "gajah",
    "oling",
    "gandrung",
    "seblang",
    "kopi",
    "osing",
    "angklung",
    "tari",
    "biola",
    "kendang",
    "anyaman",
    "bambu",
    "kayu",
    "ukir",
    "film",
    "dokumenter",
    "foto",
    "desain",
    "grafis",
    "kuliner",
    "pecel",
    "rawon",
    "gim",
    "digital",
    "musik",
    "pantai",
    "ijen",
    "kawah",
    "tenun",
    "pewarna",
    "alami",
    "pertunjukan",
    "sanggar",
]


async def fill(db: Database, visit_id: int, profiles: int, rng: random.Random) -> None:
    """Approved profiles straight into the tables, as the review would leave them."""
    stamp = to_db(NOW)
    async with db.transaction() as tx:
        for number in range(profiles):
            person_id = 10_000 + number
            await tx.execute(
                "INSERT INTO people (id, first_name, created_at, updated_at) VALUES (?, ?, ?, ?)",
                (person_id, rng.choice(FIRST), stamp, stamp),
            )
            data = {
                "name": f"{rng.choice(FIRST)} {rng.choice(LAST)} {number}",
                "disciplines": rng.sample(DISCIPLINES, rng.randint(1, 2)),
                "bio": " ".join(rng.choices(WORDS, k=rng.randint(20, 60))),
                "place": rng.choice(PLACES),
                "links": [],
                "photos": [],
            }
            text = json.dumps(data)
            cursor = await tx.execute(
                "INSERT INTO creator_profiles (visit_id, person_id, status, draft_json,"
                " approved_json, submitted_at, approved_at) VALUES (?, ?, 'approved', ?, ?, ?, ?)",
                (visit_id, person_id, text, text, stamp, stamp),
            )
            await tx.execute(
                "INSERT INTO creator_search (rowid, name, bio, place, disciplines)"
                " VALUES (?, ?, ?, ?, ?)",
                (
                    cursor.lastrowid,
                    data["name"],
                    data["bio"],
                    data["place"],
                    " ".join(data["disciplines"]),
                ),
            )


async def run(profiles: int, queries: int, seed: int) -> float:
    """Fill a fresh database and return the 99th percentile of search times in ms."""
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as folder:
        db = Database(Path(folder) / "bench.sqlite3")
        await db.open()
        await db.execute(
            "INSERT INTO visits (slug, title, timezone, first_day, last_day, created_at)"
            " VALUES ('bench', 'Bench', 'Asia/Jakarta', '2025-10-29', '2025-10-31', ?)",
            (to_db(NOW),),
        )
        visit_id = int(await db.fetch_value("SELECT id FROM visits"))
        await fill(db, visit_id, profiles, rng)
        creators = Creators(CreatorStore(db), ManualClock(NOW))
        timings = []
        for _ in range(queries):
            words = " ".join(rng.sample(WORDS + PLACES + FIRST, rng.randint(0, 2)))
            discipline = rng.choice([None, *DISCIPLINES])
            page = rng.randint(0, 3)
            started = time.perf_counter()
            await creators.search(visit_id, words, discipline, page)
            timings.append((time.perf_counter() - started) * 1000)
        await db.close()
    timings.sort()
    return timings[min(len(timings) - 1, int(len(timings) * 0.99))]


def main() -> None:
    """Parse the options, run, print the one line."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--profiles", type=int, default=5000)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    options = parser.parse_args()
    p99 = asyncio.run(run(options.profiles, options.queries, options.seed))
    # No bot process here (the search code runs in this one, with no Telegram): this process's
    # own peak (Linux reports ru_maxrss in KiB).
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"memory: process_peak_rss_mb={peak:.1f} (this process: the search and its database)")
    print(f"creators_search: profiles={options.profiles} p99_ms={p99:.1f}")


if __name__ == "__main__":
    main()
