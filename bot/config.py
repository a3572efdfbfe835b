"""One typed ``Settings``: packaged defaults < a config file < the environment.

Secrets (Slack tokens, the push token) come from the environment only: a config file that
sets one is refused, so a secret never ends up in a committed file.

Every setting can be overridden by ``NEWSBOT_<NAME>`` (upper case); a few also answer to the
conventional names a platform sets (``PORT``, ``DATABASE_URL``, ``SLACK_*``).
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import platformdirs

from bot.errors import ConfigError
from bot.log_redaction import REDACTOR
from bot.resources import resource_dir

# Settings read from the environment under their conventional names as well.
_CONVENTIONAL_ENV = {
    "database_url": "DATABASE_URL",
    "port": "PORT",
    "slack_bot_token": "SLACK_BOT_TOKEN",
    "slack_signing_secret": "SLACK_SIGNING_SECRET",
    "slack_app_token": "SLACK_APP_TOKEN",
    "slack_api_url": "SLACK_API_URL",
    "slack_client_id": "SLACK_CLIENT_ID",
    "slack_client_secret": "SLACK_CLIENT_SECRET",
    "push_token": "NEWSBOT_PUSH_TOKEN",
}

DEFAULT_SOURCES_FILE = "config/sources.toml"

SECRETS = frozenset(
    {
        "slack_bot_token",
        "slack_signing_secret",
        "slack_app_token",
        "slack_client_secret",
        "push_token",
        "token_key",
    }
)


@dataclass(frozen=True)
class Settings:
    # Storage
    # May hold a password: kept out of repr() like the other secrets.
    database_url: str = field(default="sqlite:///newsbot.db", repr=False)
    # Files a user may point at their own copies of
    sources_file: str = DEFAULT_SOURCES_FILE
    topics_file: str = ""  # empty: the packaged config/topics.toml
    templates_dir: str = ""  # empty: the packaged templates/
    # Fetching
    user_agent: str = "newsbot/0.1 (+https://github.com/newsbot/newsbot)"
    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    fetch_deadline: float = 30.0
    max_body_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    per_host_concurrency: int = 2
    allow_private_urls: bool = False
    # Fractions allowed (0.5: every 30 s), mostly for tests; at least 0.1.
    poll_interval_minutes: float = 15
    # Queue mode: the clock only enqueues, `newsbot worker` processes poll and deliver
    # (PostgreSQL only; docs/queue.md).
    queue: bool = False
    # Digests
    digest_window_hours: int = 24
    digest_max_stories: int = 8
    post_empty_digests: bool = False
    default_digest_time: str = "09:00"
    # An updated story's new quotes reply in the earlier digest's thread while it is this recent.
    update_thread_window_days: int = 3
    # Seconds of a worker's time each article's quotes and summary may take in serve and clock;
    # past it the story shows its lead instead (docs/hardening.md). 0: analyse inline, no limit.
    analysis_budget_seconds: float = 5.0
    # Slack
    port: int = 3000
    slack_bot_token: str | None = field(default=None, repr=False)
    slack_signing_secret: str | None = field(default=None, repr=False)
    slack_app_token: str | None = field(default=None, repr=False)
    slack_api_url: str | None = None
    slack_client_id: str | None = None
    slack_client_secret: str | None = field(default=None, repr=False)
    # channels:history/groups:history let delivery find a digest it posted before a crash.
    slack_scopes: str = (
        "commands,chat:write,chat:write.public,users:read,channels:history,groups:history"
    )
    sources_admins_only: bool = True
    # Fernet key(s) for Slack tokens stored in OAuth mode, comma-separated, newest first.
    token_key: str | None = field(default=None, repr=False)
    # Push endpoint
    push_token: str | None = field(default=None, repr=False)
    push_max_bytes: int = 2 * 1024 * 1024

    @property
    def topics_path(self) -> Path:
        return (
            Path(self.topics_file) if self.topics_file else resource_dir("config") / "topics.toml"
        )

    @property
    def templates_path(self) -> Path:
        return Path(self.templates_dir) if self.templates_dir else resource_dir("templates")

    @property
    def sources_path(self) -> Path:
        """The sources file to read. By default ./config/sources.toml, else the user's own
        (``user_sources_file``), else the packaged file rather than "no sources at all"."""
        path = Path(self.sources_file)
        if self.sources_file != DEFAULT_SOURCES_FILE:
            return path
        return next((p for p in (path, user_sources_file()) if p.exists()), packaged_sources())

    @property
    def sources_write_path(self) -> Path:
        """The sources file that ``sources add|remove`` change: the one read, except that the
        packaged file is a read-only default (in an installed wheel it is site-packages, in an
        editable install a tracked file), so the user's own file is written instead."""
        path = self.sources_path
        return user_sources_file() if path == packaged_sources() else path


