"""Every block of the article body reaches the paragraphs, as readable text.

Pages invented for these tests; each names the shape of a real page that lost text before.
"""

from __future__ import annotations

from bot.ingest.html import read_html
from bot.ingest.readers import ReadHints

LEAD = (
    "The harbour board voted on Tuesday to close the old ferry terminal at the end of the "
    "season, after engineers found that the pier could no longer carry loaded lorries safely."
)
MIDDLE = (
    "Board members said the decision had been difficult, because the terminal has served the "
    "island for more than eighty years and many families depend on the crossing every day."
)


def _page(body: str, title: str = "Ferry terminal to close") -> bytes:
    html = (
        f"<html><head><title>{title}</title></head><body><nav><a href='/'>Home</a></nav>"
        f"<article><h1>{title}</h1><p>{LEAD}</p>{body}<p>{MIDDLE}</p></article>"
        "<footer>Copyright Harbour Times</footer></body></html>"
    )
    return html.encode("utf-8")


def _paragraphs(body: str) -> tuple[str, ...]:
    return read_html(_page(body), url=None, hints=ReadHints()).paragraphs


def test_list_items_are_kept() -> None:
    items = (
        "Passengers with season tickets will be refunded in full by the end of November.",
        "Freight will move to the north quay, which was rebuilt two years ago.",
    )
    paragraphs = _paragraphs("<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>")
    for item in items:
        assert item in paragraphs


def test_sub_headings_are_kept() -> None:
    paragraphs = _paragraphs(
        "<h2>What happens to the workers</h2><p>All twelve staff will be offered jobs at the "
        "north quay, the board said in its statement on Tuesday evening.</p>"
    )
    assert "What happens to the workers" in paragraphs


def test_table_rows_read_as_rows() -> None:
    paragraphs = _paragraphs(
        "<table><tr><td>Route</td><td>Crossings a day</td></tr>"
        "<tr><td>Harbour to Westport</td><td>14</td></tr></table>"
    )
    assert "Harbour to Westport | 14" in paragraphs


def test_line_breaks_separate_paragraphs_and_never_glue_words() -> None:
    paragraphs = _paragraphs(
        "<p>The first crossing leaves at six in the morning every weekday.<br>"
        "The last one returns shortly before midnight on Fridays only.</p>"
    )
    assert "The first crossing leaves at six in the morning every weekday." in paragraphs
    assert "The last one returns shortly before midnight on Fridays only." in paragraphs
    assert not any("weekday.The" in paragraph for paragraph in paragraphs)


def test_inline_code_stays_in_its_sentence() -> None:
    sentence = "Timetables are published as a file called <code>ferries.csv</code> every week."
    item = "Download <code>ferries.csv</code> from the board's website before travelling."
    paragraphs = _paragraphs(f"<p>{sentence}</p><ul><li>{item}</li></ul>")
    assert "Timetables are published as a file called ferries.csv every week." in paragraphs
    assert "Download ferries.csv from the board's website before travelling." in paragraphs


def test_soft_hyphens_and_zero_width_spaces_are_dropped_and_text_is_nfc() -> None:
    paragraphs = _paragraphs(
        "<p>The termi\u00adnal's manager, Zoe\u0301 Hart\u200bley, said the pier "
        "had been inspected every spring since the storm damage of 1990.</p>"
    )
    assert (
        "The terminal's manager, Zo\u00e9 Hartley, said the pier had been inspected every "
        "spring since the storm damage of 1990."
    ) in paragraphs


def test_a_stray_control_character_does_not_lose_the_article() -> None:
    paragraphs = _paragraphs(
        "<p>Sources: harbour board minutes\x07 (2026), engineers' report\x07 of March.</p>"
    )
    assert LEAD in paragraphs and MIDDLE in paragraphs
    assert "Sources: harbour board minutes (2026), engineers' report of March." in paragraphs
