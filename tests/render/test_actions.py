from __future__ import annotations

import pytest

from bot.render import ACTION_FULL_QUOTES, ACTION_SHARE, parse_full_quotes_value
from bot.render.actions import full_quotes_value


def test_action_ids_are_distinct_and_stable() -> None:
    assert ACTION_FULL_QUOTES == "newsbot_full_quotes"
    assert ACTION_SHARE == "newsbot_share"


def test_full_quotes_value_round_trips_even_with_colons_in_the_id() -> None:
    assert parse_full_quotes_value(full_quotes_value("d:42", 7)) == ("d:42", 7)


@pytest.mark.parametrize(
    "value", ["", "abc", ":3", "abc:", "abc:-1", "abc:x", "abc:1.5", None, 12, "a:" + "9" * 20]
)
def test_junk_values_are_refused(value: object) -> None:
    with pytest.raises(ValueError):
        parse_full_quotes_value(value)