def user_sources_file() -> Path:
    """``sources.toml`` in the user's config folder: ~/.config/newsbot (or
    $XDG_CONFIG_HOME/newsbot) on Linux, ~/Library/Application Support/newsbot on macOS."""
    return Path(platformdirs.user_config_dir("newsbot", appauthor=False)) / "sources.toml"


def packaged_sources() -> Path:
    return resource_dir("config") / "sources.toml"


def _coerce(name: str, raw: object, kind: Any) -> object:
    text_kind = str(kind)
    try:
        if raw is None:
            return None
        if "bool" in text_kind:
            if isinstance(raw, bool):
                return raw
            value = str(raw).strip().lower()
            if value in {"1", "true", "yes", "on"}:
                return True
            if value in {"0", "false", "no", "off", ""}:
                return False
            raise ValueError(f"expected true/false, got {raw!r}")
        if "int" in text_kind:
            return int(raw)  # type: ignore[call-overload]
        if "float" in text_kind:
            return float(raw)  # type: ignore[arg-type]
        return str(raw)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"setting {name}: {exc}") from exc


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError as exc:
        raise ConfigError(f"config file {path} does not exist") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"config file {path} is not UTF-8 text: {exc.reason}") from exc
    except OSError as exc:
        raise ConfigError(f"cannot read config file {path}: {exc.strerror or exc}") from exc


def load_settings(
    env: Mapping[str, str] | None = None, config_file: str | Path | None = None
) -> Settings:
    """Build the settings; raise ``ConfigError`` naming the bad setting and how to fix it."""
    env = os.environ if env is None else env
    known = {f.name: f for f in fields(Settings)}
    values: dict[str, object] = {}
    path = config_file or env.get("NEWSBOT_CONFIG")
    if path:
        for key, raw in _read_toml(Path(path)).get("newsbot", {}).items():
            if key not in known:
                raise ConfigError(f"{path}: unknown setting {key!r}")
            if key in SECRETS:
                raise ConfigError(f"{path}: {key} is a secret; set it in the environment instead")
            values[key] = _coerce(key, raw, known[key].type)
    for name, spec in known.items():
        for env_name in (f"NEWSBOT_{name.upper()}", _CONVENTIONAL_ENV.get(name)):
            if env_name and env_name in env and env[env_name] != "":
                values[name] = _coerce(env_name, env[env_name], spec.type)
    settings = dataclasses.replace(Settings(), **values)  # type: ignore[arg-type]
    _validate(settings)
    # Masked in every log line from now on, whatever logs them (bot/log_redaction.py).
    REDACTOR.add_secrets(getattr(settings, name) for name in sorted(SECRETS))
    return settings


def _validate(settings: Settings) -> None:
    if settings.max_redirects < 0 or settings.max_body_bytes <= 0:
        raise ConfigError("max_redirects must be >= 0 and max_body_bytes > 0")
    if settings.update_thread_window_days < 0:
        raise ConfigError(
            f"update_thread_window_days must be 0 or more, got {settings.update_thread_window_days}"
        )
    if not settings.analysis_budget_seconds >= 0:  # also refuses NaN
        raise ConfigError(
            "analysis_budget_seconds must be a number of seconds >= 0 (0: no budget), "
            f"got {settings.analysis_budget_seconds}"
        )
    if not 0 < settings.port < 65536:
        raise ConfigError(f"PORT must be a TCP port number, got {settings.port}")
    hour, _, minute = settings.default_digest_time.partition(":")
    if not (hour.isdigit() and minute.isdigit() and int(hour) < 24 and int(minute) < 60):
        raise ConfigError(
            f"default_digest_time must be HH:MM, got {settings.default_digest_time!r}"
        )
