"""The ASGI app: Slack's request URL, the OAuth pages, the push endpoint and a health check.

    POST /slack/events          slash commands, buttons, events (signature checked first)
    GET  /slack/install         "Add to Slack" (OAuth mode only)
    GET  /slack/oauth_redirect  OAuth callback (OAuth mode only)
    POST /articles              push articles in (Bearer NEWSBOT_PUSH_TOKEN)
    GET  /healthz               200 when the database answers

Bolt's dispatch is synchronous; it runs in Starlette's thread pool so one slow request never
blocks the event loop for the others. While the app runs, digests analyse articles in worker
processes with a time budget each (``bot.digest.analysis_pool``): an article's analysis holds
the GIL for as long as it takes, which a thread alone would not keep off the event loop.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from slack_bolt.oauth import OAuthFlow
from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import SQLAlchemyError
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from bot.clock import Clock, system_clock
from bot.config import Settings
from bot.digest.analysis_pool import analysis_pool
from bot.model import Article
from bot.slack.installation import INSTALL_PATH, REDIRECT_PATH
from bot.slack.push import PayloadError, Rejected, parse_payload
from bot.slack.verify import make_verifier, rejection_reason
from bot.store.articles import SaveReport, save_articles
from bot.store.db import in_transaction

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
# Slack's own payloads are a few kilobytes; anything far larger is not from Slack.
MAX_SLACK_BODY = 1024 * 1024

Endpoint = Callable[[Request], Awaitable[Response]]


def create_web_app(
    settings: Settings,
    engine: Engine,
    bolt_app: App | None,
    *,
    socket_mode: bool = False,
    clock: Clock = system_clock,
) -> Starlette:
    """/articles and /healthz, plus Slack's routes for ``bolt_app`` when there is one.

    In Socket Mode (``socket_mode=True``) Slack's requests arrive over the WebSocket, so there
    is no /slack/events; the OAuth install pages are still served, since installing is a
    browser visit either way.
    """
    routes = [
        Route("/healthz", _healthz(engine), methods=["GET"]),
        Route("/articles", _push(settings, engine, clock), methods=["POST"]),
    ]
    if bolt_app is not None and settings.slack_signing_secret and not socket_mode:
        routes.append(Route(EVENTS_PATH, _events(bolt_app, settings, clock), methods=["POST"]))
    if bolt_app is not None and bolt_app.oauth_flow is not None:
        flow = bolt_app.oauth_flow
        routes.append(Route(INSTALL_PATH, _install(flow), methods=["GET"]))
        routes.append(Route(REDIRECT_PATH, _callback(flow), methods=["GET"]))
    return Starlette(routes=routes, lifespan=_analysis_workers(settings))


def _analysis_workers(
    settings: Settings,
) -> Callable[[Starlette], AbstractAsyncContextManager[None]]:
    """Digests built while the app runs analyse in worker processes (started on first use)."""

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        with analysis_pool(settings.analysis_budget_seconds):
            yield

    return lifespan


def _events(bolt_app: App, settings: Settings, clock: Clock) -> Endpoint:
    verifier = make_verifier(settings.slack_signing_secret or "", clock)

    async def events(request: Request) -> Response:
        body = await read_capped(request, MAX_SLACK_BODY)
        if body is None:
            return PlainTextResponse("request too large", status_code=413)
        reason = rejection_reason(verifier, body, request.headers)
        if reason is not None:
            log.warning("refused a request to %s: %s", EVENTS_PATH, reason)
            return PlainTextResponse("invalid request signature", status_code=401)
        try:
            bolt_request = to_bolt_request(request, body)
        except UnicodeDecodeError:
            return PlainTextResponse("body is not UTF-8", status_code=400)
        bolt_response = await run_in_threadpool(bolt_app.dispatch, bolt_request)
        return to_starlette_response(bolt_response)

    return events


def _install(flow: OAuthFlow) -> Endpoint:
    async def install(request: Request) -> Response:
        bolt_request = to_bolt_request(request, b"")
        return to_starlette_response(
            await run_in_threadpool(flow.handle_installation, bolt_request)
        )

    return install


def _callback(flow: OAuthFlow) -> Endpoint:
    async def callback(request: Request) -> Response:
        bolt_request = to_bolt_request(request, b"")
        return to_starlette_response(await run_in_threadpool(flow.handle_callback, bolt_request))

    return callback


def _healthz(engine: Engine) -> Endpoint:
    def ping() -> None:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))

    async def healthz(_: Request) -> Response:
        try:
            await run_in_threadpool(ping)
        except SQLAlchemyError as exc:
            log.error("health check: database unavailable: %s", exc)
            return JSONResponse({"ok": False, "error": "database unavailable"}, status_code=503)
        return JSONResponse({"ok": True})

    return healthz


async def read_capped(request: Request, limit: int) -> bytes | None:
    """The body, or None as soon as it passes ``limit`` bytes (whatever Content-Length says)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        return None
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _authorised(request: Request, token: str) -> bool:
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(
        given.strip().encode("utf-8"), token.encode("utf-8")
    )


def _push(settings: Settings, engine: Engine, clock: Clock) -> Endpoint:
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
        stored = await run_in_threadpool(store_pushed, engine, accepted, clock)
        return _push_answer(stored, rejected)

    return articles


def store_pushed(
    engine: Engine, accepted: list[tuple[int, Article]], clock: Clock
) -> list[dict[str, object]]:
    """Save each article (one transaction for all); its id and what happened to it."""
    now = clock()

    def work(conn: Connection) -> list[dict[str, object]]:
        results: list[dict[str, object]] = []
        for index, article in accepted:
            # One call per article, so each outcome maps back to its index in the payload.
            article_id, status = _outcome(save_articles(conn, [article], now=now))
            results.append({"index": index, "id": article_id, "status": status})
        return results

    return in_transaction(engine, work)


def _outcome(report: SaveReport) -> tuple[int | None, str]:
    if report.duplicates:
        return report.duplicates[0], "duplicate"
    if report.new:
        return report.new[0], "new"
    if report.updated:
        return report.updated[0], "updated"
    # Known already and unchanged: nothing new to store, as for a copy.
    return (report.unchanged[0] if report.unchanged else None), "duplicate"


def _push_answer(stored: list[dict[str, object]], rejected: list[Rejected]) -> JSONResponse:
    status = 200 if not rejected else 207 if stored else 422
    content = {
        "accepted": stored,
        "rejected": [{"index": r.index, "error": r.error} for r in rejected],
    }
    return JSONResponse(content, status_code=status)


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=headers)
