from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bot.config import load_settings
from bot.errors import ConfigError, RenderError
from bot.render import render_notice
from bot.render.env import finalize, load_templates, make_environment, packaged_templates
from bot.render.mrkdwn import Trusted
from bot.resources import resource_dir


def test_finalize_escapes_for_mrkdwn_then_for_json() -> None:
    out = finalize('say "<!here>" \\ & \n')
    assert json.loads(f'"{out}"') == 'say "&lt;!here&gt;" \\ &amp; \n'


def test_finalize_passes_trusted_text_without_mrkdwn_escaping() -> None:
    assert finalize(Trusted("<https://a.example|a>")) == "<https://a.example|a>"


@pytest.mark.parametrize("value", [None, True, [1], {"a": 1}])
def test_finalize_refuses_values_without_a_single_spelling(value: object) -> None:
    with pytest.raises(RenderError):
        finalize(value)


def write(folder: Path, name: str, source: str) -> None:
    (folder / name).write_text(source, encoding="utf-8")


def test_a_template_cannot_print_article_text_unescaped(tmp_path: Path) -> None:
    write(tmp_path, "t.json.j2", '{"a": "{{ x }}"}')
    templates = load_templates(tmp_path)
    assert templates.json("t.json.j2", x='<!channel>\n"') == {"a": '&lt;!channel&gt;\n"'}


def test_undefined_variables_fail_loudly(tmp_path: Path) -> None:
    write(tmp_path, "t.json.j2", '{"a": "{{ missing }}"}')
    with pytest.raises(RenderError, match="missing"):
        load_templates(tmp_path).json("t.json.j2")


def test_a_template_that_is_not_json_is_a_render_error(tmp_path: Path) -> None:
    write(tmp_path, "t.json.j2", '{"a": {{ x }}}')
    with pytest.raises(RenderError, match="did not produce JSON"):
        load_templates(tmp_path).json("t.json.j2", x="word")


def test_a_missing_folder_or_template_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="NEWSBOT_TEMPLATES_DIR"):
        make_environment(tmp_path / "nope")
    with pytest.raises(ConfigError, match="absent"):
        load_templates(tmp_path).json("absent.json.j2")


def test_users_can_point_newsbot_at_their_own_templates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    own = tmp_path / "mine"
    shutil.copytree(resource_dir("templates"), own)
    write(
        own,
        "notice.json.j2",
        '{"text": "{{ text }}", "blocks": [{"type": "section", '
        '"text": {"type": "mrkdwn", "text": "Custom: {{ text }}"}}]}',
    )
    monkeypatch.setenv("NEWSBOT_TEMPLATES_DIR", str(own))
    templates = load_templates(load_settings().templates_path)
    assert render_notice("done", templates=templates)["blocks"][0]["text"]["text"] == "Custom: done"


def test_rendering_never_reads_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An unrelated bad setting must not break rendering, and the templates are the caller's.
    monkeypatch.setenv("PORT", "abc")
    monkeypatch.setenv("NEWSBOT_TEMPLATES_DIR", str(tmp_path / "nowhere"))
    assert render_notice("done")["blocks"][0]["text"]["text"] == "done"
    assert packaged_templates().env.loader is not None
