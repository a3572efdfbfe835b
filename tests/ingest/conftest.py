"""Fixtures for the reader tests: the sample files and default hints."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.ingest.readers import ReadHints

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@pytest.fixture
def samples() -> Path:
    return SAMPLES


@pytest.fixture
def hints() -> ReadHints:
    return ReadHints()
