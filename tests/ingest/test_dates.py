from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.ingest.dates import parse_datetime
from bot.ingest.readers import ReadHints

IST = timezone(timedelta(hours=5, minutes=30))
EST = timezone(timedelta(hours=-5))
CET = timezone(timedelta(hours=1))
BST = timezone(timedelta(hours=1))
CEST = timezone(timedelta(hours=2))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("03-12-2021 19:23 IST", datetime(2021, 12, 3, 19, 23, tzinfo=IST)),
        ("Updated: 03-12-2021 19:23 IST", datetime(2021, 12, 3, 19, 23, tzinfo=IST)),
        ("Nov 3, 2026 4:05 PM EST", datetime(2026, 11, 3, 16, 5, tzinfo=EST)),
        ("Nov. 3, 2026, 4:05 p.m. ET", datetime(2026, 11, 3, 16, 5, tzinfo=EST)),
        ("2026-11-03T16:05:00Z", datetime(2026, 11, 3, 16, 5, tzinfo=UTC)),
        ("2026-11-03T16:05:00+01:00", datetime(2026, 11, 3, 16, 5, tzinfo=CET)),
        ("Tue, 03 Nov 2026 16:05:00 +0000", datetime(2026, 11, 3, 16, 5, tzinfo=UTC)),
        ("Tue, 03 Nov 2026 16:05:00 GMT", datetime(2026, 11, 3, 16, 5, tzinfo=UTC)),
        ("3 November 2026, 16:05 GMT", datetime(2026, 11, 3, 16, 5, tzinfo=UTC)),
        ("2026-11-03", datetime(2026, 11, 3, tzinfo=UTC)),
        ("27 November 2026, 16:50 GMT", datetime(2026, 11, 27, 16, 50, tzinfo=UTC)),
        ("Friday 27 November 2026 16.50 GMT", datetime(2026, 11, 27, 16, 50, tzinfo=UTC)),
        ("27 November 2026 16:50 (GMT)", datetime(2026, 11, 27, 16, 50, tzinfo=UTC)),
        ("4:05 PM EST, Nov 3, 2026", datetime(2026, 11, 3, 16, 5, tzinfo=EST)),
        ("27.11.2026 16:50", datetime(2026, 11, 27, 16, 50, tzinfo=UTC)),
        ("14 October 2026, 08:30 BST", datetime(2026, 10, 14, 8, 30, tzinfo=BST)),
        # The abbreviation says which offset: CEST is +02:00 whatever the date.
        ("3 January 2026 10:00 CEST", datetime(2026, 1, 3, 10, 0, tzinfo=CEST)),
    ],
)
def test_parse_datetime_forms(text: str, expected: datetime) -> None:
    parsed = parse_datetime(text, hints=ReadHints())
    assert parsed == expected
    assert parsed is not None and parsed.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize("text", ["", "hello", "12:00", "Left Menu", "9" * 500])
def test_non_dates_are_none(text: str) -> None:
    assert parse_datetime(text, hints=ReadHints()) is None


def test_day_first_is_a_hint() -> None:
    assert parse_datetime("03-12-2021", hints=ReadHints()) == datetime(2021, 12, 3, tzinfo=UTC)
    us = ReadHints(day_first=False)
    assert parse_datetime("03-12-2021", hints=us) == datetime(2021, 3, 12, tzinfo=UTC)


def test_ist_follows_the_source_timezone() -> None:
    dublin = ReadHints(timezone="Europe/Dublin")
    parsed = parse_datetime("03-07-2026 10:00 IST", hints=dublin)
    assert parsed is not None and parsed.utcoffset() == timedelta(hours=1)
    india = parse_datetime("03-07-2026 10:00 IST", hints=ReadHints())
    assert india is not None and india.utcoffset() == timedelta(hours=5, minutes=30)


def test_abbreviation_table_is_a_hint() -> None:
    israel = ReadHints(tz_abbreviations={"IST": "Asia/Jerusalem"})
    parsed = parse_datetime("03-12-2026 10:00 IST", hints=israel)
    assert parsed is not None and parsed.utcoffset() == timedelta(hours=2)


def test_zone_less_time_takes_the_source_timezone() -> None:
    parsed = parse_datetime("2026-11-03 10:00", hints=ReadHints(timezone="Asia/Tokyo"))
    assert parsed is not None and parsed.utcoffset() == timedelta(hours=9)


@given(st.text(max_size=60), st.booleans())
def test_result_is_none_or_aware(text: str, day_first: bool) -> None:
    parsed = parse_datetime(text, hints=ReadHints(day_first=day_first, timezone="Nope/Zone"))
    assert parsed is None or parsed.tzinfo is not None
