"""Sources: is the sources file there and valid, and (``--fetch``) does each source answer?"""

from __future__ import annotations

from pathlib import Path

from bot.config import Settings
from bot.doctor.report import Check
from bot.errors import ConfigError, FetchError, ReadError
from bot.ingest.fetch import FetchRequest, FetchResult, fetch_many
from bot.ingest.readers import ReadHints, read_document
from bot.ingest.service import readable_files
from bot.ingest.sources import SourceConfig, load_sources
from bot.resources import resource_dir

EXAMPLE = "config/sources.example.toml"
START_FROM_EXAMPLE = f"copy {EXAMPLE} (real public feeds) and set NEWSBOT_SOURCES_FILE to the copy"


def check_sources(settings: Settings, *, fetch: bool) -> list[Check]:
    path = settings.sources_path.resolve()
    if not path.exists():
        return [Check("sources", "fail", f"{path} does not exist", START_FROM_EXAMPLE)]
    try:
        sources = load_sources(path)
    except ConfigError as exc:
        return [Check("sources", "fail", str(exc), f"fix the file; {EXAMPLE} shows the format")]
    enabled = [s for s in sources if s.enabled]
    checks = [_summary(path, sources, enabled)]
    checks.extend(_check_directory(path, s) for s in enabled if s.kind == "directory")
    if fetch:
        checks.extend(_fetch_all(settings, [s for s in enabled if s.kind != "directory"]))
    return checks


def _summary(path: Path, sources: list[SourceConfig], enabled: list[SourceConfig]) -> Check:
    said = f"{path}: {len(enabled)} enabled of {len(sources)}"
    if not enabled:
        return Check("sources", "warn", f"{said}: nothing is polled", START_FROM_EXAMPLE)
    if path == (resource_dir("config") / "sources.toml").resolve():
        # The shipped file reads the invented sample articles only.
        return Check("sources", "warn", f"{said} (the invented samples)", START_FROM_EXAMPLE)
    return Check("sources", "ok", said)


def _check_directory(sources_file: Path, source: SourceConfig) -> Check:
    directory = source.directory(sources_file).resolve()
    try:
        files = readable_files(directory)
    except ReadError as exc:
        return Check("source", "fail", exc.reason, _moved_fix(source), source.name)
    return Check("source", "ok", f"{directory}: {len(files)} readable files", None, source.name)


def _moved_fix(source: SourceConfig) -> str:
    return f"correct or remove source {source.name!r} (`newsbot sources remove`)"


def _fetch_all(settings: Settings, web: list[SourceConfig]) -> list[Check]:
    results = fetch_many([FetchRequest(s.url or "") for s in web], settings)
    return [_fetched(s, r) for s, r in zip(web, results, strict=True)]


def _fetched(source: SourceConfig, result: FetchResult | FetchError) -> Check:
    if isinstance(result, FetchError):
        fix = "open the URL in a browser: publishers move feeds; " + _moved_fix(source)
        return Check("source", "fail", f"fetching failed: {result.reason}", fix, source.name)
    hints = ReadHints(outlet=source.outlet, timezone=source.timezone)
    try:
        articles = read_document(
            result.content, url=result.final_url, content_type=result.content_type, hints=hints
        )
    except ReadError as exc:
        return Check("source", "fail", f"unreadable: {exc.reason}", _moved_fix(source), source.name)
    items = f"{len(articles)} item{'s' if len(articles) != 1 else ''}"
    return Check("source", "ok", f"{source.kind}, {items}", None, source.name)
