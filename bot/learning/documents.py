"""The two reports as Word documents (python-docx), and the impact report's charts
(matplotlib, Agg backend, imported only when a chart is drawn: it is slow to import).

Texts come from the catalogue in the reader's language, as plain text (a document has no
Telegram HTML); moments are shown in the visit's time zone.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from bot.i18n import Texts, clock_time, day, shorten, tenths, when
from bot.learning.feedback import stars
from bot.learning.reflection import voice_length
from bot.learning.reports import ImpactReport, PersonalReport
from bot.visits import zone_of
from storage.learning import PROMPTS

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

CHART_WIDTH_CM = 16


@dataclass(frozen=True, slots=True)
class Chart:
    """A chart as a PNG image, with its caption."""

    name: str
    caption: str
    png: bytes


def _new_document(title: str) -> DocxDocument:
    from docx import Document

    document = Document()
    document.core_properties.title = title
    return document


def _table(document: DocxDocument, header: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = text


def _bytes(document: DocxDocument) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def personal_docx(report: PersonalReport, texts: Texts, language: str) -> bytes:
    """The personal visit report, laid out like a trip report, in the person's language."""
    t = texts.plain
    visit = report.visit
    zone = zone_of(visit)
    document = _new_document(t(language, "doc.my.title"))
    document.add_heading(t(language, "doc.my.title"), level=0)
    document.add_paragraph(t(language, "doc.my.name", name=report.person.full_name))
    document.add_paragraph(t(language, f"doc.role.{report.role.value}"))

    document.add_heading(t(language, "doc.my.purpose"), level=1)
    document.add_paragraph(
        t(language, "doc.my.purpose_text", visit=visit.title, region=visit.region)
    )
    document.add_paragraph(
        t(
            language,
            "doc.my.dates",
            first=day(visit.first_day, language),
            last=day(visit.last_day, language),
        )
    )

    document.add_heading(t(language, "doc.my.programme"), level=1)
    if report.programme:
        rows = []
        for line in report.programme:
            session = line.session
            checked = clock_time(line.checked_in_at, language, zone)
            if line.late:
                checked += " " + t(language, "doc.my.late")
            rows.append(
                [
                    when(session.starts_at, language, zone)
                    + "–"
                    + clock_time(session.ends_at, language, zone),
                    session.title(language),
                    ", ".join(p for p in (session.venue.name, session.venue.address) if p),
                    checked,
                    stars(line.rating) if line.rating else "",
                ]
            )
        _table(
            document,
            [
                t(language, "doc.col.when"),
                t(language, "doc.col.session"),
                t(language, "doc.col.venue"),
                t(language, "doc.col.checked_in"),
                t(language, "doc.col.rating"),
            ],
            rows,
        )
    else:
        document.add_paragraph(t(language, "doc.none"))

    document.add_heading(t(language, "doc.my.questions"), level=1)
    if report.questions:
        for number, asked in enumerate(report.questions, start=1):
            document.add_paragraph(
                t(language, "doc.my.question", number=number, target=asked.target, text=asked.text)
            )
            if asked.answer:
                answered = when(asked.answered_at, language, zone) if asked.answered_at else ""
                document.add_paragraph(
                    t(language, "doc.my.answer", answer=asked.answer, when=answered)
                )
            else:
                document.add_paragraph(t(language, f"doc.my.unanswered.{asked.state}"))
    else:
        document.add_paragraph(t(language, "doc.none"))

    document.add_heading(t(language, "doc.my.met"), level=1)
    if report.partners_met:
        document.add_paragraph(t(language, "doc.my.partners", names=", ".join(report.partners_met)))
    for intro in report.introductions:
        document.add_paragraph(
            t(
                language,
                f"doc.my.intro.{intro.status}",
                creator=intro.creator_name,
                disciplines=", ".join(intro.disciplines),
            ),
            style="List Bullet",
        )
    if not report.partners_met and not report.introductions:
        document.add_paragraph(t(language, "doc.none"))

    document.add_heading(t(language, "doc.my.reflections"), level=1)
    if report.reflections:
        for reflection in report.reflections:
            document.add_heading(day(reflection.day, language), level=2)
            for prompt in PROMPTS:
                given = reflection.answers.get(prompt)
                if given is None:
                    continue
                paragraph = document.add_paragraph()
                paragraph.add_run(t(language, f"doc.prompt.{prompt}") + " ").bold = True
                if given.voice is not None:
                    paragraph.add_run(t(language, "doc.voice", length=voice_length(given.seconds)))
                else:
                    paragraph.add_run(given.text or "")
    else:
        document.add_paragraph(t(language, "doc.none"))

    document.add_heading(t(language, "doc.my.conclusions"), level=1)
    document.add_paragraph(t(language, "doc.my.conclusions_hint"))
    for _ in range(4):
        document.add_paragraph("")
    document.add_paragraph(t(language, "doc.my.signature", region=visit.region))
    document.add_paragraph("")
    document.add_paragraph(report.person.full_name)
    return _bytes(document)


