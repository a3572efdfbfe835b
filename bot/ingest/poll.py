"""Poll the configured sources once: fetch, read, complete teasers, store.

Feeds and pages are fetched together (``fetch_many``) with the validators of their last
fetch, so an unchanged feed costs one 304. A source that fails — fetch, read or store — is
logged, recorded for backoff and reported; the others go on, and nothing stored is lost: a
source's ETag is saved in the same transaction as its articles, so a failed save is retried
in full on the next poll instead of being hidden behind a 304.

Rule "an unreachable database is not the source's failure": a save that fails because the
database is not there (``StoreUnavailable``: down, restarting) is reported but not recorded
against the source, which keeps its state as before this poll: no backoff, and a queue
worker's retry (``bot.worker.tasks``) sees it as not yet polled and polls it again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from sqlalchemy import Connection, Engine

from bot.config import Settings
from bot.errors import FetchError, NewsbotError, ReadError, StoreError, StoreUnavailable
from bot.ingest.feeds import is_teaser
from bot.ingest.fetch import FetchRequest, FetchResult, fetch_many
from bot.ingest.folders import poll_folder
from bot.ingest.readers import ReadHints, read_document
from bot.ingest.sources import SourceConfig, load_sources
from bot.ingest.ssrf import UrlGuard
from bot.model import Article
from bot.store.articles import SaveReport, find_stored, save_articles
from bot.store.db import in_transaction, reading, transaction
from bot.store.fetch_state import FetchState, load_states, record_failure, record_success

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]  # (source name, done, total)
# Teaser pages fetched per source and poll: a 200-item feed must not cost 200 page loads.
MAX_FULL_TEXT_PER_SOURCE = 30


@dataclass
class PollSummary:
    new: int = 0
    updated: int = 0
    unchanged: int = 0  # sources that answered 304 Not Modified
    unchanged_files: int = 0  # files of directory sources not read again: not modified
    duplicates: int = 0
    failed: list[tuple[str, NewsbotError]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # waiting out a backoff
    new_ids: list[int] = field(default_factory=list)

    def add(self, report: SaveReport) -> None:
        self.new += len(report.new)
        self.updated += len(report.updated)
        self.duplicates += len(report.duplicates)
        self.new_ids.extend(report.new)


@dataclass
class _Fetched:
    source: SourceConfig
    result: FetchResult
    articles: list[Article]


class _Tracker:
    def __init__(self, progress: Progress | None, total: int) -> None:
        self._progress, self._total, self._done = progress, total, 0

    def step(self, name: str) -> None:
        self._done += 1
        if self._progress is not None:
            self._progress(name, self._done, self._total)


def poll_sources(
    engine: Engine,
    settings: Settings,
    *,
    now: datetime,
    sources: Sequence[SourceConfig] | None = None,
    progress: Progress | None = None,
    guard: UrlGuard | None = None,
) -> PollSummary:
    """Poll every enabled source once (all of ``settings.sources_path`` when not given)."""
    if sources is None:
        sources = load_sources(settings.sources_path)
    active = [s for s in sources if s.enabled]
    poller = _Poller(engine, settings, now=now, seen_only=False, guard=guard)
    return poller.run(active, _Tracker(progress, len(active)), respect_backoff=True)


def prime_source(
    engine: Engine,
    settings: Settings,
    source: SourceConfig,
    *,
    now: datetime,
    guard: UrlGuard | None = None,
) -> PollSummary:
    """Read a newly added source once and store what it has now as already seen.

    Its current items then never flood the next digest; only later items count as new.
    Raises the source's error when it cannot be fetched or read.
    """
    poller = _Poller(engine, settings, now=now, seen_only=True, guard=guard)
    summary = poller.run([source], _Tracker(None, 1), respect_backoff=False)
    if summary.failed:
        raise summary.failed[0][1]
    return summary


class _Poller:
    def __init__(
        self,
        engine: Engine,
        settings: Settings,
        *,
        now: datetime,
        seen_only: bool,
        guard: UrlGuard | None,
    ) -> None:
        self.engine, self.settings, self.now = engine, settings, now
        self.seen_only, self.guard = seen_only, guard
        self.summary = PollSummary()
        self._unchanged: list[tuple[SourceConfig, FetchResult]] = []  # answered 304

    def run(
        self, sources: Sequence[SourceConfig], tracker: _Tracker, *, respect_backoff: bool
    ) -> PollSummary:
        web = [s for s in sources if s.kind != "directory"]
        fetched = self._fetch(web, tracker, respect_backoff)
        self._record_unchanged()
        self._complete_teasers(fetched)
        for item in fetched:
            self._save(item)
        for source in sources:
            if source.kind == "directory":
                self._read_directory(source)
                tracker.step(source.name)
        return self.summary

    # -- feeds and pages ---------------------------------------------------------------------

    def _fetch(
        self, web: list[SourceConfig], tracker: _Tracker, respect_backoff: bool
    ) -> list[_Fetched]:
        with reading(self.engine, "read the fetch states") as conn:
            states = load_states(conn, [s.url for s in web if s.url])
        due: list[SourceConfig] = []
        for source in web:
            state = states.get(source.url or "")
            if respect_backoff and state is not None and not state.is_due(self.now):
                self.summary.skipped.append(source.name)
                tracker.step(source.name)
            else:
                due.append(source)
        requests = [self._request(s, states.get(s.url or "")) for s in due]
        results = fetch_many(
            requests,
            self.settings,
            guard=self.guard,
            on_result=lambda index, _: tracker.step(due[index].name),
        )
        return [f for s, r in zip(due, results, strict=True) if (f := self._read(s, r))]

    def _request(self, source: SourceConfig, state: FetchState | None) -> FetchRequest:
        url = source.url or ""
        if self.seen_only or state is None:  # priming wants the content, not a 304
            return FetchRequest(url)
        return FetchRequest(url, state.etag, state.last_modified)

    def _read(self, source: SourceConfig, result: FetchResult | FetchError) -> _Fetched | None:
        if isinstance(result, FetchError):
            self._fail(source, result)
            return None
        if result.not_modified:
            self.summary.unchanged += 1
            self._unchanged.append((source, result))
            return None
        try:
            articles = read_document(
                result.content,
                url=result.final_url,
                content_type=result.content_type,
                hints=_hints(source),
            )
        except ReadError as exc:
            self._fail(source, exc)
            return None
        return _Fetched(source, result, [_attribute(a, source) for a in articles])

    def _save(self, item: _Fetched) -> None:
        def work(conn: Connection) -> SaveReport:
            report = save_articles(conn, item.articles, now=self.now, seen_only=self.seen_only)
            record_success(
                conn,
                item.source.url or "",
                now=self.now,
                status=item.result.status,
                etag=item.result.etag,
                last_modified=item.result.last_modified,
            )
            return report

        try:
            report = in_transaction(self.engine, work, doing=f"save source {item.source.name!r}")
        except StoreUnavailable as exc:
            log.warning("source %r (%s) not saved: %s", item.source.name, item.source.url, exc)
            self.summary.failed.append((item.source.name, exc))
            return
        except StoreError as exc:
            self._fail(item.source, exc)
            return
        self.summary.add(report)

    def _record_unchanged(self) -> None:
        """The fetch states of every source that answered 304, in one transaction: a 304
        cycle of a thousand feeds costs one commit, not a thousand."""
        if not self._unchanged:
            return
        try:
            with transaction(self.engine, "record the fetch states") as conn:
                for source, result in self._unchanged:
                    record_success(
                        conn,
                        source.url or "",
                        now=self.now,
                        status=result.status,
                        etag=result.etag,
                        last_modified=result.last_modified,
                    )
        except StoreError:
            count = len(self._unchanged)
            log.exception("cannot record the fetch states of %d unchanged source(s)", count)
        self._unchanged.clear()

    def _fail(self, source: SourceConfig, error: NewsbotError) -> None:
        log.warning("source %r (%s) failed: %s", source.name, source.location, error)
        self.summary.failed.append((source.name, error))
        if not source.url:
            return
        try:
            with transaction(self.engine, "record the failure") as conn:
                status = getattr(error, "status", None)
                record_failure(conn, source.url, now=self.now, error=str(error), status=status)
        except StoreError:
            log.exception("cannot record the failure of %s", source.name)

    # -- teasers -----------------------------------------------------------------------------

    def _complete_teasers(self, fetched: list[_Fetched]) -> None:
        """Replace teaser items by their full page where the source asks for it."""
        wanted: list[tuple[_Fetched, int]] = []
        for item in fetched:
            if item.source.fetch_full_text:
                wanted.extend((item, i) for i in self._teasers_to_fetch(item))
        results = fetch_many(
            [FetchRequest(item.articles[i].url or "") for item, i in wanted],
            self.settings,
            guard=self.guard,
        )
        for (item, index), result in zip(wanted, results, strict=True):
            item.articles[index] = _completed(item.articles[index], result, _hints(item.source))

    def _teasers_to_fetch(self, item: _Fetched) -> list[int]:
        """Indexes of teasers to fetch; those already stored in full reuse the stored text."""
        teasers = [i for i, a in enumerate(item.articles) if a.url and is_teaser(a)]
        with reading(self.engine, "read the stored teasers") as conn:
            stored = find_stored(conn, [item.articles[i] for i in teasers])
        to_fetch: list[int] = []
        for index, known in zip(teasers, stored, strict=True):
            if known is not None and len(known.article.text) > len(item.articles[index].text):
                item.articles[index] = _merge(item.articles[index], known.article)
            else:
                to_fetch.append(index)
        return to_fetch[:MAX_FULL_TEXT_PER_SOURCE]

    # -- directories -------------------------------------------------------------------------

    def _read_directory(self, source: SourceConfig) -> None:
        try:
            folder = poll_folder(
                self.engine,
                source.directory(self.settings.sources_path),
                hints=_hints(source),
                now=self.now,
                seen_only=self.seen_only,
                prepare=lambda article: _attribute(article, source),
            )
        except NewsbotError as exc:
            self._fail(source, exc)
            return
        self.summary.add(folder.report)
        self.summary.unchanged_files += folder.unchanged_files
        for path, error in folder.failed:
            self.summary.failed.append((f"{source.name}: {path}", error))


def _hints(source: SourceConfig) -> ReadHints:
    return ReadHints(outlet=source.outlet, timezone=source.timezone)


def _attribute(article: Article, source: SourceConfig) -> Article:
    """Name the source (and the configured outlet where the page did not say one)."""
    return replace(
        article,
        source=article.source or source.name,
        outlet=article.outlet or source.outlet,
    )


def _completed(item: Article, result: FetchResult | FetchError, hints: ReadHints) -> Article:
    """The item with its page's full text, or the item as it was when the page fails us."""
    if isinstance(result, FetchError) or result.not_modified:
        log.info("keeping the feed text of %s: %s", item.url, result)
        return item
    try:
        pages = read_document(
            result.content, url=result.final_url, content_type=result.content_type, hints=hints
        )
    except ReadError as exc:
        log.info("keeping the feed text of %s: %s", item.url, exc)
        return item
    # A paywall or a block page gives less text than the feed did: keep the feed's.
    if not pages or len(pages[0].text) <= len(item.text):
        return item
    return _merge(item, pages[0])


def _merge(item: Article, full: Article) -> Article:
    """The feed item's identity and dates with the full article's text."""
    return replace(
        item,
        paragraphs=full.paragraphs,
        byline=item.byline or full.byline,
        agency=item.agency or full.agency,
        language=item.language or full.language,
        published=item.published or full.published,
        updated=item.updated or full.updated,
        outlet=item.outlet or full.outlet,
        feed_summary=item.feed_summary or item.text,
    )
