"""``POST /articles``: bearer auth, a size cap, then each item validated and stored on its own.

Every item gets its own transaction, so an item the database refuses (a value it cannot hold
that slipped past validation) is reported as rejected while the items around it are kept: a
client that retries the batch then gets "duplicate" for those, never a 500 forever. Only a
database that cannot be reached at all fails the request (503); what was stored stays.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from sqlalchemy import Connection, Engine
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from bot.clock import Clock
from bot.config import Settings
from bot.errors import NewsbotError, StoreError, StoreUnavailable
from bot.model import Article
from bot.slack.push import PayloadError, Rejected, parse_payload
from bot.slack.request_body import read_capped
from bot.store.articles import SaveReport, save_articles
from bot.store.db import describe_error, in_transaction

log = logging.getLogger(__name__)

Endpoint = Callable[[Request], Awaitable[Response]]


@dataclass
class PushResults:
    accepted: list[dict[str, object]] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)


def push_endpoint(settings: Settings, engine: Engine, clock: Clock) -> Endpoint:
    async def articles(request: Request) -> Response:
        if not settings.push_token:
            return _error(404, "the push endpoint is off: set NEWSBOT_PUSH_TOKEN to enable it")
        if not _authorised(request, settings.push_token):
            return _error(401, "missing or wrong bearer token", {"WWW-Authenticate": "Bearer"})
        body = await read_capped(request, settings.push_max_bytes)
        if body is None:
            return _error(413, f"body larger than {settings.push_max_bytes} bytes")
        try:
            accepted, rejected = parse_payload(body)
        except PayloadError as exc:
            return _error(400, str(exc))
        try:
            results = await run_in_threadpool(store_pushed, engine, accepted, clock)
        except StoreUnavailable as exc:  # the database is not there: the request fails
            log.error("push: database unavailable: %s", exc.reason)
            return _error(503, "database unavailable; items stored so far are kept, retry")
        return _push_answer(results.accepted, sorted([*rejected, *results.rejected], key=_index))

    return articles


def store_pushed(engine: Engine, accepted: list[tuple[int, Article]], clock: Clock) -> PushResults:
    """Save each article in its own transaction; its id and what happened, or why not."""
    now = clock()
    results = PushResults()
    for index, article in accepted:

        def work(conn: Connection, article: Article = article) -> SaveReport:
            return save_articles(conn, [article], now=now)

        try:
            report = in_transaction(engine, work, doing=f"store item {index}")
        except StoreUnavailable:
            raise
        except (NewsbotError, ValueError, OverflowError) as exc:
            # ValueError covers the encoding errors of values the database cannot hold.
            reason = exc.reason if isinstance(exc, StoreError) else describe_error(exc)
            log.warning("push: item %d not stored: %s", index, reason)
            results.rejected.append(Rejected(index, f"could not be stored: {reason}"))
            continue
        article_id, status = _outcome(report)
        results.accepted.append({"index": index, "id": article_id, "status": status})
    return results


def _outcome(report: SaveReport) -> tuple[int | None, str]:
    if report.duplicates:
        return report.duplicates[0], "duplicate"
    if report.new:
        return report.new[0], "new"
    if report.updated:
        return report.updated[0], "updated"
    # Known already and unchanged: nothing new to store, as for a copy.
    return (report.unchanged[0] if report.unchanged else None), "duplicate"


def _authorised(request: Request, token: str) -> bool:
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(
        given.strip().encode("utf-8"), token.encode("utf-8")
    )


def _push_answer(stored: list[dict[str, object]], rejected: list[Rejected]) -> JSONResponse:
    status = 200 if not rejected else 207 if stored else 422
    content = {
        "accepted": stored,
        "rejected": [{"index": r.index, "error": _printable(r.error)} for r in rejected],
    }
    return JSONResponse(content, status_code=status)


def _index(rejected: Rejected) -> int:
    return rejected.index


def _printable(message: str) -> str:
    # An error may quote the bad value; a lone surrogate in it must not break the answer.
    return message.encode("utf-8", "backslashreplace").decode("utf-8")


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=headers)
