from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import load_settings
from bot.errors import ConfigError
from bot.resources import resource_dir


def test_environment_overrides_defaults() -> None:
    settings = load_settings({"PORT": "8080", "NEWSBOT_ALLOW_PRIVATE_URLS": "yes"})
    assert settings.port == 8080
    assert settings.allow_private_urls is True


def test_the_update_thread_window_is_days_and_not_negative() -> None:
    assert load_settings({}).update_thread_window_days == 3
    assert load_settings({"NEWSBOT_UPDATE_THREAD_WINDOW_DAYS": "7"}).update_thread_window_days == 7
    with pytest.raises(ConfigError, match="update_thread_window_days"):
        load_settings({"NEWSBOT_UPDATE_THREAD_WINDOW_DAYS": "-1"})


def test_bad_value_names_the_setting() -> None:
    with pytest.raises(ConfigError, match="PORT"):
        load_settings({"PORT": "abc"})


def test_secrets_in_a_config_file_are_refused(tmp_path: Path) -> None:
    config = tmp_path / "newsbot.toml"
    config.write_text('[newsbot]\nslack_bot_token = "xoxb-1"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="secret"):
        load_settings({}, config_file=config)


def test_config_file_that_is_not_utf8_is_a_config_error(tmp_path: Path) -> None:
    config = tmp_path / "newsbot.toml"
    config.write_bytes('[newsbot]\nuser_agent = "Bär"\n'.encode("latin-1"))
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_settings({}, config_file=config)


def test_no_secret_or_database_password_in_repr() -> None:
    settings = load_settings(
        {"DATABASE_URL": "postgresql://u:pw-123@h/db", "SLACK_BOT_TOKEN": "xoxb-secret-1"}
    )
    assert "pw-123" not in repr(settings)
    assert "xoxb-secret-1" not in repr(settings)


def test_default_sources_file_falls_back_to_the_packaged_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = load_settings({}).sources_path
    assert path.is_file()
    assert path.name == "sources.toml"


def test_named_sources_file_is_used_as_given(tmp_path: Path) -> None:
    named = tmp_path / "mine.toml"
    assert load_settings({"NEWSBOT_SOURCES_FILE": str(named)}).sources_path == named


def test_the_default_sources_file_is_local_then_the_users_then_packaged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    settings = load_settings(env={})
    packaged = resource_dir("config") / "sources.toml"
    mine = tmp_path / "xdg-config" / "newsbot" / "sources.toml"
    assert (settings.sources_path, settings.sources_write_path) == (packaged, mine)
    mine.parent.mkdir(parents=True)
    mine.write_text("", encoding="utf-8")
    assert (settings.sources_path, settings.sources_write_path) == (mine, mine)
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "sources.toml").write_text("", encoding="utf-8")
    local = Path("config/sources.toml")
    assert (settings.sources_path, settings.sources_write_path) == (local, local)
