"""The compact Telegram Bot API schema and a validator for objects the stand-in sends or receives.

The data lives in ``bot_api_schema.json`` beside this module (derived from the public
machine-readable Bot API description by ``sandbox/make_schema.py``; MIT licence notice inside).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

SCHEMA_PATH = Path(__file__).with_name("bot_api_schema.json")
PRIMITIVES = ("Integer", "String", "Boolean", "Float", "True")


@dataclass(frozen=True)
class FieldSpec:
    """One field of a type or one parameter of a method."""

    name: str
    types: tuple[str, ...]  # alternatives, e.g. ("Integer", "String") or ("Array of Message",)
    required: bool


@cache
def raw_schema() -> dict[str, Any]:
    """The parsed JSON file (loaded once)."""
    data: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return data


def _field_specs(compact: dict[str, list[Any]]) -> dict[str, FieldSpec]:
    return {
        name: FieldSpec(name, tuple(spec[0].split("|")), bool(spec[1]))
        for name, spec in compact.items()
    }


@cache
def type_fields(type_name: str) -> dict[str, FieldSpec]:
    """Fields of a concrete type (empty for abstract types and unknown names)."""
    entry = raw_schema()["types"].get(type_name, {})
    return _field_specs(entry.get("fields", {}))


def subtypes(type_name: str) -> list[str]:
    """Concrete variants of an abstract type such as ``ChatMember`` (empty for concrete ones)."""
    return list(raw_schema()["types"].get(type_name, {}).get("subtypes", []))


def has_type(type_name: str) -> bool:
    """Whether the schema defines this type."""
    return type_name in raw_schema()["types"]


@cache
def _methods_by_lower_name() -> dict[str, str]:
    # Telegram treats method names case-insensitively ("sendmessage" works too).
    return {name.lower(): name for name in raw_schema()["methods"]}


def canonical_method(name: str) -> str | None:
    """The properly cased Bot API method name, or None when Telegram has no such method."""
    return _methods_by_lower_name().get(name.lower())


@cache
def method_params(method: str) -> dict[str, FieldSpec]:
    """Parameters of a Bot API method (by canonical name)."""
    return _field_specs(raw_schema()["methods"][method]["params"])


def method_returns(method: str) -> tuple[str, ...]:
    """Alternatives of the return type of a method, e.g. ``("Message", "Boolean")``."""
    return tuple(raw_schema()["methods"][method]["returns"].split("|"))


def validate(type_name: str, value: Any, *, allow_unknown_fields: bool = False) -> list[str]:
    """Check ``value`` against a Bot API type; return the problems found (empty when valid).

    ``type_name`` may be a type (``"Message"``), a primitive (``"Integer"``) or an array
    expression (``"Array of Update"``).  Required fields must be present, every present field
    must have one of its allowed types, and fields the type does not define are reported too
    (unless ``allow_unknown_fields``: Telegram ignores unknown fields in requests).
    """
    return _check_alternatives((type_name,), value, type_name, not allow_unknown_fields)


def validate_return(method: str, value: Any) -> list[str]:
    """Check a method result against the method's documented return type."""
    return _check_alternatives(method_returns(method), value, f"{method}()", True)


def _check_alternatives(
    alternatives: tuple[str, ...], value: Any, path: str, strict: bool
) -> list[str]:
    best: list[str] | None = None
    for alternative in alternatives:
        problems = _check(alternative, value, path, strict)
        if not problems:
            return []
        if best is None or len(problems) < len(best):
            best = problems
    return best or []


def _type_label(value: Any) -> str:
    return type(value).__name__


def _check(type_expr: str, value: Any, path: str, strict: bool) -> list[str]:
    if type_expr.startswith("Array of "):
        if not isinstance(value, list):
            return [f"{path}: expected {type_expr}, got {_type_label(value)}"]
        inner = type_expr.removeprefix("Array of ")
        problems: list[str] = []
        for index, item in enumerate(value):
            problems.extend(_check(inner, item, f"{path}[{index}]", strict))
        return problems
    if type_expr in PRIMITIVES:
        return _check_primitive(type_expr, value, path)
    if type_expr == "InputFile":
        # Only ever a request parameter (an uploaded part); never found in results.
        return []
    if not has_type(type_expr):
        return [f"{path}: unknown type {type_expr}"]
    variants = subtypes(type_expr)
    if variants:
        return _check_alternatives(tuple(variants), value, path, strict)
    return _check_object(type_expr, value, path, strict)


def _check_primitive(type_expr: str, value: Any, path: str) -> list[str]:
    # bool is a subclass of int in Python, so it is excluded from the numeric checks.
    ok = {
        "Integer": isinstance(value, int) and not isinstance(value, bool),
        "Float": isinstance(value, int | float) and not isinstance(value, bool),
        "String": isinstance(value, str),
        "Boolean": isinstance(value, bool),
        "True": value is True,
    }[type_expr]
    return [] if ok else [f"{path}: expected {type_expr}, got {_type_label(value)} {value!r:.40}"]


def _check_object(type_name: str, value: Any, path: str, strict: bool) -> list[str]:
    if not isinstance(value, dict):
        return [f"{path}: expected {type_name} object, got {_type_label(value)}"]
    fields = type_fields(type_name)
    problems: list[str] = []
    for name, spec in fields.items():
        if name not in value:
            if spec.required:
                problems.append(f"{path}.{name}: required field of {type_name} is missing")
            continue
        problems.extend(_check_alternatives(spec.types, value[name], f"{path}.{name}", strict))
    for name in value:
        if strict and name not in fields:
            problems.append(f"{path}.{name}: {type_name} has no such field")
    return problems
