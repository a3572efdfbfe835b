"""trafilatura's article body (its XML tree) turned into plain paragraphs.

Every block trafilatura keeps is text the reader should get: paragraphs, sub-headings, list
items, block quotes, code and table rows. A line break (``lb``, from ``<br>``) starts a new
paragraph, because pages that space paragraphs with ``<br><br>`` have no other boundary; the
text on either side of one is never glued into one word. The cells of a table row stay on one
line, separated by " | ", so a row still reads as a row.

Text is NFC-normalised and loses the invisible characters pages use for layout (soft hyphens,
zero-width spaces): a word split by one must still be the word, for search and for quoting.
"""

from __future__ import annotations

import re
import unicodedata

from lxml import etree  # type: ignore[import-untyped]

# Inline markup inside a block: its text continues the paragraph it sits in.
INLINE_TAGS = frozenset({"hi", "ref", "del", "span"})
# Text counts only inside one of these; a bare link trafilatura kept from a page with no
# article (a lone "Home") is chrome, not a paragraph.
TEXT_BLOCKS = frozenset({"p", "head", "list", "item", "quote", "code", "table", "row", "cell"})
# trafilatura writes both code blocks and code inside a sentence as ``code``: inside another
# block it is inline, or "run pip install" would lose its command to the repeat filter.
_CODE = "code"
_CELL = "cell"
CELL_SEPARATOR = " | "
# Soft hyphen, zero-width space, word joiner, byte-order mark, left-to-right and right-to-left
# marks. Zero-width (non-)joiners stay: Persian and Indic spelling and emoji need them.
INVISIBLE_CHARACTERS = re.compile("[\u00ad\u200b\u2060\ufeff\u200e\u200f]")


class _Paragraphs:
    def __init__(self) -> None:
        self.done: list[str] = []
        self.parts: list[str] = []

    def add(self, text: str | None) -> None:
        if text:
            self.parts.append(text)

    def flush(self) -> None:
        joined = INVISIBLE_CHARACTERS.sub("", "".join(self.parts))
        text = " ".join(unicodedata.normalize("NFC", joined).split())
        if text:
            self.done.append(text)
        self.parts.clear()


def _is_later_cell(element: etree._Element) -> bool:
    return element.tag == _CELL and element.getprevious() is not None


def body_paragraphs(body: etree._Element | None) -> list[str]:
    """The body's text in reading order, one string per block, whitespace collapsed."""
    if body is None:
        return []
    out = _Paragraphs()
    depth = 0  # how many text blocks the walk is inside
    inline_code: set[etree._Element] = set()
    for event, element in etree.iterwalk(body, events=("start", "end")):
        if event == "start" and element.tag == _CODE and depth:
            inline_code.add(element)
        inline = element.tag in INLINE_TAGS or element in inline_code
        block = element.tag in TEXT_BLOCKS
        if event == "start":
            depth += block
            if _is_later_cell(element):
                out.add(CELL_SEPARATOR)
            elif not inline and element.tag != _CELL:
                out.flush()
            if depth:
                out.add(element.text)
            continue
        depth -= block
        if not inline and element.tag != _CELL:
            out.flush()
        if depth and element is not body:
            out.add(element.tail)
    out.flush()
    return out.done
