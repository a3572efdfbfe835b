"""docs/who.md names only commands and flags that exist, and its link example is real."""

from __future__ import annotations

from bot.render.deep_links import deep_link
from tests.selfhost.test_docs import DOCS, code_of, newsbot_invocations, resolve

PAGE = DOCS / "who.md"


def test_every_newsbot_command_and_flag_on_the_page_exists() -> None:
    seen = 0
    for code in code_of(PAGE):
        for words in newsbot_invocations(code):
            command, _ = resolve([w for w in words if w.isascii() and w[0].isalpha()][:1])
            options = {opt for p in command.params for opt in (*p.opts, *p.secondary_opts)}
            for flag in (w.split("=")[0].strip("[]") for w in words if w.startswith(("--", "[--"))):
                assert flag in options, f"`newsbot {' '.join(words)}`: no {flag}"
            seen += 1
    assert seen >= 2


def test_the_example_link_is_what_newsbot_builds() -> None:
    quote = "It's nonsense, there is no escalation, and the talks will go on as agreed - really."
    link = deep_link("https://news.example/world/talks", [quote])
    assert link is not None and link in PAGE.read_text(encoding="utf-8")
