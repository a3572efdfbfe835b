"""``/news who NAME`` end to end: the demo articles ingested with ``newsbot ingest``, then a
signed slash command, and what the fake Slack's response_url received."""

from __future__ import annotations

import re
import sys
from urllib.parse import unquote

import pytest

from bot.cli import main
from bot.render.mrkdwn import unescape
from bot.resources import resource_dir
from fakes.signed import slash_command
from tests.slack.conftest import RunningApp
from tests.slack.newsroom import all_text

MERIDIAN = "https://www.meridianpost.example/world/putin-biden-video-call-expected"
_LINK = re.compile(r"<([^|<>]+)\|([^<>]*)>")


def ingest_samples(app: RunningApp, monkeypatch: pytest.MonkeyPatch) -> None:
    """``newsbot ingest samples/`` into the app's database, as a user would."""
    monkeypatch.setenv("NEWSBOT_DATABASE_URL", app.settings.database_url)
    monkeypatch.setattr(sys, "argv", ["newsbot", "ingest", str(resource_dir("samples"))])
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code in (0, None)


def ask(app: RunningApp, text: str, key: str) -> dict[str, object]:
    response = app.slack.post(slash_command(text, app.fake.response_url(key)))
    assert response.status_code == 200
    [reply] = app.fake.wait_for("response_url", key=key)
    return reply.params


def test_who_ushakov_on_the_demo_data_lists_his_quotes_with_deep_links(
    app: RunningApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    ingest_samples(app, monkeypatch)
    reply = ask(app, "who Ushakov", "who")
    assert reply["response_type"] == "ephemeral"
    text = all_text(reply)
    assert "What Yuri Ushakov said" in text
    assert "The secure line has been tested twice, and the interpreters are ready" in text
    assert "— *Yuri Ushakov*, Kremlin aide" in text
    links = dict((label, unescape(url)) for url, label in _LINK.findall(text))
    assert (
        links["Putin-Biden video call expected early next week as Moscow waits on Washington"]
        == MERIDIAN
    )
    deep = links["in context"]
    assert deep.startswith(MERIDIAN + "#:~:text=")
    start, end = (unquote(t) for t in deep.partition("#:~:text=")[2].split(","))
    assert start == "The secure line has been"
    assert end == "enough for all of it."
    assert "Meridian Post" in text and "<!date^" in text
    assert "Voronin" not in text


def test_who_with_a_misspelt_name_suggests_close_ones(
    app: RunningApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    ingest_samples(app, monkeypatch)
    text = all_text(ask(app, "who Ushakow", "miss"))
    assert "Nobody called “Ushakow” has been quoted yet" in text
    assert "Did you mean *Yuri Ushakov*" in text


def test_who_without_a_name_gets_the_usage(app: RunningApp) -> None:
    text = all_text(ask(app, "who", "usage"))
    assert "Usage: /news who NAME" in text
    assert "Traceback" not in text


def test_help_lists_who(app: RunningApp) -> None:
    assert "`/news who NAME`" in all_text(ask(app, "help", "help"))
