from __future__ import annotations

import pytest

from bot.errors import StoreError
from bot.store.db import open_engine


def test_unknown_dialect_error_hides_the_password() -> None:
    with pytest.raises(StoreError) as caught:
        open_engine("nosuch://user:hunter2@host/db")
    assert "hunter2" not in str(caught.value)
    assert "\n" not in str(caught.value)


def test_unreachable_server_is_one_line_without_password() -> None:
    with pytest.raises(StoreError) as caught:
        open_engine("postgresql://user:hunter2@127.0.0.1:1/db")
    assert "hunter2" not in str(caught.value)
    assert "\n" not in str(caught.value)
