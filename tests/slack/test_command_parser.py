from __future__ import annotations

import pytest

from bot.errors import CommandError
from bot.slack.command_parser import (
    AddSource,
    Help,
    ListSources,
    ListSubscriptions,
    RemoveSource,
    ShowDigest,
    Subscribe,
    Unsubscribe,
    parse_command,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", Help()),
        ("   ", Help()),
        ("help", Help()),
        ("HELP", Help()),
        ("putin-biden", ShowDigest("putin-biden")),
        ("Putin-Biden  here", ShowDigest("putin-biden", here=True)),
        ("list", ListSubscriptions()),
        ("subscribe rates", Subscribe("rates")),
        ("subscribe rates at 07:30", Subscribe("rates", 7, 30)),
        ("subscribe rates 7:05 Asia/Tokyo", Subscribe("rates", 7, 5, "Asia/Tokyo")),
        ("subscribe rates at 23:59 UTC", Subscribe("rates", 23, 59, "UTC")),
        (
            "subscribe rates America/Argentina/Buenos_Aires",
            Subscribe("rates", None, None, "America/Argentina/Buenos_Aires"),
        ),
        ("unsubscribe rates", Unsubscribe("rates")),
        ("sources", ListSources()),
        ("sources add https://example.org/feed.xml", AddSource("https://example.org/feed.xml")),
        (
            "sources add <https://example.org/rss|example.org/rss>",
            AddSource("https://example.org/rss"),
        ),
        ("sources remove Harbor Daily", None),
        ("sources remove https://example.org/rss", RemoveSource("https://example.org/rss")),
    ],
)
def test_parses_each_form(text: str, expected: object) -> None:
    if expected is None:
        with pytest.raises(CommandError):
            parse_command(text)
    else:
        assert parse_command(text) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("subscribe", "Usage"),
        ("subscribe rates at", "needs a time"),
        ("subscribe rates at 24:00", "not a time"),
        ("subscribe rates at 9:60", "not a time"),
        ("subscribe rates at noon:ish", "not a time"),
        ("subscribe rates Mars/Olympus_Mons", "not a timezone"),
        ("subscribe rates 07:00 UTC extra", "does not take"),
        ("unsubscribe", "Usage"),
        ("list everything", "does not take"),
        ("sources add ftp://example.org", "not a web address"),
        ("sources delete https://example.org", "Usage"),
        ("putin-biden there", "did not understand"),
        ("'; DROP TABLE subscriptions; --", "did not understand"),
        ("';DROP--", "not a topic"),
        ("subscribe ../../etc/passwd", "not a topic"),
        ("here", "not a topic"),
    ],
)
def test_malformed_input_gets_a_reason_not_a_crash(text: str, fragment: str) -> None:
    with pytest.raises(CommandError, match=fragment):
        parse_command(text)


def test_error_messages_do_not_echo_unbounded_input() -> None:
    with pytest.raises(CommandError) as info:
        parse_command("x" * 5000 + " y z")
    assert len(str(info.value)) < 200
