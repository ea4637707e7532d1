"""`/mydata`: a copy of everything the bot holds about a person, as JSON (machine-readable)
and as an HTML page (readable), in their language (UU 27/2022 Pasal 7 and 13)."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.clock import Clock
from bot.i18n import Texts
from storage.mydata import HeldData, MyDataStore

FORMAT_VERSION = 1


@dataclass(frozen=True, slots=True)
class DataCopy:
    """The two files of a copy."""

    json: bytes
    html: bytes


class MyData:
    """Gathering a person's data and writing it out."""

    def __init__(self, store: MyDataStore, texts: Texts, clock: Clock) -> None:
        self.store = store
        self.texts = texts
        self.clock = clock

    async def copy(self, person_id: int, language: str) -> DataCopy:
        """The JSON and HTML files of everything stored about the person."""
        held = await self.store.held_about(person_id)
        now = self.clock.now()
        return DataCopy(self.as_json(held, now), self.as_html(held, now, language))

    def as_json(self, held: HeldData, now: datetime) -> bytes:
        """One JSON object: when, the person's row, then rows per table."""
        document = {
            "format": f"rombongan-mydata/{FORMAT_VERSION}",
            "generated_at": now.isoformat(),
            "person": held.person,
            "tables": held.tables,
        }
        return json.dumps(document, ensure_ascii=False, indent=2, default=str).encode("utf-8")

    def label(self, language: str, table: str) -> str:
        """A table's name for people, when the catalogue has one."""
        key = f"mydata.table.{table}"
        return self.texts.get(language, key) if self.texts.has(key) else table

    def as_html(self, held: HeldData, now: datetime, language: str) -> bytes:
        """A page with one section per table; every value escaped."""
        title = self.texts.get(language, "mydata.html.title")
        parts = [
            f'<!DOCTYPE html>\n<html lang="{language}"><head><meta charset="utf-8">',
            f"<title>{title}</title>",
            "<style>body{font-family:sans-serif;max-width:60em;margin:auto}"
            "table{border-collapse:collapse}td,th{border:1px solid #999;padding:.2em .4em;"
            "vertical-align:top;text-align:left}pre{margin:0;white-space:pre-wrap}</style>",
            f"</head><body><h1>{title}</h1>",
            f"<p>{self.texts.get(language, 'mydata.html.intro', when=now.isoformat())}</p>",
        ]
        sections: list[tuple[str, list[dict[str, Any]]]] = []
        if held.person is not None:
            sections.append(("people", [held.person]))
        sections += list(held.tables.items())
        for table, rows in sections:
            parts.append(f"<h2>{html.escape(self.label(language, table))}</h2>")
            columns = list(rows[0])
            parts.append("<table><tr>")
            parts += [f"<th>{html.escape(column)}</th>" for column in columns]
            parts.append("</tr>")
            for row in rows:
                parts.append("<tr>")
                parts += [f"<td>{_cell(row[column])}</td>" for column in columns]
                parts.append("</tr>")
            parts.append("</table>")
        if not sections:
            parts.append(f"<p>{self.texts.get(language, 'mydata.html.nothing')}</p>")
        parts.append("</body></html>\n")
        return "".join(parts).encode("utf-8")


def _cell(value: Any) -> str:
    """A value in a table cell: text escaped, nested JSON shown as it is."""
    if value is None:
        return ""
    if isinstance(value, dict | list):
        dumped = json.dumps(value, ensure_ascii=False, indent=1)
        return f"<pre>{html.escape(dumped)}</pre>"
    return html.escape(str(value))
