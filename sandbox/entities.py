"""Telegram's HTML parse mode: turn ``<b>bold</b> &amp; co`` into plain text + MessageEntity list.

Mimics the parser of Telegram's servers (tdlib ``parse_html``): the same supported tags, the same
error texts ("Unsupported start tag "foo" at byte offset 12", ...; byte offsets are UTF-8 byte
offsets into the original string), entity offsets/lengths in UTF-16 code units, leading/trailing
whitespace trimmed from the result, and automatic detection of bot commands, mentions, hashtags,
e-mail addresses and http(s) URLs like Telegram adds to every message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

Entity = dict[str, Any]

# Tag name -> MessageEntity type (a/span/code/pre/blockquote/tg-emoji are special-cased below).
SIMPLE_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
}
SUPPORTED_TAGS = {*SIMPLE_TAGS, "a", "span", "code", "pre", "blockquote", "tg-emoji"}
NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}

# Entities whose content Telegram does not scan for commands/mentions/links.
OPAQUE_ENTITY_TYPES = {"code", "pre", "text_link", "url", "email", "custom_emoji"}
# Order Telegram uses for entities starting at the same offset with the same length.
TYPE_PRIORITY = {
    "blockquote": 0,
    "expandable_blockquote": 0,
    "pre": 1,
    "code": 2,
    "text_link": 3,
    "text_mention": 3,
    "bold": 4,
    "italic": 5,
    "underline": 6,
    "strikethrough": 7,
    "spoiler": 8,
}


class EntityParseError(ValueError):
    """The text cannot be parsed; ``str(error)`` is Telegram's description after "Bad Request: "."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"can't parse entities: {reason}")
        self.reason = reason


@dataclass
class _OpenTag:
    name: str
    argument: str
    utf16_offset: int
    text_index: int  # index into the output string, to recover the link text for <a> w/o href
    expandable: bool = False


_SPECIAL = re.compile(r"[&<]")


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units (how Telegram measures entity offsets)."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _is_space(ch: str) -> bool:
    return ch != "" and ch in " \t\r\n\f\v"


def _decode_entity(text: str, pos: int) -> tuple[str, int] | None:
    """Decode an HTML character reference at ``text[pos] == "&"``; None when it is not one.

    Like Telegram, unknown references and a bare ``&`` are kept literally, and the final ``;``
    is optional.
    """
    end = pos + 1
    if end < len(text) and text[end] == "#":
        end += 1
        code = 0
        if end < len(text) and text[end] in "xX":
            end += 1
            start = end
            while end < len(text) and text[end] in "0123456789abcdefABCDEF":
                code = code * 16 + int(text[end], 16)
                end += 1
                if code >= 0x10FFFF:
                    return None
        else:
            start = end
            while end < len(text) and text[end].isdigit() and text[end].isascii():
                code = code * 10 + int(text[end])
                end += 1
                if code >= 0x10FFFF:
                    return None
        if end == start or code == 0 or 0xD800 <= code <= 0xDFFF:
            return None
        char = chr(code)
    else:
        while end < len(text) and text[end].isascii() and text[end].isalpha():
            end += 1
        name = text[pos + 1 : end]
        if name not in NAMED_ENTITIES:
            return None
        char = NAMED_ENTITIES[name]
    if end < len(text) and text[end] == ";":
        end += 1
    return char, end


