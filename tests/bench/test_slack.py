"""``python -m bench slack``: distinct signed requests, sent at once, to the app on loopback."""

from __future__ import annotations

from pathlib import Path

from bench import slack
from bench.digest_store import sqlite_store


def test_requests_are_distinct_and_varied() -> None:
    requests = slack.plan(slack.REQUESTS)
    assert len({(r.topic, r.user, r.channel) for r in requests}) == len(requests)
    assert len({r.key for r in requests}) == len(requests)
    assert {r.topic for r in requests} == set(slack.SLUGS)
    assert len({r.user for r in requests}) > slack.USERS // 2
    assert len({r.channel for r in requests}) > slack.CHANNELS // 2


def test_a_quick_run_answers_every_request_with_a_digest(tmp_path: Path) -> None:
    path, built = sqlite_store(slack.QUICK_SIZES[0], tmp_path)
    assert built
    figures = slack.measure(f"sqlite:///{path}", requests=8, clients=4)
    assert figures.requests == figures.with_stories == 8
    assert 0 < figures.ack[0] <= figures.ack[1]
    assert figures.ack[0] < figures.answer[0] <= figures.answer[1]
