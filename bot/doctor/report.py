"""A check's finding, and how a list of them is shown (text for people, JSON for scripts)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Literal

Status = Literal["ok", "warn", "fail", "skip"]
# Only failures make ``newsbot doctor`` exit 1; a warning is worth reading but works.
PROBLEM: Status = "fail"


@dataclass(frozen=True)
class Check:
    area: str  # slack, scopes, socket-mode, database, migrations, sources, source, clock
    status: Status
    detail: str
    fix: str | None = None
    subject: str | None = None  # what in the area: a source's name, a scheduler's name

    @property
    def label(self) -> str:
        return f"{self.area} {self.subject}" if self.subject else self.area


def problems(checks: Sequence[Check]) -> list[Check]:
    return [c for c in checks if c.status == PROBLEM]


def as_text(checks: Sequence[Check]) -> str:
    width = max((len(c.label) for c in checks), default=0)
    lines = []
    for check in checks:
        lines.append(
            f"{check.status.upper() if check.status == PROBLEM else check.status:<5} "
            f"{check.label:<{width}}  {check.detail}"
        )
        if check.fix:
            lines.append(f"{'':<5} {'':<{width}}  fix: {check.fix}")
    found = len(problems(checks))
    lines.append(f"{found} problem{'s' if found != 1 else ''} found" if found else "no problems")
    return "\n".join(lines)


def as_json(checks: Sequence[Check]) -> str:
    document = {
        "ok": not problems(checks),
        "problems": len(problems(checks)),
        "checks": [asdict(c) for c in checks],
    }
    return json.dumps(document, indent=2)
