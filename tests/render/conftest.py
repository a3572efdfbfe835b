"""Renderer fixtures: the packaged templates."""

from __future__ import annotations

import pytest

from bot.render.env import Templates, load_templates
from bot.resources import resource_dir


@pytest.fixture
def templates() -> Templates:
    return load_templates(resource_dir("templates"))
