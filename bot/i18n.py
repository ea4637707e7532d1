"""Texts in Indonesian and English, HTML-safe rendering, and dates in the visit's time zone.

Every value put into a text is HTML-escaped unless it is wrapped in `Html`, so user-supplied
text can never break Telegram's HTML parse mode or inject markup.
"""

from __future__ import annotations

import functools
import html
import importlib
import pkgutil
import re
import string
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, tzinfo
from typing import Literal

from babel import Locale
from babel.dates import format_date, format_time
from babel.numbers import format_decimal

LANGUAGES: tuple[str, ...] = ("id", "en")
Language = Literal["id", "en"]
BABEL_LOCALES = {"id": "id_ID", "en": "en_GB"}
# Telegram language codes that we answer in Indonesian; anything else known gets English.
INDONESIAN_CODES = {"id", "in", "jv", "su", "ms"}


class Html(str):
    """A piece of text that is already safe HTML and must not be escaped again.

    Every text the catalogue renders is one, so a rendered label put into another text is
    never escaped twice; plain text (a name) becomes one only through `escape` or `Html.join`.
    """

    __slots__ = ()

    def join(self, parts: Iterable[object]) -> Html:
        """The parts joined by this separator; parts that are not Html yet are escaped."""
        return Html(str.join(self, (escape(part) for part in parts)))


def escape(value: object) -> Html:
    """Escape a value for Telegram's HTML parse mode (only <, > and & matter there); Html
    stays as it is."""
    if isinstance(value, Html):
        return value
    return Html(html.escape(str(value), quote=False))


def plain(text: str) -> str:
    """Rendered HTML as the plain text it shows: no tags, entities read back (a button's label)."""
    return html.unescape(re.sub(r"<[^>]*>", "", text))


def shorten(text: str, limit: int) -> str:
    """Text on one line, cut to `limit` characters with an ellipsis (a label, a preview)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def language_for(chosen: str | None, telegram_code: str | None, default: str) -> str:
    """The language to answer in: the person's choice, else their Telegram language."""
    if chosen in LANGUAGES:
        return chosen
    if telegram_code:
        primary = telegram_code.lower().split("-")[0]
        return "id" if primary in INDONESIAN_CODES else "en"
    return default


# A language's text for a key: one template, or one per plural category of the language
# (Babel's CLDR rules: "one" and "other" in English, only "other" in Indonesian), chosen by the
# value named `count`. A third language is a third entry; its plural rules come from Babel.
Template = str | dict[str, str]
PLURAL_BY = "count"


class Texts:
    """The catalogue of every text a person sees, keyed, in both languages."""

    def __init__(self, catalogue: dict[str, dict[str, Template]]) -> None:
        problems = check_catalogue(catalogue)
        if problems:
            raise ValueError("text catalogue is inconsistent: " + "; ".join(problems[:5]))
        self.catalogue = catalogue

    @classmethod
    def load(cls) -> Texts:
        """Gather the TEXTS of every module in bot.texts into one catalogue."""
        import bot.texts as package

        catalogue: dict[str, dict[str, Template]] = {}
        for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
            module = importlib.import_module(f"bot.texts.{info.name}")
            for key, entry in getattr(module, "TEXTS", {}).items():
                if key in catalogue:
                    raise ValueError(f"text key {key!r} is defined twice (in {info.name})")
                catalogue[key] = entry
        return cls(catalogue)

    def has(self, key: str) -> bool:
        """Whether the catalogue has this key."""
        return key in self.catalogue

    def get(self, language: str, key: str, /, **values: object) -> Html:
        """The text for a key in a language, with the values escaped and filled in (safe HTML:
        put into another text, it is not escaped again)."""
        entry = self.catalogue[key]
        template = entry.get(language) or entry["en"]
        if isinstance(template, dict):
            category = plural_category(language, values[PLURAL_BY])
            template = template.get(category) or template["other"]
        safe = {name: escape(value) for name, value in values.items()}
        return Html(template.format(**safe))

    def plain(self, language: str, key: str, /, **values: object) -> str:
        """The text for where Telegram shows no HTML (a command's description in the menu)."""
        return plain(self.get(language, key, **values))

    def html(self, language: str, key: str, /, **values: object) -> Html:
        """The same as `get` (kept for older callers)."""
        return self.get(language, key, **values)


# Telegram counts at most 4096 characters after parsing the HTML; staying under 4000 of the
# HTML itself leaves room for the entities and keeps a cut away from the limit.
MESSAGE_LIMIT = 4000
ELLIPSIS = "…"
# What a cut must not split: a tag, an entity; and the boundaries it prefers: a line, a list
# item, a word.
_PIECE = re.compile(r"<(/?)([a-zA-Z][\w-]*)[^>]*>|&#?\w+;|\n|, | ")
_LINE, _ITEM, _WORD, _ANYWHERE = range(4)
_BOUNDARIES = {"\n": _LINE, ", ": _ITEM, " ": _WORD}


