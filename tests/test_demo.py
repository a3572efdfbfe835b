"""``newsbot demo`` end to end: samples -> store -> digest -> Block Kit file, no Slack."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from rich.console import Console

from bot.clock import FrozenClock
from bot.config import load_settings
from bot.render.limits import problems
from bot.render.mrkdwn import unescape
from fakes.render import all_strings

pytest.importorskip("bot.store.articles", reason="the article store is not written yet")
pytest.importorskip("bot.digest.service", reason="the digest service is not written yet")

from bot.demo import run_demo


def test_demo_renders_the_sample_digest_to_a_block_kit_file(
    tmp_path: Path, database_url: str, clock: FrozenClock
) -> None:
    settings = dataclasses.replace(load_settings(env={}), database_url=database_url)
    console = Console(record=True, width=120, color_system=None)
    out = tmp_path / "out" / "demo-blocks.json"
    result = run_demo(settings, topic="putin-biden", out_path=out, now=clock(), console=console)

    assert result.articles >= 4
    assert result.digest.stories, "the samples hold a putin-biden story"
    payloads = json.loads(out.read_text(encoding="utf-8"))
    assert payloads == result.payloads
    assert len(payloads) == len(result.messages) + sum(len(r) for r in result.replies)
    for payload in payloads:
        assert set(payload) == {"blocks"}
        assert problems({"text": "fallback", **payload}) == []
    shown = unescape("\n".join(s for p in payloads for s in all_strings(p)))
    for story in result.digest.stories:
        for quote in story.quotes:
            for line in quote.text.split("\n"):
                assert line in shown
            if quote.speaker:
                assert f"*{quote.speaker}*" in shown
    screen = console.export_text()
    assert result.digest.topic_name in screen
    assert "[Full quotes]" in screen


def test_demo_command_writes_the_file_and_says_where(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from bot.cli import cli

    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["demo"])
    assert result.exit_code == 0, result.output
    assert "Block Kit JSON written to out/demo-blocks.json" in result.output
    assert json.loads((tmp_path / "out" / "demo-blocks.json").read_text(encoding="utf-8"))


def test_an_empty_demo_digest_is_worded_as_asked_for_not_as_scheduled(
    tmp_path: Path, clock: FrozenClock
) -> None:
    settings = load_settings(env={"NEWSBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'd.db'}"})
    console = Console(record=True, width=120, color_system=None)
    result = run_demo(
        settings, topic="ecb-rates", out_path=tmp_path / "o.json", now=clock(), console=console
    )
    assert not result.digest.stories
    shown = unescape("\n".join(s for m in result.messages for s in all_strings(m)))
    assert "No stories about" in shown and "since the last digest" not in shown
