"""The Jinja environment that turns templates into Block Kit JSON.

Templates write JSON with ``{{ expr }}`` inside JSON strings. The ``finalize`` hook runs on every
printed expression and does both escapes at once: mrkdwn (``&<>``) for Slack, then JSON string
escaping for ``json.loads``. So a template cannot forget to escape article text, nothing is
escaped twice, and quotes, backslashes and newlines in an article cannot break the JSON. Only
``Trusted`` values (links and tokens built in ``bot.render.mrkdwn``) skip the mrkdwn escape.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from bot.errors import ConfigError, RenderError
from bot.render.mrkdwn import Trusted, escape
from bot.resources import resource_dir


def finalize(value: object) -> str:
    """Render one template expression: escaped for mrkdwn, then as JSON string content."""
    if isinstance(value, jinja2.Undefined):
        str(value)  # StrictUndefined raises here, naming the missing variable
    if isinstance(value, Trusted):
        text = value.text
    elif isinstance(value, str):
        text = escape(value)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        text = str(value)
    else:
        # None, booleans and containers have no single right spelling inside a JSON string;
        # templates test them with {% if %} instead of printing them.
        raise RenderError(f"a template printed a {type(value).__name__} value: {value!r:.60}")
    return json.dumps(text, ensure_ascii=False)[1:-1]


def make_environment(templates_dir: Path) -> jinja2.Environment:
    """A Jinja environment loading from ``templates_dir`` with the escaping finalize hook."""
    if not templates_dir.is_dir():
        raise ConfigError(
            f"templates folder {templates_dir} does not exist; "
            "fix NEWSBOT_TEMPLATES_DIR or leave it empty for the packaged templates"
        )
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        undefined=jinja2.StrictUndefined,
        finalize=finalize,
        # HTML escaping is wrong for mrkdwn; finalize does the right escaping instead.
        autoescape=False,  # noqa: S701
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )


@dataclass(frozen=True)
class Templates:
    """Renders a named template to parsed JSON."""

    env: jinja2.Environment

    def text(self, name: str, **context: Any) -> str:
        try:
            return self.env.get_template(name).render(**context)
        except jinja2.TemplateNotFound as exc:
            raise ConfigError(f"template {exc.name} is missing from the templates folder") from exc
        except jinja2.TemplateError as exc:
            raise RenderError(f"template {name} failed: {exc}") from exc

    def json(self, name: str, **context: Any) -> Any:
        """Render ``name`` and parse the result as JSON; RenderError when it is not JSON."""
        source = self.text(name, **context)
        return parse_json(name, source)

    def blocks(self, name: str, **context: Any) -> dict[str, Any]:
        """Render ``name`` as a JSON object with a ``blocks`` list (a message or a view)."""
        data = self.json(name, **context)
        if not isinstance(data, dict) or not isinstance(data.get("blocks"), list):
            raise RenderError(f"template {name} must produce a JSON object with a blocks list")
        return data


def parse_json(name: str, source: str) -> Any:
    try:
        return json.loads(source)
    except json.JSONDecodeError as exc:
        near = source[max(exc.pos - 40, 0) : exc.pos + 40]
        raise RenderError(
            f"template {name} did not produce JSON ({exc.msg} near {near!r})"
        ) from exc


@functools.lru_cache(maxsize=8)
def load_templates(templates_dir: Path) -> Templates:
    """The (cached) templates of one folder."""
    return Templates(make_environment(templates_dir))


def packaged_templates() -> Templates:
    """The templates shipped with newsbot.

    Never the environment's choice: rendering stays pure, so an unrelated bad setting cannot
    break it. Callers holding settings pass ``load_templates(settings.templates_path)``.
    """
    return load_templates(resource_dir("templates"))
