"""Derive the compact Bot API schema (``sandbox/bot_api_schema.json``) from ``api.json``.

Run once by hand when the Bot API version changes::

    python -m sandbox.make_schema /work/shared/telegram-bot-api/api.json

The source ``api.json`` was generated from the official Bot API documentation by the public
project PaulSonOfLars/telegram-bot-api-spec and is used under the MIT licence:

    MIT License

    Copyright (c) 2020 Paul Larsen

    Permission is hereby granted, free of charge, to any person obtaining a copy
    of this software and associated documentation files (the "Software"), to deal
    in the Software without restriction, including without limitation the rights
    to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
    copies of the Software, and to permit persons to whom the Software is
    furnished to do so, subject to the following conditions:

    The above copyright notice and this permission notice shall be included in all
    copies or substantial portions of the Software.

    THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
    IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
    FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
    AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
    LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
    OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
    SOFTWARE.

The same notice is copied into the generated JSON as its ``"licence"`` field.  Only names,
types and required flags are kept (descriptions are dropped) so the file stays small; every
method and type is kept because the result is well under 200 KB.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

LICENCE = """MIT License

Copyright (c) 2020 Paul Larsen

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""

SOURCE_NOTE = (
    "Derived by sandbox/make_schema.py from api.json of PaulSonOfLars/telegram-bot-api-spec "
    "(commit 160fd99507e1c7c77e92dc90f5993d724735b51c), which is generated from "
    'https://core.telegram.org/bots/api. Field spec: ["Type|Other type", required].'
)

OUTPUT = Path(__file__).with_name("bot_api_schema.json")


def compact_fields(fields: list[dict[str, Any]]) -> dict[str, list[Any]]:
    """Map each field name to ``["TypeA|TypeB", required]``."""
    return {f["name"]: ["|".join(f["types"]), bool(f["required"])] for f in fields}


def derive(api: dict[str, Any]) -> dict[str, Any]:
    """Build the compact schema from the full machine-readable API description."""
    types: dict[str, Any] = {}
    for name, spec in sorted(api["types"].items()):
        entry: dict[str, Any] = {}
        if spec.get("subtypes"):
            entry["subtypes"] = list(spec["subtypes"])
        else:
            entry["fields"] = compact_fields(spec.get("fields", []))
        types[name] = entry
    methods: dict[str, Any] = {}
    for name, spec in sorted(api["methods"].items()):
        methods[name] = {
            "params": compact_fields(spec.get("fields", [])),
            "returns": "|".join(spec["returns"]),
        }
    return {
        "licence": LICENCE,
        "source": SOURCE_NOTE,
        "version": api["version"],
        "release_date": api["release_date"],
        "types": types,
        "methods": methods,
    }


def main(argv: list[str]) -> int:
    """Read ``argv[1]`` (path of api.json) and write the compact schema beside this module."""
    if len(argv) != 2:
        print("usage: python -m sandbox.make_schema PATH/TO/api.json", file=sys.stderr)
        return 2
    api = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    schema = derive(api)
    # One type or method per line keeps diffs readable while staying compact.
    lines = ["{"]
    head = {k: v for k, v in schema.items() if k not in ("types", "methods")}
    for key, value in head.items():
        lines.append(f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},")
    for section in ("types", "methods"):
        lines.append(f"{json.dumps(section)}: {{")
        items = list(schema[section].items())
        for index, (name, entry) in enumerate(items):
            comma = "," if index < len(items) - 1 else ""
            lines.append(f"{json.dumps(name)}: {json.dumps(entry, ensure_ascii=False)}{comma}")
        lines.append("}," if section == "types" else "}")
    lines.append("}")
    OUTPUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(
        f"wrote {OUTPUT} ({OUTPUT.stat().st_size} bytes, {len(schema['types'])} types, "
        f"{len(schema['methods'])} methods)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