class _Parser:
    """A direct port of the tag-by-tag logic of Telegram's HTML parser."""

    def __init__(self, html: str, strict_ampersand: bool) -> None:
        self.html = html
        self.strict_ampersand = strict_ampersand
        self.out: list[str] = []
        self.utf16_offset = 0
        self.entities: list[Entity] = []
        self.open_tags: list[_OpenTag] = []
        self.ascii = html.isascii()

    def byte_offset(self, index: int) -> int:
        """The UTF-8 byte offset of a character index (errors name byte offsets)."""
        if self.ascii:
            return index
        return len(self.html[:index].encode("utf-8", "surrogatepass"))

    def at(self, index: int) -> str:
        return self.html[index] if index < len(self.html) else ""

    def emit(self, text: str) -> None:
        self.out.append(text)
        self.utf16_offset += utf16_len(text)

    def parse(self) -> tuple[str, list[Entity]]:
        i = 0
        html = self.html
        while i < len(html):
            ch = html[i]
            if ch == "&":
                decoded = _decode_entity(html, i)
                if decoded is not None:
                    self.emit(decoded[0])
                    i = decoded[1]
                    continue
                if self.strict_ampersand:
                    raise EntityParseError(f'Unescaped "&" at byte offset {self.byte_offset(i)}')
                self.emit(ch)
                i += 1
                continue
            if ch != "<":
                # Plain text up to the next tag or character reference, in one piece.
                special = _SPECIAL.search(html, i)
                end = special.start() if special else len(html)
                self.emit(html[i:end])
                i = end
                continue
            i = self.end_tag(i) if self.at(i + 1) == "/" else self.start_tag(i)
        if self.open_tags:
            raise EntityParseError(
                f'Can\'t find end tag corresponding to start tag "{self.open_tags[-1].name}"'
            )
        return "".join(self.out), self.entities

    def start_tag(self, begin: int) -> int:
        offset = self.byte_offset(begin)
        tag_end = begin + 1
        while (
            tag_end < len(self.html)
            and not _is_space(self.html[tag_end])
            and (self.html[tag_end] != ">")
        ):
            tag_end += 1
        if tag_end >= len(self.html):
            raise EntityParseError(f"Unclosed start tag at byte offset {offset}")
        tag_name = self.html[begin + 1 : tag_end].lower()
        if tag_name not in SUPPORTED_TAGS:
            raise EntityParseError(f'Unsupported start tag "{tag_name}" at byte offset {offset}')
        i = tag_end
        argument = ""
        expandable = False
        while self.at(i) != ">":
            while _is_space(self.at(i)):
                i += 1
            if self.at(i) == ">":
                break
            if self.at(i) == "":
                raise EntityParseError(f"Unclosed start tag at byte offset {offset}")
            attr_begin = i
            while self.at(i) and not _is_space(self.at(i)) and self.at(i) not in "=>":
                i += 1
            attr_name = self.html[attr_begin:i].lower()
            if not attr_name:
                raise EntityParseError(
                    f'Empty attribute name in the tag "{tag_name}" at byte offset {offset}'
                )
            while _is_space(self.at(i)):
                i += 1
            if self.at(i) != "=":
                if tag_name == "blockquote" and attr_name == "expandable":
                    expandable = True
                    continue
                if self.at(i) == "":
                    raise EntityParseError(f"Unclosed start tag at byte offset {offset}")
                raise EntityParseError(
                    f'Expected equal sign in declaration of an attribute of the tag "{tag_name}" '
                    f"at byte offset {offset}"
                )
            i += 1
            while _is_space(self.at(i)):
                i += 1
            if self.at(i) == "":
                raise EntityParseError(f"Unclosed start tag at byte offset {offset}")
            value, i = self.attribute_value(i)
            if self.at(i) == "":
                raise EntityParseError(f"Unclosed start tag at byte offset {offset}")
            if tag_name == "a" and attr_name == "href":
                argument = value
            elif tag_name == "code" and attr_name == "class" and value.startswith("language-"):
                argument = value.removeprefix("language-")
            elif tag_name == "span" and attr_name == "class" and value.startswith("tg-"):
                argument = value.removeprefix("tg-")
            elif tag_name == "tg-emoji" and attr_name == "emoji-id":
                argument = value
        if tag_name == "span" and argument != "spoiler":
            raise EntityParseError(
                f'Tag "span" must have class "tg-spoiler" at byte offset {offset}'
            )
        self.open_tags.append(
            _OpenTag(tag_name, argument, self.utf16_offset, len(self.out), expandable)
        )
        return i + 1

    def attribute_value(self, i: int) -> tuple[str, int]:
        quote = self.at(i)
        if quote not in ("'", '"'):
            # An unquoted name token.
            end = i
            while self.at(end) and (self.at(end).isalnum() or self.at(end) in ".-"):
                end += 1
            if not _is_space(self.at(end)) and self.at(end) != ">":
                raise EntityParseError(
                    f"Unexpected end of name token at byte offset {self.byte_offset(end)}"
                )
            return self.html[i:end].lower(), end
        i += 1
        chars: list[str] = []
        while self.at(i) and self.at(i) != quote:
            if self.at(i) == "&":
                decoded = _decode_entity(self.html, i)
                if decoded is not None:
                    chars.append(decoded[0])
                    i = decoded[1]
                    continue
            chars.append(self.html[i])
            i += 1
        if self.at(i) == quote:
            i += 1
        return "".join(chars), i

    def end_tag(self, begin: int) -> int:
        offset = self.byte_offset(begin)
        if not self.open_tags:
            raise EntityParseError(f"Unexpected end tag at byte offset {offset}")
        tag_end = begin + 2
        while self.at(tag_end) and not _is_space(self.at(tag_end)) and self.at(tag_end) != ">":
            tag_end += 1
        end_name = self.html[begin + 2 : tag_end].lower()
        while _is_space(self.at(tag_end)):
            tag_end += 1
        if self.at(tag_end) != ">":
            raise EntityParseError(f"Unclosed end tag at byte offset {offset}")
        tag = self.open_tags[-1]
        if end_name and end_name != tag.name:
            raise EntityParseError(
                f'Unmatched end tag at byte offset {offset}, expected "</{tag.name}>", '
                f'found "</{end_name}>"'
            )
        length = self.utf16_offset - tag.utf16_offset
        if length > 0:
            self.add_entity(tag, length)
        self.open_tags.pop()
        return tag_end + 1

    def add_entity(self, tag: _OpenTag, length: int) -> None:
        entity: Entity = {"offset": tag.utf16_offset, "length": length}
        if tag.name in SIMPLE_TAGS:
            entity["type"] = SIMPLE_TAGS[tag.name]
        elif tag.name == "span":
            entity["type"] = "spoiler"
        elif tag.name == "a":
            url = tag.argument or "".join(self.out[tag.text_index :])
            if not url.strip():
                return  # Telegram silently drops links without a usable URL.
            entity.update(type="text_link", url=url)
        elif tag.name == "tg-emoji":
            entity.update(type="custom_emoji", custom_emoji_id=tag.argument)
        elif tag.name == "blockquote":
            entity["type"] = "expandable_blockquote" if tag.expandable else "blockquote"
        elif tag.name == "pre":
            entity["type"] = "pre"
            # <pre><code class="language-x">...</code></pre> becomes one pre with a language.
            inner = self.entities[-1] if self.entities else None
            if (
                inner is not None
                and inner["type"] == "code"
                and inner["offset"] == entity["offset"]
                and inner["length"] == length
            ):
                self.entities.pop()
                if inner.get("language"):
                    entity["language"] = inner["language"]
        else:  # code
            entity["type"] = "code"
            if tag.argument:
                entity["language"] = tag.argument
        self.entities.append(entity)


