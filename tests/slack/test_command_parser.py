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
        ("subscribe rates at 9am", Subscribe("rates", 9, 0)),
        ("subscribe rates at 9PM europe/berlin", Subscribe("rates", 21, 0, "Europe/Berlin")),
        ("subscribe rates at 9:30am", Subscribe("rates", 9, 30)),
        ("subscribe rates at 9:30 p.m. UTC", Subscribe("rates", 21, 30, "UTC")),
        ("subscribe rates at 12am", Subscribe("rates", 0, 0)),
        ("subscribe rates at 12pm", Subscribe("rates", 12, 0)),
        ("subscribe rates 6pm", Subscribe("rates", 18, 0)),
        ("subscribe rates at 7", Subscribe("rates", 7, 0)),
        ("subscribe rates europe/berlin", Subscribe("rates", None, None, "Europe/Berlin")),
        ("subscribe rates utc", Subscribe("rates", None, None, "UTC")),
        (
            "subscribe rates at 8:15 AMERICA/ARGENTINA/BUENOS_AIRES",
            Subscribe("rates", 8, 15, "America/Argentina/Buenos_Aires"),
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
        ("subscribe rates at 25:00", "not a time"),
        ("subscribe rates 25:00 UTC", "not a time"),
        ("subscribe rates at 13pm", "not a time"),
        ("subscribe rates at 0am", "not a time"),
        ("subscribe rates at 9:5", "not a time"),
        ("subscribe rates at Europe/Berlin", "not a time"),
        ("subscribe rates at 9am Mars/Olympus_Mons", "not a timezone"),
        ("subscribe rates at 9 am UTC extra", "does not take"),
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


def test_a_time_error_says_which_forms_work() -> None:
    with pytest.raises(CommandError) as info:
        parse_command("subscribe rates at 25:00")
    assert "25:00" in str(info.value) and "9am" in str(info.value)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("who Ushakov", "Ushakov"),
        ("WHO  Kremlin aide   Yuri Ushakov", "Kremlin aide Yuri Ushakov"),
        ("who the Bank of England", "the Bank of England"),
    ],
)
def test_who_takes_the_rest_as_a_name(text: str, name: str) -> None:
    from bot.slack.command_parser import Who

    assert parse_command(text) == Who(name)


@pytest.mark.parametrize(
    ("text", "reason"), [("who", "Usage: /news who NAME"), ("who " + "x" * 201, "too long")]
)
def test_who_without_a_usable_name_is_refused(text: str, reason: str) -> None:
    with pytest.raises(CommandError, match=reason):
        parse_command(text)
