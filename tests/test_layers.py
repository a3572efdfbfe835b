"""The package layers of docs/architecture.md hold, with no exceptions listed."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _contracts() -> list[dict[str, object]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return list(config["tool"]["importlinter"]["contracts"])


def test_the_contracts_list_no_exceptions() -> None:
    contracts = _contracts()
    assert {c["id"] for c in contracts} >= {"layers", "no-test-code"}
    assert all("ignore_imports" not in c for c in contracts)


def test_the_architecture_page_shows_the_contracts_layers() -> None:
    layers = next(c for c in _contracts() if c["id"] == "layers")["layers"]
    # A "|" in a Markdown table cell is written "\\|".
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8").replace("\\|", "|")
    assert isinstance(layers, list)
    for line in layers:
        assert f"`{line}`" in page, f"docs/architecture.md does not show the layer {line!r}"


def test_lint_imports_keeps_every_contract() -> None:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr
