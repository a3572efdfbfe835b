"""The configured news sources: ``[[source]]`` tables in ``sources.toml``.

    [[source]]
    name = "Harbor Daily"
    url = "https://harbordaily.example/rss"
    kind = "feed"              # feed | page | directory (a folder of saved pages and dumps)
    outlet = "Harbor Daily"    # optional: the outlet name when the pages do not say it
    timezone = "Europe/Dublin" # optional: for times without a zone, and "IST" on that site
    fetch_full_text = true     # optional: complete teaser items by fetching their link
    enabled = true

A directory's ``path`` may be relative: it is taken from the folder of the sources file.
The packaged file is a read-only default: changes go to the user's own file
(``Settings.sources_write_path``), which starts as a copy of the sources read until then.
Adding appends a table to the file, so comments and other sources stay as they were;
removing rewrites the file. Every write goes through a temporary file, so a crash never
leaves half a config behind.
"""

from __future__ import annotations

import os
import tempfile
import tomllib
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import tomli_w

from bot.config import Settings
from bot.errors import ConfigError
from bot.text.urls import normalize_url

SourceKind = Literal["feed", "page", "directory"]
KINDS: tuple[SourceKind, ...] = ("feed", "page", "directory")
_FIELDS = ("name", "url", "path", "kind", "outlet", "timezone", "fetch_full_text", "enabled")


@dataclass(frozen=True)
class SourceConfig:
    name: str
    url: str | None = None
    path: str | None = None
    kind: SourceKind = "feed"
    outlet: str | None = None
    timezone: str | None = None
    fetch_full_text: bool = False
    enabled: bool = True

    @property
    def location(self) -> str:
        """The URL or the directory: what the source reads."""
        return self.url or self.path or ""

    def directory(self, sources_file: Path) -> Path:
        """The directory of a directory source, resolved against the sources file's folder.

        Always absolute: files are remembered by their ``file://`` URI, which a relative path
        (a sources file named relative to the working directory) cannot have.
        """
        path = Path(self.path or "").expanduser()
        return (path if path.is_absolute() else sources_file.parent / path).resolve()


def load_sources(path: Path) -> list[SourceConfig]:
    """Every source in ``path`` (none when the file does not exist), validated."""
    if not path.exists():
        return []
    sources = [_from_table(path, i, t) for i, t in enumerate(_read(path).get("source", []))]
    _check_unique(path, sources)
    return sources


def add_source(path: Path, source: SourceConfig) -> SourceConfig:
    """Append ``source`` to the file (created when missing); ConfigError if it clashes."""
    validate_source(path, source)
    existing = load_sources(path)
    _check_unique(path, [*existing, source])
    block = _source_block(_to_table(source))
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    separator = "" if not old or old.endswith("\n\n") else ("\n" if old.endswith("\n") else "\n\n")
    new_text = old + separator + block
    _parse(path, new_text)  # never write a file that would not load
    _write_atomically(path, new_text)
    return source


def remove_source(path: Path, name_or_url: str) -> bool:
    """Remove the source with this name or URL; False when there is none."""
    document = _read(path) if path.exists() else {}
    tables: list[dict[str, Any]] = list(document.get("source", []))
    keep = [t for t in tables if not _matches(t, name_or_url)]
    if len(keep) == len(tables):
        return False
    del document["source"]
    header = "# newsbot sources (rewritten by `newsbot sources remove`).\n\n"
    rest = tomli_w.dumps(document) + "\n" if document else ""
    _write_atomically(path, header + rest + "\n".join(_source_block(t) for t in keep))
    return True


def writable_sources_file(settings: Settings) -> Path:
    """The file to change (``settings.sources_write_path``), made when it is the user's own
    file and does not exist yet: from the sources read until now, with folders made absolute,
    so that nothing polled before stops being polled."""
    target, current = settings.sources_write_path, settings.sources_path
    if target == current or target.exists():
        return target
    kept = [_absolute(s, current) for s in load_sources(current)]
    header = f"# newsbot sources: your own copy, started from {current}.\n\n"
    _write_atomically(target, header + "\n".join(_source_block(_to_table(s)) for s in kept))
    return target


def _absolute(source: SourceConfig, sources_file: Path) -> SourceConfig:
    if source.kind != "directory":
        return source
    return replace(source, path=str(source.directory(sources_file)))