# ---------------------------------------------------------------------- charts


def _figure(width: float, height: float) -> Any:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=110, layout="constrained")


def _png(figure: Any) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def charts(report: ImpactReport, texts: Texts, language: str) -> list[Chart]:
    """Attendance per session and feedback per session, drawn from the figures."""
    t = texts.plain
    zone = zone_of(report.visit)
    sessions = report.sessions
    if not sessions:
        return []
    labels = [
        shorten(s.session.title(language), 34)
        + "\n"
        + clock_time(s.session.starts_at, language, zone)
        for s in sessions
    ]
    height = max(3.0, 0.45 * len(sessions) + 1.2)
    positions = list(range(len(sessions)))

    from matplotlib.ticker import MaxNLocator  # matplotlib is slow to import: only here

    figure = _figure(8, height)
    axes = figure.subplots()
    present = [s.present for s in sessions]
    late = [s.late for s in sessions]
    missing = [s.missing + s.absent for s in sessions]
    axes.barh(positions, present, color="#2e7d32", label=t(language, "doc.chart.present"))
    axes.barh(positions, late, left=present, color="#f9a825", label=t(language, "doc.chart.late"))
    axes.barh(
        positions,
        missing,
        left=[p + lt for p, lt in zip(present, late, strict=True)],
        color="#bdbdbd",
        label=t(language, "doc.chart.missing"),
    )
    axes.set_yticks(positions, labels, fontsize=7)
    axes.invert_yaxis()
    axes.set_xlabel(t(language, "doc.chart.people"))
    axes.set_title(t(language, "doc.chart.attendance"), pad=24)
    # People come whole; the legend sits above the bars so it never hides the last one.
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=3, fontsize=7, frameon=False)
    attendance = Chart("attendance", t(language, "doc.chart.attendance"), _png(figure))

    figure = _figure(8, height)
    axes = figure.subplots()
    averages = [s.feedback.average or 0 for s in sessions]
    bars = axes.barh(positions, averages, color="#1565c0")
    for bar, each in zip(bars, sessions, strict=True):
        if each.feedback.responses:
            axes.text(
                bar.get_width() + 0.05,
                bar.get_y() + bar.get_height() / 2,
                f"{each.feedback.average:.1f} (n={each.feedback.responses})",
                va="center",
                fontsize=7,
            )
    axes.set_xlim(0, 5.8)
    axes.set_yticks(positions, labels, fontsize=7)
    axes.invert_yaxis()
    axes.set_xlabel(t(language, "doc.chart.average"))
    axes.set_title(t(language, "doc.chart.feedback"))
    feedback = Chart("feedback", t(language, "doc.chart.feedback"), _png(figure))
    return [attendance, feedback]


# ---------------------------------------------------------------------- impact report


