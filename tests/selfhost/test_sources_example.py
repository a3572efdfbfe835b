"""config/sources.example.toml: real public feeds a team can start on, in the usual format."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from bot.ingest.sources import load_sources
from bot.resources import resource_dir

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "config" / "sources.example.toml"


def test_example_sources_parse_as_a_dozen_real_https_feeds() -> None:
    sources = load_sources(EXAMPLE)
    assert len(sources) >= 12
    for source in sources:
        parts = urlsplit(source.url or "")
        assert source.kind == "feed" and source.enabled, source.name
        assert parts.scheme == "https", source.name
        # Real publishers, not the invented outlets of the samples (*.example).
        assert not parts.hostname or not parts.hostname.endswith(".example"), source.name
    hosts = {urlsplit(s.url or "").hostname for s in sources}
    assert len(hosts) >= 6, "a spread of publishers, not one site's sections"


def test_example_sources_cover_world_business_and_technology() -> None:
    names = " ".join(s.name for s in load_sources(EXAMPLE)).lower()
    for section in ("world", "business", "technology"):
        assert section in names


def test_example_is_shipped_with_the_package_config() -> None:
    # The wheel force-includes config/, so an installed newsbot has the example too.
    assert (resource_dir("config") / "sources.example.toml").read_bytes() == EXAMPLE.read_bytes()