_AUTO_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("url", re.compile(r"(?<![\w/@.])https?://[^\s<>\"]+[^\s<>\".,;:!?)\]'}]")),
    ("email", re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")),
    ("bot_command", re.compile(r"(?<![\w/])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/])")),
    ("mention", re.compile(r"(?<![\w@])@[A-Za-z0-9_]{4,32}(?!\w)")),
    ("hashtag", re.compile(r"(?<![\w#])#\w*[^\W\d]\w*")),
]


def _utf16_index_map(text: str) -> list[int] | range:
    """UTF-16 offset of each character index (plus one past the end)."""
    if text.isascii():
        return range(len(text) + 1)
    offsets = [0]
    for ch in text:
        offsets.append(offsets[-1] + (2 if ord(ch) > 0xFFFF else 1))
    return offsets


def detect_entities(text: str, existing: list[Entity]) -> list[Entity]:
    """Entities Telegram finds by itself (commands, mentions, hashtags, e-mails, URLs)."""
    to16 = _utf16_index_map(text)
    taken = [
        (e["offset"], e["offset"] + e["length"])
        for e in existing
        if e["type"] in OPAQUE_ENTITY_TYPES
    ]
    found: list[Entity] = []
    for entity_type, pattern in _AUTO_PATTERNS:
        for match in pattern.finditer(text):
            start, end = to16[match.start()], to16[match.end()]
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            taken.append((start, end))
            found.append({"type": entity_type, "offset": start, "length": end - start})
    return found


def sort_entities(entities: list[Entity]) -> list[Entity]:
    """Telegram's order: by offset, longer first, then a fixed type priority."""
    return sorted(
        entities,
        key=lambda e: (e["offset"], -e["length"], TYPE_PRIORITY.get(e["type"], 50)),
    )


def trim(text: str, entities: list[Entity]) -> tuple[str, list[Entity]]:
    """Strip surrounding whitespace like Telegram does, clipping entities to what remains."""
    stripped = text.strip()
    if stripped == text:
        return text, entities
    if not stripped:
        return "", []
    lead = utf16_len(text[: len(text) - len(text.lstrip())])
    new_len = utf16_len(stripped)
    result: list[Entity] = []
    for entity in entities:
        start = max(entity["offset"] - lead, 0)
        end = min(entity["offset"] + entity["length"] - lead, new_len)
        if end > start:
            result.append({**entity, "offset": start, "length": end - start})
    return stripped, result


def parse_html(html: str, *, strict_ampersand: bool = False) -> tuple[str, list[Entity]]:
    """Parse Telegram-flavoured HTML into (plain text, entities); raise EntityParseError.

    ``strict_ampersand=True`` also rejects a bare ``&`` (Telegram itself keeps it literally).
    Automatic entities are not included; see :func:`format_text`.
    """
    text, entities = _Parser(html, strict_ampersand).parse()
    return text, sort_entities(entities)


def format_text(
    raw: str,
    parse_mode: str | None,
    explicit_entities: list[Entity] | None = None,
    *,
    strict_ampersand: bool = False,
) -> tuple[str, list[Entity]]:
    """What Telegram stores for a text or caption: plain text and the full entity list.

    ``parse_mode`` "HTML" is parsed; no parse mode uses ``explicit_entities`` as given; other
    parse modes (Markdown, MarkdownV2) are not implemented and leave the text unchanged.
    Raises EntityParseError for bad HTML and ValueError("unsupported parse_mode") for junk.
    """
    mode = (parse_mode or "").strip()
    if mode.lower() == "html":
        text, entities = parse_html(raw, strict_ampersand=strict_ampersand)
    elif mode.lower() in ("", "markdown", "markdownv2"):
        text, entities = raw, [dict(e) for e in (explicit_entities or []) if mode == ""]
    else:
        raise ValueError("unsupported parse_mode")
    text, entities = trim(text, entities)
    entities = entities + detect_entities(text, entities)
    return text, sort_entities(entities)
