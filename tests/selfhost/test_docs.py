"""The self-hosting docs name only commands, flags and settings that exist."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import click
import pytest

from bot.cli import cli
from bot.config import _CONVENTIONAL_ENV, Settings

DOCS = Path(__file__).resolve().parents[2] / "docs"
PAGES = [DOCS / "slack-setup.md", DOCS / "operations.md"]
_FENCE = re.compile(r"```[^\n]*\n(.*?)```", re.DOTALL)
_SPAN = re.compile(r"`([^`\n]+)`")


def code_of(page: Path) -> list[str]:
    """Each code span and each line of each code block (shell comments dropped)."""
    text = page.read_text(encoding="utf-8")
    lines = [line.split(" #")[0] for block in _FENCE.findall(text) for line in block.splitlines()]
    return lines + _SPAN.findall(_FENCE.sub("", text))


def newsbot_invocations(code: str) -> list[list[str]]:
    """The words after each `newsbot` run in ``code``: first, or after a compose service."""
    words = code.split()
    return [
        words[i + 1 :]
        for i, word in enumerate(words)
        if word == "newsbot" and (i == 0 or words[i - 1] in ("web", "clock", "&&"))
    ]


def resolve(words: list[str]) -> tuple[click.Command, list[str]]:
    command: click.Command = cli
    rest = [w for w in words if w not in ("-v", "-vv")]
    context = click.Context(cli)
    while isinstance(command, click.Group) and rest and not rest[0].startswith("-"):
        found = command.get_command(context, rest[0])
        assert found is not None, f"no command `newsbot ... {rest[0]}`"
        command, rest = found, rest[1:]
    return command, rest


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_newsbot_command_and_flag_exists(page: Path) -> None:
    seen = 0
    for code in code_of(page):
        for words in newsbot_invocations(code):
            if not words or not re.fullmatch(r"-?v*|[a-z][a-z-]*", words[0]):
                continue  # "newsbot:" output, "newsbot's", a path
            command, rest = resolve(words)
            options = {opt for p in command.params for opt in (*p.opts, *p.secondary_opts)}
            for flag in (w.split("=")[0].strip("[]") for w in rest if w.startswith(("--", "[--"))):
                assert flag in options, f"{page.name}: `newsbot {' '.join(words)}`: no {flag}"
            seen += 1
    assert seen >= 5


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_setting_named_is_one_newsbot_reads(page: Path) -> None:
    known = {f"NEWSBOT_{f.name.upper()}" for f in fields(Settings)}
    known |= set(_CONVENTIONAL_ENV.values())
    known |= {"POSTGRES_PASSWORD", "NEWSBOT_CONFIG"}  # compose's, and the config file's name
    named = set(re.findall(r"\b(?:NEWSBOT|SLACK)_[A-Z_]+\b", page.read_text(encoding="utf-8")))
    assert named, "the page names settings"
    assert named <= known, named - known
