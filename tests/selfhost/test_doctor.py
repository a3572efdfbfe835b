"""``newsbot doctor`` against the fake Slack API, real databases and a loopback feed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from click.testing import CliRunner
from sqlalchemy import text

from bot.cli import cli
from bot.clock import system_clock
from bot.config import load_settings
from bot.doctor.clock_checks import check_clock
from bot.doctor.slack_checks import manifest_scopes
from bot.schedule import create_scheduler, forget_scheduler
from bot.store.db import alembic_config, create_store_engine, open_engine
from bot.store.sqlite_owner import claim_sqlite
from fakes.slack_api import FakeSlackApi
from fakes.web import FakeWeb

ROOT = Path(__file__).resolve().parents[2]
FEED = (ROOT / "tests" / "samples" / "poll" / "coast-feed.xml").read_text(encoding="utf-8")
ALL_SCOPES = ",".join(manifest_scopes(load_settings(env={})))


@pytest.fixture
def web() -> Iterator[FakeWeb]:
    with FakeWeb() as fake:
        fake.page("/feed.xml", FEED.replace("{base}", fake.base_url), content_type="text/xml")
        fake.status("/gone.xml", 404)
        yield fake


@pytest.fixture
def env(tmp_path: Path, slack: FakeSlackApi, web: FakeWeb) -> dict[str, str]:
    slack.scopes = ALL_SCOPES
    database = f"sqlite:///{tmp_path / 'newsbot.db'}"
    open_engine(database).dispose()
    sources = tmp_path / "sources.toml"
    sources.write_text(
        f'[[source]]\nname = "Coast"\nurl = "{web.url("/feed.xml")}"\n', encoding="utf-8"
    )
    return {
        "DATABASE_URL": database,
        "SLACK_BOT_TOKEN": "xoxb-doctor",
        "SLACK_SIGNING_SECRET": "doctor-secret",
        "SLACK_API_URL": slack.api_url,
        "NEWSBOT_SOURCES_FILE": str(sources),
        "NEWSBOT_ALLOW_PRIVATE_URLS": "true",
    }


def doctor(env: dict[str, str], *args: str) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(cli, ["doctor", "--format", "json", *args], env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, json.loads(result.output)


def found(report: dict[str, Any], area: str, subject: str | None = None) -> list[dict[str, Any]]:
    return [
        c
        for c in report["checks"]
        if c["area"] == area and (subject is None or c["subject"] == subject)
    ]


def test_a_good_setup_passes(env: dict[str, str], slack: FakeSlackApi) -> None:
    code, report = doctor(env, "--fetch")
    assert code == 0 and report["ok"] and report["problems"] == 0, report
    assert found(report, "token")[0]["detail"] == "bot U0BOT in workspace T0TEST"
    assert found(report, "scopes")[0]["status"] == "ok"
    assert [c["status"] for c in found(report, "database")] == ["ok"]
    assert found(report, "migrations")[0]["status"] == "ok"
    assert found(report, "source", "Coast")[0]["detail"] == "feed, 3 items"
    assert len(slack.calls("auth.test")) == 1
    assert slack.calls("chat.postMessage") == [], "the doctor only reads"


def test_text_output_names_each_problem_and_its_fix(
    env: dict[str, str], slack: FakeSlackApi
) -> None:
    slack.fail("auth.test", error="invalid_auth")
    result = CliRunner().invoke(cli, ["doctor"], env=env)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    token = next(i for i, line in enumerate(lines) if line.startswith("FAIL  token"))
    assert "Slack refused the bot token: invalid_auth" in lines[token]
    assert "fix: copy the Bot User OAuth Token (xoxb-...)" in lines[token + 1]
    assert lines[-1] == "1 problem found"


def test_a_bad_token_is_a_problem(env: dict[str, str], slack: FakeSlackApi) -> None:
    slack.fail("auth.test", error="invalid_auth")
    code, report = doctor(env)
    assert code == 1 and not report["ok"]
    [token] = found(report, "token")
    assert token["status"] == "fail" and "invalid_auth" in token["detail"]
    assert "SLACK_BOT_TOKEN" in token["fix"]
    assert found(report, "scopes") == [], "no scopes to read without a token"


def test_a_user_token_is_refused_before_calling_slack(
    env: dict[str, str], slack: FakeSlackApi
) -> None:
    code, report = doctor({**env, "SLACK_BOT_TOKEN": "xoxp-someone"})
    assert code == 1
    assert "a user token" in found(report, "token")[0]["detail"]
    assert slack.calls("auth.test") == []


def test_an_unreachable_slack_is_a_problem(env: dict[str, str]) -> None:
    code, report = doctor({**env, "SLACK_API_URL": "http://127.0.0.1:9/api/"})
    assert code == 1
    assert "cannot reach Slack at http://127.0.0.1:9/api/" in found(report, "token")[0]["detail"]


def test_a_missing_scope_is_named_with_the_reinstall_fix(
    env: dict[str, str], slack: FakeSlackApi
) -> None:
    slack.scopes = ALL_SCOPES.replace(",chat:write.public", "")
    code, report = doctor(env)
    assert code == 1
    [scopes] = found(report, "scopes")
    assert scopes["status"] == "fail"
    assert scopes["detail"] == "the bot token lacks chat:write.public"
    assert "reinstall the app" in scopes["fix"]


def test_socket_mode_app_token(env: dict[str, str], slack: FakeSlackApi) -> None:
    socket_env = {**env, "SLACK_APP_TOKEN": "xapp-1-doctor"}
    slack.set_method("apps.connections.open", {"ok": True, "url": "wss://example.invalid/"})
    code, report = doctor(socket_env)
    assert code == 0, report
    assert found(report, "socket-mode")[0]["status"] == "ok"
    slack.fail("apps.connections.open", error="missing_scope")
    code, report = doctor(socket_env)
    assert code == 1
    [socket] = found(report, "socket-mode")
    assert "missing_scope" in socket["detail"] and "connections:write" in socket["fix"]


def test_no_slack_settings_at_all(env: dict[str, str]) -> None:
    bare = {k: v for k, v in env.items() if not k.startswith("SLACK_")}
    code, report = doctor(bare)
    assert code == 1
    assert found(report, "slack")[0]["status"] == "fail"
    assert found(report, "token")[0]["detail"] == "SLACK_BOT_TOKEN is not set"


def test_an_unreachable_database_is_a_problem(env: dict[str, str]) -> None:
    code, report = doctor({**env, "DATABASE_URL": "postgresql://newsbot@127.0.0.1:9/none"})
    assert code == 1
    [database] = found(report, "database")
    assert database["status"] == "fail" and "cannot connect" in database["detail"]
    assert "DATABASE_URL" in database["fix"]


def test_a_missing_sqlite_file_is_not_created(env: dict[str, str], tmp_path: Path) -> None:
    absent = tmp_path / "later.db"
    code, report = doctor({**env, "DATABASE_URL": f"sqlite:///{absent}"})
    assert code == 0, report
    assert found(report, "database")[0]["status"] == "warn"
    assert not absent.exists()


def test_migrations_behind_and_ahead(env: dict[str, str], tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_store_engine(url)
    with engine.begin() as conn:
        config = alembic_config(engine)
        config.attributes["connection"] = conn
        command.upgrade(config, "0002_slack")
    code, report = doctor({**env, "DATABASE_URL": url})
    [migrations] = found(report, "migrations")
    assert code == 0 and migrations["status"] == "warn"
    assert "schema at 0002_slack" in migrations["detail"]
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    engine.dispose()
    code, report = doctor({**env, "DATABASE_URL": url})
    assert code == 1
    assert "newer than this newsbot knows" in found(report, "migrations")[0]["detail"]


def test_sources_problems(env: dict[str, str], tmp_path: Path, web: FakeWeb) -> None:
    code, report = doctor({**env, "NEWSBOT_SOURCES_FILE": str(tmp_path / "none.toml")})
    assert code == 1
    assert "sources.example.toml" in found(report, "sources")[0]["fix"]
    broken = tmp_path / "broken.toml"
    broken.write_text("[[source]\nname = 'x'\n", encoding="utf-8")
    code, report = doctor({**env, "NEWSBOT_SOURCES_FILE": str(broken)})
    assert code == 1 and "not valid TOML" in found(report, "sources")[0]["detail"]
    listed = tmp_path / "listed.toml"
    listed.write_text(
        f'[[source]]\nname = "Gone"\nurl = "{web.url("/gone.xml")}"\n\n'
        '[[source]]\nname = "Dumps"\npath = "no-such-folder"\n',
        encoding="utf-8",
    )
    code, report = doctor({**env, "NEWSBOT_SOURCES_FILE": str(listed)}, "--fetch")
    assert code == 1
    assert "HTTP 404" in found(report, "source", "Gone")[0]["detail"]
    assert found(report, "source", "Dumps")[0]["status"] == "fail"
    assert web.count("/gone.xml") == 1
    code, report = doctor({**env, "NEWSBOT_SOURCES_FILE": str(listed)})
    assert found(report, "source", "Gone") == [], "without --fetch nothing is fetched"
    assert web.count("/gone.xml") == 1


def test_the_shipped_samples_are_named_as_such(env: dict[str, str]) -> None:
    samples = {k: v for k, v in env.items() if k != "NEWSBOT_SOURCES_FILE"}
    code, report = doctor(samples)
    [sources] = found(report, "sources")
    assert code == 0, "a warning, not a problem"
    assert sources["status"] == "warn" and "invented samples" in sources["detail"]


def test_the_sqlite_owner_is_named(env: dict[str, str]) -> None:
    owner = claim_sqlite(env["DATABASE_URL"], "serve")
    assert owner is not None
    try:
        _, report = doctor(env)
    finally:
        owner.release()
    assert any("now used by newsbot serve (pid" in c["detail"] for c in found(report, "clock"))


def test_a_stopped_scheduler_is_noticed(env: dict[str, str]) -> None:
    settings = load_settings(env=env)
    engine = open_engine(settings.database_url)
    now = system_clock()
    [before] = [c for c in check_clock(settings, engine, now) if c.area == "scheduler"]
    assert before.status == "warn" and before.detail == "no scheduler has run on this database"
    jobs = create_scheduler(settings, engine, background=True, name="doctor", poll=lambda _: None)
    jobs.start(paused=True)  # stores its jobs; the sync job is due now
    jobs.shutdown(wait=False)
    forget_scheduler("doctor")
    [running] = [c for c in check_clock(settings, engine, now) if c.area == "scheduler"]
    assert running.status == "ok" and "'doctor' is running" in running.detail
    later = now + timedelta(minutes=10)
    [stopped] = [c for c in check_clock(settings, engine, later) if c.area == "scheduler"]
    assert stopped.status == "warn" and stopped.detail.startswith("no scheduler is running")
    engine.dispose()


def test_half_an_oauth_setup_is_a_finding_not_a_crash(env: dict[str, str]) -> None:
    code, report = doctor({**env, "SLACK_CLIENT_ID": "123.456"})
    assert code == 1
    [slack] = found(report, "slack")
    assert "set both SLACK_CLIENT_ID and SLACK_CLIENT_SECRET" in slack["detail"]
    assert found(report, "database")[0]["status"] == "ok", "the other checks still ran"
