"""Where the packaged templates, default config and sample articles live.

In a source checkout they sit at the project root; in an installed wheel they are
force-included under ``bot/_data`` (see pyproject.toml).
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """The folder ``name`` (``templates``, ``config`` or ``samples``) shipped with newsbot."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"newsbot resource folder {name!r} is missing from the installation")
