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

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from slack_bolt.oauth import OAuthFlow
from sqlalchemy import Engine, text
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from bot.clock import Clock, system_clock
from bot.config import Settings
from bot.digest.analysis_pool import analysis_pool
from bot.errors import StoreError
from bot.slack.installation import INSTALL_PATH, REDIRECT_PATH
from bot.slack.push_endpoint import push_endpoint
from bot.slack.request_body import read_capped
from bot.slack.signed_payload import payload_problem
from bot.slack.verify import RequestVerifier
from bot.store.db import reading

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
        Route("/articles", push_endpoint(settings, engine, clock), methods=["POST"]),
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
    verifier = RequestVerifier(settings.slack_signing_secret or "", clock)

    async def events(request: Request) -> Response:
        body = await read_capped(request, MAX_SLACK_BODY)
        if body is None:
            return PlainTextResponse("request too large", status_code=413)
        # The signature first, on the bytes as they arrived: nothing is decoded before it.
        reason = verifier.rejection_reason(body, request.headers)
        if reason is not None:
            log.warning("refused a request to %s: %s", EVENTS_PATH, reason)
            return PlainTextResponse("invalid request signature", status_code=401)
        problem = payload_problem(body, request.headers.get("content-type"))
        if problem is not None:
            log.warning("refused a signed request to %s: %s", EVENTS_PATH, problem)
            return PlainTextResponse("malformed request", status_code=400)
        try:
            bolt_request = to_bolt_request(request, body)
        except (ValueError, TypeError, AttributeError, LookupError) as exc:
            # Bolt reads routing fields while building its request; a shape payload_problem
            # did not foresee must still end as one line and a 400, not a traceback.
            log.warning("refused a signed request to %s: %r", EVENTS_PATH, exc)
            return PlainTextResponse("malformed request", status_code=400)
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
        with reading(engine, "answer the health check") as conn:
            conn.execute(text("SELECT 1"))

    async def healthz(_: Request) -> Response:
        try:
            await run_in_threadpool(ping)
        except StoreError as exc:
            log.error("health check: database unavailable: %s", exc.reason)
            return JSONResponse({"ok": False, "error": "database unavailable"}, status_code=503)
        return JSONResponse({"ok": True})

    return healthz
