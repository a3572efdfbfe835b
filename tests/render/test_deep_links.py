"""Quote deep links: text fragments built from the quote's own words, encoded per the spec."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.render.deep_links import deep_link, encode_term, text_directive
from bot.render.mrkdwn import MAX_URL_LENGTH, link, safe_url

URL = "https://news.example/world/talks"
# What the text directive grammar allows unencoded; anything else must be %XX.
_DIRECTIVE = re.compile(
    r"text=([A-Za-z0-9!$'()*+./:;=?@_~%]+)(?:,([A-Za-z0-9!$'()*+./:;=?@_~%]+))?"
)


def terms(url: str) -> list[str]:
    """The decoded terms of the URL's text directive, as a browser parses them."""
    directive = url.split(":~:", 1)[1]
    match = _DIRECTIVE.fullmatch(directive)
    assert match, f"not a well-formed text directive: {directive!r}"
    return [unquote(t) for t in match.groups() if t is not None]


def highlighted(text: str, url: str) -> str | None:
    """What a browser following the rules would highlight in ``text``: the first match of
    ``start`` at word edges, then the first match of ``end`` after it (case-insensitive)."""
    found = terms(url)
    folded = " ".join(text.split()).casefold()

    def find(term: str, after: int) -> re.Match[str] | None:
        pattern = r"(?<!\w)" + re.escape(" ".join(term.split()).casefold()) + r"(?!\w)"
        return re.compile(pattern).search(folded, after)

    start = find(found[0], 0)
    if start is None:
        return None
    if len(found) == 1:
        return folded[start.start() : start.end()]
    end = find(found[1], start.end())
    return folded[start.start() : end.end()] if end else None


# -- the spec's examples ----------------------------------------------------------------


def test_the_spec_example_of_a_whole_short_text() -> None:
    assert text_directive(["an example text fragment"]) == "text=an%20example%20text%20fragment"


def test_dash_ampersand_and_comma_are_percent_encoded() -> None:
    # The spec: these three must be encoded or they read as directive syntax.
    assert encode_term("my-name, you & me") == "my%2Dname%2C%20you%20%26%20me"


def test_the_directive_s_own_explicit_characters_stay_as_they_are() -> None:
    assert encode_term("It's (really) 100% ok!") == "It's%20(really)%20100%25%20ok!"


# -- quotes as articles write them ------------------------------------------------------


@pytest.mark.parametrize(
    "quote",
    [
        "It's nonsense, there is no escalation, and the talks will go on as agreed,",
        "We will not hesitate - not for a moment - to act again if prices keep climbing",
        "Research & development, not tax cuts & subsidies, is what this region needs now",
        "Мы не обсуждали это с американской стороной ни сегодня, ни вчера, ни в прошлом году",
        "Nous n’avons pas reçu de réponse de Washington à ce sujet, ni hier ni aujourd’hui",
        "He told me ‘never again’ and I believed him, every single word of it, until today",
        "東京での会談は来週に予定されており、両国の首脳が直接会うのは一年ぶりとなる",
    ],
)
def test_a_deep_link_highlights_exactly_the_quote(quote: str) -> None:
    article = f"Some lead. {quote} said the spokesman. More text follows here."
    url = deep_link(URL, [quote])
    assert url is not None and url.startswith(URL + "#:~:text=")
    assert highlighted(article, url) == " ".join(quote.split()).casefold()
    assert safe_url(url) == url  # nothing for the renderer's link safety to change


def test_a_long_quote_is_linked_by_its_first_and_last_words() -> None:
    quote = "Alpha beta gamma delta epsilon " + "filler " * 40 + "zeta eta theta iota kappa."
    url = deep_link(URL, [quote])
    assert url is not None
    assert terms(url) == ["Alpha beta gamma delta epsilon", "zeta eta theta iota kappa."]


def test_an_end_that_recurs_inside_the_quote_grows_until_it_is_the_end() -> None:
    quote = "Our position has not changed: the door is still open, and the door is still open"
    url = deep_link(URL, [quote])
    assert url is not None
    assert terms(url)[1] == "and the door is still open"  # five words recur
    assert highlighted(quote, url) == quote.casefold()


def test_a_very_long_non_ascii_quote_stays_under_the_link_cap() -> None:
    word = "достопримечательность"  # 21 letters, 42 bytes, 126 characters encoded
    quote = " ".join(f"{word}{n}" for n in range(300))
    url = deep_link("https://news.example/" + "a" * 100, [quote])
    assert url is not None and len(url) <= MAX_URL_LENGTH
    assert link(url, "in context").text.startswith("<https://news.example/")
    assert highlighted(quote, url) == quote.casefold()


def test_no_link_when_even_one_word_a_side_cannot_fit() -> None:
    assert deep_link("https://news.example/" + "a" * 480, ["überhaupt nichts gesagt"]) is None


def test_a_multi_paragraph_quote_takes_each_term_from_its_own_paragraph() -> None:
    quote = "First paragraph opens the quote\n\nand the last one closes it for good today"
    url = deep_link(URL, [quote])
    assert url is not None
    start, end = terms(url)
    assert "\n" not in start and "\n" not in end
    assert quote.startswith(start) and quote.endswith(end)


def test_an_utterance_runs_from_its_first_part_to_its_last() -> None:
    parts = ["Nobody expects miracles from one conversation,", "but the channels are open."]
    article = f"“{parts[0]}” Voronin said. “{parts[1]}”"
    url = deep_link(URL, parts)
    assert url is not None
    assert terms(url) == ["Nobody expects miracles from one", "but the channels are open."]
    assert highlighted(article, url) is not None


def test_only_http_urls_get_a_deep_link_and_a_fragment_is_kept() -> None:
    assert deep_link(None, ["a quote"]) is None
    assert deep_link("file:///tmp/a.txt", ["a quote"]) is None
    assert deep_link("ftp://x.example/a", ["a quote"]) is None
    assert deep_link(URL, ["   "]) is None
    assert deep_link(URL + "#top", ["a quote"]) == URL + "#top:~:text=a%20quote"
    assert deep_link(URL + "#:~:text=old", ["a quote"]) == URL + "#:~:text=a%20quote"


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=600))
@example("¡" * 47 + "ࠀ" * 9 + "ࢵ√∞∫≈≠≤≥◊☃\uf8ff")  # one word longer than the cap, encoded
def test_any_quote_gives_a_capped_well_formed_link_to_itself(quote: str) -> None:
    url = deep_link(URL, [quote])
    if not quote.split():
        assert url is None
        return
    if url is None:
        # Only when no directive fits the cap: its shortest, the first and last words alone.
        words = quote.split()
        shortest = f"{URL}#:~:text={encode_term(words[0])},{encode_term(words[-1])}"
        whole = f"{URL}#:~:text={encode_term(words[0])}"
        assert len(whole if len(words) == 1 else shortest) > MAX_URL_LENGTH
        return
    assert len(url) <= MAX_URL_LENGTH
    assert safe_url(url) == url
    start, *end = terms(url)
    words = " ".join(quote.split())
    assert words.startswith(start)
    assert not end or words.endswith(end[0])
