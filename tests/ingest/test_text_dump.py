from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import EmptyInput, UnsupportedInput
from bot.ingest.provenance import agency_credit, agency_from_paragraphs
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


def test_byline_and_date_on_their_own_lines_are_read_together(hints: ReadHints) -> None:
    text = (
        "Valley Post\n\nBridge reopens after flood repairs\n\nBy Lena Ortiz\n"
        "27 November 2026, 16:50 GMT\n\n"
        "The old bridge reopened to traffic on Friday after three months of repairs.\n"
    )
    article = read_text_dump(text, url=None, hints=hints)
    assert article.title == "Bridge reopens after flood repairs"
    assert article.byline == "Lena Ortiz"
    assert article.published is not None
    assert article.published.isoformat() == "2026-11-27T16:50:00+00:00"
    assert article.outlet == "Valley Post"


@pytest.mark.parametrize(
    ("footer", "outlet"),
    [
        ("© 2026 Larkhill Echo Media Group Ltd. Terms Privacy", "Larkhill Echo"),
        ("Copyright 2026 Larkhill Echo. All rights reserved.", "Larkhill Echo"),
        ("(c) 2020-2026 by Larkhill Echo Inc.", "Larkhill Echo"),
        ("© Copyright 2026", None),
        ("© 2026 All rights reserved.", None),
    ],
)
def test_outlet_from_the_copyright_line(hints: ReadHints, footer: str, outlet: str | None) -> None:
    text = (
        "Home\nNews\n\nHospital opens new maternity wing\n\n"
        "The hospital opened its new maternity wing on Monday, a year later than planned.\n\n"
        f"{footer}\n"
    )
    assert read_text_dump(text, url=None, hints=hints).outlet == outlet


def test_staff_credit_names_the_site_and_beats_the_menu(hints: ReadHints) -> None:
    text = (
        "Home News Sport World\n\nHospital opens new maternity wing\n\nBy Larkhill Echo staff\n"
        "3 Nov 2026\n\n"
        "The hospital opened its new maternity wing on Monday, a year later than planned.\n"
    )
    article = read_text_dump(text, url=None, hints=hints)
    assert (article.outlet, article.byline) == ("Larkhill Echo", "Larkhill Echo staff")


def test_syndicated_copy_credits_the_wire_and_names_the_site(hints: ReadHints) -> None:
    text = (
        "Storm closes ports along the coast\n\n"
        "XNA | Updated: 03-11-2026 10:00 GMT\n\n"
        "LISBON, Nov 3 (XNA) - Storm Ines closed three ports on Monday.\n\n"
        "(This story was not edited by Harbour Light staff and comes from a wire feed.)\n\n"
        "© 2026 Harbour Light Media\n"
    )
    article = read_text_dump(text, url=None, hints=hints)
    assert (article.outlet, article.agency) == ("Harbour Light", "XNA")


def test_wire_named_without_a_site_stays_the_agency(hints: ReadHints) -> None:
    text = (
        "Storm closes ports along the coast\n\nXNA | Updated: 03-11-2026 10:00 GMT\n\n"
        "LISBON, Nov 3 (XNA) - Storm Ines closed three ports on Monday.\n"
    )
    article = read_text_dump(text, url=None, hints=hints)
    assert (article.outlet, article.agency) == (None, "XNA")


@pytest.mark.parametrize(
    ("lead", "agency"),
    [
        ("NEW DELHI, Dec 3 (PTI) - The government said on Friday it would act.", "PTI"),
        ("BASEL (Rhine Wire) — Barges cut their loads on Monday.", "Rhine Wire"),
        ("Paris (AFP) - Unions called a strike on Monday.", "AFP"),
        ("President Lena Vos (left) - shown here on Monday - met the mayor.", None),
        ("The EU (European Union) - a bloc of 27 - met on Monday to agree.", None),
        ("Officials said on Monday (local time) that the port was shut.", None),
    ],
)
def test_agency_from_a_dateline_credit(lead: str, agency: str | None) -> None:
    assert agency_from_paragraphs([lead]) == agency


@pytest.mark.parametrize(
    ("agency", "outlet", "credited"),
    [
        ("CPA", "Continental Press Agency", None),
        ("AP", "Associated Press", None),
        ("Reuters", "Reuters", None),
        ("Reuters", "Devdiscourse", "Reuters"),
        ("CPA", None, "CPA"),
        (None, "Meridian Post", None),
    ],
)
def test_agency_credit_drops_the_outlet_itself(
    agency: str | None, outlet: str | None, credited: str | None
) -> None:
    assert agency_credit(agency, outlet) == credited
