"""sources.toml: loading, validation with clear errors, add and remove that keep the rest."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from bot.errors import ConfigError
from bot.ingest.sources import (
    SourceConfig,
    add_source,
    find_source,
    load_sources,
    remove_source,
)
from bot.resources import resource_dir

HARBOR = SourceConfig(
    name="Harbor Daily",
    url="https://harbordaily.example/rss.xml",
    outlet="Harbor Daily",
    timezone="Europe/Dublin",
    fetch_full_text=True,
)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_config_reads_the_bundled_samples() -> None:
    path = resource_dir("config") / "sources.toml"
    (samples,) = load_sources(path)
    assert samples.kind == "directory" and samples.enabled
    assert samples.directory(path).resolve() == resource_dir("samples").resolve()


def test_missing_file_has_no_sources(tmp_path: Path) -> None:
    assert load_sources(tmp_path / "none.toml") == []


def test_kind_is_inferred_and_defaults_apply(tmp_path: Path) -> None:
    path = write(
        tmp_path / "s.toml",
        '[[source]]\nname = "a"\nurl = "https://a.example/feed"\n\n'
        '[[source]]\nname = "b"\npath = "dumps"\n',
    )
    a, b = load_sources(path)
    assert (a.kind, a.fetch_full_text, a.enabled) == ("feed", False, True)
    assert b.kind == "directory" and b.directory(path) == tmp_path / "dumps"


def test_add_appends_and_keeps_comments(tmp_path: Path) -> None:
    path = write(tmp_path / "s.toml", '# my sources\n[[source]]\nname = "a"\npath = "x"\n')
    add_source(path, HARBOR)
    text = path.read_text()
    assert text.startswith("# my sources\n")
    assert [s.name for s in load_sources(path)] == ["a", "Harbor Daily"]
    assert load_sources(path)[1] == HARBOR


def test_add_creates_the_file(tmp_path: Path) -> None:
    path = tmp_path / "new" / "sources.toml"
    add_source(path, HARBOR)
    assert load_sources(path) == [HARBOR]
    table = tomllib.loads(path.read_text())["source"][0]
    assert "enabled" not in table  # defaults are left out


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (SourceConfig(name="Harbor daily", url="https://other.example/"), "two sources are named"),
        (
            SourceConfig(name="copy", url="https://HARBORDAILY.example/rss.xml?utm_source=x"),
            "have the same url",
        ),
        (SourceConfig(name="ftp", url="ftp://files.example/feed"), "not an http(s) URL"),
        (SourceConfig(name="bare", url="harbordaily.example/rss"), "not an http(s) URL"),
        (SourceConfig(name="port", url="https://a.example:99999/"), "not a valid URL"),
        (SourceConfig(name="dir", kind="directory"), "needs path"),
        (SourceConfig(name="both", url="https://b.example/", path="x"), "needs url"),
        (SourceConfig(name="kind", url="https://c.example/", kind="podcast"), "kind must be"),  # type: ignore[arg-type]
        (SourceConfig(name="tz", url="https://d.example/", timezone="Mars/Olympus"), "timezone"),
        (SourceConfig(name=" ", url="https://e.example/"), "non-empty name"),
    ],
)
def test_invalid_sources_are_refused(tmp_path: Path, source: SourceConfig, message: str) -> None:
    path = tmp_path / "s.toml"
    add_source(path, HARBOR)
    before = path.read_text()
    with pytest.raises(ConfigError) as caught:
        add_source(path, source)
    assert message in str(caught.value)
    assert path.read_text() == before  # nothing written


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[source]\n", "not valid TOML"),
        ('source = "x"\n', "array of tables"),
        ('[[source]]\nurl = "https://a.example/"\n', "has no name"),
        ('[[source]]\nname = "a"\nurl = "https://a.example/"\nfrequency = 5\n', "unknown keys"),
        ('[[source]]\nname = "a"\nurl = "https://a.example/"\nenabled = "yes"\n', "true or false"),
        ('[[source]]\nname = 5\nurl = "https://a.example/"\n', "must be a string"),
    ],
)
def test_broken_files_give_clear_errors(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path / "s.toml", text)
    with pytest.raises(ConfigError, match=message) as caught:
        load_sources(path)
    assert str(path) in str(caught.value)


def test_remove_by_name_or_url(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    add_source(path, HARBOR)
    add_source(path, SourceConfig(name="Ridge", path="dumps", kind="directory"))
    assert remove_source(path, "https://harbordaily.example/rss.xml#top") is True
    assert [s.name for s in load_sources(path)] == ["Ridge"]
    assert remove_source(path, "ridge") is True
    assert load_sources(path) == []
    assert remove_source(path, "ridge") is False


def test_remove_keeps_the_other_sources_intact(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    others = [
        HARBOR,
        SourceConfig(name="Ridge", path="/data/ridge", kind="directory", enabled=False),
        SourceConfig(name="Page", url="https://p.example/story", kind="page"),
    ]
    for source in others:
        add_source(path, source)
    remove_source(path, "Page")
    assert load_sources(path) == others[:2]


def test_find_source(tmp_path: Path) -> None:
    sources = [HARBOR]
    assert find_source(sources, "harbor daily") == HARBOR
    assert find_source(sources, "https://harbordaily.example/rss.xml") == HARBOR
    assert find_source(sources, "nope") is None
