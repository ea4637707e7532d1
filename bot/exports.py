"""The one writer every export uses, as CSV or as an Excel workbook (.xlsx).

- CSV: UTF-8 with a BOM (Excel then reads it as UTF-8: `Amélie`, not `AmÃ©lie`), and no cell a
  spreadsheet would run as a formula (a leading `'`).
- XLSX: a bold, frozen header row with a filter, columns wide enough to read, moments as real
  date-times in the visit's time zone (sortable and filterable without an import dialog), and
  text always stored as text, so `=HYPERLINK(...)` stays a name and never becomes a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo

FORMATS = ("csv", "xlsx")
MEDIA_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

# A cell starting with one of these is a formula (or becomes one) in Excel, LibreOffice and
# Google Sheets: `=HYPERLINK(...)`, `+1+1`, `-1+1`, `@SUM(...)`, and a tab or carriage
# return before any of them.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MOMENT = "%Y-%m-%d %H:%M"
WIDEST = 60  # characters: longer texts wrap in their cell rather than widen the sheet


def safe_cell(value: object) -> object:
    """A CSV cell as it will be written: text that starts like a formula gets a leading `'`."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@dataclass(frozen=True)
class Table:
    """An export's rows; `datetime` cells are shown in `zone` (with `moments[column]`'s
    strftime pattern, default minutes)."""

    header: Sequence[str]
    rows: Sequence[Sequence[object]]
    zone: tzinfo = UTC
    moments: Mapping[str, str] = field(default_factory=dict)
    title: str = "export"

    def local(self, value: datetime) -> datetime:
        """A moment in the table's zone."""
        return value.astimezone(self.zone)

    def pattern(self, column: int) -> str:
        """The strftime pattern of a column's moments."""
        return self.moments.get(self.header[column], MOMENT)


def export_file(table: Table, format_: str) -> bytes:
    """The table as a whole file in a format of `FORMATS`."""
    if format_ == "xlsx":
        return xlsx_file(table)
    if format_ != "csv":
        raise ValueError(f"unknown export format {format_!r}")
    rows = (
        [
            table.local(value).strftime(table.pattern(i)) if isinstance(value, datetime) else value
            for i, value in enumerate(row)
        ]
        for row in table.rows
    )
    return csv_file(table.header, rows)


def csv_file(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """A whole CSV file: the header, then the rows, every text cell neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_file(table: Table) -> bytes:
    """The table as an Excel workbook of one sheet."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = table.title[:31]
    widths = [len(name) for name in table.header]
    sheet.append(list(table.header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for values in table.rows:
        row = []
        for i, value in enumerate(values):
            if isinstance(value, datetime):
                # Excel has no time zones: the wall-clock time of the visit's zone.
                value = table.local(value).replace(tzinfo=None)
                widths[i] = max(widths[i], 19)
            elif isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
                widths[i] = max(widths[i], min(WIDEST, max(map(len, value.split("\n")))))
            elif value is not None:
                widths[i] = max(widths[i], len(str(value)))
            row.append(value)
        sheet.append(row)
    for column, values in enumerate(sheet.iter_cols(min_row=2), start=0):
        seconds = "%S" in table.pattern(column)
        for cell in values:
            if isinstance(cell.value, datetime):
                cell.number_format = "yyyy-mm-dd hh:mm:ss" if seconds else "yyyy-mm-dd hh:mm"
            elif isinstance(cell.value, str):
                # Text is text: openpyxl would store "=..." as a formula.
                cell.data_type = "s"
                if "\n" in cell.value or len(cell.value) > WIDEST:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width + 2
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
