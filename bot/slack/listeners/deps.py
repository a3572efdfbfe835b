"""What listeners need, handed in by the app factory: listeners never read the environment."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from bot.clock import Clock
from bot.config import Settings
from bot.render.env import Templates
from bot.text.topics import TopicCatalog


@dataclass(frozen=True)
class Deps:
    engine: Engine
    settings: Settings
    topics: TopicCatalog
    clock: Clock
    # Loaded once from settings.templates_path (NEWSBOT_TEMPLATES_DIR) by the app factory.
    templates: Templates