def find_source(sources: list[SourceConfig], name_or_url: str) -> SourceConfig | None:
    return next((s for s in sources if _matches(asdict(s), name_or_url)), None)


def validate_source(sources_file: Path, source: SourceConfig) -> None:
    """Raise ConfigError naming the source and what is wrong with it."""
    where = f"{sources_file}: source {source.name!r}"
    if not source.name.strip():
        raise ConfigError(f"{sources_file}: a source needs a non-empty name")
    if source.kind not in KINDS:
        raise ConfigError(f"{where}: kind must be one of {', '.join(KINDS)}, not {source.kind!r}")
    if source.kind == "directory":
        if not source.path or source.url:
            raise ConfigError(f"{where}: a directory source needs path (and no url)")
    elif not source.url or source.path:
        raise ConfigError(f"{where}: a {source.kind} source needs url (and no path)")
    else:
        _check_url(where, source.url)
    if source.timezone:
        try:
            ZoneInfo(source.timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ConfigError(f"{where}: unknown timezone {source.timezone!r}") from exc


def _check_url(where: str, url: str) -> None:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as exc:
        raise ConfigError(f"{where}: {url!r} is not a valid URL ({exc})") from exc
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"{where}: {url!r} is not an http(s) URL")


def _check_unique(path: Path, sources: list[SourceConfig]) -> None:
    names: set[str] = set()
    urls: dict[str, str] = {}
    for source in sources:
        if source.name.casefold() in names:
            raise ConfigError(f"{path}: two sources are named {source.name!r}")
        names.add(source.name.casefold())
        if source.url:
            key = normalize_url(source.url)
            if key in urls:
                raise ConfigError(
                    f"{path}: sources {urls[key]!r} and {source.name!r} have the same url"
                )
            urls[key] = source.name


def _matches(table: dict[str, Any], name_or_url: str) -> bool:
    wanted = name_or_url.strip()
    if str(table.get("name", "")).casefold() == wanted.casefold():
        return True
    url = table.get("url")
    return bool(url) and normalize_url(str(url)) == normalize_url(wanted)


def _from_table(path: Path, index: int, table: object) -> SourceConfig:
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: source #{index + 1} is not a table")
    unknown = sorted(set(table) - set(_FIELDS))
    if unknown:
        raise ConfigError(f"{path}: source #{index + 1} has unknown keys {unknown}")
    kind = table.get("kind") or ("directory" if "path" in table else "feed")
    values: dict[str, Any] = {**table, "kind": kind}
    for key in ("name", "url", "path", "kind", "outlet", "timezone"):
        if key in values and not isinstance(values[key], str):
            raise ConfigError(f"{path}: source #{index + 1}: {key} must be a string")
    for key in ("fetch_full_text", "enabled"):
        if key in values and not isinstance(values[key], bool):
            raise ConfigError(f"{path}: source #{index + 1}: {key} must be true or false")
    if "name" not in values:
        raise ConfigError(f"{path}: source #{index + 1} has no name")
    source = SourceConfig(**values)
    validate_source(path, source)
    return source


def _to_table(source: SourceConfig) -> dict[str, Any]:
    table = {k: v for k, v in asdict(source).items() if v is not None}
    # Leave defaults out so the file stays short and readable.
    if table.get("fetch_full_text") is False:
        del table["fetch_full_text"]
    if table.get("enabled") is True:
        del table["enabled"]
    return table


def _source_block(table: dict[str, Any]) -> str:
    # tomli-w writes short arrays of tables inline; a [[source]] block per source reads better
    # and can be appended to a file without touching the rest of it.
    return "[[source]]\n" + tomli_w.dumps(table)


def _read(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read sources file {path}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"sources file {path} is not UTF-8 text: {exc.reason}") from exc
    return _parse(path, text)


def _parse(path: Path, text: str) -> dict[str, Any]:
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"sources file {path} is not valid TOML: {exc}") from exc
    if not isinstance(document.get("source", []), list):
        raise ConfigError(f"{path}: 'source' must be an array of tables ([[source]])")
    return document


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        if path.exists():  # mkstemp makes the file private; keep the config's own mode
            Path(temp).chmod(path.stat().st_mode & 0o777)
        Path(temp).replace(path)
    except OSError as exc:
        raise ConfigError(f"cannot write sources file {path}: {exc.strerror or exc}") from exc