def fit(text: str, limit: int = MESSAGE_LIMIT) -> str:
    """Shorten a long HTML message with '…' at the best safe boundary: a line, a list item, a
    word, in that order when the cut keeps at least half; never inside a tag or an entity, and
    with the tags still open at the cut closed again, so Telegram can always parse the result.

    Every long text a person sees goes through here (tests/test_long_messages.py checks that no
    handler slices HTML by hand).
    """
    if len(text) <= limit:
        return text
    best: dict[int, str] = {}
    open_tags: list[str] = []

    def consider(rank: int, cut: int, lowest: int) -> None:
        closers = "".join(f"</{name}>" for name in reversed(open_tags))
        cut = min(cut, limit - len(ELLIPSIS) - len(closers))
        shortened = text[:cut] + ELLIPSIS + closers
        if cut >= max(lowest, 1) and len(shortened) > len(best.get(rank, "")):
            best[rank] = shortened

    plain_from = 0  # where the plain characters since the last tag or entity start
    for piece in _PIECE.finditer(text):
        at = piece.start()
        if at >= limit:
            break
        consider(_ANYWHERE, at, plain_from)  # anywhere among plain characters, or before a tag
        boundary = piece.group(0)
        if piece.group(2):
            name = piece.group(2).lower()
            if not piece.group(1):
                open_tags.append(name)
            elif name in open_tags:
                del open_tags[len(open_tags) - 1 - open_tags[::-1].index(name) :]
        elif boundary in _BOUNDARIES:
            consider(_BOUNDARIES[boundary], at, at)
        plain_from = piece.end()
    if plain_from < limit:
        consider(_ANYWHERE, limit, plain_from)
    for rank in (_LINE, _ITEM, _WORD):
        if rank in best and len(best[rank]) >= limit // 2:
            return best[rank]
    return max(best.values(), key=len, default=ELLIPSIS)


def plural_category(language: str, count: object) -> str:
    """The CLDR plural category of a number in a language ('one', 'other', ...)."""
    number = count if isinstance(count, int | float) else int(str(count))
    return str(_locale(language).plural_form(number))


@functools.cache
def _locale(language: str) -> Locale:
    return Locale.parse(BABEL_LOCALES[language])


def check_catalogue(catalogue: dict[str, dict[str, Template]]) -> list[str]:
    """Problems in a catalogue: missing languages or plural forms, or placeholders that differ
    between them."""
    problems = []
    formatter = string.Formatter()
    for key, entry in catalogue.items():
        missing = [lang for lang in LANGUAGES if not entry.get(lang)]
        if missing:
            problems.append(f"{key}: no text in {', '.join(missing)}")
            continue
        fields: dict[str, set[str]] = {}
        for lang in LANGUAGES:
            text = entry[lang]
            forms = text if isinstance(text, dict) else {"": text}
            if isinstance(text, dict):
                needed = {*_locale(lang).plural_form.tags, "other"}
                if needed - forms.keys():
                    problems.append(f"{key}: {lang} lacks plural forms {needed - forms.keys()}")
            for form, template in forms.items():
                names = {name for _, name, _, _ in formatter.parse(template) if name}
                if isinstance(text, dict) and PLURAL_BY not in names:
                    problems.append(f"{key}: {lang} {form} does not show {{{PLURAL_BY}}}")
                if fields.setdefault(lang, names) != names:
                    problems.append(f"{key}: placeholders differ between {lang} forms")
        if len({frozenset(names) for names in fields.values()}) > 1:
            problems.append(f"{key}: placeholders differ {fields}")
    return problems


def distance(metres: float, language: str) -> str:
    """A distance as people read it: '150 m' up to 1,000 m, then '1,2 km' / '10.059 km'."""
    locale = BABEL_LOCALES[language]
    if round(metres) < 1000:
        return f"{round(metres)} m"
    kilometres = metres / 1000
    pattern = "#,##0.0" if kilometres < 10 else "#,##0"
    return format_decimal(kilometres, format=pattern, locale=locale) + " km"


def tenths(value: float, language: str) -> str:
    """A number to one decimal as the language writes it: '1,5' in Indonesian, '1.5' in English."""
    return format_decimal(value, format="#,##0.0", locale=BABEL_LOCALES[language])


def local(moment: datetime, zone: tzinfo) -> datetime:
    """A UTC moment in a visit's time zone."""
    return moment.astimezone(zone)


def when(moment: datetime, language: str, zone: tzinfo) -> str:
    """A date and time as people of that language write it, e.g. 'Kam, 30 Okt 08.30'."""
    moment = local(moment, zone)
    locale = BABEL_LOCALES[language]
    return (
        format_date(moment.date(), "EEE, d MMM", locale=locale)
        + " "
        + format_time(moment, "short", tzinfo=zone, locale=locale)
    )


def clock_time(moment: datetime, language: str, zone: tzinfo) -> str:
    """A time of day, e.g. '08.30' in Indonesian and '08:30' in English."""
    wall = local(moment, zone)
    return _short_time(wall.hour, wall.minute, language)


def daily_time(at: time, language: str) -> str:
    """A time of day that has no date (a daily setting), written as `clock_time` writes it."""
    return _short_time(at.hour, at.minute, language)


@functools.cache  # at most 24 × 60 per language: a crowd checking in is told the same few times
def _short_time(hour: int, minute: int, language: str) -> str:
    return format_time(time(hour, minute), "short", locale=BABEL_LOCALES[language])


def load_locale_data() -> None:
    """Read Babel's data for every language now, not while the first person waits for a reply."""
    moment = datetime(2000, 1, 1, tzinfo=UTC)
    for language in BABEL_LOCALES:
        when(moment, language, UTC)
        day(moment, language, UTC)


def day(value: date | datetime, language: str, zone: tzinfo | None = None) -> str:
    """A full day name and date, e.g. 'Kamis, 30 Oktober 2025'."""
    if isinstance(value, datetime):
        value = local(value, zone) if zone else value
        value = value.date()
    return format_date(value, "EEEE, d MMMM y", locale=BABEL_LOCALES[language])