def impact_docx(
    report: ImpactReport, texts: Texts, language: str, drawn: list[Chart], now: datetime
) -> bytes:
    """The organisers' impact report with its charts embedded."""
    from docx.shared import Cm

    t = texts.plain
    visit = report.visit
    zone = zone_of(visit)
    document = _new_document(t(language, "doc.impact.title"))
    document.add_heading(t(language, "doc.impact.title"), level=0)
    document.add_paragraph(
        t(
            language,
            "doc.impact.intro",
            visit=visit.title,
            region=visit.region,
            first=day(visit.first_day, language),
            last=day(visit.last_day, language),
            participants=report.participants,
            made=when(now, language, zone),
        )
    )
    by_name = {chart.name: chart for chart in drawn}

    document.add_heading(t(language, "doc.impact.attendance"), level=1)
    _table(
        document,
        [
            t(language, "doc.col.session"),
            t(language, "doc.col.when"),
            t(language, "doc.col.expected"),
            t(language, "doc.col.present"),
            t(language, "doc.col.late"),
            t(language, "doc.col.absent"),
            t(language, "doc.col.missing"),
        ],
        [
            [
                s.session.title(language),
                when(s.session.starts_at, language, zone),
                str(s.expected),
                str(s.present),
                str(s.late),
                str(s.absent),
                str(s.missing),
            ]
            for s in report.sessions
        ],
    )
    if "attendance" in by_name:
        document.add_picture(io.BytesIO(by_name["attendance"].png), width=Cm(CHART_WIDTH_CM))
    checked = report.on_time + report.late
    document.add_heading(t(language, "doc.impact.punctuality"), level=1)
    document.add_paragraph(
        t(
            language,
            "doc.impact.punctuality_text",
            on_time=report.on_time,
            late=report.late,
            share=f"{(100 * report.on_time / checked) if checked else 0:.0f}",
        )
    )

    document.add_heading(t(language, "doc.impact.feedback"), level=1)
    _table(
        document,
        [
            t(language, "doc.col.session"),
            t(language, "doc.col.responses"),
            t(language, "doc.col.average"),
            t(language, "doc.col.distribution"),
        ],
        [
            [
                s.session.title(language),
                str(s.feedback.responses),
                "–" if s.feedback.average is None else f"{s.feedback.average:.1f}",
                " · ".join(f"{v}★ {s.feedback.counts[v]}" for v in range(5, 0, -1)),
            ]
            for s in report.sessions
        ],
    )
    if "feedback" in by_name:
        document.add_picture(io.BytesIO(by_name["feedback"].png), width=Cm(CHART_WIDTH_CM))

    document.add_heading(t(language, "doc.impact.questions"), level=1)
    if report.partners:
        _table(
            document,
            [
                t(language, "doc.col.partner"),
                t(language, "doc.col.asked"),
                t(language, "doc.col.answered"),
                t(language, "doc.col.time_to_answer"),
            ],
            [
                [
                    p.name,
                    str(p.asked),
                    str(p.answered),
                    "–"
                    if p.median_minutes is None
                    else _duration(p.median_minutes, texts, language),
                ]
                for p in report.partners
            ],
        )
    else:
        document.add_paragraph(t(language, "doc.none"))

    document.add_heading(t(language, "doc.impact.introductions"), level=1)
    made = sum(report.introductions.values())
    document.add_paragraph(
        t(
            language,
            "doc.impact.introductions_text",
            made=made,
            accepted=report.introductions.get("accepted", 0),
            declined=report.introductions.get("declined", 0),
            pending=report.introductions.get("pending", 0),
        )
    )

    document.add_heading(t(language, "doc.impact.reflections"), level=1)
    document.add_paragraph(
        t(
            language,
            "doc.impact.reflections_text",
            written=report.reflections_written,
            shared=report.reflections_shared,
        )
    )

    document.add_heading(t(language, "doc.impact.leads"), level=1)
    if report.leads:
        _table(
            document,
            [
                "#",
                t(language, "doc.col.kind"),
                t(language, "doc.col.who"),
                t(language, "doc.col.what"),
                t(language, "doc.col.partner"),
                t(language, "doc.col.status"),
                t(language, "doc.col.updated"),
            ],
            [
                [
                    str(line.lead.id),
                    t(language, f"doc.lead.{line.kind}"),
                    line.who,
                    line.what,
                    line.partner,
                    t(language, f"ld.status.{line.lead.status}"),
                    day(line.lead.updated_at, language, zone),
                ]
                for line in report.leads
            ],
        )
    else:
        document.add_paragraph(t(language, "doc.none"))
    return _bytes(document)


def _duration(minutes: float, texts: Texts, language: str) -> str:
    if minutes < 60:
        return texts.plain(language, "doc.duration.minutes", minutes=f"{minutes:.0f}")
    return texts.plain(language, "doc.duration.hours", hours=tenths(minutes / 60, language))
