"""JSON Lines files of annotated articles: one object per line, blank lines skipped.

The evaluation sets (gold quotes, reference summaries) share this reader, so a bad file is
reported the same way everywhere: ``ReadError`` naming the file, or the file and line.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from bot.errors import ReadError

T = TypeVar("T")


def read_jsonl(path: Path, what: str, item: Callable[[Any, str], T]) -> list[T]:
    """``item(raw, "path:line")`` for every line of ``path``; ``what`` names the file kind."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise ReadError(str(path), f"cannot read {what}: {reason}") from exc
    items = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ReadError(f"{path}:{n}", f"invalid JSON: {exc.msg}") from exc
        items.append(item(raw, f"{path}:{n}"))
    return items
