"""Dockerfile and compose.yaml say what the Procfile and the docs say.

No image can be built on these machines, so this is what holds the two files to the tested
Procfile: the same commands, a PostgreSQL DATABASE_URL shared by web and clock, settings that
newsbot knows, a health check on /healthz, and the docs that describe them.
"""

from __future__ import annotations

import json
import re
import shlex
import tomllib
from dataclasses import fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from bot.config import _CONVENTIONAL_ENV, SECRETS, Settings
from bot.store.sqlite_owner import sqlite_file

ROOT = Path(__file__).resolve().parents[2]
OPERATIONS = ROOT / "docs" / "operations.md"


def procfile() -> dict[str, str]:
    lines = (ROOT / "Procfile").read_text(encoding="utf-8").splitlines()
    return dict(line.split(": ", 1) for line in lines if line.strip())


def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    return loaded


def dockerfile() -> list[tuple[str, str]]:
    """(instruction, arguments), with continued lines joined and comments dropped."""
    lines = (ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines()
    text = re.sub(r"\\\n", " ", "\n".join(x for x in lines if not x.startswith("#")))
    found = []
    for line in text.splitlines():
        if line.strip():
            instruction, _, rest = line.strip().partition(" ")
            found.append((instruction.upper(), rest.strip()))
    return found


def known_env_names() -> set[str]:
    names = {f"NEWSBOT_{f.name.upper()}" for f in fields(Settings)}
    return names | set(_CONVENTIONAL_ENV.values())


def test_compose_runs_the_procfile_commands() -> None:
    services = compose()["services"]
    for name, command in procfile().items():
        assert shlex.join(services[name]["command"]) == command


def test_the_image_runs_the_web_command_by_default() -> None:
    [cmd] = [rest for instruction, rest in dockerfile() if instruction == "CMD"]
    assert shlex.join(json.loads(cmd)) == procfile()["web"]


def test_the_image_uses_the_projects_python() -> None:
    version = (ROOT / ".python-version").read_text(encoding="utf-8").strip()
    bases = [rest for instruction, rest in dockerfile() if instruction == "FROM"]
    assert bases
    assert all(base.startswith(f"python:{version}") for base in bases)


def test_the_image_ships_the_compiled_nlp_core() -> None:
    # The hook is off by default (editable installs stay plain Python); the image turns it on.
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    hook = pyproject["tool"]["hatch"]["build"]["targets"]["wheel"]["hooks"]["mypyc"]
    assert hook["enable-by-default"] is False
    runs = [rest for instruction, rest in dockerfile() if instruction == "RUN"]
    assert any("HATCH_BUILD_HOOK_ENABLE_MYPYC=true pip wheel" in run for run in runs)


def test_the_image_copies_what_the_wheel_is_built_from() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    included = pyproject["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    needed = {*included, "pyproject.toml", pyproject["project"]["readme"], "bot"}
    copied = {
        word
        for instruction, rest in dockerfile()
        if instruction == "COPY"
        for word in rest.split()[:-1]
    }
    assert needed <= copied, f"missing from the image: {needed - copied}"


def test_web_and_clock_share_one_postgresql_database() -> None:
    document = compose()
    services = document["services"]
    urls = {services[name]["environment"]["DATABASE_URL"] for name in procfile()}
    assert len(urls) == 1, "web and clock must use one database"
    [url] = urls
    assert sqlite_file(url) is None
    parts = urlsplit(url.replace("${POSTGRES_PASSWORD:-newsbot}", "pw"))
    assert parts.scheme == "postgresql" and parts.hostname == "db"
    database = services["db"]
    assert database["image"].startswith("postgres:")
    env = database["environment"]
    assert parts.username == env["POSTGRES_USER"] and parts.path == f"/{env['POSTGRES_DB']}"
    assert env["POSTGRES_PASSWORD"] in url
    for name in procfile():
        assert services[name]["depends_on"]["db"]["condition"] == "service_healthy"
    assert "healthcheck" in database


def test_settings_are_newsbots_and_secrets_come_from_outside() -> None:
    secrets = {_CONVENTIONAL_ENV.get(s, f"NEWSBOT_{s.upper()}") for s in SECRETS}
    for name in procfile():
        env = compose()["services"][name]["environment"]
        assert set(env) <= known_env_names(), set(env) - known_env_names()
        for key, value in env.items():
            if key in secrets:
                assert value == f"${{{key}:-}}", f"{key} must come from the environment"


def test_web_health_check_asks_healthz_on_the_served_port() -> None:
    web = compose()["services"]["web"]
    port = web["environment"]["PORT"]
    probe = " ".join(web["healthcheck"]["test"])
    assert f"127.0.0.1:{port}/healthz" in probe
    assert web["ports"] == [f"{port}:{port}"]
    assert ("ENV", f"PORT={port}") in dockerfile()
    assert ("EXPOSE", port) in dockerfile()


def test_the_sources_file_lives_on_the_shared_volume() -> None:
    services = compose()["services"]
    for name in procfile():
        source = services[name]["environment"]["NEWSBOT_SOURCES_FILE"]
        mounts = {v.split(":")[1] for v in services[name]["volumes"]}
        assert str(Path(source).parent) in mounts


def test_operations_doc_describes_the_same_setup() -> None:
    doc = OPERATIONS.read_text(encoding="utf-8")
    for command in procfile().values():
        assert f"`{command}`" in doc or command in doc
    for needed in ("honcho start", "docker compose up", "DATABASE_URL", "newsbot doctor"):
        assert needed in doc, needed
    assert "not built in CI" in doc
    assert "compose.yaml" in doc and "Dockerfile" in doc
