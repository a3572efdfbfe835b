from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import EmptyInput, UnsupportedInput
from bot.ingest.readers import ReadHints
from bot.ingest.text_dump import MAX_DUMP_CHARS, read_text_dump


def _read(samples: Path, name: str, hints: ReadHints) -> list[str]:
    text = (samples / "pages" / name).read_text(encoding="utf-8")
    return list(read_text_dump(text, url=None, hints=hints).paragraphs)


def test_pipe_byline_style_drops_related_and_read_more(samples: Path, hints: ReadHints) -> None:
    paragraphs = _read(samples, "dump_pipe_byline.txt", hints)
    assert not any(p.startswith(("Related:", "Read more")) for p in paragraphs)
    assert paragraphs[-1] == "Mayor Ellen Park said she would sign the measure on Friday."
    assert not any("newsletter" in p or "©" in p for p in paragraphs)


def test_date_below_style_drops_advertisements_and_notes(samples: Path, hints: ReadHints) -> None:
    paragraphs = _read(samples, "dump_date_below.txt", hints)
    assert not any(p.lower().startswith(("advertisement", "story continues")) for p in paragraphs)
    assert not any(p.startswith("(") for p in paragraphs)
    assert paragraphs[-1].startswith("The regional government said")


def test_repeated_lead_before_meta_line_is_not_repeated(samples: Path, hints: ReadHints) -> None:
    paragraphs = _read(samples, "dump_agency_updated.txt", hints)
    assert len(paragraphs) == len(set(paragraphs)) == 3
    assert not any("POPULAR" in p or "Monsoon" in p for p in paragraphs)


def test_outlet_comes_from_hints_then_page_then_url(samples: Path) -> None:
    text = (samples / "pages" / "dump_date_below.txt").read_text(encoding="utf-8")
    by_page = read_text_dump(text, url="https://www.courier.example/x", hints=ReadHints())
    assert by_page.outlet == "The Northern Courier"
    by_hint = read_text_dump(text, url="https://courier.example/x", hints=ReadHints(outlet="NC"))
    assert by_hint.outlet == "NC"
    unnamed = text.replace("THE NORTHERN COURIER\n", "")
    by_url = read_text_dump(unnamed, url="https://www.courier.example/x", hints=ReadHints())
    assert by_url.outlet == "courier.example"


def test_dump_without_meta_line_uses_headline_before_first_paragraph(hints: ReadHints) -> None:
    text = (
        "Home\nNews\n\nTown votes to keep its old bridge open\n\n"
        "The town voted on Monday to keep the bridge open for two more years.\n"
    )
    article = read_text_dump(text, url=None, hints=hints)
    assert article.title == "Town votes to keep its old bridge open"
    assert article.paragraphs == (
        "The town voted on Monday to keep the bridge open for two more years.",
    )
    assert article.published is None


def test_agency_from_lead_dateline(hints: ReadHints) -> None:
    text = (
        "Storm closes ports along the coast\n\n"
        "LISBON (AFP) - Storm Ines closed three ports on Monday.\n"
    )
    assert read_text_dump(text, url=None, hints=hints).agency == "AFP"


def test_only_chrome_is_empty_input(hints: ReadHints) -> None:
    with pytest.raises(EmptyInput, match="no article paragraphs"):
        read_text_dump("Home\nNews\nSport\n© 2026 Someone", url=None, hints=hints)


def test_huge_dump_is_refused_quickly(hints: ReadHints) -> None:
    with pytest.raises(UnsupportedInput, match="page too large"):
        read_text_dump("word " * (MAX_DUMP_CHARS // 4), url=None, hints=hints)
