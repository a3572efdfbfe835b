"""Bytes to text: the byte order mark, then the declared charset, then a guess.

Pages lie about their charset often enough that a declared charset is only trusted when the
bytes actually decode with it, and valid UTF-8 beats a declared single-byte charset: text in a
legacy charset is almost never valid UTF-8 by accident, while mislabelled UTF-8 is common.
That holds for *mostly* valid UTF-8 too: a UTF-8 page with one stray byte from a pasted
legacy snippet is still read as UTF-8 (the stray byte becomes U+FFFD), not guessed at.
"""

from __future__ import annotations

import codecs
import re

from bot.errors import EmptyInput, UnsupportedInput

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Browsers read these labels as windows-1252 (WHATWG Encoding Standard); so do we.
_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252"}
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:\-]+)"""
    rb"""|<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._:\-]+)""",
    re.IGNORECASE,
)
# Share of control characters above which decoded "text" is really binary.
_MAX_CONTROL_SHARE = 0.01
_SNIFF_BYTES = 4096
_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f]")
# Mostly UTF-8: at least this many well-formed non-ASCII characters per malformed byte. Legacy
# text has almost no well-formed multi-byte sequences (an accented letter followed by a space or
# a letter is malformed), so it stays far below.
MOSTLY_UTF8_RATIO = 20


def _from_bom(data: bytes) -> str | None:
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    return None


def _try(data: bytes, charset: str | None) -> str | None:
    if not charset:
        return None
    name = _ALIASES.get(charset.strip().lower(), charset.strip())
    try:
        return data.decode(name)
    except (LookupError, UnicodeDecodeError):
        return None


def _mostly_utf8(data: bytes) -> str | None:
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = len(text) - len(text.encode("ascii", errors="ignore")) - bad
    return text if good >= MOSTLY_UTF8_RATIO * bad else None


def _meta_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:_SNIFF_BYTES])
    if not match:
        return None
    raw = match.group(1) or match.group(2)
    return raw.decode("ascii", errors="ignore")


def _guess(data: bytes) -> str | None:
    from charset_normalizer import from_bytes  # only for the rare page that is not UTF-8

    matches = list(from_bytes(data[: 256 * 1024]))
    if not matches:
        return None
    # On a tie (short Western text fits cp1250 as well as cp1252), prefer the web's most
    # common legacy charset.
    best = min(matches, key=lambda m: (m.chaos, -m.coherence, m.encoding != "cp1252"))
    return _try(data, best.encoding) or data.decode(best.encoding, errors="replace")


def _looks_binary(text: str) -> bool:
    sample = text[:_SNIFF_BYTES]
    controls = len(_CONTROLS.findall(sample))
    return controls > _MAX_CONTROL_SHARE * max(len(sample), 1)


def decode_bytes(data: bytes, declared_charset: str | None = None, *, source: str = "input") -> str:
    """The text of ``data``; ``declared_charset`` is the HTTP header's charset, if any.

    Raises ``EmptyInput`` for nothing but whitespace and ``UnsupportedInput`` for binary data.
    """
    text = _from_bom(data)
    if text is None:
        if b"\x00" in data[:_SNIFF_BYTES]:
            raise UnsupportedInput(source, "binary data (NUL bytes), not a text document")
        text = (
            _try(data, "utf-8")
            or _mostly_utf8(data)
            or _try(data, declared_charset)
            or _try(data, _meta_charset(data))
            or _guess(data)
        )
    if text is not None and not text.strip():
        raise EmptyInput(source, "the document is empty")
    if text is None or _looks_binary(text):
        raise UnsupportedInput(source, "undecodable or binary data, not a text document")
    return text
